<?php
/**
 * WHMCS emulation runner (docs/whmcs.md §5.3): one fresh php process per test, like one WHMCS request.
 *
 *   php run.php <Function>  < input.json  > output.json
 *
 * Input:  {config, params, objects, define, post, get, session, db, localapi, registrar_config, settings,
 *          lang, module_dir, include_hooks, run_hooks: [{hook, vars}], stub_functions: [names],
 *          calls: [{function, params, objects}]}   (calls run in order in this one process)
 * Output: {exists, return, exception, stdout, warnings, modulelog, activity, hooks, hook_results,
 *          localapi_calls, db_after, calls: [{function, exists, return, exception, stdout, elapsed_ms}]}
 * Objects in `return` are normalised to {"__class__": name, ...properties}; markers {"__carbon__": date}
 * and {"__domain__": name} in params become \WHMCS\Carbon / \WHMCS\Domains\Domain objects.
 */

$warnings = [];
$finished = false;
error_reporting(E_ALL);
set_error_handler(function ($level, $message, $file, $line) use (&$warnings) {
    $warnings[] = ['level' => $level, 'message' => $message, 'file' => basename((string) $file), 'line' => $line];
    return true;
});

function emu_emit(array $document): void
{
    $json = json_encode($document, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
        | JSON_PRESERVE_ZERO_FRACTION | JSON_PARTIAL_OUTPUT_ON_ERROR);
    fwrite(STDOUT, (string) $json);
}

register_shutdown_function(function () use (&$finished, &$warnings) {
    if ($finished) {
        return;
    }
    $error = error_get_last();
    while (ob_get_level() > 0) {
        ob_end_clean();
    }
    emu_emit(['fatal' => $error, 'warnings' => $warnings]);
});

function emu_objects($value)
{
    if (is_array($value)) {
        if (count($value) === 1 && isset($value['__carbon__'])) {
            return \WHMCS\Carbon::createFromFormat('Y-m-d H:i:s', $value['__carbon__'] . ' 00:00:00');
        }
        if (count($value) === 1 && isset($value['__domain__'])) {
            return new \WHMCS\Domains\Domain($value['__domain__']);
        }
        return array_map('emu_objects', $value);
    }
    return $value;
}

function emu_normalise($value, int $depth = 0)
{
    if ($depth > 20) {
        return '...';
    }
    if (is_array($value)) {
        $out = [];
        foreach ($value as $key => $item) {
            $out[$key] = emu_normalise($item, $depth + 1);
        }
        return $out;
    }
    if (!is_object($value)) {
        return $value;
    }
    $out = ['__class__' => get_class($value)];
    if ($value instanceof \DateTimeInterface) {
        $out['date'] = $value->format('Y-m-d H:i:s');
        return $out;
    }
    if ($value instanceof \ArrayObject) {
        $out['items'] = [];
        foreach ($value as $item) {
            $out['items'][] = emu_normalise($item, $depth + 1);
        }
    }
    for ($class = new \ReflectionClass($value); $class !== false; $class = $class->getParentClass()) {
        foreach ($class->getProperties() as $property) {
            if ($property->isStatic() || array_key_exists($property->getName(), $out)) {
                continue;
            }
            $property->setAccessible(true);
            $out[$property->getName()] = emu_normalise($property->getValue($value), $depth + 1);
        }
    }
    return $out;
}

$input = json_decode((string) stream_get_contents(STDIN), true);
if (!is_array($input)) {
    $input = [];
}
define('WHMCS', true);
define('ROOTDIR', sys_get_temp_dir());
foreach (($input['define'] ?? []) as $name => $value) {
    define($name, $value);
}
require __DIR__ . '/whmcs_stubs.php';

WhmcsEmu::$localapi = $input['localapi'] ?? [];
WhmcsEmu::$registrarConfig = $input['registrar_config'] ?? ($input['config'] ?? []);
WhmcsEmu::$settings = ($input['settings'] ?? []) + WhmcsEmu::DEFAULT_SETTINGS;
WhmcsEmu::$lang = $input['lang'] ?? [];
WhmcsEmu::seed($input['db'] ?? []);
$_POST = $input['post'] ?? [];
$_GET = $input['get'] ?? [];
$_REQUEST = array_merge($_GET, $_POST);
$_SESSION = $input['session'] ?? [];
foreach (($input['stub_functions'] ?? []) as $name) {
    if (preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $name) === 1 && !function_exists($name)) {
        eval('function ' . $name . '($params = []) { return null; }');
    }
}

$moduleDir = $input['module_dir'] ?? dirname(__DIR__, 3) . '/php-shim/modules/registrars/ispapi';
ob_start();
require_once $moduleDir . '/ispapi.php';
if (!empty($input['include_hooks'])) {
    require_once $moduleDir . '/hooks.php';
}
$includeOutput = (string) ob_get_clean();

$calls = $input['calls'] ?? [[
    'function' => $argv[1] ?? '',
    'params' => $input['params'] ?? [],
    'objects' => $input['objects'] ?? [],
]];
$results = [];
foreach ($calls as $call) {
    $function = (string) ($call['function'] ?? '');
    $params = array_merge($input['config'] ?? [], emu_objects($call['params'] ?? []), emu_objects($call['objects'] ?? []));
    if (isset($params['sld'], $params['tld']) && !isset($params['domainObj']) && empty($input['no_domain_obj'])) {
        $params['domainObj'] = new \WHMCS\Domains\Domain((string) $params['sld'], (string) $params['tld']);
    }
    $name = 'ispapi_' . $function;
    $result = ['function' => $function, 'exists' => function_exists($name), 'return' => null, 'exception' => null];
    $started = microtime(true);
    ob_start();
    try {
        if ($result['exists']) {
            $result['return'] = emu_normalise($name($params));
        }
    } catch (\Throwable $e) {
        $result['exception'] = ['class' => get_class($e), 'message' => $e->getMessage()];
    }
    $result['stdout'] = (string) ob_get_clean();
    $result['elapsed_ms'] = (int) round((microtime(true) - $started) * 1000);
    $results[] = $result;
}

$hookResults = [];
foreach (($input['run_hooks'] ?? []) as $run) {
    ob_start();
    try {
        $hookResults[] = ['results' => emu_normalise(run_hook($run['hook'], $run['vars'] ?? [])), 'exception' => null];
    } catch (\Throwable $e) {
        $hookResults[] = ['results' => null, 'exception' => ['class' => get_class($e), 'message' => $e->getMessage()]];
    }
    ob_end_clean();
}

$last = $results === [] ? ['exists' => false, 'return' => null, 'exception' => null, 'stdout' => ''] : $results[count($results) - 1];
$finished = true;
emu_emit([
    'exists' => $last['exists'],
    'return' => $last['return'],
    'exception' => $last['exception'],
    'stdout' => $includeOutput . $last['stdout'],
    'warnings' => $warnings,
    'modulelog' => WhmcsEmu::$modulelog,
    'activity' => WhmcsEmu::$activity,
    'hooks' => array_map(function ($h) {
        return ['hook' => $h['hook'], 'priority' => $h['priority']];
    }, WhmcsEmu::$hooks),
    'hook_results' => $hookResults,
    'localapi_calls' => WhmcsEmu::$localapiCalls,
    'db_after' => WhmcsEmu::dump(),
    'calls' => $results,
]);
