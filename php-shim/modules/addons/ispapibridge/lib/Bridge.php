<?php
/**
 * The addon's calls to the bridge: the registrar module's own envelope, signature and transport
 * (modules/registrars/ispapi/lib/, required here, not copied), with the registrar module's settings.
 *
 * Admin functions are `BridgeAdmin<Page>` (app/admin/ in the bridge) and answer a plain `array` result.
 * Any failure (bridge down, HTTP error, ok:false, wrong answer) becomes an AdminFailure whose message is
 * the registrar module's wording, secrets masked, with the [ref ...] of the request.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

use WHMCS\Module\Registrar\Ispapi\BridgeFailure;
use WHMCS\Module\Registrar\Ispapi\Contract;
use WHMCS\Module\Registrar\Ispapi\Effects;
use WHMCS\Module\Registrar\Ispapi\Envelope;
use WHMCS\Module\Registrar\Ispapi\Errors;
use WHMCS\Module\Registrar\Ispapi\Signer;
use WHMCS\Module\Registrar\Ispapi\Transport;
use WHMCS\Module\Registrar\Ispapi\WhmcsData;

if (!class_exists('\\WHMCS\\Module\\Registrar\\Ispapi\\Shim', false)) {
    $ispapiRegistrar = dirname(__DIR__, 3) . '/registrars/ispapi/ispapi.php';
    if (is_file($ispapiRegistrar)) {
        require_once $ispapiRegistrar;
    }
    unset($ispapiRegistrar);
}

final class AdminFailure extends \RuntimeException
{
}

class Bridge
{
    public static function registrarLoaded(): bool
    {
        return class_exists('\\WHMCS\\Module\\Registrar\\Ispapi\\Transport', false);
    }

    /**
     * One admin function at the bridge; its `array` result value. Its timeout class and result kinds are
     * the registrar module's generated Contract::FUNCTIONS (caller 'addon').
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public function call(string $function, array $params = []): array
    {
        if (!self::registrarLoaded()) {
            throw new AdminFailure('registrar_missing');
        }
        $contract = Contract::FUNCTIONS[$function] ?? null;
        if ($contract === null || $contract['caller'] !== 'addon') {
            throw new AdminFailure('unknown function ' . $function);
        }
        $settings = WhmcsData::settings();
        $masks = Effects::maskList($settings);
        $requestId = Signer::uuid4();
        $body = null;
        $kept = true; // WHMCS's Module Debug Mode, read once into the envelope
        try {
            $envelope = Envelope::build($function, $params, Envelope::config($settings), $requestId, false);
            $kept = $envelope['whmcs']['module_log'];
            $body = Envelope::encode($envelope);
            $reply = Transport::post(
                Transport::settings($settings), $function, $body, $requestId, null, $contract['timeout'], false
            );
            Effects::logCall($function, $body, $reply, $masks, $kept);
            $response = Envelope::checkResponse(json_decode($reply, true, 512), $requestId);
            Effects::apply($response['effects'], $masks, $kept);
            if ($response['ok'] !== true) {
                throw new BridgeFailure(Errors::bridgeMessage($response['error'], $requestId, $masks));
            }
            $value = $response['result']['value'];
            if (!in_array($response['result']['kind'], $contract['kinds'], true) || !is_array($value)) {
                throw new BridgeFailure(Errors::invalidResponse($requestId));
            }
            return $value;
        } catch (BridgeFailure $e) {
            $message = Effects::mask($e->getMessage(), $masks);
            if ($body !== null) {
                Effects::logCall($function, $body, $message, $masks, $kept);
            }
            throw new AdminFailure($message);
        }
    }
}
