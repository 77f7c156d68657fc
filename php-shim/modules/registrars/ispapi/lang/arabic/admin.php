<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// منطقة الإدارة: الأزرار المخصصة وتبويب النطاق.
return [
    'button_suspend' => 'إيقاف',
    'button_unsuspend' => 'إلغاء الإيقاف',
    'button_cancel_transfer' => 'إلغاء النقل',
    'button_resend_transfer' => 'إعادة إرسال تأكيد النقل',
    'admin_tab_error' => 'بيانات المسجّل',
    'admin_transfer_status' => 'حالة النقل',
    'admin_transfer_log' => 'سجل النقل',
    'admin_whois_rsp' => 'مخرجات WHOIS: اسم الموزّع',
    'admin_whois_url' => 'مخرجات WHOIS: رابط الموزّع',
    'admin_whois_banner0' => 'مخرجات WHOIS: سطر الإعلان 1',
    'admin_whois_banner1' => 'مخرجات WHOIS: سطر الإعلان 2',
    'admin_whois_banner2' => 'مخرجات WHOIS: سطر الإعلان 3',
    'admin_errp_rsp' => 'ERRP: اسم الموزّع',
    'admin_errp_url' => 'ERRP: رابط الموزّع',
    'admin_errp_email' => 'ERRP: البريد الإلكتروني للموزّع',
    'admin_errp_phone' => 'ERRP: هاتف الموزّع',
    'admin_errp_tac_url' => 'ERRP: رابط الشروط والأحكام',
    'admin_errp_signature0' => 'ERRP: سطر التوقيع 1',
    'admin_errp_signature1' => 'ERRP: سطر التوقيع 2',
    'admin_errp_signature2' => 'ERRP: سطر التوقيع 3',
    'admin_errp_signature3' => 'ERRP: سطر التوقيع 4',
];
