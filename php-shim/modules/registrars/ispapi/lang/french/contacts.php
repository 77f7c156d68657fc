<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Change-of-Registrant pages (templates/registrantmodification_*.tpl, app/registrar/contacts/registrant_pages.py).
return [
    'regmod_title' => 'Changement de titulaire',
    'regmod_intro' => 'Saisissez les données du nouveau titulaire. Le registre effectue le changement de titulaire ; certains registres le facturent.',
    'regmod_intro_it' => 'Saisissez les données du nouveau titulaire. Pour le .it, le nouveau titulaire devient aussi le contact administratif et doit accepter les sections 3, 5, 6 et 7 du contrat du bureau d\'enregistrement.',
    'regmod_intro_ca' => 'Modifiez le titulaire de votre domaine .ca et sa forme juridique CIRA.',
    'regmod_new_registrant' => 'Nouveau titulaire',
    'regmod_additional' => 'Exigences du registre',
    'regmod_submit' => 'Demander le changement de titulaire',
    'regmod_success' => 'Terminé :',
    'regmod_error' => 'Le changement a échoué :',
    'regmod_se_confirm' => 'Je confirme que je renverrai le formulaire signé pour terminer la procédure.',
    'regmod_label_first_name' => 'Prénom',
    'regmod_label_last_name' => 'Nom',
    'regmod_label_company_name' => 'Société',
    'regmod_label_email_address' => 'Adresse e-mail',
    'regmod_label_address_1' => 'Adresse 1',
    'regmod_label_address_2' => 'Adresse 2',
    'regmod_label_city' => 'Ville',
    'regmod_label_state' => 'Région',
    'regmod_label_postcode' => 'Code postal',
    'regmod_label_country' => 'Pays (code ISO, p. ex. FR)',
    'regmod_label_phone_number' => 'Téléphone (+IND.NUMÉRO)',
    'regmod_label_fax_number' => 'Fax',
];
