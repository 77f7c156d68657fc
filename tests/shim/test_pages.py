"""The page mechanism shared by every client-area page: failures show templates/error.tpl, the module's own
strings reach templates as $_lang, and every template renders with smarty4 without warnings."""

from __future__ import annotations

from typing import Any

import pytest

from tests.whmcs.harness import MODULE_DIR, language_strings, php_eval, render_template

pytestmark = pytest.mark.php

LANGUAGES = ("english", "german", "french", "arabic")


def _leave_page(message: str) -> dict[str, Any]:
    code = (
        'define("WHMCS", true);'
        f'require "{MODULE_DIR}/ispapi.php";'
        "$in = json_decode(stream_get_contents(STDIN), true);"
        "$out = \\WHMCS\\Module\\Registrar\\Ispapi\\Errors::leave('page', 'dnssec', $in['m'], 'abcdef0123');"
        "echo json_encode($out, JSON_UNESCAPED_UNICODE);"
    )
    page: dict[str, Any] = php_eval(code, {"m": message})
    return page


def test_a_failed_page_shows_the_error_template_with_the_message() -> None:
    page = _leave_page("cURL error 7: refused - registrar service unreachable [ref abcdef01]")
    assert page["templatefile"] == "templates/error"
    rendered = render_template(page["templatefile"], page["vars"])
    assert rendered.warnings == []
    assert "registrar service unreachable [ref abcdef01]" in rendered.html
    assert "This page could not be loaded" in rendered.html


def test_error_text_is_html_escaped_in_the_page() -> None:
    page = _leave_page("<script>alert(1)</script>")
    html = render_template(page["templatefile"], page["vars"]).html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_english_key(language: str) -> None:
    # lang/<language>.php plus the per-feature files in lang/<language>/ (Texts.php merges them).
    missing = language_strings("english").keys() - language_strings(language).keys()
    assert sorted(missing) == []


def test_every_shipped_template_renders_without_warnings() -> None:
    # Each page helper adds its own rendering tests with real vars; this one only proves every .tpl compiles.
    templates = sorted((MODULE_DIR / "templates").glob("*.tpl"))
    assert templates, "the module ships its templates in templates/"
    for path in templates:
        rendered = render_template(f"templates/{path.stem}", {"_lang": {}})
        assert rendered.warnings == [], path.name
