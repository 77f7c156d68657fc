<?php
/**
 * WHMCS hooks of the ispapi module. WHMCS includes this file on every page load (docs/whmcs.md §3), so
 * it only registers closures: no I/O at include time.
 *
 * ShoppingCartValidateCheckout (docs/module-behaviour.md §4): with the TRANSFERCARTPRECHECK setting on, the cart's
 * transfer orders for TLDs registered through ispapi are checked by the bridge function
 * TransferCheckoutPreCheck, which answers {"errors": ["<domain>: <reason>", ...]}. A failing check never
 * blocks a checkout: every error of the shim or the bridge is swallowed here.
 *
 * DailyCronJob (docs/module-behaviour.md §4, §7.4): ispapi domains still Pending (or Pending Registration) with an
 * APPLICATION:<id> note (.swiss and premium applications) go to the bridge function PollApplications,
 * whose domain_status updates (Active / Cancelled) and activity lines the shim applies. The database is
 * read only when the cron runs; failures are swallowed (the next day's run retries).
 */

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

require_once __DIR__ . '/ispapi.php';

add_hook('ShoppingCartValidateCheckout', 1, function ($vars) {
    try {
        $settings = \WHMCS\Module\Registrar\Ispapi\WhmcsData::settings();
        if (($settings['TRANSFERCARTPRECHECK'] ?? '') !== 'on') {
            return [];
        }
        $cart = isset($_SESSION['cart']['domains']) && is_array($_SESSION['cart']['domains'])
            ? $_SESSION['cart']['domains'] : [];
        $transfers = [];
        foreach ($cart as $entry) {
            if (!is_array($entry) || ($entry['type'] ?? '') !== 'transfer' || !is_string($entry['domain'] ?? null)) {
                continue;
            }
            $domain = $entry['domain'];
            $dot = strpos($domain, '.');
            if ($dot === false) {
                continue;
            }
            $autoreg = \WHMCS\Database\Capsule::table('tbldomainpricing')
                ->where('extension', substr($domain, $dot))->value('autoreg');
            if ($autoreg === 'ispapi') {
                $eppcode = $entry['eppcode'] ?? '';
                $transfers[] = ['domain' => $domain, 'eppcode' => is_string($eppcode) ? $eppcode : ''];
            }
        }
        if ($transfers === []) {
            return [];
        }
        $params = $settings;
        $params['transfers'] = $transfers;
        $result = \WHMCS\Module\Registrar\Ispapi\Shim::call('TransferCheckoutPreCheck', $params);
        $errors = is_array($result) && isset($result['errors']) && is_array($result['errors']) ? $result['errors'] : [];
        return array_values(array_filter($errors, 'is_string'));
    } catch (\Throwable $e) {
        return []; // a broken pre-check must not stop customers from ordering
    }
});

add_hook('DailyCronJob', 1, function ($vars) {
    try {
        $applications = \WHMCS\Module\Registrar\Ispapi\WhmcsData::pendingApplications();
        $settings = \WHMCS\Module\Registrar\Ispapi\WhmcsData::settings();
        if ($applications === [] || $settings === []) {
            return;
        }
        $params = $settings;
        $params['applications'] = $applications;
        \WHMCS\Module\Registrar\Ispapi\Shim::call('PollApplications', $params);
    } catch (\Throwable $e) {
        // the cron must go on; tomorrow's run asks again
    }
});
