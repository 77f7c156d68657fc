<?php
/**
 * ispapi_AdditionalDomainFields from a local cache of the bridge's field catalogue (docs/module-behaviour.md §5.3,
 * docs/whmcs.md §4.1: it runs on every cart render, so no network call on a normal render).
 *
 * Cache layout (one directory per bridge URL, see dir()):
 *   current.json              {"version": "<hash>"|null, "checked": <unix time of the last refresh attempt>}
 *   v-<version>/<lang>/<tld>.json   {"register": [entries], "transfer": [...], ...} for one TLD
 * A refresh (at most once per FRESH_SECONDS, RETRY_SECONDS after a failure, one process at a time via a
 * lock file) fetches AdditionalFieldsCatalogue, writes the split files into a new version directory and
 * then swaps current.json by rename, so a reader sees either the old or the new copy, never half of one.
 * A failed refresh keeps the last good copy; with no copy at all the answer is ['fields' => []].
 * Never throws, never warns: every failure ends in the last good answer.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class FieldsCache
{
    const FUNCTION_NAME = 'AdditionalFieldsCatalogue';
    const FRESH_SECONDS = 3600;
    const RETRY_SECONDS = 300;
    const ENV_DIR = 'ISPAPI_FIELDS_CACHE_DIR';
    const LANGUAGES = ['english' => true, 'german' => true, 'french' => true, 'arabic' => true];
    const OPERATIONS = ['register' => true, 'transfer' => true];
    /** A catalogue version (a hash) and an ASCII TLD: both become path components, so nothing else passes. */
    const VERSION_PATTERN = '/^[a-f0-9]{8,64}$/';
    const TLD_PATTERN = '/^[a-z0-9-]+(\.[a-z0-9-]+)*$/';

    /** @var array<string, mixed> per-process memo of decoded TLD files, keyed by path */
    private static $memo = [];
    /** @var array<string, array<string, string>> client data per user id (one WHMCS request) */
    private static $clients = [];

    /**
     * @param array<string, mixed> $params
     * @return array{fields: array<int, array<string, mixed>>}
     */
    public static function answer(array $params): array
    {
        try {
            return ['fields' => self::fields($params)];
        } catch (\Throwable $e) {
            return ['fields' => []];
        }
    }

    /**
     * @param array<string, mixed> $params
     * @return array<int, array<string, mixed>>
     */
    private static function fields(array $params): array
    {
        $dir = self::dir($params);
        if ($dir === null) {
            return [];
        }
        $current = self::current($dir);
        $age = time() - (int) ($current['checked'] ?? 0);
        $wait = ($current['version'] ?? null) === null ? self::RETRY_SECONDS : self::FRESH_SECONDS;
        if ($current === null || $age >= $wait) {
            $current = self::refresh($dir, $params, $current);
        }
        $version = $current['version'] ?? null;
        if (!is_string($version) || !preg_match(self::VERSION_PATTERN, $version)) {
            return [];
        }
        $type = strtolower(self::text($params['type'] ?? 'register'));
        $op = isset(self::OPERATIONS[$type]) ? $type : 'register';
        $language = self::language($params);
        $entries = null;
        foreach (self::candidates(self::text($params['tld'] ?? '')) as $tld) {
            $perTld = self::tldFile($dir . '/v-' . $version . '/' . $language . '/' . $tld . '.json');
            if (isset($perTld[$op]) && is_array($perTld[$op])) {
                $entries = $perTld[$op];
                break;
            }
        }
        if ($entries === null) {
            return []; // no fields of ours: WHMCS keeps its own definitions for this TLD
        }
        return self::finish($entries, $params);
    }

    /**
     * Prefill from client data, drop our private keys, remove WHMCS defaults ours replace (docs/module-behaviour.md §5.3).
     *
     * @param array<int, mixed> $entries
     * @param array<string, mixed> $params
     * @return array<int, array<string, mixed>>
     */
    private static function finish(array $entries, array $params): array
    {
        $out = [];
        $names = [];
        $client = null;
        foreach ($entries as $entry) {
            if (!is_array($entry) || !is_string($entry['Name'] ?? null)) {
                continue;
            }
            $names[strtolower($entry['Name'])] = true;
            $prefill = $entry['Prefill'] ?? null;
            unset($entry['Prefill']);
            if (is_string($prefill)) {
                $client = $client ?? self::client($params);
                $value = self::prefillValue($prefill, $client, $entry);
                if ($value !== '') {
                    $entry['Default'] = $value;
                }
            }
            $out[] = $entry;
        }
        $current = $params['fields'] ?? null; // WHMCS's own definitions for this TLD
        if (is_array($current)) {
            foreach ($current as $definition) {
                $name = is_array($definition) ? ($definition['Name'] ?? null) : null;
                if (is_string($name) && $name !== '' && !isset($names[strtolower($name)])) {
                    $names[strtolower($name)] = true;
                    $out[] = ['Name' => $name, 'Remove' => true];
                }
            }
        }
        return $out;
    }

    /**
     * The Default a Contract::PREFILL rule gives the entry ('' for none).
     *
     * @param array<string, string> $client raw client values per rule (client())
     * @param array<string, mixed> $entry
     */
    private static function prefillValue(string $kind, array $client, array $entry): string
    {
        $rule = Contract::PREFILL[$kind] ?? null;
        if ($rule === null) {
            return '';
        }
        $value = $client[$kind] ?? '';
        if ($rule['upper']) {
            $value = strtoupper($value);
        }
        if ($rule['map'] !== []) {
            $value = $rule['map'][strtolower($value)] ?? '';
        }
        if ($value === '' || !is_string($entry['Options'] ?? null)) {
            return $value;
        }
        foreach (explode(',', $entry['Options']) as $option) {
            if (explode('|', $option, 2)[0] === $value) {
                return $value; // a dropdown is pre-filled only with one of its options
            }
        }
        return '';
    }

    /**
     * The exact TLD, then its 2nd-level parent (`co.uk` -> `uk`), in ASCII form.
     *
     * @return array<int, string>
     */
    private static function candidates(string $tld): array
    {
        $tld = strtolower(trim(trim($tld), '.'));
        if ($tld !== '' && preg_match('/[^\x20-\x7e]/', $tld) && function_exists('idn_to_ascii')) {
            $ascii = idn_to_ascii($tld, IDNA_DEFAULT, INTL_IDNA_VARIANT_UTS46);
            $tld = is_string($ascii) ? strtolower($ascii) : '';
        }
        if (!preg_match(self::TLD_PATTERN, $tld)) {
            return []; // also keeps any path characters out of the file name
        }
        $dot = strpos($tld, '.');
        return $dot === false ? [$tld] : [$tld, substr($tld, $dot + 1)];
    }

    /** @param array<string, mixed> $params */
    private static function language(array $params): string
    {
        $language = strtolower(self::text($params['language'] ?? ''));
        if ($language === '') {
            $language = strtolower(self::client($params)['language'] ?? '');
        }
        return isset(self::LANGUAGES[$language]) ? $language : 'english';
    }

    /**
     * @return array<string, mixed>|null
     */
    private static function tldFile(string $path)
    {
        if (!array_key_exists($path, self::$memo)) {
            $raw = is_file($path) ? @file_get_contents($path) : false;
            $data = is_string($raw) ? json_decode($raw, true) : null;
            self::$memo[$path] = is_array($data) ? $data : null;
        }
        return self::$memo[$path];
    }

    /**
     * @return array<string, mixed>|null
     */
    private static function current(string $dir)
    {
        $raw = is_file($dir . '/current.json') ? @file_get_contents($dir . '/current.json') : false;
        $data = is_string($raw) ? json_decode($raw, true) : null;
        return is_array($data) ? $data : null;
    }

    /**
     * One refresh attempt; returns the state to use (the new one, or the old one with `checked` moved on).
     *
     * @param array<string, mixed> $params
     * @param array<string, mixed>|null $old
     * @return array<string, mixed>
     */
    private static function refresh(string $dir, array $params, $old): array
    {
        $state = ['version' => $old['version'] ?? null, 'checked' => time()];
        $lock = @fopen($dir . '/refresh.lock', 'c');
        if ($lock === false || !@flock($lock, LOCK_EX | LOCK_NB)) {
            return $old ?? $state; // another request is refreshing right now: use what is there
        }
        try {
            self::$memo = [];
            $catalogue = self::fetch($params);
            if ($catalogue !== null) {
                $version = self::store($dir, $catalogue);
                if ($version !== null) {
                    $state['version'] = $version;
                }
            }
            self::writeAtomic($dir . '/current.json', (string) json_encode($state));
            return $state;
        } finally {
            @flock($lock, LOCK_UN);
            @fclose($lock);
        }
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>|null
     */
    private static function fetch(array $params)
    {
        try {
            $contract = Contract::FUNCTIONS[self::FUNCTION_NAME];
            $requestId = Signer::uuid4();
            // Only the settings travel (in `config`); the cart's params are not the catalogue's business.
            $envelope = Envelope::build(self::FUNCTION_NAME, [], Envelope::config($params), $requestId, false);
            $reply = Transport::post(
                Transport::settings($params),
                self::FUNCTION_NAME,
                Envelope::encode($envelope),
                $requestId,
                null,
                $contract['timeout'],
                false
            );
            $response = Envelope::checkResponse(json_decode($reply, true, 512), $requestId);
            $value = $response['result']['value'];
            if ($response['ok'] !== true || !in_array($response['result']['kind'], $contract['kinds'], true) || !is_array($value)) {
                return null;
            }
            return $value;
        } catch (\Throwable $e) {
            return null; // bridge down or odd answer: the last good copy stays in use
        }
    }

    /**
     * Writes v-<version>/<lang>/<tld>.json for every language and TLD; returns the version or null.
     *
     * @param array<string, mixed> $catalogue
     */
    private static function store(string $dir, array $catalogue): ?string
    {
        $version = $catalogue['version'] ?? null;
        $languages = $catalogue['languages'] ?? null;
        if (!is_string($version) || !preg_match(self::VERSION_PATTERN, $version) || !is_array($languages)) {
            return null;
        }
        $target = $dir . '/v-' . $version;
        if (is_file($target . '/complete')) {
            return $version; // same catalogue as before
        }
        $work = $dir . '/tmp-' . bin2hex(random_bytes(6));
        foreach ($languages as $language => $tlds) {
            if (!isset(self::LANGUAGES[$language]) || !is_array($tlds) || !@mkdir($work . '/' . $language, 0700, true)) {
                continue;
            }
            foreach ($tlds as $tld => $ops) {
                if (is_string($tld) && preg_match(self::TLD_PATTERN, $tld) && is_array($ops)) {
                    @file_put_contents($work . '/' . $language . '/' . $tld . '.json', json_encode($ops, Envelope::JSON_FLAGS));
                }
            }
        }
        @file_put_contents($work . '/complete', $version);
        if (!@rename($work, $target) && !is_file($target . '/complete')) {
            self::removeTree($work);
            return null;
        }
        self::removeTree($work);
        self::prune($dir, 'v-' . $version);
        return $version;
    }

    /** Old versions go; one that a reader may still hold open is harmless to delete on POSIX. */
    private static function prune(string $dir, string $keep): void
    {
        foreach ((array) @scandir($dir) as $name) {
            if (is_string($name) && (strpos($name, 'v-') === 0 || strpos($name, 'tmp-') === 0) && $name !== $keep) {
                $path = $dir . '/' . $name;
                if (strpos($name, 'tmp-') !== 0 || @filemtime($path) < time() - 600) {
                    self::removeTree($path);
                }
            }
        }
    }

    private static function removeTree(string $path): void
    {
        if (is_dir($path) && !is_link($path)) {
            foreach ((array) @scandir($path) as $name) {
                if (is_string($name) && $name !== '.' && $name !== '..') {
                    self::removeTree($path . '/' . $name);
                }
            }
            @rmdir($path);
        } elseif (file_exists($path) || is_link($path)) {
            @unlink($path);
        }
    }

    private static function writeAtomic(string $path, string $content): void
    {
        $temp = $path . '.' . bin2hex(random_bytes(4)) . '.tmp';
        if (@file_put_contents($temp, $content) !== false && !@rename($temp, $path)) {
            @unlink($temp);
        }
    }

    /**
     * The cache directory: $ISPAPI_FIELDS_CACHE_DIR, else one per bridge URL in the system temp dir;
     * created 0700 and used only when it is ours (a planted directory in a shared /tmp is ignored).
     *
     * @param array<string, mixed> $params
     */
    private static function dir(array $params): ?string
    {
        $base = getenv(self::ENV_DIR);
        $url = Transport::settings($params)['url'];
        $dir = is_string($base) && $base !== '' ? rtrim($base, '/')
            : rtrim(sys_get_temp_dir(), '/') . '/ispapi-fields-' . substr(hash('sha256', $url), 0, 16);
        if (!is_dir($dir)) {
            $existing = $dir;
            while (!file_exists($existing) && dirname($existing) !== $existing) {
                $existing = dirname($existing);
            }
            // mkdir under a file would warn (WHMCS logs even @-silenced warnings): check first
            if (!is_dir($existing) || !is_writable($existing) || (!@mkdir($dir, 0700, true) && !is_dir($dir))) {
                return null;
            }
        }
        if (function_exists('posix_geteuid') && @fileowner($dir) !== posix_geteuid()) {
            return null;
        }
        return is_writable($dir) || is_file($dir . '/current.json') ? $dir : null;
    }

    /**
     * The client's raw value for every Contract::PREFILL rule (and `language` for the labels): from the
     * params WHMCS passes, else read with Capsule (user id from params or the client-area session); every
     * lookup may fail quietly.
     *
     * @param array<string, mixed> $params
     * @return array<string, string> rule name => value ('' when unknown)
     */
    private static function client(array $params): array
    {
        $blocks = [$params];
        foreach (Contract::CLIENT_BLOCKS as $key) {
            if (isset($params[$key]) && is_array($params[$key])) {
                $blocks[] = $params[$key];
            }
        }
        $found = array_fill_keys(array_keys(Contract::PREFILL), '');
        foreach ($blocks as $block) {
            foreach (Contract::PREFILL as $kind => $rule) {
                if ($found[$kind] === '') {
                    $found[$kind] = self::fromBlock($block, $rule);
                }
            }
        }
        $userId = $params['userid'] ?? ($params['clientid'] ?? ($_SESSION['uid'] ?? null));
        if (in_array('', $found, true) && is_numeric($userId) && class_exists('\\WHMCS\\Database\\Capsule')) {
            $stored = self::storedClient((int) $userId);
            foreach ($found as $kind => $value) {
                $found[$kind] = $value !== '' ? $value : ($stored[$kind] ?? '');
            }
        }
        return $found;
    }

    /**
     * One rule's value from one block of client data: its first non-empty client key, else its custom field.
     *
     * @param array<mixed> $block
     * @param array<string, mixed> $rule
     */
    private static function fromBlock(array $block, array $rule): string
    {
        foreach ($rule['client_keys'] as $key) {
            $value = self::text($block[$key] ?? '');
            if ($value !== '') {
                return $value;
            }
        }
        $custom = $block['customfields'] ?? null;
        return is_string($rule['custom_field']) && is_array($custom) ? self::customField($custom, $rule['custom_field']) : '';
    }

    /**
     * @param array<mixed> $custom  {textid: value} or [{name|textid, value}]
     */
    private static function customField(array $custom, string $textId): string
    {
        if (isset($custom[$textId])) {
            return self::text($custom[$textId]);
        }
        foreach ($custom as $entry) {
            if (is_array($entry) && in_array($textId, [$entry['textid'] ?? null, $entry['name'] ?? null], true)) {
                return self::text($entry['value'] ?? '');
            }
        }
        return '';
    }

    /**
     * The rules' values from tblclients and the client custom fields of the WHMCS database.
     *
     * @return array<string, string>
     */
    private static function storedClient(int $userId): array
    {
        if (isset(self::$clients[$userId])) {
            return self::$clients[$userId];
        }
        $found = array_fill_keys(array_keys(Contract::PREFILL), '');
        try {
            $row = \WHMCS\Database\Capsule::table('tblclients')->where('id', $userId)->first();
            $row = is_object($row) ? (array) $row : (is_array($row) ? $row : []);
            foreach (Contract::PREFILL as $kind => $rule) {
                $found[$kind] = self::fromBlock($row, ['client_keys' => $rule['client_keys'], 'custom_field' => null]);
            }
        } catch (\Throwable $e) {
            // older WHMCS without tax_id, or no database: no prefill
        }
        try {
            // client custom fields (WHMCS keeps "name|Display name" in fieldname)
            $fields = \WHMCS\Database\Capsule::table('tblcustomfields')->where('type', 'client')->get();
            foreach ($fields as $field) {
                $field = (array) $field;
                $name = strtolower(explode('|', self::text($field['fieldname'] ?? ''))[0]);
                foreach (Contract::PREFILL as $kind => $rule) {
                    if ($found[$kind] === '' && $rule['custom_field'] === $name) {
                        $value = \WHMCS\Database\Capsule::table('tblcustomfieldsvalues')
                            ->where('fieldid', (int) ($field['id'] ?? 0))->where('relid', $userId)->value('value');
                        $found[$kind] = self::text($value);
                    }
                }
            }
        } catch (\Throwable $e) {
            // no custom fields table: no prefill
        }
        return self::$clients[$userId] = $found;
    }

    /** @param mixed $value */
    private static function text($value): string
    {
        return is_scalar($value) ? trim((string) $value) : '';
    }
}
