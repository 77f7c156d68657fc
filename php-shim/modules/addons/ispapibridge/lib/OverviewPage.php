<?php
/**
 * Overview: is the bridge answering and ready, the registry account (backend, login, LIVE or OT&E, balance), the
 * age of the domain snapshot and of the pricing cache, each with a button to refresh it now.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class OverviewPage extends Page
{
    const CACHES = ['snapshot' => 'cache_snapshot', 'pricing' => 'cache_pricing'];

    public function render($post): string
    {
        $notices = $post !== null ? $this->refresh($post) : '';
        try {
            $data = $this->bridge->call('BridgeAdminOverview');
        } catch (AdminFailure $e) {
            return $notices . $this->panel('panel_bridge', 'overview-bridge', '<dl class="dl-horizontal"><dt>'
                . Html::e($this->lang->get('bridge_status')) . '</dt><dd>' . Html::badge('down', $this->lang->get('not_answering'))
                . '</dd></dl>' . $this->failure($e, 'bridge_failed'));
        }
        return $notices . $this->bridgePanel($data['bridge'] ?? []) . $this->accountPanel($data['account'] ?? [])
            . $this->cachesPanel($data['caches'] ?? []);
    }

    /**
     * @param array<string, mixed> $post
     */
    private function refresh(array $post): string
    {
        if (($post['action'] ?? '') !== 'refresh') {
            return '';
        }
        if (!Csrf::valid($post)) {
            return Html::notice('danger', $this->lang->get('csrf_invalid'));
        }
        $cache = is_string($post['cache'] ?? null) ? $post['cache'] : '';
        if (!isset(self::CACHES[$cache])) {
            return Html::notice('danger', $this->lang->get('refresh_unknown'));
        }
        $label = $this->lang->get(self::CACHES[$cache]);
        try {
            $done = $this->bridge->call('BridgeAdminRefresh', ['cache' => $cache]);
        } catch (AdminFailure $e) {
            return $this->failure($e, 'refresh_failed');
        }
        if (($done['outcome'] ?? '') === 'running') {
            return Html::notice('info', $this->lang->format('refresh_running', $label));
        }
        if (($done['outcome'] ?? '') !== 'ran') {
            return Html::notice('info', $this->lang->format('refresh_elsewhere', $label));
        }
        return Html::notice('success', $this->lang->format('refresh_done', $label, (int) ($done['rows'] ?? 0)));
    }

    private function panel(string $title, string $id, string $body): string
    {
        return '<div class="panel panel-default" id="' . Html::e($id) . '"><div class="panel-heading"><h3 class="panel-title">'
            . Html::e($this->lang->get($title)) . '</h3></div><div class="panel-body">' . $body . '</div></div>';
    }

    /**
     * @param array<string, string> $rows label key => already built HTML
     */
    private function facts(array $rows): string
    {
        $out = '<dl class="dl-horizontal">';
        foreach ($rows as $label => $html) {
            $out .= '<dt>' . Html::e($this->lang->get($label)) . '</dt><dd>' . $html . '</dd>';
        }
        return $out . '</dl>';
    }

    /**
     * @param array<string, mixed> $bridge
     */
    private function bridgePanel(array $bridge): string
    {
        $ready = !empty($bridge['ready']);
        $checks = '';
        foreach ((array) ($bridge['checks'] ?? []) as $name => $state) {
            $ok = $state === 'ok';
            $checks .= '<div data-check="' . Html::e($name) . '">' . Html::e($this->lang->get('check_' . $name)) . ': '
                . Html::badge($ok ? 'ok' : 'down', $ok ? $this->lang->get('ok') : $this->lang->get('down'))
                . ($ok ? '' : ' <span class="text-danger">' . Html::e($state) . '</span>') . '</div>';
        }
        return $this->panel('panel_bridge', 'overview-bridge', $this->facts([
            'bridge_status' => Html::badge('ok', $this->lang->get('answering')),
            'bridge_version' => Html::e($bridge['version'] ?? '-'),
            'bridge_ready' => Html::badge($ready ? 'ok' : 'down', $this->lang->get($ready ? 'ready' : 'not_ready')),
            'bridge_checks' => $checks,
        ]));
    }

    /**
     * @param array<string, mixed> $account
     */
    private function accountPanel(array $account): string
    {
        $system = (string) ($account['system'] ?? '');
        // Which registry the registrar module's Backend setting points at (a bridge from before it: none).
        $backend = (string) ($account['backend'] ?? '');
        $facts = $backend === '' ? [] : ['account_backend' => '<span id="account-backend" data-backend="'
            . Html::e($backend) . '">' . Html::e($account['backend_label'] ?? $backend) . '</span>'];
        $facts += [
            'account_login' => Html::e($account['login'] ?? ''),
            'account_system' => Html::badge($system === 'LIVE' ? 'live' : 'ote', $system),
        ];
        if (!empty($account['ok'])) {
            $currency = (string) ($account['currency'] ?? '');
            $facts['account_balance'] = '<span id="account-balance">' . Html::e(($account['balance'] ?? '') . ' ' . $currency) . '</span>';
            $facts['account_credit'] = Html::e(($account['credit'] ?? '') . ' ' . $currency);
            return $this->panel('panel_account', 'overview-account', $this->facts($facts));
        }
        return $this->panel('panel_account', 'overview-account', $this->facts($facts)
            . Html::notice('warning', $this->lang->get('account_failed') . ' ' . (string) ($account['error'] ?? '')));
    }

    /**
     * @param array<string, mixed> $caches
     */
    private function cachesPanel(array $caches): string
    {
        $rows = [];
        foreach (self::CACHES as $name => $label) {
            $cache = is_array($caches[$name] ?? null) ? $caches[$name] : [];
            $never = empty($cache['refreshed_at']);
            $state = $never ? 'stale' : (!empty($cache['stale']) ? 'stale' : 'fresh');
            $stateText = $this->lang->get($never ? 'cache_never' : 'cache_' . $state);
            $error = is_string($cache['last_error'] ?? null) && $cache['last_error'] !== ''
                ? '<div class="text-danger small">' . Html::e($this->lang->get('cache_last_error') . ' ' . $cache['last_error']) . '</div>' : '';
            $button = $this->form('overview', 'refresh', 'refresh-' . $name)
                . '<input type="hidden" name="cache" value="' . Html::e($name) . '">'
                . '<button type="submit" class="btn btn-default btn-sm">' . Html::e($this->lang->get('refresh_now')) . '</button></form>';
            $rows[] = [
                $this->lang->get($label),
                Html::when($cache['refreshed_at'] ?? null),
                Html::age($this->lang, $cache['age_seconds'] ?? null),
                (string) ($cache['rows'] ?? 0),
                ['html' => Html::badge($state, $stateText) . $error],
                ['html' => $button],
            ];
        }
        $headers = ['col_cache', 'col_refreshed', 'col_age', 'col_entries', 'col_state', 'col_action'];
        return $this->panel('panel_caches', 'overview-caches', Html::table(
            'caches',
            array_map([$this->lang, 'get'], $headers),
            $rows,
            ''
        ));
    }
}
