<?php
/**
 * The page texts: WHMCS hands the addon its language file as $vars['_lang'] (lang/<language>.php,
 * $_ADDONLANG); English fills any gap, and the key itself is the last resort.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class Lang
{
    /** @var array<string, string> */
    private $texts;

    /**
     * @param array<string, string> $texts
     */
    public function __construct(array $texts)
    {
        $this->texts = $texts;
    }

    /**
     * @param array<string, mixed> $vars
     */
    public static function fromVars(array $vars): self
    {
        $texts = self::file('english');
        if (isset($vars['_lang']) && is_array($vars['_lang'])) {
            foreach ($vars['_lang'] as $key => $value) {
                if (is_string($key) && is_string($value)) {
                    $texts[$key] = $value;
                }
            }
        }
        return new self($texts);
    }

    /**
     * @return array<string, string>
     */
    public static function file(string $language): array
    {
        $path = dirname(__DIR__) . '/lang/' . basename($language) . '.php';
        if (!is_file($path)) {
            return [];
        }
        $_ADDONLANG = [];
        include $path;
        return is_array($_ADDONLANG) ? $_ADDONLANG : [];
    }

    public function get(string $key): string
    {
        return $this->texts[$key] ?? $key;
    }

    /** sprintf with the text of `key`; a translation with the wrong placeholders falls back to English. */
    public function format(string $key, ...$args): string
    {
        try {
            return vsprintf($this->get($key), $args);
        } catch (\Throwable $e) {
            return vsprintf(self::file('english')[$key] ?? $key, $args);
        }
    }

    public function direction(): string
    {
        return $this->get('direction') === 'rtl' ? 'rtl' : 'ltr';
    }
}
