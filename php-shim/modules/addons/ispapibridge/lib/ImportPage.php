<?php
/**
 * Domain import: a dry run lists the registry account's domains WHMCS does not know yet, with their
 * dates, nameservers, registrant and the client each one would go to; the import button then imports
 * exactly that list and reports, per domain, what was done.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class ImportPage extends Page
{
    public function render($post): string
    {
        $intro = '<p id="import-intro">' . Html::e($this->lang->format('import_intro', Importer::BATCH)) . '</p>';
        $action = is_array($post) && is_string($post['action'] ?? null) ? $post['action'] : '';
        if ($action !== 'dryrun' && $action !== 'import') {
            return $intro . $this->dryRunForm('import_dry_run');
        }
        if (!Csrf::valid($post)) {
            return Html::notice('danger', $this->lang->get('csrf_invalid')) . $intro . $this->dryRunForm('import_dry_run');
        }
        $importer = new Importer($this->bridge);
        try {
            return $action === 'dryrun' ? $this->plan($importer->plan()) : $this->report($importer->import(self::names($post)));
        } catch (AdminFailure $e) {
            return $this->failure($e, 'import_failed') . $intro . $this->dryRunForm('import_dry_run');
        }
    }

    /**
     * @param array<string, mixed> $post
     * @return array<int, string>
     */
    private static function names(array $post): array
    {
        $names = [];
        foreach ((array) ($post['domains'] ?? []) as $name) {
            if (is_string($name) && $name !== '' && strlen($name) <= 253 && preg_match('/\s/u', $name) !== 1) {
                $names[] = $name;
            }
        }
        return array_slice($names, 0, Importer::BATCH);
    }

    private function dryRunForm(string $label): string
    {
        return $this->form('import', 'dryrun', 'import-dryrun') . '<button type="submit" class="btn btn-primary">'
            . Html::e($this->lang->get($label)) . '</button></form>';
    }

    /**
     * @param array{total: int, known: int, unknown: int, batch: array<int, array<string, mixed>>} $plan
     */
    private function plan(array $plan): string
    {
        $summary = '<p id="import-summary">' . Html::e($this->lang->format('import_summary', $plan['total'], $plan['known'], $plan['unknown'])) . '</p>';
        if ($plan['unknown'] > count($plan['batch'])) {
            $summary .= Html::notice('info', $this->lang->format('import_more', count($plan['batch']), $plan['unknown']));
        }
        $rows = [];
        $importable = [];
        foreach ($plan['batch'] as $item) {
            $rows[] = $this->planRow($item);
            if (!empty($item['ok'])) {
                $importable[] = (string) $item['domain'];
            }
        }
        $headers = array_map([$this->lang, 'get'], ['col_domain', 'col_created', 'col_expiry', 'col_nameservers', 'col_registrant', 'col_assign']);
        $out = '<div class="alert alert-info" id="import-dryrun-notice">' . Html::e($this->lang->get('import_is_dry_run')) . '</div>'
            . $summary . Html::table('import-plan', $headers, $rows, $this->lang->get('import_nothing'));
        if ($importable !== []) {
            $out .= $this->form('import', 'import', 'import-run');
            foreach ($importable as $name) {
                $out .= '<input type="hidden" name="domains[]" value="' . Html::e($name) . '">';
            }
            $out .= '<button type="submit" class="btn btn-success">' . Html::e($this->lang->format('import_button', count($importable)))
                . '</button></form>';
        }
        return $out;
    }

    /**
     * @param array<string, mixed> $item
     * @return array<int, mixed>
     */
    private function planRow(array $item): array
    {
        $domain = (string) ($item['domain'] ?? '');
        if (empty($item['ok'])) {
            return [$domain, '-', '-', '-', '-', ['html' => Html::badge('failed', $this->lang->get('import_cannot'))
                . ' <span class="text-danger">' . Html::e($item['error'] ?? '') . '</span>']];
        }
        $registrant = is_array($item['registrant'] ?? null) ? $item['registrant'] : [];
        $who = trim(($registrant['firstname'] ?? '') . ' ' . ($registrant['lastname'] ?? ''));
        $client = is_array($item['client'] ?? null) ? $item['client'] : null;
        $assign = $client !== null
            ? Html::badge('ok', $this->lang->format('assign_existing', $client['id'])) . ' ' . Html::e($client['name'] . ' <' . $client['email'] . '>')
            : Html::badge('started', $this->lang->get('assign_new'));
        return [
            $domain,
            (string) ($item['created'] ?? '-'),
            (string) ($item['expiry'] ?? '-'),
            implode(', ', array_filter((array) ($item['nameservers'] ?? []), 'is_string')),
            ['html' => Html::e($who) . '<br><small>' . Html::e($registrant['email'] ?? '') . '</small>'],
            ['html' => $assign],
        ];
    }

    /**
     * @param array<int, array{domain: string, result: string, client: int|null, new_client: bool, detail: string}> $report
     */
    private function report(array $report): string
    {
        $counts = ['imported' => 0, 'skipped' => 0, 'failed' => 0];
        $newClients = 0;
        $rows = [];
        foreach ($report as $line) {
            $counts[$line['result']] = ($counts[$line['result']] ?? 0) + 1;
            $newClients += $line['new_client'] ? 1 : 0;
            $client = $line['client'] === null ? '-' : '#' . $line['client'] . ($line['new_client'] ? ' (' . $this->lang->get('assign_new') . ')' : '');
            $detail = $this->lang->get($line['detail']) === $line['detail'] ? $line['detail'] : $this->lang->get($line['detail']);
            $rows[] = [$line['domain'], ['html' => Html::badge($line['result'], $this->lang->get('result_' . $line['result']))], $client, $detail];
        }
        $headers = array_map([$this->lang, 'get'], ['col_domain', 'col_result', 'col_client', 'col_detail']);
        $kind = $counts['failed'] > 0 ? 'warning' : 'success';
        return Html::notice($kind, $this->lang->format('import_report', $counts['imported'], $counts['skipped'], $counts['failed'], $newClients))
            . Html::table('import-report', $headers, $rows, $this->lang->get('import_nothing'))
            . '<p>' . Html::e($this->lang->get('import_prices_hint')) . '</p>'
            . $this->dryRunForm('import_again');
    }
}
