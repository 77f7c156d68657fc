<?php
/**
 * Dispatch of every ispapi_<Function> wrapper: the one code path that completes the params, builds the
 * envelope, sends it, converts the answer and applies the effects.
 *
 * What happens per function (answered locally or by the bridge, result kinds, timeout class, error mode,
 * money and idempotency key, completed params, forwarded form) is the generated table Contract::FUNCTIONS
 * (from app/contract/ in the bridge; docs/contract.md renders it). Client-area pages use mode 'page' and
 * kind 'template': their failures show templates/error.tpl.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Shim
{
    const MODULE = 'ispapi';
    const VERSION = '0.1.0';

    /** Callers whose functions go through Shim (the addon and the field cache use their own path). */
    const CALLERS = ['registrar' => true, 'hook' => true];

    /**
     * The single entry point of every wrapper in ispapi.php. Never lets a \Throwable out except in the
     * throw modes of Errors::MODES.
     *
     * @param array<string, mixed> $params
     * @return mixed
     */
    public static function call(string $function, array $params)
    {
        switch (Contract::FUNCTIONS[$function]['answer'] ?? 'bridge') {
            case 'local':
                return Local::answer($function, $params);
            case 'cache':
                return FieldsCache::answer($params);
            case 'admin_tab':
                return Prepared::answer($function, $params);
        }
        return self::forward($function, $params);
    }

    /**
     * The bridge round trip of one forwarded function (also used by Prepared for the admin domain tab).
     *
     * @param array<string, mixed> $params
     * @return mixed
     */
    public static function forward(string $function, array $params)
    {
        $policy = Contract::FUNCTIONS[$function] ?? null;
        try {
            $requestId = Signer::uuid4();
        } catch (\Throwable $e) {
            $requestId = str_replace('.', '', uniqid('', true)); // no CSPRNG: still unique per process
        }
        if ($policy === null || $policy['timeout'] === null || !isset(self::CALLERS[$policy['caller']])) {
            return Errors::leave('error', $function, Texts::get('unknown_function'), $requestId);
        }
        $body = null;
        $logged = false;
        $masks = [];
        $kept = true; // WHMCS's Module Debug Mode, read once into the envelope
        try {
            $params = Completions::apply($policy['completes'], $params);
            $masks = Effects::maskList($params);
            $config = Envelope::config($params);
            $envelope = Envelope::build(
                $function,
                $params,
                $config,
                $requestId,
                $policy['money'],
                $policy['request']
            );
            $kept = $envelope['whmcs']['module_log'];
            $body = Envelope::encode($envelope);
            $reply = Transport::post(
                Transport::settings($params),
                $function,
                $body,
                $requestId,
                $envelope['idempotency_key'],
                $policy['timeout'],
                $policy['money']
            );
            $decoded = json_decode($reply, true, 512); // once: for the log's masks and for the checks
            Effects::logCall($function, $body, $reply, Effects::withReturnedSecrets($masks, $decoded), $kept);
            $logged = true;
            $response = Envelope::checkResponse($decoded, $requestId);
            Effects::apply($response['effects'], $masks, $kept);
            if ($response['ok'] !== true) {
                throw new BridgeFailure(Errors::bridgeMessage($response['error'], $requestId, $masks));
            }
            $kind = $response['result']['kind'];
            if (!in_array($kind, $policy['kinds'], true)) {
                throw new BridgeFailure(Errors::invalidResponse($requestId));
            }
            return Convert::result($function, $kind, $response['result']['value'], $requestId);
        } catch (BridgeFailure $e) {
            $message = Effects::mask($e->getMessage(), $masks); // the bridge's text could echo a secret
            if ($body !== null && !$logged) { // transport and HTTP failures: log what was sent, and why
                Effects::logCall($function, $body, $message, $masks, $kept);
            }
            return Errors::leave($policy['mode'], $function, $message, $requestId);
        } catch (\Throwable $e) {
            // A bug or an unexpected WHMCS class: never show its text (it may hold params or paths).
            return Errors::leave($policy['mode'], $function, Errors::internal($requestId), $requestId);
        }
    }
}
