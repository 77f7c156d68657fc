<?php
/**
 * WHMCS emulation of an addon module's admin page (Addons > ispapi-bridge), in two modes:
 *
 *   php addon.php < input.json > output.json     one request, like run.php for the registrar module
 *     input:  {function: output|config|activate|deactivate, language, get, post, session, db, db_file,
 *              registrar_config, settings, localapi}
 *     output: {return, html, warnings, db_after, session, localapi_calls, activity, modulelog}
 *
 *   ADDON_HARNESS_STATE=state.json php -S 127.0.0.1:<port> addon.php     an admin area for a browser
 *     state.json: {db_file, registrar_config, language, settings, session_dir, db}; GET /seed creates the
 *     tables and inserts `db` (once); /addonmodules.php renders
 *     the page inside a minimal admin frame (PHP warnings, if any, in <pre id="php-warnings">), keeps the
 *     admin session in a real PHP session, the WHMCS tables in the SQLite file db_file, and appends
 *     logActivity lines to its tblactivitylog table.
 *
 * Like WHMCS, the page gets $vars: modulelink, version and _lang (the addon's lang/<language>.php).
 */

$warnings = [];
set_error_handler(function ($level, $message, $file, $line) use (&$warnings) {
    $warnings[] = ['level' => $level, 'message' => $message, 'file' => basename((string) $file), 'line' => $line];
    return true;
});
error_reporting(E_ALL);

const ADDON = 'ispapibridge';
$addonDir = dirname(__DIR__, 3) . '/php-shim/modules/addons/' . ADDON;

function addon_lang(string $dir, string $language): array
{
    $file = $dir . '/lang/' . basename($language) . '.php';
    if (!is_file($file)) {
        $file = $dir . '/lang/english.php';
    }
    $_ADDONLANG = [];
    include $file;
    return $_ADDONLANG;
}

function addon_vars(string $dir, string $language): array
{
    return ['modulelink' => 'addonmodules.php?module=' . ADDON, 'version' => '0.1.0', '_lang' => addon_lang($dir, $language)];
}

function addon_boot(array $state): void
{
    define('WHMCS', true);
    define('ADMINAREA', true);
    define('ROOTDIR', sys_get_temp_dir());
    require __DIR__ . '/whmcs_stubs.php';
    if (!empty($state['db_file'])) {
        WhmcsEmu::$dbFile = (string) $state['db_file'];
    }
    WhmcsEmu::$registrarConfig = $state['registrar_config'] ?? [];
    WhmcsEmu::$settings = ($state['settings'] ?? []) + WhmcsEmu::DEFAULT_SETTINGS;
    WhmcsEmu::$localapi = $state['localapi'] ?? [];
    WhmcsEmu::seed($state['db'] ?? []);
}

if (PHP_SAPI === 'cli-server') {
    $path = (string) parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
    $state = json_decode((string) file_get_contents((string) getenv('ADDON_HARNESS_STATE')), true);
    $state = is_array($state) ? $state : [];
    if ($path === '/seed') { // creates the WHMCS tables in db_file and inserts state.db (once, by the test)
        addon_boot($state);
        echo $warnings === [] ? 'seeded' : json_encode($warnings);
        return true;
    }
    if ($path !== '/addonmodules.php') {
        http_response_code(404);
        echo 'not found';
        return true;
    }
    unset($state['db']);
    session_save_path((string) ($state['session_dir'] ?? sys_get_temp_dir()));
    session_start();
    $language = (string) ($state['language'] ?? 'english');
    $_SESSION['adminlang'] = $language;
    addon_boot($state);
    ob_start();
    require_once $addonDir . '/' . ADDON . '.php';
    ispapibridge_output(addon_vars($addonDir, $language));
    $page = (string) ob_get_clean();
    foreach (WhmcsEmu::$activity as $entry) {
        WhmcsEmu::pdo()->exec('CREATE TABLE IF NOT EXISTS tblactivitylog (id INTEGER PRIMARY KEY AUTOINCREMENT, description, userid)');
        $insert = WhmcsEmu::pdo()->prepare('INSERT INTO tblactivitylog (description, userid) VALUES (?, ?)');
        $insert->execute([(string) $entry['message'], (int) $entry['userid']]);
    }
    $shown = $warnings === [] ? '' : '<pre id="php-warnings">' . htmlspecialchars(json_encode($warnings), ENT_QUOTES) . '</pre>';
    $dir = $language === 'arabic' ? 'rtl' : 'ltr';
    echo '<!DOCTYPE html><html lang="en" dir="' . $dir . '"><head><meta charset="utf-8"><title>Addons - ispapi-bridge - WHMCS (emulated)</title>'
        . '<style>' . file_get_contents(__DIR__ . '/admin_frame.css') . '</style></head><body>'
        . '<div class="admin-header">WHMCS admin area (test emulation) &rsaquo; Addons &rsaquo; ispapi-bridge</div>'
        . '<div class="content-area"><h1>ispapi-bridge</h1>' . $shown . $page . '</div></body></html>';
    return true;
}

$finished = false;
$input = json_decode((string) stream_get_contents(STDIN), true);
$input = is_array($input) ? $input : [];
register_shutdown_function(function () use (&$finished, &$warnings) {
    if (!$finished) {
        while (ob_get_level() > 0) {
            ob_end_clean();
        }
        echo json_encode(['fatal' => error_get_last(), 'warnings' => $warnings]);
    }
});
$_GET = $input['get'] ?? [];
$_POST = $input['post'] ?? [];
$_REQUEST = array_merge($_GET, $_POST);
$_SESSION = $input['session'] ?? [];
$language = (string) ($input['language'] ?? 'english');
$_SESSION['adminlang'] = $language;
addon_boot($input);
ob_start();
require_once $addonDir . '/' . ADDON . '.php';
$function = ADDON . '_' . (string) ($input['function'] ?? 'output');
$return = null;
$exception = null;
try {
    $return = $function === ADDON . '_output' ? $function(addon_vars($addonDir, $language)) : $function();
} catch (\Throwable $e) {
    $exception = ['class' => get_class($e), 'message' => $e->getMessage()];
}
$html = (string) ob_get_clean();
$finished = true;
echo json_encode([
    'return' => $return,
    'exception' => $exception,
    'html' => $html,
    'warnings' => $warnings,
    'db_after' => WhmcsEmu::dump(),
    'session' => $_SESSION,
    'localapi_calls' => WhmcsEmu::$localapiCalls,
    'activity' => WhmcsEmu::$activity,
    'modulelog' => WhmcsEmu::$modulelog,
], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR);
