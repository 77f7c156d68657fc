<?php
/**
 * Stubs of the WHMCS classes and functions the ispapi shim touches (docs/whmcs.md §5.2), with the
 * same names, constants, type hints and validation as WHMCS where the contract documents them, and
 * recorders (WhmcsEmu) so tests can assert what the module logged and changed.
 *
 * Written for this project from the contract notes; no WHMCS code is copied.
 */

namespace WHMCS {
    class Carbon extends \DateTime
    {
        public static function now(): self
        {
            return new static('now');
        }

        public static function today(): self
        {
            return new static('today');
        }

        public function toDateString(): string
        {
            return $this->format('Y-m-d');
        }

        public function toAdminDateFormat(): string
        {
            return $this->format('d/m/Y');
        }
    }

    class Exception extends \Exception
    {
    }
}

namespace WHMCS\Exception\Module {
    class InvalidConfiguration extends \WHMCS\Exception
    {
    }

    class NotServicable extends \WHMCS\Exception
    {
    }
}

namespace WHMCS\Domains {
    class Domain
    {
        /** @var string */
        private $secondLevel;
        /** @var string */
        private $topLevel;
        /** @var bool */
        private $premium = false;

        public function __construct(string $domain, ?string $tld = null)
        {
            if ($tld === null) {
                $dot = strpos($domain, '.');
                $tld = $dot === false ? '' : substr($domain, $dot + 1);
                $domain = $dot === false ? $domain : substr($domain, 0, $dot);
            }
            $this->secondLevel = self::unicode($domain);
            $this->topLevel = self::unicode(ltrim($tld, '.'));
        }

        private static function unicode(string $label): string
        {
            $converted = $label === '' ? false : idn_to_utf8($label, IDNA_DEFAULT, INTL_IDNA_VARIANT_UTS46);
            return is_string($converted) ? $converted : $label;
        }

        private static function puny(string $label): string
        {
            $converted = $label === '' ? false : idn_to_ascii($label, IDNA_DEFAULT, INTL_IDNA_VARIANT_UTS46);
            return is_string($converted) ? $converted : $label;
        }

        public function getDomain($idn = true): string
        {
            return $idn ? $this->toPunycode() : $this->toUnicode();
        }

        public function toPunycode(): string
        {
            return self::puny($this->secondLevel) . '.' . self::puny($this->topLevel);
        }

        public function toUnicode(): string
        {
            return $this->secondLevel . '.' . $this->topLevel;
        }

        public function getSecondLevel(): string
        {
            return $this->secondLevel;
        }

        public function getUnicodeSecondLevel(): string
        {
            return $this->secondLevel;
        }

        public function getSLD(): string
        {
            return $this->secondLevel;
        }

        public function getPunycodeSecondLevel(): string
        {
            return self::puny($this->secondLevel);
        }

        public function getIdnSecondLevel(): string
        {
            return self::puny($this->secondLevel);
        }

        public function getTopLevel(): string
        {
            return $this->topLevel;
        }

        public function getTLD(): string
        {
            return $this->topLevel;
        }

        public function getDotTopLevel(): string
        {
            return '.' . $this->topLevel;
        }

        public function getPunycodeTopLevel(): string
        {
            return self::puny($this->topLevel);
        }

        public function getLastTLDSegment(): string
        {
            $parts = explode('.', $this->topLevel);
            return (string) end($parts);
        }

        public function isIdn(): bool
        {
            return $this->toPunycode() !== $this->toUnicode();
        }

        public function isPremiumDomain(): bool
        {
            return $this->premium;
        }

        public function setPremiumDomain($premium)
        {
            $this->premium = (bool) $premium;
            return $this;
        }
    }
}

namespace WHMCS\Domains\DomainLookup {
    class ResultsList extends \ArrayObject
    {
        public function toArray(): array
        {
            $out = [];
            foreach ($this as $item) {
                $out[] = $item->toArray();
            }
            return $out;
        }
    }

    class SearchResult extends \WHMCS\Domains\Domain
    {
        const STATUS_NOT_REGISTERED = 'available for registration';
        const STATUS_REGISTERED = 'registered';
        const STATUS_RESERVED = 'reserved';
        const STATUS_UNKNOWN = 'unknown';
        const STATUS_TLD_NOT_SUPPORTED = 'tld not supported';

        /** @var string */
        private $status = self::STATUS_UNKNOWN;
        /** @var float */
        private $score = 0.0;
        /** @var array */
        private $premiumCostPricing = [];

