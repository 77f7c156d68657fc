<?php
/**
 * Applies the bridge's `effects` inside WHMCS (app/api/envelope.py, class Effects), and writes the shim's
 * own Module Log entry for each call. Every single effect runs in its own try/catch: a failing log or
 * database write never changes the result WHMCS sees.
 *
 * Masking (docs/whmcs.md §2.7/§4.8): logModuleCall replaces each mask string by as many '*'. The mask
 * list holds BridgeSecret, Password, eppcode/transfersecret, each also in its JSON-escaped forms (the
 * logged text is JSON), and never a value shorter than MIN_MASK characters (it would star out everything).
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Effects
{
    const SECRET_KEYS = ['BridgeSecret', 'Password', 'eppcode', 'transfersecret'];
    const MIN_MASK = 4;
    const MAX_ENTRIES = 200;

    /** The statuses a domain_status update may set (WHMCS's own tbldomains.status values). */
    const DOMAIN_STATUSES = [
        'Pending' => true, 'Pending Registration' => true, 'Pending Transfer' => true, 'Active' => true,
        'Grace' => true, 'Redemption' => true, 'Expired' => true, 'Cancelled' => true, 'Fraud' => true,
        'Transferred Away' => true,
    ];

    /** whmcs_updates vocabulary -> handler method. */
    const UPDATES = [
        'domain_status' => 'domainStatus', 'domain_notes' => 'domainNotes', 'todo' => 'todo',
        'additional_field' => 'additionalField', 'tld_id_protection' => 'tldIdProtection',
    ];

    /**
     * @param array<string, mixed> $params
     * @return array<int, string>
     */
    public static function maskList(array $params): array
    {
        $sources = [$params];
        if (isset($params['original']) && is_array($params['original'])) {
            $sources[] = $params['original'];
        }
        $values = [];
        foreach ($sources as $source) {
            foreach (self::SECRET_KEYS as $key) {
                $values[] = $source[$key] ?? null;
            }
        }
        return self::withSecrets([], $values);
    }

    /**
     * Secrets in the bridge's answer (GetEPPCode's `eppcode`): the Module Log entry holds the raw answer,
     * and the code must not sit there in clear (security tests).
     *
     * @param array<int, string> $masks
     * @param mixed $decoded the answer's body, json-decoded
     * @return array<int, string>
     */
    public static function withReturnedSecrets(array $masks, $decoded): array
    {
        $value = is_array($decoded) && is_array($decoded['result'] ?? null) ? ($decoded['result']['value'] ?? null) : null;
        if (!is_array($value)) {
            return $masks;
        }
        return self::withSecrets($masks, [$value['eppcode'] ?? null]);
    }

    /**
     * @param array<int, string> $masks
     * @param array<int, mixed> $values
     * @return array<int, string>
     */
    private static function withSecrets(array $masks, array $values): array
    {
        $set = array_fill_keys($masks, true);
        foreach ($values as $value) {
            if (!is_string($value) || strlen($value) < self::MIN_MASK) {
                continue;
            }
            $set[$value] = true;
            foreach ([JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE, 0, JSON_UNESCAPED_UNICODE] as $flags) {
                $encoded = json_encode($value, $flags | JSON_INVALID_UTF8_SUBSTITUTE);
                if (is_string($encoded) && strlen($encoded) >= self::MIN_MASK + 2) {
                    $set[substr($encoded, 1, -1)] = true;
                }
            }
        }
        $list = array_map('strval', array_keys($set));
        usort($list, function (string $a, string $b): int {
            return strlen($b) - strlen($a); // longest first, so a secret containing another is fully masked
        });
        return $list;
    }

    /**
     * @param array<int, string> $masks
     */
    public static function mask(string $text, array $masks): string
    {
        foreach ($masks as $secret) {
            $text = str_replace($secret, str_repeat('*', strlen($secret)), $text);
        }
        return $text;
    }

    /**
     * The shim's own Module Log entry: the request envelope and the raw answer (or the error message).
     * `$kept`: the envelope's whmcs.module_log (Module Debug Mode); off, WHMCS would drop the entry, so the
     * texts are not masked for nothing.
     *
     * @param array<int, string> $masks
     */
    public static function logCall(
        string $function,
        string $request,
        string $response,
        array $masks,
        bool $kept
    ): void {
        if ($kept) {
            self::moduleLog('bridge:' . $function, $request, $response, $masks);
        }
    }

    /**
     * @param array<string, mixed> $effects
     * @param array<int, string> $masks
     * @param bool $kept the envelope's whmcs.module_log: whether WHMCS keeps Module Log entries
     */
    public static function apply(array $effects, array $masks, bool $kept): void
    {
        foreach (self::listOf($effects['activity'] ?? null) as $line) {
            if (is_string($line) && $line !== '' && function_exists('logActivity')) {
                try {
                    logActivity(self::mask($line, $masks));
                } catch (\Throwable $e) {
                    // logging must never break the call
                }
            }
        }
        $entries = $kept ? self::listOf($effects['module_log'] ?? null) : [];
        foreach ($entries as $entry) {
            if (is_array($entry)) {
                self::moduleLog(
                    self::text($entry['action'] ?? 'bridge'),
                    self::text($entry['request'] ?? ''),
                    self::text($entry['response'] ?? ''),
                    $masks
                );
            }
        }
        foreach (self::listOf($effects['whmcs_updates'] ?? null) as $update) {
            $type = is_array($update) && is_string($update['type'] ?? null) ? $update['type'] : '';
            if (!isset(self::UPDATES[$type]) || !class_exists('\\WHMCS\\Database\\Capsule')) {
                continue;
            }
            try {
                $method = self::UPDATES[$type];
                self::$method($update);
            } catch (\Throwable $e) {
                // a failed WHMCS-side update is not a failed registrar call
            }
        }
    }

    /**
     * @param array<int, string> $masks
     */
    private static function moduleLog(string $action, string $request, string $response, array $masks): void
    {
        if (!function_exists('logModuleCall')) {
            return;
        }
        try {
            // Masked here as well: the text must be safe even where WHMCS's own masking differs.
            logModuleCall(Shim::MODULE, $action, self::mask($request, $masks), self::mask($response, $masks), '', $masks);
        } catch (\Throwable $e) {
            // logging must never break the call
        }
    }

    /**
     * @param array<string, mixed> $update
     */
    private static function domainStatus(array $update): void
    {
        $status = $update['status'] ?? null;
        if (is_numeric($update['domainid'] ?? null) && is_string($status) && isset(self::DOMAIN_STATUSES[$status])) {
            \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) $update['domainid'])->update(['status' => $status]);
        }
    }

    /**
     * @param array<string, mixed> $update
     */
    private static function domainNotes(array $update): void
    {
        $append = $update['append'] ?? null;
        if (!is_numeric($update['domainid'] ?? null) || !is_string($append) || $append === '') {
            return;
        }
        $query = function () use ($update) {
            return \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) $update['domainid']);
        };
        $current = $query()->value('additionalnotes');
        $notes = is_string($current) && $current !== '' ? rtrim($current, "\n") . "\n" . $append : $append;
        $query()->update(['additionalnotes' => $notes]);
    }

    /**
     * The normalised value of an additional field (docs/module-behaviour.md §5.2 step 3: WHMCS stores what was sent).
     *
     * @param array<string, mixed> $update
     */
    private static function additionalField(array $update): void
    {
        $name = $update['name'] ?? null;
        $value = $update['value'] ?? null;
        if (!is_numeric($update['domainid'] ?? null) || !is_string($name) || $name === '' || !is_string($value)) {
            return;
        }
        \WHMCS\Database\Capsule::table('tbldomainsadditionalfields')
            ->where('domainid', (int) $update['domainid'])
            ->where('name', $name)
            ->update(['value' => $value]);
    }

    /**
     * "Sync Id Protection" of the TLD & Pricing Sync (product documentation, module configuration): the ID
     * protection add-on checkbox of every TLD whose auto-registration is this module follows the registry.
     * TLDs auto-registered elsewhere are left alone.
     *
     * @param array<string, mixed> $update
     */
    private static function tldIdProtection(array $update): void
    {
        $wanted = $update['extensions'] ?? null;
        if (!is_array($wanted)) {
            return;
        }
        $rows = \WHMCS\Database\Capsule::table('tbldomainpricing')->where('autoreg', Shim::MODULE)->get();
        foreach ($rows as $row) {
            $extension = is_object($row) ? ($row->extension ?? null) : null;
            if (!is_string($extension) || !isset($wanted[$extension]) || !is_bool($wanted[$extension])) {
                continue;
            }
            $enabled = $wanted[$extension] ? 1 : 0;
            if ((int) ($row->idprotection ?? 0) !== $enabled) {
                \WHMCS\Database\Capsule::table('tbldomainpricing')->where('id', (int) $row->id)
                    ->update(['idprotection' => $enabled]);
            }
        }
    }

    /**
     * @param array<string, mixed> $update
     */
    private static function todo(array $update): void
    {
        $title = $update['title'] ?? null;
        if (!is_string($title) || $title === '') {
            return;
        }
        $today = date('Y-m-d');
        \WHMCS\Database\Capsule::table('tbltodolist')->insert([
            'date' => $today,
            'title' => mb_substr($title, 0, 250, 'UTF-8'),
            'description' => self::text($update['description'] ?? ''),
            'admin' => 0,
            'status' => 'Pending',
            'duedate' => $today,
        ]);
    }

    /**
     * @param mixed $value
     * @return array<int, mixed>
     */
    private static function listOf($value): array
    {
        return is_array($value) ? array_slice(array_values($value), 0, self::MAX_ENTRIES) : [];
    }

    /** @param mixed $value */
    private static function text($value): string
    {
        if (is_string($value)) {
            return $value;
        }
        $json = json_encode($value, Envelope::JSON_FLAGS);
        return is_string($json) ? $json : '';
    }
}
