<?php
/**
 * The params the shim adds before forwarding, where WHMCS does not pass what the bridge needs. Which
 * function gets which is Contract::FUNCTIONS 'completes' (generated from app/contract/); a completion
 * never overrides a param WHMCS did pass, and a read that fails adds nothing.
 *
 *   settings          the registrar settings (the admin domain tab and the hooks get none in $params)
 *   currencies        whmcs_currencies: the currency codes WHMCS knows, so the bridge refuses a premium
 *                     price WHMCS would mis-convert
 *   default_currency  currency: WHMCS 8 passes none to GetTLDPricing; prices come in its default currency
 *   whmcs_status      the domain's WHMCS status (8.x passes no `status` to Sync, TransferSync, ...)
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Completions
{
    /**
     * @param array<int, string> $names
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function apply(array $names, array $params): array
    {
        foreach ($names as $name) {
            switch ($name) {
                case 'settings':
                    $params = WhmcsData::withSettings($params);
                    break;
                case 'currencies':
                    $params = WhmcsData::withCurrencies($params);
                    break;
                case 'default_currency':
                    $params = self::withValue($params, 'currency', WhmcsData::defaultCurrency());
                    break;
                case 'whmcs_status':
                    $status = array_key_exists('whmcs_status', $params)
                        ? null : WhmcsData::domainValue($params['domainid'] ?? null, 'status');
                    $params = self::withValue($params, 'whmcs_status', $status);
                    break;
            }
        }
        return $params;
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private static function withValue(array $params, string $key, ?string $value): array
    {
        if ($value !== null && !array_key_exists($key, $params)) {
            $params[$key] = $value;
        }
        return $params;
    }
}
