<?php
/**
 * The shim's own user-visible strings (lang/<language>.php), picked by the WHMCS language with English
 * as the fallback for unknown languages and missing keys. Registrar modules get no language loader
 * from WHMCS (docs/whmcs.md §3), hence this tiny one.
 *
 * A reseller changes any text without editing the shipped files: lang/overrides/<language>.php (kept
 * when a new version of the module folder is copied over) and then <ISPAPI_LANG_OVERRIDE_DIR>/<language>.php
 * return ['key' => 'text', ...] (or set $_LANG['key']). They win key by key; keys the module does not
 * have and values that are not strings are ignored.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Texts
{
    /** @var array<string, array<string, string>> */
    private static $loaded = [];
    /** @var string|null the language of this PHP request, looked up once (it may cost a DB query) */
    private static $language = null;

    /** Environment variable naming a folder of override files outside the module folder. */
    const OVERRIDE_DIR_ENV = 'ISPAPI_LANG_OVERRIDE_DIR';

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
                $texts = array_merge($texts, self::load($file));
            }
            $known = $language === 'english' ? $texts : self::table('english');
            foreach (self::overrideFiles($language) as $file) {
                foreach (self::load($file) as $key => $text) {
                    if (isset($known[$key]) && is_string($text)) {
                        $texts[$key] = $text;
                    }
                }
            }
            self::$loaded[$language] = $texts;
        }
        return self::$loaded[$language];
    }

    /**
     * @return array<int, string>
     */
    private static function overrideFiles(string $language): array
    {
        $files = [dirname(__DIR__) . '/lang/overrides/' . $language . '.php'];
        $dir = getenv(self::OVERRIDE_DIR_ENV);
        if (is_string($dir) && trim($dir) !== '') {
            $files[] = rtrim(trim($dir), '/') . '/' . $language . '.php';
        }
        return $files;
    }

    /**
     * The texts one file returns (or puts in $_LANG, as WHMCS language files do).
     *
     * @return array<string, mixed>
     */
    private static function load(string $file): array
    {
        if (!is_file($file)) {
            return [];
        }
        $_LANG = [];
        $loaded = include $file;
        $texts = is_array($loaded) ? $loaded : $_LANG;
        return is_array($texts) ? $texts : [];
    }

    private static function path(string $language): string
    {
        return dirname(__DIR__) . '/lang/' . $language . '.php';
    }
}