        public function setStatus($status)
        {
            $this->status = $status;
            return $this;
        }

        public function getStatus()
        {
            return $this->status;
        }

        public function setScore($score)
        {
            $this->score = (float) $score;
            return $this;
        }

        public function getScore()
        {
            return $this->score;
        }

        public function setPremiumCostPricing(array $pricing)
        {
            $this->premiumCostPricing = $pricing;
            return $this;
        }

        public function getPremiumCostPricing()
        {
            return $this->premiumCostPricing;
        }

        public function toArray(): array
        {
            return [
                'sld' => $this->getSecondLevel(),
                'tld' => $this->getDotTopLevel(),
                'status' => $this->status,
                'score' => $this->score,
                'isPremium' => $this->isPremiumDomain(),
                'premiumCostPricing' => $this->premiumCostPricing,
            ];
        }
    }
}

namespace WHMCS\Results {
    class ResultsList extends \ArrayObject
    {
        public function toArray(): array
        {
            $out = [];
            foreach ($this as $item) {
                $out[] = $item->toArray();
            }
            return $out;
        }
    }
}

namespace WHMCS\Domain\TopLevel {
    class ImportItem
    {
        private $extension = '';
        private $minYears = 1;
        private $maxYears = 10;
        private $yearsStep = 1;
        private $years = [];
        private $registerPrice = null;
        private $renewPrice = null;
        private $transferPrice = null;
        private $graceFeeDays = null;
        private $graceFeePrice = null;
        private $redemptionFeeDays = null;
        private $redemptionFeePrice = null;
        private $currency = '';
        private $eppRequired = false;

        private static function price($value, string $what)
        {
            if ($value !== null && !is_numeric($value)) {
                throw new \InvalidArgumentException($what . ' must be numeric or null');
            }
            return $value === null ? null : (float) $value;
        }

        public function setExtension($extension)
        {
            if (!is_string($extension)) {
                throw new \InvalidArgumentException('Extension must be a string');
            }
            $this->extension = '.' . ltrim($extension, '.');
            return $this;
        }

        public function setMinYears($years)
        {
            $this->minYears = (int) $years;
            return $this;
        }

        public function setMaxYears($years)
        {
            $this->maxYears = (int) $years;
            return $this;
        }

        public function setYearsStep($step)
        {
            $this->yearsStep = (int) $step;
            return $this;
        }

        public function setYears(array $years)
        {
            $years = array_values(array_filter(array_map('intval', $years), function ($y) {
                return $y >= 1 && $y <= 10;
            }));
            sort($years);
            $this->years = $years;
            if ($years !== []) {
                $this->minYears = $years[0];
                $this->maxYears = $years[count($years) - 1];
            }
            return $this;
        }

        public function setRegisterPrice($price)
        {
            $this->registerPrice = self::price($price, 'Register price');
            return $this;
        }

        public function setRenewPrice($price)
        {
            $this->renewPrice = self::price($price, 'Renew price');
            return $this;
        }

        public function setTransferPrice($price)
        {
            $this->transferPrice = self::price($price, 'Transfer price');
            return $this;
        }

        public function setGraceFeeDays($days)
        {
            $this->graceFeeDays = self::price($days, 'Grace fee days');
            return $this;
        }

        public function setGraceFeePrice($price)
        {
            $this->graceFeePrice = self::price($price, 'Grace fee price');
            return $this;
        }

        public function setRedemptionFeeDays($days)
        {
            $this->redemptionFeeDays = self::price($days, 'Redemption fee days');
            return $this;
        }

        public function setRedemptionFeePrice($price)
        {
            $this->redemptionFeePrice = self::price($price, 'Redemption fee price');
            return $this;
        }

        public function setCurrency($currency)
        {
            if (!is_string($currency)) {
                throw new \InvalidArgumentException('Currency must be a string');
            }
            $this->currency = $currency;
            return $this;
        }

        public function setEppRequired($required)
        {
            $this->eppRequired = (bool) $required;
            return $this;
        }

        public function getExtension()
        {
            return $this->extension;
        }

        public function getRegisterPrice()
        {
            return $this->registerPrice;
        }

        public function getCurrency()
        {
            return $this->currency;
        }

        public function toArray(): array
        {
            return get_object_vars($this);
        }
    }
}

