<?php
/**
 * What every page of the addon shares: the texts, the module link, the bridge, and the way a failed
 * bridge call or a refused form is shown.
 */

namespace WHMCS\Module\Addon\Ispapibridge;

abstract class Page
{
    /** @var Lang */
    protected $lang;
    /** @var string */
    protected $link;
    /** @var Bridge */
    protected $bridge;

    public function __construct(Lang $lang, string $link, Bridge $bridge)
    {
        $this->lang = $lang;
        $this->link = $link;
        $this->bridge = $bridge;
    }

    /**
     * The page's HTML; `$post` is the submitted form of this request (null for GET).
     *
     * @param array<string, mixed>|null $post
     */
    abstract public function render($post): string;

    protected function failure(AdminFailure $e, string $what): string
    {
        $message = $e->getMessage() === 'registrar_missing' ? $this->lang->get('registrar_missing') : $e->getMessage();
        return Html::notice('danger', $this->lang->get($what) . ' ' . $message);
    }

    /** The opening tag of a POST form of this page, with the CSRF token. */
    protected function form(string $tab, string $action, string $id): string
    {
        return '<form method="post" id="' . Html::e($id) . '" action="' . Html::e(Html::url($this->link, ['tab' => $tab])) . '">'
            . Csrf::field() . '<input type="hidden" name="action" value="' . Html::e($action) . '">';
    }

    /** The opening tag of a GET (filter) form: the module link's own query travels as hidden fields. */
    protected function filterForm(string $tab, string $id): string
    {
        $path = (string) strtok($this->link, '?');
        $query = [];
        parse_str((string) parse_url($this->link, PHP_URL_QUERY), $query);
        $query['tab'] = $tab;
        $out = '<form method="get" class="form-inline inline-filter" id="' . Html::e($id) . '" action="' . Html::e($path) . '">';
        foreach ($query as $name => $value) {
            if (is_string($name) && is_string($value)) {
                $out .= '<input type="hidden" name="' . Html::e($name) . '" value="' . Html::e($value) . '">';
            }
        }
        return $out;
    }

    /** A labelled control of a filter form. */
    protected function control(string $label, string $html): string
    {
        return '<div class="form-group"><label>' . Html::e($this->lang->get($label)) . '</label> ' . $html . '</div>';
    }

    /**
     * The GET parameter `name` as bounded text ("" when missing or not text).
     */
    protected static function query(string $name, int $max = 255): string
    {
        $value = $_GET[$name] ?? '';
        if (!is_string($value)) {
            return '';
        }
        return function_exists('mb_substr') ? mb_substr(trim($value), 0, $max, 'UTF-8') : substr(trim($value), 0, $max);
    }
}
