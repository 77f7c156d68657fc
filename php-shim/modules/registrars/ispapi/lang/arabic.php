<?php
// نصوص وحدة ispapi الخاصة؛ تبقى "cURL error <n>: ..." بالإنجليزية لأن مهمة WHMCS المجدولة تقرأ هذه البادئة.
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

return [
    'unreachable' => 'تعذّر الوصول إلى خدمة المسجّل',
    'outcome_unknown' => 'النتيجة غير معروفة - تحقّق قبل إعادة المحاولة',
    'http_error' => 'خطأ في خدمة المسجّل (HTTP %d)',
    'hint_401' => 'من المرجّح أن إعداد BridgeSecret غير صحيح',
    'hint_404' => 'تحقّق من إعداد BridgeURL',
    'hint_413' => 'الطلب كبير جدًا',
    'invalid_response' => 'استجابة غير صالحة من خدمة المسجّل',
    'internal' => 'خطأ داخلي في وحدة المسجّل',
    'bridge_error' => 'أبلغت خدمة المسجّل عن خطأ',
    'unknown_function' => 'هذه الوظيفة غير مدعومة في وحدة المسجّل',
    'description' => 'وحدة المسجّل لحسابات HEXONET ISPAPI وCentralNic Reseller (الإعداد Backend)، تقدّمها خدمة ispapi-bridge.',
    'backend' => 'واجهة API الخاصة بالسجل للحساب أدناه. بعد أن ينقل السجل نطاقاتك، غيّر هذا الإعداد وإعدادات الحساب؛ ولا يتغير شيء آخر',
    'username' => 'اسم الدخول لحساب السجل؛ مستخدم الدور بالشكل login!role (HEXONET ISPAPI) أو login:role (CentralNic Reseller)',
    'password' => 'كلمة مرور هذا الحساب أو مستخدم الدور',
    'test_mode' => 'استخدام نظام الاختبار (OT&E) للواجهة المختارة؛ حساباته منفصلة عن الحسابات الحية',
    'suggestion_engine' => 'تأتي الاقتراحات من محرك الاقتراحات لدى السجل.',
    'bridge_url' => 'عنوان خدمة ispapi-bridge، مثل http://127.0.0.1:8080',
    'bridge_secret' => 'السرّ المشترك لخدمة ispapi-bridge (BRIDGE_SECRET)',
    'bridge_timeout' => 'الحد الأقصى بالثواني لاستدعاء واحد للجسر',
    'page_error_title' => 'تعذر تحميل هذه الصفحة',
    'insecure_bridge_url' => 'يستخدم Bridge URL بروتوكول http غير المشفّر إلى مضيف آخر (%s): تُرسل كلمة مرور المسجّل مع كل طلب وستعبر الشبكة دون تشفير. استخدم https:// (مثل وكيل TLS أمام الجسر) أو جسرًا على هذا الخادم (http://127.0.0.1:8080)',
];
