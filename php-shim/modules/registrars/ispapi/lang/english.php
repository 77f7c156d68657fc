<?php
// The ispapi shim's own strings. "cURL error <n>: ..." itself stays English in every language: the WHMCS
// cron recognises transport failures by that prefix (docs/whmcs.md §1.5).
if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

return [
    'unreachable' => 'registrar service unreachable',
    'outcome_unknown' => 'outcome unknown - check before retrying',
    'http_error' => 'Registrar service error (HTTP %d)',
    'hint_401' => 'the BridgeSecret setting is probably wrong',
    'hint_404' => 'check the BridgeURL setting',
    'hint_413' => 'the request was too large',
    'invalid_response' => 'Invalid response from registrar service',
    'internal' => 'Internal error in the registrar module',
    'bridge_error' => 'The registrar service reported an error',
    'unknown_function' => 'This function is not supported by the registrar module',
    'description' => 'Registrar module for HEXONET ISPAPI and CentralNic Reseller accounts (setting Backend), served by the ispapi-bridge service.',
    'backend' => 'The registry API of the account below. After the registry moved your domains, switch this and the account settings; nothing else changes',
    'username' => 'Login of the registry account; a role user as login!role (HEXONET ISPAPI) or login:role (CentralNic Reseller)',
    'password' => 'Password of that account or role user',
    'test_mode' => 'Use the test system (OT&E) of the chosen backend; its accounts are separate from the live ones',
    'suggestion_engine' => 'Suggestions come from the registry\'s suggestion engine.',
    'bridge_url' => 'Address of the ispapi-bridge service, e.g. http://127.0.0.1:8080',
    'bridge_secret' => 'Shared secret of the ispapi-bridge service (BRIDGE_SECRET)',
    'bridge_timeout' => 'Upper limit in seconds for one call to the bridge',
    'page_error_title' => 'This page could not be loaded',
    'insecure_bridge_url' => 'Bridge URL uses plain http to another host (%s): the registrar password travels in every request and would cross the network unencrypted. Use https:// (e.g. a TLS proxy in front of the bridge) or a bridge on this server (http://127.0.0.1:8080)',
];
