<?php
/**
 * Renders one of the module's Smarty templates with Debian's smarty4, as WHMCS would for a module page.
 * stdin: {"template": "templates/dnssec", "vars": {...}}; stdout: {"html": "...", "warnings": [...], "error": null}.
 */

$warnings = [];
set_error_handler(function ($severity, $message, $file, $line) use (&$warnings) {
    $warnings[] = ['severity' => $severity, 'message' => $message, 'file' => $file, 'line' => $line];
    return true;
});

$input = json_decode((string) stream_get_contents(STDIN), true);
$out = ['html' => null, 'warnings' => [], 'error' => null];
try {
    require_once '/usr/share/php/smarty4/Smarty.class.php';
    $moduleDir = dirname(__DIR__, 3) . '/php-shim/modules/registrars/ispapi';
    $smarty = new Smarty();
    $smarty->setTemplateDir($moduleDir);
    // A private compile folder per run: PIDs are reused, so an old folder of the same name may exist.
    $work = sys_get_temp_dir() . '/ispapi-smarty-' . getmypid() . '-' . bin2hex(random_bytes(4));
    if (!is_dir($work) && !mkdir($work, 0700, true) && !is_dir($work)) {
        throw new \RuntimeException('cannot create the Smarty compile folder');
    }
    $smarty->setCompileDir($work);
    $smarty->setCacheDir($work);
    $smarty->error_reporting = E_ALL;
    $smarty->muteUndefinedOrNullWarnings(); // WHMCS themes rely on undefined vars rendering as empty
    foreach (($input['vars'] ?? []) as $name => $value) {
        $smarty->assign($name, $value);
    }
    // Standard client-area variables a module template may use (docs/whmcs.md §2.7).
    $smarty->assign('domainid', $input['domainid'] ?? 42);
    $smarty->assign('domain', $input['domain'] ?? 'example.com');
    $smarty->assign('modulelink', 'clientarea.php?action=domaindetails&id=42&modop=custom&a=page');
    $template = basename((string) ($input['template'] ?? ''));
    $dir = dirname((string) ($input['template'] ?? ''));
    $out['html'] = $smarty->fetch(($dir === '.' ? '' : $dir . '/') . $template . '.tpl');
} catch (\Throwable $e) {
    $out['error'] = get_class($e) . ': ' . $e->getMessage();
}
$out['warnings'] = $warnings;
restore_error_handler();
if (isset($work) && is_dir($work)) { // tidy up; a leftover compile file is harmless
    foreach (glob($work . '/*') ?: [] as $file) {
        @unlink($file);
    }
    @rmdir($work);
}
echo json_encode($out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
