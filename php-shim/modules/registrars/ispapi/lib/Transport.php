<?php
/**
 * The one HTTP round trip to the bridge: curl POST {BridgeURL}/v1/whmcs/{Function}, TLS verification on,
 * per-class timeouts capped by the BridgeTimeout setting, and fail-fast after a transport failure.
 *
 * Fail-fast (docs/whmcs.md §4.5): a cron run or a domain page calls the module many times in one PHP
 * process. After one transport failure the same message is returned at once for FAIL_FAST_SECONDS,
 * instead of waiting for a connect timeout per domain.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Transport
{
    /** [connect, total] seconds per timeout class (docs/whmcs.md §4.6). */
    const TIMEOUTS = [
        'lookup' => [2, 8],     // the cart is waiting
        'read' => [3, 15],      // domain pages
        'write' => [3, 30],     // interactive changes
        'money' => [5, 60],     // Register/Transfer/Renew: the bridge answers "pending" for slow registries
        'cron' => [3, 20],      // Sync/TransferSync, 50 domains per run
        'pricing' => [5, 120],  // GetTLDPricing
    ];
    const DEFAULT_URL = 'http://127.0.0.1:8080';
    const DEFAULT_TIMEOUT = 30;
    const FAIL_FAST_SECONDS = 30;
    /** Set (to 1) in PHP's environment to allow plain http to another host, e.g. on a private network. */
    const ALLOW_INSECURE_ENV = 'ISPAPI_ALLOW_INSECURE_BRIDGE_URL';

    /** @var array<string, array{until: float, message: string}> keyed by bridge URL */
    private static $down = [];

    /**
     * @param array<string, mixed> $params
     * @return array{url: string, secret: string, timeout: float}
     */
    public static function settings(array $params): array
    {
        $url = isset($params['BridgeURL']) && is_string($params['BridgeURL']) ? trim($params['BridgeURL']) : '';
        $secret = isset($params['BridgeSecret']) && is_string($params['BridgeSecret']) ? $params['BridgeSecret'] : '';
        $timeout = isset($params['BridgeTimeout']) && is_numeric($params['BridgeTimeout'])
            ? (float) $params['BridgeTimeout'] : 0.0;
        return [
            'url' => rtrim($url === '' ? self::DEFAULT_URL : $url, '/'),
            'secret' => $secret,
            'timeout' => $timeout > 0 ? $timeout : (float) self::DEFAULT_TIMEOUT,
        ];
    }

    /**
     * @param array{url: string, secret: string, timeout: float} $settings
     * @return string the body of the HTTP 200 answer (any other outcome throws BridgeFailure)
     */
    public static function post(
        array $settings,
        string $function,
        string $body,
        string $requestId,
        ?string $idempotencyKey,
        string $timeoutClass,
        bool $money
    ): string {
        $url = $settings['url'];
        $insecureHost = self::insecureHost($url);
        if ($insecureHost !== null) {
            // Refused before anything is sent: the request would carry the registrar password in clear.
            throw new BridgeFailure(Errors::insecureUrl($insecureHost, $requestId));
        }
        $now = microtime(true);
        if (isset(self::$down[$url]) && self::$down[$url]['until'] > $now) {
            throw new BridgeFailure(self::$down[$url]['message']);
        }
        [$connect, $total] = self::TIMEOUTS[$timeoutClass] ?? self::TIMEOUTS['write'];
        $total = min((float) $total, $settings['timeout']);
        $connect = min((float) $connect, $total);

        $headers = [
            'Content-Type: application/json',
            'Accept: application/json',
            'Expect:', // no "100-continue" round trip for bodies over 1 KiB
            'X-Request-Id: ' . $requestId,
            'X-Bridge-Signature: ' . Signer::signature($settings['secret'], $body, time()),
            // How long curl waits in total: the bridge ends its registry calls before that, so the admin
            // reads the bridge's own error instead of a bare cURL timeout (app/upstream.py budget_deadline).
            'X-Bridge-Timeout: ' . rtrim(rtrim(sprintf('%.3F', $total), '0'), '.'),
            'User-Agent: ispapi-shim/' . Shim::VERSION . ' PHP/' . PHP_VERSION,
        ];
        if ($idempotencyKey !== null) {
            $headers[] = 'Idempotency-Key: ' . $idempotencyKey;
        }
        $handle = curl_init();
        if ($handle === false) {
            throw new BridgeFailure(Errors::internal($requestId));
        }
        curl_setopt_array($handle, [
            CURLOPT_URL => $url . '/v1/whmcs/' . rawurlencode($function),
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_CONNECTTIMEOUT_MS => (int) ceil($connect * 1000),
            CURLOPT_TIMEOUT_MS => (int) ceil($total * 1000),
            CURLOPT_NOSIGNAL => true,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_NOPROXY => 'localhost,127.0.0.1,::1',
        ]);
        $raw = curl_exec($handle);
        $errno = curl_errno($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        unset($handle);

        if ($errno !== 0 || !is_string($raw)) {
            // curl_strerror, not curl_error: the latter can quote the URL (and any userinfo in it).
            $detail = $errno !== 0 ? (string) curl_strerror($errno) : 'no response';
            $errno = $errno !== 0 ? $errno : 52;
            $maybeSent = isset(Errors::MAYBE_SENT_ERRNOS[$errno]);
            self::remember($url, Errors::transport($errno, $detail, $requestId, $money, $maybeSent));
        }
        if (isset(Errors::UNREACHABLE_HTTP[$status])) {
            // The bridge's own 503 (its database cannot be used; nothing was sent to the registry) is
            // handled like an unreachable bridge: the cron skips the registrar, later calls fail fast.
            $maybeSent = isset(Errors::MAYBE_SENT_HTTP[$status]);
            $reason = $status === 503 ? Errors::unavailableReason((string) $raw) : '';
            self::remember(
                $url,
                Errors::transport(Errors::HTTP_ERRNO, 'HTTP ' . $status, $requestId, $money, $maybeSent, $reason)
            );
        }
        if ($status !== 200) {
            throw new BridgeFailure(Errors::http($status, $requestId));
        }
        return (string) $raw;
    }

    /**
     * The host of a plain http:// Bridge URL that is not this machine (loopback), or null when the URL
     * may be used: https, a loopback host, another scheme (curl refuses those itself), or the explicit
     * opt-in of ALLOW_INSECURE_ENV.
     */
    public static function insecureHost(string $url): ?string
    {
        $parts = parse_url($url);
        if (!is_array($parts) || strtolower($parts['scheme'] ?? '') !== 'http') {
            return null;
        }
        $host = strtolower(trim((string) ($parts['host'] ?? ''), '[]'));
        if ($host === '' || self::isLoopback($host)) {
            return null;
        }
        $allowed = getenv(self::ALLOW_INSECURE_ENV);
        if (is_string($allowed) && in_array(strtolower(trim($allowed)), ['1', 'true', 'yes', 'on'], true)) {
            return null;
        }
        return $host;
    }

    private static function isLoopback(string $host): bool
    {
        if ($host === 'localhost') {
            return true;
        }
        $packed = @inet_pton($host);
        if ($packed === false) {
            return false; // a host name other than localhost may resolve anywhere
        }
        if (strlen($packed) === 4) {
            return ord($packed[0]) === 127; // 127.0.0.0/8
        }
        return $packed === inet_pton('::1');
    }

    /**
     * @return never
     */
    private static function remember(string $url, string $message): void
    {
        self::$down[$url] = ['until' => microtime(true) + self::FAIL_FAST_SECONDS, 'message' => $message];
        throw new BridgeFailure($message);
    }
}
