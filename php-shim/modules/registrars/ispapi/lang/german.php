<?php
// Eigene Texte des ispapi-Shims; "cURL error <n>: ..." bleibt englisch (WHMCS-Cron erkennt das Präfix).
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

return [
    'unreachable' => 'Registrar-Dienst nicht erreichbar',
    'outcome_unknown' => 'Ergebnis unbekannt - vor einer Wiederholung prüfen',
    'http_error' => 'Fehler des Registrar-Dienstes (HTTP %d)',
    'hint_401' => 'die Einstellung BridgeSecret ist vermutlich falsch',
    'hint_404' => 'bitte die Einstellung BridgeURL prüfen',
    'hint_413' => 'die Anfrage war zu groß',
    'invalid_response' => 'Ungültige Antwort des Registrar-Dienstes',
    'internal' => 'Interner Fehler im Registrar-Modul',
    'bridge_error' => 'Der Registrar-Dienst meldet einen Fehler',
    'unknown_function' => 'Diese Funktion wird vom Registrar-Modul nicht unterstützt',
    'description' => 'Registrar-Modul für Konten bei HEXONET ISPAPI und CentralNic Reseller (Einstellung Backend), bereitgestellt durch den Dienst ispapi-bridge.',
    'backend' => 'Die Registry-API des Kontos unten. Wenn die Registry Ihre Domains umgezogen hat, stellen Sie dies und die Kontodaten um; sonst ändert sich nichts',
    'username' => 'Login des Registry-Kontos; ein Rollenbenutzer als login!rolle (HEXONET ISPAPI) oder login:rolle (CentralNic Reseller)',
    'password' => 'Passwort dieses Kontos oder Rollenbenutzers',
    'test_mode' => 'Das Testsystem (OT&E) des gewählten Backends verwenden; seine Konten sind von den Live-Konten getrennt',
    'suggestion_engine' => 'Die Vorschläge stammen von der Vorschlagsfunktion der Registry.',
    'bridge_url' => 'Adresse des ispapi-bridge-Dienstes, z. B. http://127.0.0.1:8080',
    'bridge_secret' => 'Gemeinsames Geheimnis des ispapi-bridge-Dienstes (BRIDGE_SECRET)',
    'bridge_timeout' => 'Obergrenze in Sekunden für einen Aufruf der Bridge',
    'page_error_title' => 'Diese Seite konnte nicht geladen werden',
    'insecure_bridge_url' => 'Die Bridge URL nutzt unverschlüsseltes http zu einem anderen Host (%s): Das Registrar-Passwort wird mit jeder Anfrage gesendet und ginge unverschlüsselt über das Netz. Verwenden Sie https:// (z. B. einen TLS-Proxy vor der Bridge) oder eine Bridge auf diesem Server (http://127.0.0.1:8080)',
];
