<?php
/**
 * HTML building blocks of the pages. Every value from the bridge, WHMCS or the request goes through e()
 * (htmlspecialchars, ENT_QUOTES): nothing from a registry reply or a form can add markup to the page.
 * Classes are Bootstrap 3's, as in the WHMCS admin area.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class Html
{
    /** Bootstrap label class per state word used on the pages. */
    const BADGES = [
        'ok' => 'success', 'succeeded' => 'success', 'imported' => 'success', 'fresh' => 'success',
        'live' => 'danger', 'ote' => 'info', 'started' => 'info', 'unknown' => 'warning',
        'stale' => 'warning', 'skipped' => 'default', 'failed' => 'danger', 'down' => 'danger',
    ];

    /** @param mixed $value */
    public static function e($value): string
    {
        if (is_bool($value)) {
            $value = $value ? '1' : '0';
        }
        return htmlspecialchars(is_scalar($value) ? (string) $value : '', ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    /**
     * `$link` with more query parameters (already-encoded link from WHMCS, e.g. addonmodules.php?module=x).
     *
     * @param array<string, mixed> $query
     */
    public static function url(string $link, array $query): string
    {
        $query = array_filter($query, function ($value) {
            return $value !== null && $value !== '';
        });
        return $query === [] ? $link : $link . (strpos($link, '?') === false ? '?' : '&') . http_build_query($query);
    }

    public static function notice(string $kind, string $text): string
    {
        $kind = in_array($kind, ['success', 'info', 'warning', 'danger'], true) ? $kind : 'info';
        return '<div class="alert alert-' . $kind . '" role="alert">' . self::e($text) . '</div>';
    }

    public static function badge(string $state, string $text): string
    {
        $class = self::BADGES[strtolower($state)] ?? 'default';
        return '<span class="label label-' . $class . '" data-state="' . self::e(strtolower($state)) . '">'
            . self::e($text) . '</span>';
    }

    /**
     * A table; each cell is text (escaped here) or ['html' => markup built by this class].
     *
     * @param array<int, string> $headers
     * @param array<int, array<int, mixed>> $rows
     */
    public static function table(string $id, array $headers, array $rows, string $empty): string
    {
        if ($rows === []) {
            return '<p class="text-muted" id="' . self::e($id) . '-empty">' . self::e($empty) . '</p>';
        }
        $out = '<table class="table table-striped table-condensed" id="' . self::e($id) . '"><thead><tr>';
        foreach ($headers as $header) {
            $out .= '<th>' . self::e($header) . '</th>';
        }
        $out .= '</tr></thead><tbody>';
        foreach ($rows as $row) {
            $out .= '<tr>';
            foreach ($row as $cell) {
                $out .= '<td>' . (is_array($cell) && isset($cell['html']) ? $cell['html'] : self::e($cell)) . '</td>';
            }
            $out .= '</tr>';
        }
        return $out . '</tbody></table>';
    }

    /**
     * @param array<string, string> $options value => label
     */
    public static function select(string $name, array $options, string $current): string
    {
        $out = '<select name="' . self::e($name) . '" class="form-control input-sm">';
        foreach ($options as $value => $label) {
            $selected = (string) $value === $current ? ' selected' : '';
            $out .= '<option value="' . self::e($value) . '"' . $selected . '>' . self::e($label) . '</option>';
        }
        return $out . '</select>';
    }

    /** `2026-03-01T12:04:00Z` -> `2026-03-01 12:04 UTC`; anything else as given. */
    public static function when($iso): string
    {
        if (!is_string($iso) || $iso === '') {
            return '-';
        }
        if (preg_match('/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?Z$/', $iso, $m) === 1) {
            return $m[1] . ' ' . $m[2] . ' UTC';
        }
        return $iso;
    }

    /** An age in seconds as "42 s", "5 min", "3 h", "2 d" (units from the language file). */
    public static function age(Lang $lang, $seconds): string
    {
        if (!is_int($seconds) || $seconds < 0) {
            return '-';
        }
        $steps = [[86400, 'unit_days'], [3600, 'unit_hours'], [60, 'unit_minutes']];
        foreach ($steps as $step) {
            if ($seconds >= $step[0]) {
                return $lang->format($step[1], intdiv($seconds, $step[0]));
            }
        }
        return $lang->format('unit_seconds', $seconds);
    }

    /**
     * The addon's frame: the tab bar and the page, in the admin's writing direction.
     *
     * @param array<string, string> $pages tab => class
     */
    public static function frame(Lang $lang, string $link, string $current, array $pages, string $body): string
    {
        $tabs = '<ul class="nav nav-tabs" id="ispapibridge-tabs">';
        foreach (array_keys($pages) as $tab) {
            $active = $tab === $current ? ' class="active"' : '';
            $tabs .= '<li' . $active . '><a href="' . self::e(self::url($link, ['tab' => $tab])) . '" data-tab="'
                . self::e($tab) . '">' . self::e($lang->get('tab_' . $tab)) . '</a></li>';
        }
        $tabs .= '</ul>';
        return '<div class="ispapibridge" dir="' . $lang->direction() . '" id="ispapibridge">'
            . '<style>.ispapibridge .panel{margin-top:12px}.ispapibridge dl.dl-horizontal dd{margin-bottom:4px}'
            . '.ispapibridge form.inline-filter .form-group{margin-right:8px}</style>'
            . $tabs . '<div class="tab-content" style="padding-top:12px">' . $body . '</div></div>';
    }
}
