<?php
/**
 * CSRF protection of the addon's forms: every POST carries `token`, the admin session's token
 * (WHMCS's generate_token('plain') where it exists, else one kept in the session), compared in
 * constant time. A POST without the right token changes nothing.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

final class Csrf
{
    const SESSION_KEY = 'ispapibridge_token';

    public static function token(): string
    {
        if (function_exists('generate_token')) {
            $token = generate_token('plain');
            if (is_string($token) && $token !== '') {
                return $token;
            }
        }
        if (!isset($_SESSION) || !is_array($_SESSION)) {
            $_SESSION = [];
        }
        if (!isset($_SESSION[self::SESSION_KEY]) || !is_string($_SESSION[self::SESSION_KEY])) {
            $_SESSION[self::SESSION_KEY] = bin2hex(random_bytes(20));
        }
        return $_SESSION[self::SESSION_KEY];
    }

    /**
     * @param array<string, mixed> $post
     */
    public static function valid(array $post): bool
    {
        $sent = $post['token'] ?? null;
        return is_string($sent) && $sent !== '' && hash_equals(self::token(), $sent);
    }

    public static function field(): string
    {
        return '<input type="hidden" name="token" value="' . Html::e(self::token()) . '">';
    }
}
