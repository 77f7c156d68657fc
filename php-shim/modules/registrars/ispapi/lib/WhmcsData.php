<?php
/**
 * Reads of WHMCS's own data for calls WHMCS makes without the module settings or without data the bridge
 * needs (docs/whmcs.md §2, §4.3): the registrar settings, a domain's stored status or expiry date, the
 * configured currencies, and the domains waiting for a registry application. Every read is guarded: a missing table or function gives an empty
 * answer, never an exception (these run inside admin pages, the cart and the daily cron).
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class WhmcsData
{
    /** WHMCS domain statuses of a registration waiting for its application (8.x and older wording). */
    const WAITING_STATUSES = ['Pending' => true, 'Pending Registration' => true];
    const APPLICATION_NOTE = '/APPLICATION:(\d{1,20})/';

    /**
     * The decrypted registrar settings (AdminDomainsTabFields and the hooks get none in $params).
     *
     * @return array<string, mixed>
     */
    public static function settings(): array
    {
        try {
            $settings = function_exists('getRegistrarConfigOptions') ? getRegistrarConfigOptions(Shim::MODULE) : [];
            return is_array($settings) ? $settings : [];
        } catch (\Throwable $e) {
            return [];
        }
    }

    /**
     * $params with the registrar settings filled in where WHMCS left them out.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function withSettings(array $params): array
    {
        if (isset($params['BridgeURL'], $params['BridgeSecret'])) {
            return $params;
        }
        return array_merge(self::settings(), $params);
    }

    /**
     * One column of the tbldomains row `$domainId` as a string; null when there is no such row, no
     * database or no string value.
     *
     * @param mixed $domainId
     */
    public static function domainValue($domainId, string $column): ?string
    {
        if (!is_numeric($domainId) || !class_exists('\\WHMCS\\Database\\Capsule')) {
            return null;
        }
        try {
            $value = \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) $domainId)->value($column);
            return is_string($value) ? $value : null;
        } catch (\Throwable $e) {
            return null;
        }
    }

    /**
     * Currency codes configured in WHMCS (tblcurrencies); null when they cannot be read.
     *
     * @return array<int, string>|null
     */
    public static function currencies()
    {
        try {
            if (!class_exists('\\WHMCS\\Database\\Capsule')) {
                return null;
            }
            $codes = [];
            foreach (\WHMCS\Database\Capsule::table('tblcurrencies')->get() as $row) {
                $code = is_object($row) ? ($row->code ?? null) : null;
                if (is_string($code) && $code !== '') {
                    $codes[] = strtoupper($code);
                }
            }
            return $codes;
        } catch (\Throwable $e) {
            return null;
        }
    }

    /** WHMCS's default currency code (tblcurrencies.default = 1); null: the bridge uses the account's. */
    public static function defaultCurrency(): ?string
    {
        if (!class_exists('\\WHMCS\\Database\\Capsule')) {
            return null;
        }
        try {
            $code = \WHMCS\Database\Capsule::table('tblcurrencies')->where('default', 1)->value('code');
            return is_string($code) && preg_match('/^[A-Za-z]{3}$/', $code) ? strtoupper($code) : null;
        } catch (\Throwable $e) {
            return null;
        }
    }

    /**
     * GetPremiumPrice params plus the WHMCS currencies: the bridge refuses a price in a currency WHMCS
     * does not know instead of letting WHMCS mis-convert it (docs/module-behaviour.md §3.4).
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function withCurrencies(array $params): array
    {
        $codes = self::currencies();
        if ($codes !== null) {
            $params['whmcs_currencies'] = $codes;
        }
        return $params;
    }

    /**
     * ispapi domains still waiting for a registry application: [{domainid, domain, application}].
     *
     * @return array<int, array<string, mixed>>
     */
    public static function pendingApplications(): array
    {
        try {
            if (!class_exists('\\WHMCS\\Database\\Capsule')) {
                return [];
            }
            $found = [];
            foreach (\WHMCS\Database\Capsule::table('tbldomains')->where('registrar', Shim::MODULE)->get() as $row) {
                $status = is_object($row) ? ($row->status ?? '') : '';
                $notes = is_object($row) ? ($row->additionalnotes ?? '') : '';
                if (!is_string($status) || !isset(self::WAITING_STATUSES[$status]) || !is_string($notes)) {
                    continue;
                }
                if (preg_match_all(self::APPLICATION_NOTE, $notes, $matches) > 0) {
                    $found[] = [
                        'domainid' => (int) $row->id,
                        'domain' => is_string($row->domain ?? null) ? $row->domain : '',
                        'application' => end($matches[1]), // the newest note wins
                    ];
                }
            }
            return $found;
        } catch (\Throwable $e) {
            return [];
        }
    }
}
