<?php
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Change-of-Registrant pages (templates/registrantmodification_*.tpl, app/registrar/contacts/registrant_pages.py).
return [
    'regmod_title' => 'Change of Registrant',
    'regmod_intro' => 'Enter the data of the new registrant. The registry carries out the owner change; some registries charge a fee for it.',
    'regmod_intro_it' => 'Enter the data of the new registrant. For .it the new registrant also becomes the administrative contact and must accept sections 3, 5, 6 and 7 of the registrar contract.',
    'regmod_intro_ca' => 'Update the registrant of your .ca domain and its CIRA legal type.',
    'regmod_new_registrant' => 'New registrant',
    'regmod_additional' => 'Registry requirements',
    'regmod_submit' => 'Request change of registrant',
    'regmod_success' => 'Done:',
    'regmod_error' => 'The change failed:',
    'regmod_se_confirm' => 'I confirm that I will send the signed form back to complete the process.',
    'regmod_label_first_name' => 'First Name',
    'regmod_label_last_name' => 'Last Name',
    'regmod_label_company_name' => 'Company Name',
    'regmod_label_email_address' => 'Email Address',
    'regmod_label_address_1' => 'Address 1',
    'regmod_label_address_2' => 'Address 2',
    'regmod_label_city' => 'City',
    'regmod_label_state' => 'State',
    'regmod_label_postcode' => 'Postcode',
    'regmod_label_country' => 'Country (ISO code, e.g. DE)',
    'regmod_label_phone_number' => 'Phone Number (+CC.NUMBER)',
    'regmod_label_fax_number' => 'Fax Number',
];
