<?php
/**
 * Domain import, the WHMCS side: which of the registry account's domains WHMCS does not know yet
 * (tbldomains), whom each one goes to, and the import itself.
 *
 *   plan()    the account's domain list from the bridge, minus the domains WHMCS has; details (dates,
 *             nameservers, registrant) of the first BATCH of them; for each the client it would go to:
 *             the existing client with the registrant's email (lowest id), or a new client from the
 *             registrant's data. Writes nothing.
 *   import()  the same for the chosen names (details read again, names WHMCS knows by now skipped): a new
 *             client through localAPI AddClient where needed, then one order row holding the nameservers
 *             (WHMCS keeps a domain's nameservers on its order) and the tbldomains row with the registry's
 *             dates, registrar ispapi, status Active (Expired once the expiry date has passed).
 *
 * Running it twice imports nothing the second time: every imported name is in tbldomains.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

use WHMCS\Database\Capsule;

final class Importer
{
    const REGISTRAR = 'ispapi';
    const BATCH = 50; // domains per run (the bridge's BridgeAdminDomainDetails limit)
    const NOTE = 'Imported from the registry account by ispapi-bridge on %s.';

    /** @var Bridge */
    private $bridge;

    public function __construct(Bridge $bridge)
    {
        $this->bridge = $bridge;
    }

    /**
     * @return array{total: int, known: int, unknown: int, batch: array<int, array<string, mixed>>}
     */
    public function plan(): array
    {
        $listed = $this->bridge->call('BridgeAdminDomains', []);
        $known = self::knownDomains();
        $unknown = [];
        $total = 0;
        foreach ((array) ($listed['domains'] ?? []) as $entry) {
            if (!is_array($entry) || !is_string($entry['domain'] ?? null)) {
                continue;
            }
            $total++;
            if (!self::isKnown($known, $entry['domain'], (string) ($entry['ace'] ?? ''))) {
                $unknown[] = $entry['domain'];
            }
        }
        $batch = [];
        foreach ($this->details(array_slice($unknown, 0, self::BATCH)) as $detail) {
            $detail['client'] = !empty($detail['ok']) ? self::matchClient((string) ($detail['registrant']['email'] ?? '')) : null;
            $batch[] = $detail;
        }
        return ['total' => $total, 'known' => $total - count($unknown), 'unknown' => count($unknown), 'batch' => $batch];
    }

    /**
     * @param array<int, string> $names
     * @return array<int, array{domain: string, result: string, client: int|null, new_client: bool, detail: string}>
     */
    public function import(array $names): array
    {
        $report = [];
        $todo = [];
        $known = self::knownDomains();
        foreach (array_slice(array_values(array_unique($names)), 0, self::BATCH) as $name) {
            if (self::isKnown($known, $name, '')) {
                $report[] = self::line($name, 'skipped', null, false, 'already_in_whmcs');
            } else {
                $todo[] = $name;
            }
        }
        foreach ($this->details($todo) as $detail) {
            $report[] = $this->importOne($detail);
        }
        return $report;
    }

    /**
     * @param array<string, mixed> $detail
     * @return array{domain: string, result: string, client: int|null, new_client: bool, detail: string}
     */
    private function importOne(array $detail): array
    {
        $name = (string) ($detail['domain'] ?? '');
        if (empty($detail['ok'])) {
            return self::line($name, 'failed', null, false, (string) ($detail['error'] ?? ''));
        }
        if (self::inWhmcs($name, (string) ($detail['ace'] ?? ''))) { // imported meanwhile, e.g. by another admin
            return self::line($name, 'skipped', null, false, 'already_in_whmcs');
        }
        $registrant = is_array($detail['registrant'] ?? null) ? $detail['registrant'] : [];
        $client = self::matchClient((string) ($registrant['email'] ?? ''));
        $new = $client === null;
        try {
            $clientId = $new ? self::createClient($registrant) : (int) $client['id'];
            self::insertDomain($detail, $clientId);
        } catch (\RuntimeException $e) {
            return self::line($name, 'failed', null, false, $e->getMessage());
        }
        if (function_exists('logActivity')) {
            logActivity('ispapi-bridge: imported domain ' . $name . ' for client #' . $clientId . ($new ? ' (new client)' : ''), $clientId);
        }
        return self::line($name, 'imported', $clientId, $new, '');
    }

    /**
     * @return array{domain: string, result: string, client: int|null, new_client: bool, detail: string}
     */
    private static function line(string $domain, string $result, $client, bool $new, string $detail): array
    {
        return ['domain' => $domain, 'result' => $result, 'client' => $client, 'new_client' => $new, 'detail' => $detail];
    }

    /**
     * @param array<int, string> $names
     * @return array<int, array<string, mixed>>
     */
    private function details(array $names): array
    {
        if ($names === []) {
            return [];
        }
        $answer = $this->bridge->call('BridgeAdminDomainDetails', ['domains' => array_values($names)]);
        return array_values(array_filter((array) ($answer['domains'] ?? []), 'is_array'));
    }

    /**
     * Every domain WHMCS has, lower-cased, as stored and in ACE form.
     *
     * @return array<string, bool>
     */
    public static function knownDomains(): array
    {
        $known = [];
        foreach (Capsule::table('tbldomains')->get(['domain']) as $row) {
            $name = is_object($row) && is_string($row->domain ?? null) ? self::lower($row->domain) : '';
            if ($name !== '') {
                $known[$name] = true;
                $known[self::ace($name)] = true;
            }
        }
        return $known;
    }

    /** Whether tbldomains has `name` (as stored or in ACE form) right now. */
    private static function inWhmcs(string $name, string $ace): bool
    {
        $wanted = [self::lower($name) => true, self::ace(self::lower($name)) => true];
        if ($ace !== '') {
            $wanted[strtolower($ace)] = true;
        }
        foreach (array_keys($wanted) as $form) {
            // LIKE: case-insensitive on MySQL and SQLite; the exact comparison drops wildcard over-matches.
            foreach (Capsule::table('tbldomains')->where('domain', 'like', (string) $form)->get(['domain']) as $row) {
                $stored = is_object($row) && is_string($row->domain ?? null) ? self::lower($row->domain) : '';
                if ($stored !== '' && (isset($wanted[$stored]) || isset($wanted[self::ace($stored)]))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static function lower(string $text): string
    {
        $text = trim($text);
        return function_exists('mb_strtolower') ? mb_strtolower($text, 'UTF-8') : strtolower($text);
    }

    /**
     * @param array<string, bool> $known
     */
    private static function isKnown(array $known, string $name, string $ace): bool
    {
        $name = self::lower($name);
        return isset($known[$name]) || isset($known[self::ace($name)]) || ($ace !== '' && isset($known[strtolower($ace)]));
    }

    private static function ace(string $name): string
    {
        if (function_exists('idn_to_ascii')) {
            $ace = idn_to_ascii($name, IDNA_DEFAULT, INTL_IDNA_VARIANT_UTS46);
            if (is_string($ace) && $ace !== '') {
                return strtolower($ace);
            }
        }
        return $name;
    }

    /**
     * The WHMCS client whose email is the registrant's (case-insensitive; the lowest id when several).
     *
     * @return array{id: int, name: string, email: string}|null
     */
    public static function matchClient(string $email)
    {
        $email = strtolower(trim($email));
        if ($email === '') {
            return null;
        }
        // LIKE is case-insensitive on MySQL and SQLite alike; its wildcards can only over-match, and the
        // exact comparison below removes those rows.
        $found = null;
        foreach (Capsule::table('tblclients')->where('email', 'like', $email)->get() as $row) {
            $rowEmail = is_object($row) && is_string($row->email ?? null) ? strtolower(trim($row->email)) : '';
            if ($rowEmail === $email && ($found === null || (int) $row->id < (int) $found->id)) {
                $found = $row;
            }
        }
        if ($found === null) {
            return null;
        }
        $name = trim(((string) ($found->firstname ?? '')) . ' ' . ((string) ($found->lastname ?? '')));
        $company = (string) ($found->companyname ?? '');
        return ['id' => (int) $found->id, 'name' => $company !== '' ? $name . ' (' . $company . ')' : $name, 'email' => (string) $found->email];
    }

    /**
     * A new WHMCS client from the registrant's data (localAPI AddClient, no welcome email).
     *
     * @param array<string, mixed> $registrant
     */
    private static function createClient(array $registrant): int
    {
        $fields = ['firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state', 'postcode', 'country', 'phonenumber'];
        $values = [];
        foreach ($fields as $field) {
            $values[$field] = is_string($registrant[$field] ?? null) ? $registrant[$field] : '';
        }
        if ($values['email'] === '') {
            throw new \RuntimeException('registrant_no_email');
        }
        $values['password2'] = bin2hex(random_bytes(16)); // the client sets their own via "forgot password"
        $values['skipvalidation'] = true; // registry data may lack what the order form requires
        $values['noemail'] = true;
        $answer = function_exists('localAPI') ? localAPI('AddClient', $values) : null;
        if (!is_array($answer) || ($answer['result'] ?? '') !== 'success' || !is_numeric($answer['clientid'] ?? null)) {
            $why = is_array($answer) && is_string($answer['message'] ?? null) ? $answer['message'] : 'AddClient failed';
            throw new \RuntimeException($why);
        }
        return (int) $answer['clientid'];
    }

    private static function paymentMethod(int $clientId): string
    {
        try {
            $gateway = Capsule::table('tblclients')->where('id', $clientId)->value('defaultgateway');
            if (is_string($gateway) && $gateway !== '') {
                return $gateway;
            }
            $first = Capsule::table('tblpaymentgateways')->where('setting', 'name')->first();
            return is_object($first) && is_string($first->gateway ?? null) ? $first->gateway : '';
        } catch (\Throwable $e) {
            return ''; // no gateway configured: the admin picks one on the domain page
        }
    }

    /**
     * @param array<string, mixed> $detail
     */
    private static function insertDomain(array $detail, int $clientId): void
    {
        $now = date('Y-m-d H:i:s');
        $today = substr($now, 0, 10);
        $expiry = is_string($detail['expiry'] ?? null) ? $detail['expiry'] : '0000-00-00';
        $created = is_string($detail['created'] ?? null) ? $detail['created'] : $today;
        $hosts = array_values(array_filter((array) ($detail['nameservers'] ?? []), 'is_string'));
        $payment = self::paymentMethod($clientId);
        $note = sprintf(self::NOTE, $today);
        $orderId = Capsule::table('tblorders')->insertGetId([
            'ordernum' => random_int(1000000000, 9999999999), 'userid' => $clientId, 'contactid' => 0, 'date' => $now,
            'nameservers' => implode(',', $hosts), 'transfersecret' => '', 'renewals' => '', 'promocode' => '',
            'promotype' => '', 'promovalue' => '', 'orderdata' => '', 'amount' => '0.00', 'paymentmethod' => $payment,
            'invoiceid' => 0, 'status' => 'Active', 'ipaddress' => '', 'fraudmodule' => '', 'fraudoutput' => '', 'notes' => $note,
        ]);
        Capsule::table('tbldomains')->insertGetId([
            'userid' => $clientId, 'orderid' => (int) $orderId, 'type' => 'Register', 'registrationdate' => $created,
            'domain' => (string) $detail['domain'], 'firstpaymentamount' => '0.00', 'recurringamount' => '0.00',
            'registrar' => self::REGISTRAR, 'registrationperiod' => 1, 'expirydate' => $expiry, 'subscriptionid' => '',
            'promoid' => 0, 'status' => ($expiry !== '0000-00-00' && $expiry < $today) ? 'Expired' : 'Active',
            'nextduedate' => $expiry, 'nextinvoicedate' => $expiry, 'additionalnotes' => $note, 'paymentmethod' => $payment,
            'dnsmanagement' => 0, 'emailforwarding' => 0, 'idprotection' => 0, 'donotrenew' => 0,
            'created_at' => $now, 'updated_at' => $now,
        ]);
    }
}
