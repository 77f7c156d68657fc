<?php
/**
 * result {kind, value} -> what WHMCS expects back (docs/whmcs.md §4.4, value shapes in
 * app/api/envelope.py). A value of the wrong shape is an "Invalid response"; WHMCS objects are built only
 * through setters that exist in the running WHMCS version (method_exists guards, docs/whmcs.md §2.4 and §6).
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Convert
{
    /** GetDomainInformation keys -> [Registrar\Domain setter, argument type]. */
    const DOMAIN_SETTERS = [
        'domain' => ['setDomain', 'string'],
        'nameservers' => ['setNameservers', 'array'],
        'registration_status' => ['setRegistrationStatus', 'string'],
        'transfer_lock' => ['setTransferLock', 'bool'],
        'transfer_lock_expiry_date' => ['setTransferLockExpiryDate', 'date'],
        'expiry_date' => ['setExpiryDate', 'date'],
        'restorable' => ['setRestorable', 'bool'],
        'id_protection' => ['setIdProtectionStatus', 'bool'],
        'dns_management' => ['setDnsManagementStatus', 'bool'],
        'email_forwarding' => ['setEmailForwardingStatus', 'bool'],
        'is_irtp_enabled' => ['setIsIrtpEnabled', 'bool'],
        'irtp_opt_out_status' => ['setIrtpOptOutStatus', 'bool'],
        'irtp_transfer_lock' => ['setIrtpTransferLock', 'bool'],
        'irtp_transfer_lock_expiry_date' => ['setIrtpTransferLockExpiryDate', 'date'],
        'contact_change_pending' => ['setDomainContactChangePending', 'bool'],
        'pending_suspension' => ['setPendingSuspension', 'bool'],
        'contact_change_expiry_date' => ['setDomainContactChangeExpiryDate', 'date'],
        'irtp_verification_trigger_fields' => ['setIrtpVerificationTriggerFields', 'array'],
        'registrant_email' => ['setRegistrantEmailAddress', 'string'],
    ];

    /** SearchResult status tokens -> constant names (the constants hold WHMCS's own strings). */
    const SEARCH_STATUS = [
        'available' => 'STATUS_NOT_REGISTERED',
        'registered' => 'STATUS_REGISTERED',
        'reserved' => 'STATUS_RESERVED',
        'unknown' => 'STATUS_UNKNOWN',
        'tld_not_supported' => 'STATUS_TLD_NOT_SUPPORTED',
    ];

    /** TldPricingItem keys -> ImportItem setter and argument type; order matters (years last). */
    const IMPORT_SETTERS = [
        'extension' => ['setExtension', 'string'],
        'register_price' => ['setRegisterPrice', 'number'],
        'renew_price' => ['setRenewPrice', 'number'],
        'transfer_price' => ['setTransferPrice', 'number'],
        'grace_fee_days' => ['setGraceFeeDays', 'number'],
        'grace_fee_price' => ['setGraceFeePrice', 'number'],
        'redemption_fee_days' => ['setRedemptionFeeDays', 'number'],
        'redemption_fee_price' => ['setRedemptionFeePrice', 'number'],
        'currency' => ['setCurrency', 'string'],
        'epp_required' => ['setEppRequired', 'bool'],
    ];

    /** What the Sync and TransferSync crons read (docs/whmcs.md §1.5); everything else is dropped. */
    const CRON_KEYS = [
        'Sync' => ['active' => true, 'cancelled' => true, 'transferredAway' => true, 'expirydate' => true, 'error' => true],
        'TransferSync' => ['completed' => true, 'failed' => true, 'reason' => true, 'expirydate' => true, 'error' => true],
    ];

    const LOCK_STATES = ['locked' => true, 'unlocked' => true];
    const DATE_PATTERN = '/^\d{4}-\d{2}-\d{2}$/';

    /**
     * @param mixed $value
     * @return mixed
     */
    public static function result(string $function, string $kind, $value, string $requestId)
    {
        $invalid = new BridgeFailure(Errors::invalidResponse($requestId));
        switch ($kind) {
            case 'none':
                return [];
            case 'array':
                if (!is_array($value)) {
                    throw $invalid;
                }
                return isset(self::CRON_KEYS[$function]) ? self::cron($function, $value) : $value;
            case 'premium_price':
                if (!is_array($value)) {
                    throw $invalid;
                }
                return $value;
            case 'string':
                if (!is_string($value) || ($function === 'GetRegistrarLock' && !isset(self::LOCK_STATES[$value]))) {
                    throw $invalid;
                }
                return $value;
            case 'domain_information':
                if (!is_array($value)) {
                    throw $invalid;
                }
                return self::domainInformation($value);
            case 'search_results':
                if (!is_array($value)) {
                    throw $invalid;
                }
                return self::searchResults($value);
            case 'tld_pricing':
                if (!is_array($value)) {
                    throw $invalid;
                }
                return self::tldPricing($value);
            case 'template':
                if (!is_array($value) || !is_string($value['templatefile'] ?? null)) {
                    throw $invalid;
                }
                $vars = is_array($value['vars'] ?? null) ? $value['vars'] : [];
                $vars['_lang'] = Texts::all(); // the module's own strings (WHMCS has no module lang loader)
                return [
                    // Templates ship in the module's templates/ folder (docs/whmcs.md §2.7 search order).
                    'templatefile' => 'templates/' . basename($value['templatefile']),
                    'vars' => $vars,
                    'breadcrumb' => is_array($value['breadcrumb'] ?? null) ? $value['breadcrumb'] : [],
                ];
        }
        throw $invalid;
    }

    /**
     * @param array<mixed> $value
     * @return array<string, mixed>
     */
    private static function cron(string $function, array $value): array
    {
        $out = array_intersect_key($value, self::CRON_KEYS[$function]);
        // WHMCS compares expirydate as a string with the stored date: anything but YYYY-MM-DD corrupts it.
        if (array_key_exists('expirydate', $out)
            && (!is_string($out['expirydate']) || self::date($out['expirydate']) === null)) {
            unset($out['expirydate']);
        }
        return $out;
    }

    /**
     * @param array<mixed> $value
     * @return object
     */
    private static function domainInformation(array $value)
    {
        $domain = new \WHMCS\Domain\Registrar\Domain();
        foreach (self::DOMAIN_SETTERS as $key => $setter) {
            [$method, $type] = $setter;
            if (!isset($value[$key]) || !method_exists($domain, $method)) {
                continue; // absent keys stay unset so hasTransferLock()/hasNameservers() keep WHMCS's fallbacks
            }
            $argument = self::argument($value[$key], $type);
            if ($argument !== null) {
                $domain->$method($argument);
            }
        }
        return $domain;
    }

    /**
     * @param mixed $raw
     * @return mixed null when the value does not fit the type (the setter is then skipped)
     */
    private static function argument($raw, string $type)
    {
        switch ($type) {
            case 'string':
                return is_scalar($raw) ? (string) $raw : null;
            case 'bool':
                return is_bool($raw) ? $raw : (is_int($raw) ? $raw !== 0 : null);
            case 'array':
                return is_array($raw) ? $raw : null;
            case 'number':
                return is_int($raw) || is_float($raw) ? $raw : (is_string($raw) && is_numeric($raw) ? (float) $raw : null);
            case 'date':
                return is_string($raw) ? self::date($raw) : null;
        }
        return null;
    }

    /** @return \WHMCS\Carbon|null */
    private static function date(string $text)
    {
        if (preg_match(self::DATE_PATTERN, $text) !== 1) {
            return null;
        }
        [$year, $month, $day] = array_map('intval', explode('-', $text));
        if (!checkdate($month, $day, $year) || !class_exists('\\WHMCS\\Carbon')) {
            return null;
        }
        $date = \WHMCS\Carbon::createFromFormat('Y-m-d', $text);
        return $date instanceof \WHMCS\Carbon ? $date : null;
    }

    /**
     * @param array<mixed> $items
     * @return object
     */
    private static function searchResults(array $items)
    {
        $list = new \WHMCS\Domains\DomainLookup\ResultsList();
        foreach ($items as $item) {
            try {
                $result = self::searchResult($item);
            } catch (\Throwable $e) {
                $result = null; // one odd entry must not hide the others
            }
            if ($result !== null) {
                $list->append($result);
            }
        }
        return $list;
    }

    /**
     * @param mixed $item
     * @return object|null
     */
    private static function searchResult($item)
    {
        if (!is_array($item) || !is_string($item['sld'] ?? null) || !is_string($item['tld'] ?? null)
            || !isset(self::SEARCH_STATUS[$item['status'] ?? ''])) {
            return null;
        }
        $class = '\\WHMCS\\Domains\\DomainLookup\\SearchResult';
        $result = new $class($item['sld'], ltrim($item['tld'], '.'));
        $result->setStatus(constant($class . '::' . self::SEARCH_STATUS[$item['status']]));
        if (($item['premium'] ?? false) === true) {
            $result->setPremiumDomain(true);
            if (is_array($item['premium_pricing'] ?? null) && $item['premium_pricing'] !== []) {
                $result->setPremiumCostPricing($item['premium_pricing']);
            }
        }
        if (isset($item['score']) && (is_int($item['score']) || is_float($item['score'])) && method_exists($result, 'setScore')) {
            $result->setScore((float) $item['score']);
        }
        return $result;
    }

    /**
     * @param array<mixed> $items
     * @return object
     */
    private static function tldPricing(array $items)
    {
        $list = new \WHMCS\Results\ResultsList();
        foreach ($items as $item) {
            try {
                $imported = self::importItem($item);
            } catch (\Throwable $e) {
                $imported = null; // ImportItem rejected a value: skip this TLD, keep the list (docs/whmcs.md §4.4)
            }
            if ($imported !== null) {
                $list->append($imported);
            }
        }
        return $list;
    }

    /**
     * @param mixed $item
     * @return object|null
     */
    private static function importItem($item)
    {
        if (!is_array($item) || !is_string($item['extension'] ?? null) || !is_string($item['currency'] ?? null)) {
            return null;
        }
        $import = new \WHMCS\Domain\TopLevel\ImportItem();
        foreach (self::IMPORT_SETTERS as $key => $setter) {
            [$method, $type] = $setter;
            if (!array_key_exists($key, $item) || !method_exists($import, $method)) {
                continue;
            }
            if ($item[$key] === null) {
                if ($type === 'number') {
                    $import->$method(null); // "no price" is a valid ImportItem value
                }
                continue;
            }
            // Pass the raw value: ImportItem's own validation decides (a bad price skips the item).
            $import->$method($type === 'bool' ? (bool) $item[$key] : $item[$key]);
        }
        $years = $item['years'] ?? [];
        if (is_array($years) && $years !== []) {
            $years = array_values(array_filter($years, 'is_int'));
            if ($years === []) {
                return null;
            }
            if (method_exists($import, 'setMinYears')) {
                $import->setMinYears(min($years));
                $import->setMaxYears(max($years));
            }
            $import->setYears($years);
        }
        return $import;
    }
}
