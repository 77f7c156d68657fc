<?php
/**
 * Dispatch of every ispapi_<Function> wrapper: the per-function policy table and the one code path
 * that builds the envelope, sends it, converts the answer and applies the effects.
 *
 * Policy columns (whmcs-contract.md §4.4-§4.7):
 *   kinds   result kinds accepted from the bridge (anything else is "Invalid response")
 *   timeout timeout class of Transport::TIMEOUTS
 *   mode    error mode of Errors::MODES (return an error array, throw, ...)
 *   money   true for the not-repeatable operations that carry an Idempotency-Key
 *   request (optional) true for pages and buttons: $_POST/$_GET travel as params.request.{post,get}
 *
 * Client-area pages use mode 'page' and kind 'template': their failures show templates/error.tpl.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Shim
{
    const MODULE = 'ispapi';
    const VERSION = '0.1.0';

    /** Functions answered without any I/O (whmcs-contract.md §4.1); they live in Local. */
    const LOCAL = [
        'getConfigArray' => true,
        'MetaData' => true,
        'DomainSuggestionOptions' => true,
        'ClientAreaCustomButtonArray' => true,
        'ClientArea' => true,
        'AdminCustomButtonArray' => true,
    ];

    /** Answered from a local cache, refreshed from the bridge at most hourly; never throw (FieldsCache). */
    const CACHED = [
        'AdditionalDomainFields' => true,
    ];

    /**
     * Functions whose params the shim completes first, or whose answer it reshapes (Prepared): WHMCS sends
     * no settings to the admin domain tab, and GetPremiumPrice needs WHMCS's currencies.
     */
    const PREPARED = [
        'AdminDomainsTabFields' => true,
        'AdminDomainsTabFieldsSave' => true,
        'GetPremiumPrice' => true,
    ];

    const POLICY = [
        'config_validate' => ['kinds' => ['none', 'array'], 'timeout' => 'read', 'mode' => 'config', 'money' => false],
        'CheckAvailability' => ['kinds' => ['search_results'], 'timeout' => 'lookup', 'mode' => 'throw', 'money' => false],
        'GetDomainSuggestions' => ['kinds' => ['search_results'], 'timeout' => 'lookup', 'mode' => 'throw', 'money' => false],
        'GetPremiumPrice' => ['kinds' => ['premium_price'], 'timeout' => 'lookup', 'mode' => 'throw', 'money' => false],
        'RegisterDomain' => ['kinds' => ['array', 'none'], 'timeout' => 'money', 'mode' => 'error', 'money' => true],
        'TransferDomain' => ['kinds' => ['array', 'none'], 'timeout' => 'money', 'mode' => 'error', 'money' => true],
        'RenewDomain' => ['kinds' => ['array', 'none'], 'timeout' => 'money', 'mode' => 'error', 'money' => true],
        'GetDomainInformation' => ['kinds' => ['domain_information'], 'timeout' => 'read', 'mode' => 'throw', 'money' => false],
        'GetNameservers' => ['kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'SaveNameservers' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'GetRegistrarLock' => ['kinds' => ['string'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'SaveRegistrarLock' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'GetContactDetails' => ['kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'SaveContactDetails' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'GetEPPCode' => ['kinds' => ['array', 'none'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'RegisterNameserver' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'ModifyNameserver' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'DeleteNameserver' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'IDProtectToggle' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'GetDNS' => ['kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'SaveDNS' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'GetEmailForwarding' => ['kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'SaveEmailForwarding' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'RequestDelete' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'ReleaseDomain' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'ResendIRTPVerificationEmail' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'Sync' => ['kinds' => ['array'], 'timeout' => 'cron', 'mode' => 'error', 'money' => false],
        'TransferSync' => ['kinds' => ['array'], 'timeout' => 'cron', 'mode' => 'error', 'money' => false],
        'GetTLDPricing' => ['kinds' => ['tld_pricing'], 'timeout' => 'pricing', 'mode' => 'error', 'money' => false],
        // Admin custom buttons (Local::ADMIN_BUTTONS); success answers ['message' => ...].
        'SuspendDomain' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'UnsuspendDomain' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'CancelDomainTransfer' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        'ResendTransferConfirmation' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false],
        // Admin domain tab (AdminArea): settings loaded by the shim, the saved form forwarded as request.post.
        'AdminDomainsTabFields' => ['kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false],
        'AdminDomainsTabFieldsSave' => ['kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'request' => true],
        // Client-area pages of DNSSEC, private nameservers, WHOIS privacy and Web Apps (ref-module.md §3.26).
        'dnssec' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'pnslist' => ['kinds' => ['template'], 'timeout' => 'read', 'mode' => 'page', 'money' => false, 'request' => true],
        'registrantmodification_it' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'registrantmodification_tld' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'registrantmodification_ca' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'whoisprivacy' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'whoisprivacy_ca' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'whoisprivacy_se' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'whoisprivacy_nz' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        'webapps' => ['kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'request' => true],
        // Called by hooks.php DailyCronJob with the domains waiting for an application (WhmcsData).
        'PollApplications' => ['kinds' => ['array'], 'timeout' => 'cron', 'mode' => 'error', 'money' => false],
        // Called by hooks.php, not by WHMCS's registrar dispatcher; the hook swallows every failure.
        'TransferCheckoutPreCheck' => ['kinds' => ['array', 'none'], 'timeout' => 'lookup', 'mode' => 'error', 'money' => false],
    ];

    /**
     * The single entry point of every wrapper in ispapi.php. Never lets a \Throwable out except in the
     * throw modes of Errors::MODES.
     *
     * @param array<string, mixed> $params
     * @return mixed
     */
    public static function call(string $function, array $params)
    {
        if (isset(self::LOCAL[$function])) {
            return Local::answer($function, $params);
        }
        if (isset(self::CACHED[$function])) {
            return FieldsCache::answer($params);
        }
        if (isset(self::PREPARED[$function])) {
            return Prepared::answer($function, $params);
        }
        return self::forward($function, $params);
    }

    /**
     * The bridge round trip of one policy function (also used by Prepared after it completed the params).
     *
     * @param array<string, mixed> $params
     * @return mixed
     */
    public static function forward(string $function, array $params)
    {
        $policy = self::POLICY[$function] ?? null;
        try {
            $requestId = Signer::uuid4();
        } catch (\Throwable $e) {
            $requestId = str_replace('.', '', uniqid('', true)); // no CSPRNG: still unique per process
        }
        if ($policy === null) {
            return Errors::leave('error', $function, Texts::get('unknown_function'), $requestId);
        }
        $body = null;
        $logged = false;
        $masks = [];
        try {
            $masks = Effects::maskList($params);
            $config = Envelope::config($params);
            $envelope = Envelope::build(
                $function,
                $params,
                $config,
                $requestId,
                $policy['money'],
                !empty($policy['request'])
            );
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
            Effects::logCall($function, $body, $reply, Effects::withReturnedSecrets($masks, $decoded));
            $logged = true;
            $response = Envelope::checkResponse($decoded, $requestId);
            Effects::apply($response['effects'], $masks);
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
                Effects::logCall($function, $body, $message, $masks);
            }
            return Errors::leave($policy['mode'], $function, $message, $requestId);
        } catch (\Throwable $e) {
            // A bug or an unexpected WHMCS class: never show its text (it may hold params or paths).
            return Errors::leave($policy['mode'], $function, Errors::internal($requestId), $requestId);
        }
    }
}