namespace WHMCS\Domain\Registrar {
    class Domain
    {
        const STATUS_ACTIVE = 'Active';
        const STATUS_ARCHIVED = 'Archived';
        const STATUS_DELETED = 'Deleted';
        const STATUS_EXPIRED = 'Expired';
        const STATUS_INACTIVE = 'InActive';
        const STATUS_SUSPENDED = 'Suspended';
        const STATUS_PENDING_DELETE = 'Pending Delete Restorable';

        private $domain = '';
        private $nameservers = [];
        private $registrationStatus = null;
        private $transferLock = null;
        private $transferLockExpiryDate = null;
        private $expiryDate = null;
        private $restorable = null;
        private $renewBeforeExpiration = null;
        private $idProtectionStatus = null;
        private $dnsManagementStatus = null;
        private $emailForwardingStatus = null;
        private $isIrtpEnabled = null;
        private $irtpOptOutStatus = null;
        private $irtpTransferLock = null;
        private $irtpTransferLockExpiryDate = null;
        private $domainContactChangePending = null;
        private $pendingSuspension = null;
        private $domainContactChangeExpiryDate = null;
        private $irtpVerificationTriggerFields = [];
        private $registrantEmailAddress = null;

        public function setDomain($domain)
        {
            $this->domain = $domain;
            return $this;
        }

        public function getDomain()
        {
            return $this->domain;
        }

        public function setNameservers(array $nameservers)
        {
            $this->nameservers = $nameservers;
            return $this;
        }

        public function hasNameservers(): bool
        {
            return count($this->nameservers) > 0;
        }

        public function getNameservers()
        {
            return $this->nameservers;
        }

        public function setRegistrationStatus($status)
        {
            $this->registrationStatus = $status;
            return $this;
        }

        public function getRegistrationStatus()
        {
            return $this->registrationStatus;
        }

        public function setTransferLock($lock)
        {
            $this->transferLock = (bool) $lock;
            return $this;
        }

        public function hasTransferLock(): bool
        {
            return $this->transferLock !== null;
        }

        public function getTransferLock()
        {
            return $this->transferLock;
        }

        public function setTransferLockExpiryDate(?\WHMCS\Carbon $date = null)
        {
            $this->transferLockExpiryDate = $date;
            return $this;
        }

        public function setExpiryDate(?\WHMCS\Carbon $date = null)
        {
            $this->expiryDate = $date;
            return $this;
        }

        public function getExpiryDate()
        {
            return $this->expiryDate;
        }

        public function setRestorable($restorable)
        {
            $this->restorable = (bool) $restorable;
            return $this;
        }

        public function setRenewBeforeExpiration($renew)
        {
            $this->renewBeforeExpiration = (bool) $renew;
            return $this;
        }

        public function setIdProtectionStatus($status)
        {
            $this->idProtectionStatus = (bool) $status;
            return $this;
        }

        public function setDnsManagementStatus($status)
        {
            $this->dnsManagementStatus = (bool) $status;
            return $this;
        }

        public function setEmailForwardingStatus($status)
        {
            $this->emailForwardingStatus = (bool) $status;
            return $this;
        }

        public function setIsIrtpEnabled($enabled)
        {
            $this->isIrtpEnabled = (bool) $enabled;
            return $this;
        }

        public function isIrtpEnabled(): bool
        {
            return (bool) $this->isIrtpEnabled;
        }

        public function getIsIrtpEnabled()
        {
            return $this->isIrtpEnabled;
        }

        public function setIrtpOptOutStatus($status)
        {
            $this->irtpOptOutStatus = (bool) $status;
            return $this;
        }

        public function setIrtpTransferLock($lock)
        {
            $this->irtpTransferLock = (bool) $lock;
            return $this;
        }

        public function getIrtpTransferLock()
        {
            return $this->irtpTransferLock;
        }

        public function setIrtpTransferLockExpiryDate(\WHMCS\Carbon $date)
        {
            $this->irtpTransferLockExpiryDate = $date;
            return $this;
        }

        public function setDomainContactChangePending($pending)
        {
            $this->domainContactChangePending = (bool) $pending;
            return $this;
        }

        public function isContactChangePending(): bool
        {
            return (bool) $this->domainContactChangePending;
        }

        public function setPendingSuspension($pending)
        {
            $this->pendingSuspension = (bool) $pending;
            return $this;
        }

        public function getPendingSuspension()
        {
            return $this->pendingSuspension;
        }

