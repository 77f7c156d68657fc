<?php
/**
 * Request identity and authenticity (DESIGN.md, "Interfaces other parts rely on"):
 *   X-Bridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." . raw body)>
 *   X-Request-Id:       a random uuid4 (the bridge refuses a replayed id)
 *   Idempotency-Key:    for money operations only (whmcs-contract.md §4.7)
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Signer
{
    public static function uuid4(): string
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
        $bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);
        $hex = bin2hex($bytes);
        return substr($hex, 0, 8) . '-' . substr($hex, 8, 4) . '-' . substr($hex, 12, 4) . '-'
            . substr($hex, 16, 4) . '-' . substr($hex, 20, 12);
    }

    public static function signature(string $secret, string $body, int $timestamp): string
    {
        return 't=' . $timestamp . ',v1=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret);
    }

    /**
     * sha256(ispapi|function|domainid|domain|regperiod|extra): the same WHMCS retry of the same order
     * gets the same key, a new order (other period, other auth code, next renewal) a new one.
     *
     * @param array<string, mixed> $params
     */
    public static function idempotencyKey(string $function, array $params): string
    {
        $extra = '';
        if ($function === 'TransferDomain') {
            $code = $params['eppcode'] ?? ($params['transfersecret'] ?? '');
            $extra = hash('sha256', is_scalar($code) ? (string) $code : '');
        } elseif ($function === 'RenewDomain') {
            // WHMCS 7.x passes no expiryDate to RenewDomain: use the stored one.
            $expiry = $params['expiryDate'] ?? WhmcsData::domainValue($params['domainid'] ?? null, 'expirydate');
            if ($expiry instanceof \DateTimeInterface) {
                $extra = $expiry->format('Y-m-d');
            } elseif (is_scalar($expiry) && (string) $expiry !== '') {
                $extra = (string) $expiry;
            } else {
                // Without any expiry date a constant key would replay last year's renewal next year;
                // today's date still merges the retries of one day.
                $extra = 'day:' . date('Y-m-d');
            }
        }
        $parts = [
            Shim::MODULE,
            $function,
            self::text($params['domainid'] ?? ''),
            self::text($params['domain'] ?? ($params['domainname'] ?? '')),
            self::text($params['regperiod'] ?? ''),
            $extra,
        ];
        return hash('sha256', implode('|', $parts));
    }

    /** @param mixed $value */
    private static function text($value): string
    {
        if (is_scalar($value)) {
            return (string) $value;
        }
        if (is_object($value) && method_exists($value, '__toString')) {
            return (string) $value;
        }
        return '';
    }
}
