<?php
/**
 * The admin domain tab (Contract::FUNCTIONS answer 'admin_tab'): AdminDomainsTabFields(Save) are forwarded
 * (WHMCS passes only domainid, sld, tld, regperiod, registrar there, so Shim completes the settings), and
 * their answer is reshaped. The bridge answers {label key: HTML} with every registry value escaped; the
 * keys become the admin's language (lang/<language>/admin.php). The tab must render even when the bridge
 * fails: a failure is one escaped row.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Prepared
{
    /**
     * @param array<string, mixed> $params
     * @return mixed
     */
    public static function answer(string $function, array $params)
    {
        switch ($function) {
            case 'AdminDomainsTabFields':
                return self::tabFields($params);
            case 'AdminDomainsTabFieldsSave':
                return self::tabFieldsSave($params);
        }
        return Shim::forward($function, $params);
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, string>
     */
    private static function tabFields(array $params): array
    {
        try {
            $result = Shim::forward('AdminDomainsTabFields', $params);
            if (!is_array($result)) {
                return [];
            }
            if (isset($result['error']) && is_string($result['error'])) {
                return [Texts::get('admin_tab_error') => htmlspecialchars($result['error'], ENT_QUOTES, 'UTF-8')];
            }
            $rows = [];
            foreach ($result as $key => $html) {
                if (is_string($key) && is_string($html)) {
                    $rows[Texts::get($key)] = $html;
                }
            }
            return $rows;
        } catch (\Throwable $e) {
            return [];
        }
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private static function tabFieldsSave(array $params): array
    {
        try {
            $result = Shim::forward('AdminDomainsTabFieldsSave', $params);
            return is_array($result) ? $result : [];
        } catch (\Throwable $e) {
            return [];
        }
    }
}