        public function setDomainContactChangeExpiryDate(?\WHMCS\Carbon $date = null)
        {
            $this->domainContactChangeExpiryDate = $date;
            return $this;
        }

        public function setIrtpVerificationTriggerFields(array $fields)
        {
            $this->irtpVerificationTriggerFields = $fields;
            return $this;
        }

        public function setRegistrantEmailAddress($email)
        {
            $this->registrantEmailAddress = $email;
            return $this;
        }
    }
}

namespace WHMCS\Database {
    /** A tiny query builder over PDO-SQLite: where()->value()/first()/get()/update()/insert(). */
    class StubQuery
    {
        private $table;
        private $wheres = [];

        public function __construct(string $table)
        {
            $this->table = self::name($table);
        }

        public static function name(string $name): string
        {
            if (preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $name) !== 1) {
                throw new \InvalidArgumentException('bad identifier');
            }
            return '"' . $name . '"';
        }

        public function where($column, $operator = null, $value = null)
        {
            if (func_num_args() === 2) {
                $value = $operator;
                $operator = '=';
            }
            if (!in_array($operator, ['=', '!=', '<>', '<', '>', '<=', '>=', 'like'], true)) {
                throw new \InvalidArgumentException('bad operator');
            }
            $this->wheres[] = [self::name($column), $operator, $value];
            return $this;
        }

        private function clause(): array
        {
            if ($this->wheres === []) {
                return ['', []];
            }
            $sql = [];
            $args = [];
            foreach ($this->wheres as $where) {
                $sql[] = $where[0] . ' ' . $where[1] . ' ?';
                $args[] = $where[2];
            }
            return [' WHERE ' . implode(' AND ', $sql), $args];
        }

        /** Columns are ignored (every column comes back), as harmless as WHMCS's get(['col']). */
        public function get($columns = ['*']): array
        {
            [$where, $args] = $this->clause();
            $statement = \WhmcsEmu::pdo()->prepare('SELECT * FROM ' . $this->table . $where);
            $statement->execute($args);
            return $statement->fetchAll(\PDO::FETCH_OBJ);
        }

        public function first()
        {
            $rows = $this->get();
            return $rows[0] ?? null;
        }

        public function value(string $column)
        {
            $row = $this->first();
            return $row === null ? null : ($row->$column ?? null);
        }

        public function update(array $values): int
        {
            [$where, $args] = $this->clause();
            $set = [];
            foreach (array_keys($values) as $column) {
                $set[] = self::name($column) . ' = ?';
            }
            $statement = \WhmcsEmu::pdo()->prepare('UPDATE ' . $this->table . ' SET ' . implode(', ', $set) . $where);
            $statement->execute(array_merge(array_values($values), $args));
            return $statement->rowCount();
        }

        public function insertGetId(array $values)
        {
            $this->insert($values);
            return (int) \WhmcsEmu::pdo()->lastInsertId();
        }

        public function insert(array $values): bool
        {
            $columns = array_map([self::class, 'name'], array_keys($values));
            $marks = implode(', ', array_fill(0, count($values), '?'));
            $statement = \WhmcsEmu::pdo()->prepare(
                'INSERT INTO ' . $this->table . ' (' . implode(', ', $columns) . ') VALUES (' . $marks . ')'
            );
            return $statement->execute(array_values($values));
        }
    }

    class Capsule
    {
        public static function table(string $table): StubQuery
        {
            return new StubQuery($table);
        }

        public static function connection()
        {
            return new class {
                public function getPdo(): \PDO
                {
                    return \WhmcsEmu::pdo();
                }
            };
        }
    }
}

namespace WHMCS\Config {
    class Setting
    {
        public static function getValue($key)
        {
            return \WhmcsEmu::$settings[$key] ?? null;
        }
    }
}

namespace {
    /** Recorders and canned data of the emulated WHMCS (filled by run.php from the runner input). */
    final class WhmcsEmu
    {
        /** tblconfiguration values a test does not set: Module Debug Mode on, so the Module Log records (tests
         * of what it holds); a test turns it off with settings ['ModuleDebugMode' => '']. */
        const DEFAULT_SETTINGS = ['ModuleDebugMode' => 'on'];
        public static $modulelog = [];
        public static $activity = [];
        public static $hooks = [];
        public static $localapiCalls = [];
        public static $localapi = [];
        public static $registrarConfig = [];
        public static $settings = [];
        public static $lang = [];
        /** @var \PDO|null */
        private static $pdo = null;

