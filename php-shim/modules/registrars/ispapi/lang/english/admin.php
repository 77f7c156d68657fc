<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Admin area: custom buttons and the domain tab (lib/Local.php, lib/Shim.php, app/registrar/status/admin.py).
return [
    'button_suspend' => 'Suspend',
    'button_unsuspend' => 'Unsuspend',
    'button_cancel_transfer' => 'Cancel Transfer',
    'button_resend_transfer' => 'Resend Transfer Confirmation',
    'admin_tab_error' => 'Registrar details',
    'admin_transfer_status' => 'Transfer Status',
    'admin_transfer_log' => 'Transfer Log',
    'admin_whois_rsp' => 'WHOIS Output: Reseller Name',
    'admin_whois_url' => 'WHOIS Output: Reseller URL',
    'admin_whois_banner0' => 'WHOIS Output: Banner Line 1',
    'admin_whois_banner1' => 'WHOIS Output: Banner Line 2',
    'admin_whois_banner2' => 'WHOIS Output: Banner Line 3',
    'admin_errp_rsp' => 'ERRP: Reseller Name',
    'admin_errp_url' => 'ERRP: Reseller URL',
    'admin_errp_email' => 'ERRP: Reseller Email',
    'admin_errp_phone' => 'ERRP: Reseller Phone',
    'admin_errp_tac_url' => 'ERRP: Terms and Conditions URL',
    'admin_errp_signature0' => 'ERRP: Signature Line 1',
    'admin_errp_signature1' => 'ERRP: Signature Line 2',
    'admin_errp_signature2' => 'ERRP: Signature Line 3',
    'admin_errp_signature3' => 'ERRP: Signature Line 4',
];
