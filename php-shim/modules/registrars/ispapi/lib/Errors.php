<?php
/**
 * The error policy of docs/whmcs.md §4.5: what leaves a wrapper when a call fails, and the wording
 * of every failure message.
 *
 * Message shapes (each ends with " [ref <first 8 chars of the request id>]"):
 *   transport  "cURL error <n>: <detail> - registrar service unreachable"   (connect, DNS, TLS, timeout,
 *              HTTP 502/503/504; the bridge's own 503 "service unavailable", e.g. its database is down,
 *              adds its reason). The "cURL" prefix makes WHMCS's Sync/TransferSync cron skip the rest of
 *              this registrar for the run instead of hammering a dead service (docs/whmcs.md §1.5).
 *   http       "Registrar service error (HTTP <code>)"                      (other non-200 answers)
 *   invalid    "Invalid response from registrar service"                   (bad JSON, protocol, kind)
 *   bridge     the bridge's own message                                    (ok:false)
 *   internal   "Internal error in the registrar module"                   (any other \Throwable)
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Errors
{
    /** How a failure leaves the wrapper, per Contract::FUNCTIONS 'mode'. */
    const MODES = [
        'error' => 'return',          // ['error' => msg]: WHMCS's failure test (non-empty 'error')
        'throw' => 'exception',       // lookups, GetDomainInformation, GetPremiumPrice
        'config' => 'invalid_config', // config_validate blocks the settings save
        'page' => 'page',             // client-area pages: the error template with the message
    ];

    /** Transport failures after which the request may have reached the bridge (money: outcome unknown). */
    const MAYBE_SENT_ERRNOS = [28 => true, 52 => true, 55 => true, 56 => true];
    const MAYBE_SENT_HTTP = [502 => true, 504 => true];

    /** HTTP statuses reported as "registrar service unreachable" with this pseudo cURL errno. */
    const UNREACHABLE_HTTP = [502 => true, 503 => true, 504 => true];
    const HTTP_ERRNO = 22; // CURLE_HTTP_RETURNED_ERROR

    /** Extra hint per HTTP status (a key of lang/*.php). */
    const HTTP_HINTS = [401 => 'hint_401', 404 => 'hint_404', 413 => 'hint_413'];

    const MAX_MESSAGE = 300;

    /**
     * @return array<string, string>
     */
    public static function leave(string $mode, string $function, string $message, string $requestId)
    {
        $how = self::MODES[$mode] ?? 'return';
        if ($how === 'exception') {
            throw new \Exception($message);
        }
        if ($how === 'invalid_config') {
            $class = '\\WHMCS\\Exception\\Module\\InvalidConfiguration';
            if (class_exists($class)) {
                throw new $class($message);
            }
            throw new \Exception($message);
        }
        if ($how === 'page') {
            return [
                'templatefile' => 'templates/error',
                'vars' => ['error' => $message, '_lang' => Texts::all()],
            ];
        }
        return ['error' => $message];
    }

    public static function ref(string $requestId): string
    {
        return ' [ref ' . substr($requestId, 0, 8) . ']';
    }

    public static function transport(
        int $errno,
        string $detail,
        string $requestId,
        bool $money,
        bool $maybeSent,
        string $reason = ''
    ): string {
        $message = 'cURL error ' . $errno . ': ' . $detail . ' - ' . Texts::get('unreachable');
        if ($reason !== '') {
            $message .= ' - ' . $reason;
        }
        if ($money && $maybeSent) {
            $message .= ' - ' . Texts::get('outcome_unknown');
        }
        return $message . self::ref($requestId);
    }

    /**
     * The reason in the bridge's own "service unavailable" answer (HTTP 503, code SERVICE_UNAVAILABLE: its
     * database is down, stalled, locked or read-only), plain and short; '' for any other body (a proxy's
     * HTML page, for instance).
     */
    public static function unavailableReason(string $raw): string
    {
        $decoded = json_decode($raw, true, 8);
        $error = is_array($decoded) && isset($decoded['error']) && is_array($decoded['error']) ? $decoded['error'] : [];
        if (($error['code'] ?? null) !== 'SERVICE_UNAVAILABLE' || !isset($error['message']) || !is_string($error['message'])) {
            return '';
        }
        return self::plain($error['message'], 200);
    }

    public static function http(int $status, string $requestId): string
    {
        $message = sprintf(Texts::get('http_error'), $status);
        if (isset(self::HTTP_HINTS[$status])) {
            $message .= ' - ' . Texts::get(self::HTTP_HINTS[$status]);
        }
        return $message . self::ref($requestId);
    }

    public static function insecureUrl(string $host, string $requestId): string
    {
        $safeHost = (string) preg_replace('/[^a-z0-9.:\-]/', '', $host);
        return sprintf(Texts::get('insecure_bridge_url'), $safeHost) . self::ref($requestId);
    }

    public static function invalidResponse(string $requestId): string
    {
        return Texts::get('invalid_response') . self::ref($requestId);
    }

    public static function internal(string $requestId): string
    {
        return Texts::get('internal') . self::ref($requestId);
    }

    /**
     * The bridge's ok:false message, made plain and short (it is shown in admin boxes and cron mails).
     *
     * @param mixed $error
     * @param array<int, string> $masks secrets to star out before anything else touches the text
     */
    public static function bridgeMessage($error, string $requestId, array $masks): string
    {
        $message = (is_array($error) && isset($error['message']) && is_string($error['message']))
            ? Effects::mask($error['message'], $masks) : '';
        $message = self::plain($message, self::MAX_MESSAGE);
        if ($message === '') {
            $message = Texts::get('bridge_error');
        }
        return $message . self::ref($requestId);
    }

    /** One line of plain text of at most $max characters, for admin boxes and cron mails. */
    private static function plain(string $message, int $max): string
    {
        // Only real tags go (admin boxes render HTML); a lone "<" in registry text stays.
        $message = (string) preg_replace('#</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>#', '', $message);
        $message = trim((string) preg_replace('/\s+/u', ' ', $message));
        return function_exists('mb_substr') ? mb_substr($message, 0, $max, 'UTF-8') : substr($message, 0, $max);
    }
}