        /** Default schema: the WHMCS columns the shim reads or writes. */
        const TABLES = [
            'tbldomains' => ['id INTEGER PRIMARY KEY', 'userid', 'domain', 'registrar', 'status', 'expirydate',
                'additionalnotes', 'idprotection', 'dnsmanagement', 'emailforwarding', 'orderid', 'type',
                'registrationdate', 'firstpaymentamount', 'recurringamount', 'registrationperiod', 'subscriptionid',
                'promoid', 'nextduedate', 'nextinvoicedate', 'paymentmethod', 'donotrenew', 'created_at', 'updated_at'],
            // The columns the admin page's domain import reads and writes (clients, the import order).
            'tblclients' => ['id INTEGER PRIMARY KEY AUTOINCREMENT', 'firstname', 'lastname', 'companyname', 'email',
                'address1', 'address2', 'city', 'state', 'postcode', 'country', 'phonenumber', 'defaultgateway',
                'status', 'datecreated'],
            'tblorders' => ['id INTEGER PRIMARY KEY AUTOINCREMENT', 'ordernum', 'userid', 'contactid', 'date',
                'nameservers', 'transfersecret', 'renewals', 'promocode', 'promotype', 'promovalue', 'orderdata',
                'amount', 'paymentmethod', 'invoiceid', 'status', 'ipaddress', 'fraudmodule', 'fraudoutput', 'notes'],
            'tblpaymentgateways' => ['id INTEGER PRIMARY KEY AUTOINCREMENT', 'gateway', 'setting', 'value', '"order"'],
            'tbltodolist' => ['id INTEGER PRIMARY KEY AUTOINCREMENT', 'date', 'title', 'description', 'admin',
                'status', 'duedate'],
            'tbldomainpricing' => ['id INTEGER PRIMARY KEY', 'extension', 'autoreg'],
        ];

        /** @var string|null an SQLite file that outlives the process (the admin-page server), else in memory */
        public static $dbFile = null;

        public static function pdo(): \PDO
        {
            if (self::$pdo === null) {
                self::$pdo = new \PDO(self::$dbFile === null ? 'sqlite::memory:' : 'sqlite:' . self::$dbFile);
                self::$pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
                self::$pdo->exec('PRAGMA busy_timeout = 10000');
                foreach (self::TABLES as $table => $columns) {
                    self::$pdo->exec('CREATE TABLE IF NOT EXISTS ' . $table . ' (' . implode(', ', $columns) . ')');
                }
            }
            return self::$pdo;
        }

        public static function seed(array $db): void
        {
            $pdo = self::pdo();
            foreach ($db as $table => $rows) {
                $quoted = \WHMCS\Database\StubQuery::name($table);
                $known = [];
                foreach ($pdo->query('PRAGMA table_info(' . $quoted . ')')->fetchAll(\PDO::FETCH_ASSOC) as $column) {
                    $known[$column['name']] = true;
                }
                foreach ($rows as $row) {
                    foreach (array_keys($row) as $column) {
                        if (!isset($known[$column])) {
                            $sql = $known === [] ? 'CREATE TABLE ' . $quoted . ' (' . \WHMCS\Database\StubQuery::name($column) . ')'
                                : 'ALTER TABLE ' . $quoted . ' ADD COLUMN ' . \WHMCS\Database\StubQuery::name($column);
                            $pdo->exec($sql);
                            $known[$column] = true;
                        }
                    }
                    \WHMCS\Database\Capsule::table($table)->insert($row);
                }
            }
        }

        /**
         * localAPI AddClient as WHMCS answers it: a tblclients row (password and flags are not stored), or
         * the error WHMCS gives for an email address a client already has.
         */
        public static function addClient(array $values): array
        {
            $email = strtolower(trim((string) ($values['email'] ?? '')));
            foreach (\WHMCS\Database\Capsule::table('tblclients')->get() as $row) {
                if (strtolower((string) $row->email) === $email) {
                    return ['result' => 'error', 'message' => 'A user already exists with that email address'];
                }
            }
            $row = ['datecreated' => date('Y-m-d'), 'status' => 'Active'];
            foreach (['firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state', 'postcode', 'country', 'phonenumber'] as $key) {
                $row[$key] = (string) ($values[$key] ?? '');
            }
            $id = \WHMCS\Database\Capsule::table('tblclients')->insertGetId($row);
            return ['result' => 'success', 'clientid' => $id];
        }

