<?php
// Textes propres au shim ispapi ; « cURL error <n>: ... » reste en anglais (le cron WHMCS lit ce préfixe).
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

return [
    'unreachable' => 'service du registraire injoignable',
    'outcome_unknown' => 'résultat inconnu - vérifier avant de réessayer',
    'http_error' => 'Erreur du service du registraire (HTTP %d)',
    'hint_401' => 'le réglage BridgeSecret est probablement erroné',
    'hint_404' => 'vérifiez le réglage BridgeURL',
    'hint_413' => 'la requête était trop volumineuse',
    'invalid_response' => 'Réponse invalide du service du registraire',
    'internal' => 'Erreur interne du module de registraire',
    'bridge_error' => 'Le service du registraire a signalé une erreur',
    'unknown_function' => "Cette fonction n'est pas prise en charge par le module de registraire",
    'description' => 'Module de registraire pour les comptes HEXONET ISPAPI et CentralNic Reseller (réglage Backend), servi par le service ispapi-bridge.',
    'backend' => 'L\'API de registre du compte ci-dessous. Une fois vos domaines transférés par le registre, changez ce réglage et ceux du compte ; rien d\'autre ne change',
    'username' => 'Identifiant du compte de registre ; un utilisateur de rôle sous la forme login!rôle (HEXONET ISPAPI) ou login:rôle (CentralNic Reseller)',
    'password' => 'Mot de passe de ce compte ou de cet utilisateur de rôle',
    'test_mode' => 'Utiliser le système de test (OT&E) du backend choisi ; ses comptes sont distincts des comptes de production',
    'suggestion_engine' => 'Les suggestions proviennent du moteur de suggestions du registre.',
    'bridge_url' => 'Adresse du service ispapi-bridge, par ex. http://127.0.0.1:8080',
    'bridge_secret' => 'Secret partagé du service ispapi-bridge (BRIDGE_SECRET)',
    'bridge_timeout' => 'Durée maximale en secondes d\'un appel au bridge',
    'page_error_title' => 'Cette page n\'a pas pu être chargée',
    'insecure_bridge_url' => 'L\'URL du bridge utilise http non chiffré vers un autre hôte (%s) : le mot de passe du registrar est envoyé à chaque requête et traverserait le réseau en clair. Utilisez https:// (par exemple un proxy TLS devant le bridge) ou un bridge sur ce serveur (http://127.0.0.1:8080)',
];
