<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Change-of-Registrant pages (templates/registrantmodification_*.tpl, app/registrar/contacts/registrant_pages.py).
return [
    'regmod_title' => 'تغيير مالك النطاق',
    'regmod_intro' => 'أدخل بيانات المالك الجديد. يتولى السجل تنفيذ تغيير الملكية، وبعض السجلات تفرض رسوماً على ذلك.',
    'regmod_intro_it' => 'أدخل بيانات المالك الجديد. في نطاقات ‎.it يصبح المالك الجديد أيضاً جهة الاتصال الإدارية، ويجب عليه قبول البنود 3 و5 و6 و7 من عقد المسجل.',
    'regmod_intro_ca' => 'حدّث مالك نطاق ‎.ca الخاص بك وصفته القانونية لدى CIRA.',
    'regmod_new_registrant' => 'المالك الجديد',
    'regmod_additional' => 'متطلبات السجل',
    'regmod_submit' => 'طلب تغيير المالك',
    'regmod_success' => 'تم:',
    'regmod_error' => 'فشل التغيير:',
    'regmod_se_confirm' => 'أؤكد أنني سأعيد إرسال النموذج الموقّع لإتمام الإجراء.',
    'regmod_label_first_name' => 'الاسم الأول',
    'regmod_label_last_name' => 'اسم العائلة',
    'regmod_label_company_name' => 'اسم الشركة',
    'regmod_label_email_address' => 'البريد الإلكتروني',
    'regmod_label_address_1' => 'العنوان 1',
    'regmod_label_address_2' => 'العنوان 2',
    'regmod_label_city' => 'المدينة',
    'regmod_label_state' => 'الولاية أو المنطقة',
    'regmod_label_postcode' => 'الرمز البريدي',
    'regmod_label_country' => 'الدولة (رمز ISO، مثل AE)',
    'regmod_label_phone_number' => 'رقم الهاتف (‎+رمز الدولة.الرقم)',
    'regmod_label_fax_number' => 'رقم الفاكس',
];