        public static function dump(): array
        {
            $out = [];
            $tables = self::pdo()->query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
            foreach ($tables->fetchAll(\PDO::FETCH_COLUMN) as $table) {
                $out[$table] = self::pdo()->query('SELECT * FROM "' . $table . '"')->fetchAll(\PDO::FETCH_ASSOC);
            }
            return $out;
        }
    }

    class Lang
    {
        public static function trans($key, $replacements = [])
        {
            return \WhmcsEmu::$lang[$key] ?? $key;
        }
    }

    class AdminLang
    {
        public static function trans($key, $replacements = [])
        {
            return \WhmcsEmu::$lang[$key] ?? $key;
        }
    }

    /** Records the entry after WHMCS's masking: each replaceVars string becomes as many '*'. */
    function logModuleCall($module, $action, $request, $response, $processedData = '', $replaceVars = [])
    {
        if (!WHMCS\Config\Setting::getValue('ModuleDebugMode')) {
            return false; // as WHMCS: the Module Log keeps nothing while Module Debug Mode is off
        }
        $texts = [$request, $response, $processedData];
        foreach ($texts as $i => $text) {
            $text = is_array($text) || is_object($text) ? print_r($text, true) : (string) $text;
            foreach ((array) $replaceVars as $secret) {
                $secret = (string) $secret;
                if ($secret !== '') {
                    $text = str_replace($secret, str_repeat('*', strlen($secret)), $text);
                }
            }
            $texts[$i] = $text;
        }
        \WhmcsEmu::$modulelog[] = [
            'module' => $module, 'action' => $action, 'request' => $texts[0], 'response' => $texts[1],
            'processed' => $texts[2], 'replace_vars' => array_values((array) $replaceVars),
        ];
    }

    function logActivity($message, $userId = 0)
    {
        \WhmcsEmu::$activity[] = ['message' => $message, 'userid' => $userId];
    }

    function localAPI($command, $values = [], $adminUsername = null)
    {
        \WhmcsEmu::$localapiCalls[] = ['command' => $command, 'values' => $values];
        if (!isset(\WhmcsEmu::$localapi[$command]) && $command === 'AddClient') {
            return \WhmcsEmu::addClient((array) $values);
        }
        return \WhmcsEmu::$localapi[$command] ?? ['result' => 'error', 'message' => 'Command Not Found'];
    }

    /** The admin session's CSRF token (WHMCS: generate_token('plain') gives the bare value). */
    function generate_token($type = 'form')
    {
        if (!isset($_SESSION) || !is_array($_SESSION)) {
            $_SESSION = [];
        }
        if (empty($_SESSION['tkval'])) {
            $_SESSION['tkval'] = bin2hex(random_bytes(20));
        }
        $token = (string) $_SESSION['tkval'];
        return $type === 'plain' ? $token : '<input type="hidden" name="token" value="' . $token . '" />';
    }

    function add_hook($hookPoint, $priority, $function)
    {
        \WhmcsEmu::$hooks[] = ['hook' => $hookPoint, 'priority' => $priority, 'function' => $function];
    }

    function run_hook($hookPoint, $vars)
    {
        $hooks = array_values(array_filter(\WhmcsEmu::$hooks, function ($h) use ($hookPoint) {
            return $h['hook'] === $hookPoint;
        }));
        usort($hooks, function ($a, $b) {
            return $a['priority'] <=> $b['priority'];
        });
        $results = [];
        foreach ($hooks as $hook) {
            $results[] = call_user_func($hook['function'], $vars);
        }
        return $results;
    }

    function getRegistrarConfigOptions($module)
    {
        return \WhmcsEmu::$registrarConfig;
    }

    function injectDomainObjectIfNecessary($params)
    {
        if (!isset($params['domainObj']) && isset($params['sld'], $params['tld'])) {
            $params['domainObj'] = new \WHMCS\Domains\Domain((string) $params['sld'], (string) $params['tld']);
        }
        return $params;
    }

    /** Strips accents like WHMCS's transliteration of contact data (docs/whmcs.md §1.2). */
    function foreignChrReplace($value)
    {
        if (is_array($value)) {
            return array_map('foreignChrReplace', $value);
        }
        if (!is_string($value)) {
            return $value;
        }
        $converted = transliterator_transliterate('Any-Latin; Latin-ASCII', $value);
        return is_string($converted) ? $converted : $value;
    }
}
