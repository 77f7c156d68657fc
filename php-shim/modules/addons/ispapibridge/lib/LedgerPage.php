<?php
/**
 * Trade-cost ledger: what billable owner changes cost (WHMCS cannot invoice them), with totals per month
 * and currency, and the CSV export (?export=csv) of the same range.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class LedgerPage extends Page
{
    const DATE = '/^\d{4}-\d{2}-\d{2}$/';

    public function render($post): string
    {
        $range = [
            'since' => preg_match(self::DATE, self::query('since', 10)) === 1 ? self::query('since', 10) : '',
            'until' => preg_match(self::DATE, self::query('until', 10)) === 1 ? self::query('until', 10) : '',
        ];
        $sent = array_filter($range, function ($value) {
            return $value !== '';
        });
        if (self::query('export', 8) === 'csv') {
            $this->export($sent); // ends the request when it succeeds
        }
        try {
            $data = $this->bridge->call('BridgeAdminLedger', $sent);
        } catch (AdminFailure $e) {
            return $this->filters($range) . $this->failure($e, 'ledger_failed');
        }
        $monthly = [];
        foreach ((array) ($data['monthly'] ?? []) as $row) {
            if (is_array($row)) {
                $monthly[] = [(string) ($row['month'] ?? ''), (string) ($row['currency'] ?? ''), (string) ($row['count'] ?? ''),
                    ['html' => '<strong>' . Html::e(($row['total'] ?? '') . ' ' . ($row['currency'] ?? '')) . '</strong>']];
            }
        }
        $entries = [];
        foreach ((array) ($data['rows'] ?? []) as $row) {
            if (is_array($row)) {
                $entries[] = [Html::when($row['created_at'] ?? null), (string) ($row['domain'] ?? ''),
                    ($row['amount'] ?? '') . ' ' . ($row['currency'] ?? ''), (string) ($row['whmcs_client_id'] ?? ''),
                    (string) ($row['whmcs_domain_id'] ?? ''), ['html' => '<code>' . Html::e($row['request_id'] ?? '') . '</code>']];
            }
        }
        $lang = [$this->lang, 'get'];
        return $this->filters($range)
            . '<h4>' . Html::e($this->lang->get('ledger_monthly')) . '</h4>'
            . Html::table('ledger-monthly', array_map($lang, ['col_month', 'col_currency', 'col_count', 'col_total']), $monthly, $this->lang->get('ledger_empty'))
            . '<h4>' . Html::e($this->lang->get('ledger_entries')) . '</h4>'
            . Html::table('ledger-entries', array_map($lang, ['col_when', 'col_domain', 'col_amount', 'col_client', 'col_domain_id', 'col_request_id']), $entries, $this->lang->get('ledger_empty'));
    }

    /**
     * @param array<string, string> $range
     */
    private function filters(array $range): string
    {
        $csv = Html::url($this->link, array_merge(['tab' => 'ledger', 'export' => 'csv'], $range));
        return $this->filterForm('ledger', 'ledger-filter')
            . $this->control('filter_since', '<input type="date" name="since" class="form-control input-sm" value="' . Html::e($range['since']) . '">')
            . $this->control('filter_until', '<input type="date" name="until" class="form-control input-sm" value="' . Html::e($range['until']) . '">')
            . '<button type="submit" class="btn btn-primary btn-sm">' . Html::e($this->lang->get('filter_apply')) . '</button> '
            . '<a class="btn btn-default btn-sm" id="ledger-csv" href="' . Html::e($csv) . '">' . Html::e($this->lang->get('ledger_export')) . '</a></form>';
    }

    /**
     * Sends the CSV as a download and ends the request; returns (and the page shows the error) when the
     * bridge fails.
     *
     * @param array<string, string> $range
     */
    private function export(array $range): void
    {
        try {
            $data = $this->bridge->call('BridgeAdminLedger', array_merge($range, ['format' => 'csv']));
        } catch (AdminFailure $e) {
            return;
        }
        $csv = is_string($data['csv'] ?? null) ? $data['csv'] : '';
        while (ob_get_level() > 0) {
            ob_end_clean();
        }
        if (!headers_sent()) {
            header('Content-Type: text/csv; charset=utf-8');
            header('Content-Disposition: attachment; filename="ispapi-trade-costs-' . gmdate('Ymd') . '.csv"');
            header('X-Content-Type-Options: nosniff');
        }
        echo $csv;
        exit;
    }
}
