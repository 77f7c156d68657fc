<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Espace administrateur : boutons personnalisés et onglet du domaine.
return [
    'button_suspend' => 'Suspendre',
    'button_unsuspend' => 'Réactiver',
    'button_cancel_transfer' => 'Annuler le transfert',
    'button_resend_transfer' => 'Renvoyer la confirmation de transfert',
    'admin_tab_error' => 'Informations du registraire',
    'admin_transfer_status' => 'État du transfert',
    'admin_transfer_log' => 'Journal du transfert',
    'admin_whois_rsp' => 'Sortie WHOIS : nom du revendeur',
    'admin_whois_url' => 'Sortie WHOIS : URL du revendeur',
    'admin_whois_banner0' => 'Sortie WHOIS : ligne de bannière 1',
    'admin_whois_banner1' => 'Sortie WHOIS : ligne de bannière 2',
    'admin_whois_banner2' => 'Sortie WHOIS : ligne de bannière 3',
    'admin_errp_rsp' => 'ERRP : nom du revendeur',
    'admin_errp_url' => 'ERRP : URL du revendeur',
    'admin_errp_email' => 'ERRP : adresse e-mail du revendeur',
    'admin_errp_phone' => 'ERRP : téléphone du revendeur',
    'admin_errp_tac_url' => 'ERRP : URL des conditions générales',
    'admin_errp_signature0' => 'ERRP : ligne de signature 1',
    'admin_errp_signature1' => 'ERRP : ligne de signature 2',
    'admin_errp_signature2' => 'ERRP : ligne de signature 3',
    'admin_errp_signature3' => 'ERRP : ligne de signature 4',
];
