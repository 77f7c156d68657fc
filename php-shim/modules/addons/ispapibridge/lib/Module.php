<?php
/**
 * The addon module's entry points (WHMCS addon module API): _config, _activate, _deactivate, _output.
 *
 * _output picks the page from ?tab=, runs a POSTed action first (each checked against the CSRF token),
 * and echoes the page. The ledger's CSV export (?tab=ledger&export=csv) answers with the file instead.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class Module
{
    const NAME = 'ispapibridge';
    const VERSION = '0.1.0';

    /** tab => page class; the order is the order of the tabs. */
    const PAGES = [
        'overview' => OverviewPage::class,
        'journal' => JournalPage::class,
        'ledger' => LedgerPage::class,
        'import' => ImportPage::class,
    ];

    /**
     * @return array<string, mixed>
     */
    public static function config(): array
    {
        return [
            'name' => 'ispapi-bridge',
            'description' => 'Status, money operations, trade-cost ledger and domain import of the ispapi-bridge'
                . ' service behind the ispapi registrar module.',
            'version' => self::VERSION,
            'author' => 'ispapi-bridge',
            'language' => 'english',
            'fields' => [],
        ];
    }

    /**
     * @return array<string, string>
     */
    public static function activate(): array
    {
        $ready = Bridge::registrarLoaded();
        return [
            'status' => 'success',
            'description' => $ready
                ? 'ispapi-bridge admin page activated: grant admin roles access under Configuration > Addon Modules.'
                : 'Activated, but the ispapi registrar module (modules/registrars/ispapi/) was not found: install it first.',
        ];
    }

    /**
     * @return array<string, string>
     */
    public static function deactivate(): array
    {
        return ['status' => 'success', 'description' => 'ispapi-bridge admin page deactivated (it stores no data).'];
    }

    /**
     * @param array<string, mixed> $vars what WHMCS passes: modulelink, _lang, version, ...
     */
    public static function output(array $vars): void
    {
        $lang = Lang::fromVars($vars);
        $link = isset($vars['modulelink']) && is_string($vars['modulelink']) ? $vars['modulelink'] : 'addonmodules.php?module=' . self::NAME;
        $tab = isset($_GET['tab']) && is_string($_GET['tab']) && isset(self::PAGES[$_GET['tab']]) ? $_GET['tab'] : 'overview';
        try {
            $class = self::PAGES[$tab];
            $page = new $class($lang, $link, new Bridge());
            $body = $page->render(self::posted());
        } catch (\Throwable $e) {
            // Never a PHP error page inside WHMCS: a bug shows one plain line (details are not for the page).
            $body = Html::notice('danger', $lang->get('internal_error'));
        }
        echo Html::frame($lang, $link, $tab, self::PAGES, $body);
    }

    /**
     * The POSTed action of this request with a valid CSRF token; null for GET requests.
     *
     * @return array<string, mixed>|null
     */
    private static function posted()
    {
        if (!isset($_POST) || !is_array($_POST) || !isset($_POST['action'])) {
            return null;
        }
        return $_POST;
    }
}
