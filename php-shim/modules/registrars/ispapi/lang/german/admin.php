<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Adminbereich: eigene Schaltflächen und der Domain-Reiter.
return [
    'button_suspend' => 'Sperren',
    'button_unsuspend' => 'Entsperren',
    'button_cancel_transfer' => 'Transfer abbrechen',
    'button_resend_transfer' => 'Transferbestätigung erneut senden',
    'admin_tab_error' => 'Registrar-Angaben',
    'admin_transfer_status' => 'Transferstatus',
    'admin_transfer_log' => 'Transferprotokoll',
    'admin_whois_rsp' => 'WHOIS-Ausgabe: Name des Resellers',
    'admin_whois_url' => 'WHOIS-Ausgabe: URL des Resellers',
    'admin_whois_banner0' => 'WHOIS-Ausgabe: Bannerzeile 1',
    'admin_whois_banner1' => 'WHOIS-Ausgabe: Bannerzeile 2',
    'admin_whois_banner2' => 'WHOIS-Ausgabe: Bannerzeile 3',
    'admin_errp_rsp' => 'ERRP: Name des Resellers',
    'admin_errp_url' => 'ERRP: URL des Resellers',
    'admin_errp_email' => 'ERRP: E-Mail-Adresse des Resellers',
    'admin_errp_phone' => 'ERRP: Telefonnummer des Resellers',
    'admin_errp_tac_url' => 'ERRP: URL der AGB',
    'admin_errp_signature0' => 'ERRP: Signaturzeile 1',
    'admin_errp_signature1' => 'ERRP: Signaturzeile 2',
    'admin_errp_signature2' => 'ERRP: Signaturzeile 3',
    'admin_errp_signature3' => 'ERRP: Signaturzeile 4',
];
