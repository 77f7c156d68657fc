<?php
/**
 * WHMCS $params -> the JSON request envelope, and the JSON response envelope -> a checked PHP array
 * (docs/architecture.md "Interfaces"; docs/whmcs.md §4.3 for the params rules).
 *
 * Request:  {protocol, request_id, idempotency_key, function, whmcs{version, area, php}, config, params}
 * Response: {protocol, request_id, ok, result{kind, value}, error{message, code, retryable}, effects}
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Envelope
{
    const PROTOCOL = 'ispapi-bridge/1';
    const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
        | JSON_PRESERVE_ZERO_FRACTION;
    const MAX_DEPTH = 32;

    /**
     * The module settings forwarded to the bridge: every setting except the shim's own Bridge* keys.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function config(array $params): array
    {
        $config = [];
        foreach (Local::FORWARDED_SETTINGS as $key) {
            if (array_key_exists($key, $params)) {
                $config[$key] = self::jsonSafe($params[$key], 0);
            }
        }
        return $config;
    }

    /**
     * @param array<string, mixed> $params
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     */
    public static function build(
        string $function,
        array $params,
        array $config,
        string $requestId,
        bool $money,
        bool $withRequest = false
    ): array {
        $safe = self::safeParams($params);
        if ($withRequest) {
            // Pages and buttons read the submitted form themselves (docs/module-behaviour.md §14): forward it as data.
            $safe['request'] = [
                'post' => self::jsonSafe(isset($_POST) && is_array($_POST) ? $_POST : [], 0),
                'get' => self::jsonSafe(isset($_GET) && is_array($_GET) ? $_GET : [], 0),
            ];
        }
        $version = $params['whmcsVersion'] ?? '';
        return [
            'protocol' => self::PROTOCOL,
            'request_id' => $requestId,
            'idempotency_key' => $money ? Signer::idempotencyKey($function, $params) : null,
            'function' => $function,
            'whmcs' => [
                'version' => is_scalar($version) ? (string) $version : '',
                'area' => self::area(),
                'php' => PHP_VERSION,
                'module_log' => self::moduleLogOn(),
            ],
            'config' => (object) $config,
            'params' => (object) $safe,
        ];
    }

    /**
     * @param array<string, mixed> $envelope
     */
    public static function encode(array $envelope): string
    {
        $json = json_encode($envelope, self::JSON_FLAGS, 64);
        if (!is_string($json)) {
            throw new \RuntimeException('envelope not encodable');
        }
        return $json;
    }

    /**
     * Checks the decoded response envelope (json_decode($body, true)); anything malformed is an "Invalid
     * response".
     *
     * @param mixed $data
     * @return array{ok: bool, result: array{kind: string, value: mixed}, error: mixed, effects: array<string, mixed>}
     */
    public static function checkResponse($data, string $requestId): array
    {
        $invalid = new BridgeFailure(Errors::invalidResponse($requestId));
        if (!is_array($data) || ($data['protocol'] ?? null) !== self::PROTOCOL || !is_bool($data['ok'] ?? null)) {
            throw $invalid;
        }
        if (isset($data['request_id']) && $data['request_id'] !== $requestId) {
            throw $invalid;
        }
        $result = ['kind' => '', 'value' => null];
        if ($data['ok']) {
            $raw = $data['result'] ?? null;
            if (!is_array($raw) || !is_string($raw['kind'] ?? null) || !array_key_exists('value', $raw)) {
                throw $invalid;
            }
            $result = ['kind' => $raw['kind'], 'value' => $raw['value']];
        }
        $effects = isset($data['effects']) && is_array($data['effects']) ? $data['effects'] : [];
        return ['ok' => $data['ok'], 'result' => $result, 'error' => $data['error'] ?? null, 'effects' => $effects];
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private static function safeParams(array $params): array
    {
        $safe = [];
        foreach ($params as $key => $value) {
            if ($key === 'domainObj' || Local::isSetting($key)) {
                continue; // settings travel in `config` (Bridge* not at all)
            }
            if ($key === 'original' && is_array($value)) {
                $safe[$key] = self::safeParams($value);
                continue;
            }
            if ($key === 'tldsToInclude' && is_array($value)) {
                $safe[$key] = self::stripDots($value);
                continue;
            }
            $safe[$key] = self::jsonSafe($value, 0);
        }
        $domainObject = self::domainObject($params);
        if ($domainObject !== null) {
            $safe['domain_obj'] = $domainObject;
        }
        return $safe;
    }

    /**
     * @param array<mixed> $tlds
     * @return array<int, mixed>
     */
    private static function stripDots(array $tlds): array
    {
        $out = [];
        foreach ($tlds as $tld) {
            $out[] = is_string($tld) ? ltrim($tld, '.') : self::jsonSafe($tld, 0);
        }
        return $out;
    }

    /**
     * `domainObj` json_encodes to {} (docs/whmcs.md §1.2), so its facts are sent explicitly.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>|null
     */
    private static function domainObject(array $params): ?array
    {
        $object = $params['domainObj'] ?? null;
        if (is_object($object)) {
            $call = function (string $method) use ($object) {
                return method_exists($object, $method) ? $object->$method() : null;
            };
            return [
                'sld' => $call('getSecondLevel'),
                'tld' => $call('getTopLevel'),
                'domain_punycode' => $call('toPunycode'),
                'domain_unicode' => $call('toUnicode'),
                'is_idn' => (bool) $call('isIdn'),
            ];
        }
        $sld = $params['sld'] ?? null;
        $tld = $params['tld'] ?? null;
        if (!is_string($sld) || !is_string($tld) || $sld === '' || $tld === '') {
            return null;
        }
        $unicode = $sld . '.' . ltrim($tld, '.');
        $puny = $unicode;
        if (function_exists('idn_to_ascii')) {
            $converted = idn_to_ascii($unicode, IDNA_DEFAULT, INTL_IDNA_VARIANT_UTS46);
            if (is_string($converted)) {
                $puny = $converted;
            }
        }
        return [
            'sld' => $sld,
            'tld' => ltrim($tld, '.'),
            'domain_punycode' => $puny,
            'domain_unicode' => $unicode,
            'is_idn' => $puny !== $unicode,
        ];
    }

    /**
     * @param mixed $value
     * @return mixed
     */
    public static function jsonSafe($value, int $depth)
    {
        if ($depth > self::MAX_DEPTH) {
            return null;
        }
        if (is_float($value) && !is_finite($value)) {
            return null;
        }
        if ($value === null || is_scalar($value)) {
            return $value;
        }
        if (is_array($value)) {
            $out = [];
            foreach ($value as $key => $item) {
                $out[$key] = self::jsonSafe($item, $depth + 1);
            }
            return $out;
        }
        if ($value instanceof \DateTimeInterface) {
            return $value->format(DATE_ATOM);
        }
        if (is_object($value) && method_exists($value, '__toString')) {
            return (string) $value;
        }
        if ($value instanceof \WHMCS\Domains\Domain) {
            // GetPremiumPrice's `domain`: a string form is not documented (docs/whmcs.md §2.6), toUnicode() is.
            return $value->toUnicode();
        }
        return ['__class__' => is_object($value) ? get_class($value) : gettype($value)];
    }

    /**
     * Whether WHMCS keeps Module Log entries: logModuleCall writes nothing unless Module Debug Mode is on
     * (Configuration > System Logs > Module Log; off by default). The bridge then renders no log texts for
     * the registry traffic (docs/whmcs.md §4.3). Where the setting cannot be read, the entries are kept.
     */
    private static function moduleLogOn(): bool
    {
        try {
            if (class_exists('\\WHMCS\\Config\\Setting')) {
                return (bool) \WHMCS\Config\Setting::getValue('ModuleDebugMode');
            }
        } catch (\Throwable $e) {
            // No settings table (early bootstrap): keep the entries, logModuleCall decides.
        }
        return true;
    }

    private static function area(): string
    {
        if (defined('ADMINAREA')) {
            return 'admin';
        }
        if (defined('CLIENTAREA')) {
            return 'client';
        }
        if (PHP_SAPI === 'cli') {
            return 'cron';
        }
        return 'unknown';
    }
}
