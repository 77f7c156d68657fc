<?php
/**
 * Functions answered without any I/O (docs/whmcs.md §4.1: WHMCS calls MetaData and getConfigArray on
 * every module load and admin page, the button arrays on every domain page). The buttons are the generated
 * Contract::CLIENT_BUTTONS and Contract::ADMIN_BUTTONS (app/contract/buttons.py explains the conditions).
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Local
{
    /** The original module's setting keys (docs/module-behaviour.md §2.1 and §12), forwarded in `config`. */
    const FORWARDED_SETTINGS = [
        'Backend', 'Username', 'Password', 'TestMode', 'ProxyServer', 'IRTP', 'TRANSFERLOCK', 'NSUpdTransfer',
        'CHUpdTransfer', 'DNSSEC', 'TRANSFERCARTPRECHECK', 'WebApps', 'SyncIDProtection', 'SuspendAfterExpiration',
        'TradeCostTodo',
    ];

    /** The shim's own settings: they configure the transport and never leave WHMCS. */
    const BRIDGE_SETTINGS = ['BridgeURL', 'BridgeSecret', 'BridgeTimeout'];

    const IRTP_AGENT = 'Check to act as Designated Agent for all contact changes. Ensure you understand your role '
        . 'and responsibilities before checking this option.';
    const IRTP_API = 'Check to use IRTP feature from our API.';

    /**
     * @param array<string, mixed> $params
     * @return mixed
     */
    public static function answer(string $function, array $params)
    {
        try {
            switch ($function) {
                case 'getConfigArray':
                    return self::configArray();
                case 'MetaData':
                    return ['DisplayName' => 'ISPAPI (bridge)', 'APIVersion' => '1.1', 'NonLinearRegistrationPricing' => false];
                case 'DomainSuggestionOptions':
                    return self::suggestionOptions();
                case 'ClientAreaCustomButtonArray':
                    return self::buttons($params);
                case 'AdminCustomButtonArray':
                    return self::adminButtons($params);
                default:
                    return ''; // ClientArea: nothing extra on the domain overview (no remote call, docs/whmcs.md §1.3)
            }
        } catch (\Throwable $e) {
            return $function === 'ClientArea' ? '' : [];
        }
    }

    /**
     * Whether `$key` is a module setting (forwarded or the shim's own); none of them is repeated in `params`.
     *
     * @param int|string $key
     */
    public static function isSetting($key): bool
    {
        return in_array($key, self::FORWARDED_SETTINGS, true) || in_array($key, self::BRIDGE_SETTINGS, true);
    }

    /**
     * @return array<string, array<string, mixed>>
     */
    public static function configArray(): array
    {
        return [
            'FriendlyName' => ['Type' => 'System', 'Value' => 'ISPAPI'],
            'Description' => ['Type' => 'System', 'Value' => htmlspecialchars(Texts::get('description'), ENT_QUOTES, 'UTF-8')],
            // Which registry API the account below belongs to; an install from before the setting keeps ISPAPI.
            'Backend' => ['FriendlyName' => 'Backend', 'Type' => 'dropdown', 'Options' => ['ispapi' => 'HEXONET ISPAPI', 'cnr' => 'CentralNic Reseller'], 'Default' => 'ispapi', 'Description' => self::text('backend')],
            'Username' => ['FriendlyName' => 'Username', 'Type' => 'text', 'Size' => '20', 'Description' => self::text('username')],
            'Password' => ['FriendlyName' => 'Password', 'Type' => 'password', 'Size' => '20', 'Description' => self::text('password')],
            'TestMode' => ['FriendlyName' => 'Use Test Environment', 'Type' => 'yesno', 'Description' => self::text('test_mode')],
            'ProxyServer' => ['FriendlyName' => 'Proxy Server', 'Type' => 'text', 'Description' => 'Optional HTTP(S) proxy for the connection to the registrar API'],
            'IRTP' => ['FriendlyName' => 'IRTP', 'Type' => 'radio', 'Options' => self::IRTP_AGENT . ',' . self::IRTP_API, 'Default' => self::IRTP_AGENT],
            'TRANSFERLOCK' => ['FriendlyName' => 'Automatic Transfer Lock', 'Type' => 'yesno', 'Description' => 'Lock the domain after registration'],
            'NSUpdTransfer' => ['FriendlyName' => 'Automatic NS Update', 'Type' => 'yesno', 'Description' => 'Set the order nameservers after a successful transfer'],
            'CHUpdTransfer' => ['FriendlyName' => 'Automatic Contact Update', 'Type' => 'yesno', 'Description' => 'Set the order contacts after a successful transfer (.com/.net/.cc/.tv)'],
            'DNSSEC' => ['FriendlyName' => 'Offer DNSSEC / Secure DNS', 'Type' => 'yesno'],
            'TRANSFERCARTPRECHECK' => ['FriendlyName' => 'Transfer Checkout Pre-Checks', 'Type' => 'yesno'],
            'WebApps' => ['FriendlyName' => 'Offer Web Apps', 'Type' => 'yesno'],
            'SyncIDProtection' => ['FriendlyName' => 'Sync Id Protection', 'Type' => 'yesno'],
            'SuspendAfterExpiration' => ['FriendlyName' => 'Suspend after Expiration', 'Type' => 'yesno'],
            'TradeCostTodo' => ['FriendlyName' => 'Trade Cost To-Do', 'Type' => 'yesno', 'Description' => 'Add a WHMCS To-Do item for every Change of Registrant that costs money (WHMCS cannot invoice it)'],
            'BridgeURL' => ['FriendlyName' => 'Bridge URL', 'Type' => 'text', 'Size' => '40', 'Default' => Transport::DEFAULT_URL, 'Description' => htmlspecialchars(Texts::get('bridge_url'), ENT_QUOTES, 'UTF-8')],
            'BridgeSecret' => ['FriendlyName' => 'Bridge Secret', 'Type' => 'password', 'Size' => '40', 'Description' => htmlspecialchars(Texts::get('bridge_secret'), ENT_QUOTES, 'UTF-8')],
            'BridgeTimeout' => ['FriendlyName' => 'Bridge Timeout', 'Type' => 'text', 'Size' => '5', 'Default' => (string) Transport::DEFAULT_TIMEOUT, 'Description' => htmlspecialchars(Texts::get('bridge_timeout'), ENT_QUOTES, 'UTF-8')],
        ];
    }

    /** A translated setting description, escaped for the admin page (WHMCS prints it as HTML). */
    private static function text(string $key): string
    {
        return htmlspecialchars(Texts::get($key), ENT_QUOTES, 'UTF-8');
    }

    /**
     * @return array<string, array<string, mixed>>
     */
    private static function suggestionOptions(): array
    {
        return [
            'information' => ['FriendlyName' => '<b>Suggestion Engine</b>', 'Type' => 'System', 'Value' => self::text('suggestion_engine')],
            'suggestions' => ['FriendlyName' => 'Suggestion Engine based on search term', 'Type' => 'yesno', 'Description' => 'Recommended'],
            // The misspelt key is the original module's (docs/module-behaviour.md §2.3); saved settings use it.
            'suggstionsamount' => ['FriendlyName' => 'Number of suggestions', 'Type' => 'dropdown', 'Options' => '10,25,50,75,100,150,200', 'Default' => '100'],
            'suggestionsnoweighted' => ['FriendlyName' => 'Suppress .com and .net', 'Type' => 'yesno', 'Default' => ''],
        ];
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, string>
     */
    private static function buttons(array $params): array
    {
        $facts = self::domainFacts($params);
        $buttons = [];
        foreach (Contract::CLIENT_BUTTONS as $button) {
            [$label, $page, $condition] = $button;
            if (function_exists('ispapi_' . $page) && self::applies($condition, $facts, $params)) {
                $buttons[$label] = $page;
            }
        }
        return $buttons;
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, string>
     */
    private static function adminButtons(array $params): array
    {
        $status = WhmcsData::domainValue($params['domainid'] ?? ($_REQUEST['id'] ?? null), 'status');
        $set = $status === Contract::ADMIN_TRANSFER_STATUS ? 'transfer' : 'domain';
        $buttons = [];
        foreach (Contract::ADMIN_BUTTONS[$set] as $button) {
            [$label, $function] = $button;
            if (function_exists('ispapi_' . $function)) {
                $buttons[Texts::get($label)] = $function;
            }
        }
        return $buttons;
    }

    /**
     * @param array{tld: string, idprotection: bool, dnsmanagement: bool} $facts
     * @param array<string, mixed> $params
     */
    private static function applies(string $condition, array $facts, array $params): bool
    {
        if ($condition === 'always') {
            return true;
        }
        if ($condition === 'idprotection') {
            return $facts['idprotection'];
        }
        if ($condition === 'webapps') {
            return $facts['dnsmanagement'] && self::isOn($params['WebApps'] ?? '');
        }
        [$type, $value] = explode(':', $condition, 2) + [1 => ''];
        if ($type === 'tld') {
            return $facts['tld'] === $value;
        }
        if ($type === 'setting') {
            return self::isOn($params[$value] ?? '');
        }
        return false;
    }

    /**
     * @param array<string, mixed> $params
     * @return array{tld: string, idprotection: bool, dnsmanagement: bool}
     */
    private static function domainFacts(array $params): array
    {
        $row = [];
        $domainId = $params['domainid'] ?? ($_REQUEST['id'] ?? null);
        $needRow = !array_key_exists('idprotection', $params) || !array_key_exists('dnsmanagement', $params)
            || !isset($params['tld']);
        if ($needRow && is_numeric($domainId) && class_exists('\\WHMCS\\Database\\Capsule')) {
            try {
                $found = \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) $domainId)->first();
                $row = is_object($found) ? (array) $found : (is_array($found) ? $found : []);
            } catch (\Throwable $e) {
                $row = [];
            }
        }
        $tld = $params['tld'] ?? null;
        if (!is_string($tld)) {
            $domain = $row['domain'] ?? '';
            $tld = is_string($domain) && strpos($domain, '.') !== false ? substr($domain, strrpos($domain, '.') + 1) : '';
        }
        return [
            'tld' => strtolower(ltrim($tld, '.')),
            'idprotection' => self::isOn($params['idprotection'] ?? ($row['idprotection'] ?? false)),
            'dnsmanagement' => self::isOn($params['dnsmanagement'] ?? ($row['dnsmanagement'] ?? false)),
        ];
    }

    /** @param mixed $value yesno settings are "on"/"", DB flags 1/0, params booleans */
    private static function isOn($value): bool
    {
        if (is_bool($value)) {
            return $value;
        }
        return is_scalar($value) && in_array(strtolower((string) $value), ['on', '1', 'yes', 'true'], true);
    }
}
