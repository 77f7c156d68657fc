<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Change-of-Registrant pages (templates/registrantmodification_*.tpl, app/registrar/contacts/registrant_pages.py).
return [
    'regmod_title' => 'Inhaberwechsel',
    'regmod_intro' => 'Geben Sie die Daten des neuen Domaininhabers ein. Die Registry führt den Inhaberwechsel durch; manche Registries berechnen dafür eine Gebühr.',
    'regmod_intro_it' => 'Geben Sie die Daten des neuen Domaininhabers ein. Bei .it wird der neue Inhaber auch administrativer Kontakt und muss die Abschnitte 3, 5, 6 und 7 des Registrarvertrags akzeptieren.',
    'regmod_intro_ca' => 'Ändern Sie den Inhaber Ihrer .ca-Domain und seine CIRA-Rechtsform.',
    'regmod_new_registrant' => 'Neuer Inhaber',
    'regmod_additional' => 'Vorgaben der Registry',
    'regmod_submit' => 'Inhaberwechsel beantragen',
    'regmod_success' => 'Erledigt:',
    'regmod_error' => 'Der Wechsel ist fehlgeschlagen:',
    'regmod_se_confirm' => 'Ich bestätige, dass ich das unterschriebene Formular zurücksende, um den Vorgang abzuschließen.',
    'regmod_label_first_name' => 'Vorname',
    'regmod_label_last_name' => 'Nachname',
    'regmod_label_company_name' => 'Firma',
    'regmod_label_email_address' => 'E-Mail-Adresse',
    'regmod_label_address_1' => 'Adresse 1',
    'regmod_label_address_2' => 'Adresse 2',
    'regmod_label_city' => 'Ort',
    'regmod_label_state' => 'Bundesland',
    'regmod_label_postcode' => 'Postleitzahl',
    'regmod_label_country' => 'Land (ISO-Code, z. B. DE)',
    'regmod_label_phone_number' => 'Telefonnummer (+LV.NUMMER)',
    'regmod_label_fax_number' => 'Faxnummer',
];
