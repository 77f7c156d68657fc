<?php
/**
 * Money operations: the bridge's operations journal (register, transfer, renew, restore, trade), newest
 * first, filtered by domain, function and state. The request id is the one WHMCS shows as [ref ...]
 * and the bridge log carries.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class JournalPage extends Page
{
    const LIMITS = ['50' => '50', '100' => '100', '250' => '250', '500' => '500'];

    public function render($post): string
    {
        $filters = [
            'domain' => self::query('domain'),
            'function' => self::query('function', 64),
            'state' => self::query('state', 16),
            'limit' => isset(self::LIMITS[self::query('limit')]) ? self::query('limit') : '100',
        ];
        $sent = array_filter($filters, function ($value) {
            return $value !== '';
        });
        try {
            $data = $this->bridge->call('BridgeAdminJournal', $sent);
        } catch (AdminFailure $e) {
            return $this->filters($filters, [], []) . $this->failure($e, 'journal_failed');
        }
        $functions = array_values(array_filter((array) ($data['functions'] ?? []), 'is_string'));
        $states = array_values(array_filter((array) ($data['states'] ?? []), 'is_string'));
        $rows = [];
        foreach ((array) ($data['rows'] ?? []) as $row) {
            if (!is_array($row)) {
                continue;
            }
            $state = (string) ($row['state'] ?? '');
            $rows[] = [
                Html::when($row['updated_at'] ?? null),
                (string) ($row['domain'] ?? ''),
                (string) ($row['function'] ?? ''),
                ['html' => Html::badge($state, $this->lang->get('state_' . $state))],
                (string) ($row['attempts'] ?? ''),
                ['html' => '<code>' . Html::e($row['request_id'] ?? '') . '</code>'],
            ];
        }
        $headers = ['col_when', 'col_domain', 'col_function', 'col_state', 'col_attempts', 'col_request_id'];
        return $this->filters($filters, $functions, $states)
            . '<p class="text-muted" id="journal-count">' . Html::e($this->lang->format('journal_count', count($rows))) . '</p>'
            . Html::table('journal', array_map([$this->lang, 'get'], $headers), $rows, $this->lang->get('journal_empty'));
    }

    /**
     * @param array<string, string> $filters
     * @param array<int, string> $functions
     * @param array<int, string> $states
     */
    private function filters(array $filters, array $functions, array $states): string
    {
        $functionOptions = ['' => $this->lang->get('filter_all')];
        foreach ($functions as $function) {
            $functionOptions[$function] = $function;
        }
        $stateOptions = ['' => $this->lang->get('filter_all')];
        foreach ($states as $state) {
            $stateOptions[$state] = $this->lang->get('state_' . $state);
        }
        return $this->filterForm('journal', 'journal-filter')
            . $this->control('filter_domain', '<input type="text" name="domain" class="form-control input-sm" value="'
                . Html::e($filters['domain']) . '" maxlength="255">')
            . $this->control('filter_function', Html::select('function', $functionOptions, $filters['function']))
            . $this->control('filter_state', Html::select('state', $stateOptions, $filters['state']))
            . $this->control('filter_limit', Html::select('limit', self::LIMITS, $filters['limit']))
            . '<button type="submit" class="btn btn-primary btn-sm">' . Html::e($this->lang->get('filter_apply')) . '</button></form>';
    }
}
