<?php
/**
 * WHMCS addon module "ispapibridge": the admin page of the ispapi-bridge service (Addons menu).
 *
 * Pages: overview (bridge readiness, registry account, cache ages and refresh buttons), money operations
 * (the bridge's operations journal), trade-cost ledger (monthly totals, CSV export) and domain import.
 * Everything comes from the bridge over the registrar module's own signed channel: this module requires
 * modules/registrars/ispapi/ and uses its settings (BridgeURL, BridgeSecret, Username, Password, TestMode).
 */

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

require_once __DIR__ . '/lib/Lang.php';
require_once __DIR__ . '/lib/Html.php';
require_once __DIR__ . '/lib/Csrf.php';
require_once __DIR__ . '/lib/Bridge.php';
require_once __DIR__ . '/lib/Page.php';
require_once __DIR__ . '/lib/Importer.php';
require_once __DIR__ . '/lib/OverviewPage.php';
require_once __DIR__ . '/lib/JournalPage.php';
require_once __DIR__ . '/lib/LedgerPage.php';
require_once __DIR__ . '/lib/ImportPage.php';
require_once __DIR__ . '/lib/Module.php';

function ispapibridge_config() { return \WHMCS\Module\Addon\Ispapibridge\Module::config(); }
function ispapibridge_activate() { return \WHMCS\Module\Addon\Ispapibridge\Module::activate(); }
function ispapibridge_deactivate() { return \WHMCS\Module\Addon\Ispapibridge\Module::deactivate(); }
function ispapibridge_output($vars) { \WHMCS\Module\Addon\Ispapibridge\Module::output(is_array($vars) ? $vars : []); }
