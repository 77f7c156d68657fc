<?php
/**
 * Request identity and authenticity (docs/architecture.md, "Interfaces other parts rely on"):
 *   X-Bridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." . raw body)>
 *   X-Request-Id:       a random uuid4 (the bridge refuses a replayed id)
 *   Idempotency-Key:    for money operations only (docs/whmcs.md §4.7)
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
     * The idempotency key of a money operation, formed by its rule in Contract::FUNCTIONS ('key'):
     * sha256(ispapi|function|<fields>|<extra>), each field the first of its param names that is set. The
     * same WHMCS retry of the same order gets the same key, a new order (other period, other auth code,
     * next renewal) a new one.
     *
     * @param array<string, mixed> $params
     */
    public static function idempotencyKey(string $function, array $params): string
    {
        $rule = Contract::FUNCTIONS[$function]['key'] ?? null;
        $parts = [Shim::MODULE, $function];
        foreach (is_array($rule) ? $rule['fields'] : [] as $names) {
            $value = '';
            foreach ($names as $name) {
                if (isset($params[$name])) {
                    $value = $params[$name];
                    break;
                }
            }
            $parts[] = self::text($value);
        }
        $parts[] = self::extra(is_array($rule) ? $rule['extra'] : 'none', $params);
        return hash('sha256', implode('|', $parts));
    }

    /**
     * What tells one order of a domain from the next (KeyExtra in app/contract/kinds.py).
     *
     * @param array<string, mixed> $params
     */
    private static function extra(string $extra, array $params): string
    {
        if ($extra === 'auth_code') {
            $code = $params['eppcode'] ?? ($params['transfersecret'] ?? '');
            return hash('sha256', is_scalar($code) ? (string) $code : '');
        }
        if ($extra !== 'expiry') {
            return '';
        }
        // WHMCS 7.x passes no expiryDate to RenewDomain: use the stored one.
        $expiry = $params['expiryDate'] ?? WhmcsData::domainValue($params['domainid'] ?? null, 'expirydate');
        if ($expiry instanceof \DateTimeInterface) {
            return $expiry->format('Y-m-d');
        }
        if (is_scalar($expiry) && (string) $expiry !== '') {
            return (string) $expiry;
        }
        // Without any expiry date a constant key would replay last year's renewal next year;
        // today's date still merges the retries of one day.
        return 'day:' . date('Y-m-d');
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
