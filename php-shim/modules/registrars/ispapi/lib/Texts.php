<?php
/**
 * The shim's own user-visible strings (lang/<language>.php), picked by the WHMCS language with English
 * as the fallback for unknown languages and missing keys. Registrar modules get no language loader
 * from WHMCS (whmcs-contract.md §3), hence this tiny one.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Texts
{
    /** @var array<string, array<string, string>> */
    private static $loaded = [];
    /** @var string|null the language of this PHP request, looked up once (it may cost a DB query) */
    private static $language = null;

    public static function get(string $key): string
    {
        $table = self::table(self::language());
        if (isset($table[$key])) {
            return $table[$key];
        }
        $english = self::table('english');
        return $english[$key] ?? $key;
    }

    /**
     * Every string of the current language, English filling the gaps: handed to templates as `$_lang`.
     *
     * @return array<string, string>
     */
    public static function all(): array
    {
        return array_merge(self::table('english'), self::table(self::language()));
    }

    public static function language(): string
    {
        if (self::$language === null) {
            self::$language = self::detect();
        }
        return self::$language;
    }

    private static function detect(): string
    {
        $candidates = [];
        if (isset($_SESSION) && is_array($_SESSION)) {
            $candidates[] = $_SESSION['adminlang'] ?? null;
            $candidates[] = $_SESSION['Language'] ?? null;
        }
        try {
            if (class_exists('\\WHMCS\\Config\\Setting')) {
                $candidates[] = \WHMCS\Config\Setting::getValue('Language');
            }
        } catch (\Throwable $e) {
            // No settings table (tests, early bootstrap): English it is.
        }
        foreach ($candidates as $candidate) {
            if (is_string($candidate)) {
                $name = strtolower($candidate);
                if (preg_match('/^[a-z_-]{2,32}$/', $name) === 1 && is_file(self::path($name))) {
                    return $name;
                }
            }
        }
        return 'english';
    }

    /**
     * @return array<string, string>
     */
    private static function table(string $language): array
    {
        if (!isset(self::$loaded[$language])) {
            $texts = [];
            // lang/<language>.php plus one file per feature in lang/<language>/ (pages, fields, ...).
            $files = [self::path($language)];
            $parts = glob(dirname(__DIR__) . '/lang/' . $language . '/*.php');
            if (is_array($parts)) {
                sort($parts);
                $files = array_merge($files, $parts);
            }
            foreach ($files as $file) {
                if (is_file($file)) {
                    $loaded = include $file;
                    if (is_array($loaded)) {
                        $texts = array_merge($texts, $loaded);
                    }
                }
            }
            self::$loaded[$language] = $texts;
        }
        return self::$loaded[$language];
    }

    private static function path(string $language): string
    {
        return dirname(__DIR__) . '/lang/' . $language . '.php';
    }
}
