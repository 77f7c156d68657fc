"""Conversions no wired function uses yet (client-area pages come later): checked on Convert directly."""

from __future__ import annotations

from typing import Any

from tests.whmcs.harness import MODULE_DIR, RUNNER, php_eval

PRELUDE = f"""
define('WHMCS', true);
require '{RUNNER.parent / "whmcs_stubs.php"}';
require '{MODULE_DIR / "ispapi.php"}';
use WHMCS\\Module\\Registrar\\Ispapi\\Convert;
use WHMCS\\Module\\Registrar\\Ispapi\\BridgeFailure;
"""


def _convert(function: str, kind: str, value: Any) -> Any:
    code = PRELUDE + (
        "$in = json_decode(stream_get_contents(STDIN), true);"
        "try { $ok = Convert::result($in['f'], $in['k'], $in['v'], 'abcdef0123456789');"
        " $out = ['ok' => $ok, 'error' => null]; }"
        "catch (BridgeFailure $e) { $out = ['ok' => null, 'error' => $e->getMessage()]; }"
        "echo json_encode($out, JSON_UNESCAPED_UNICODE);"
    )
    return php_eval(code, {"f": function, "k": kind, "v": value})


def test_template_gets_vars_lang_and_breadcrumb_defaults() -> None:
    value = {"templatefile": "pnslist", "vars": {"data": ["ns1.x.de 192.0.2.1"]}, "extra": 1}
    out = _convert("pnslist", "template", value)
    assert out["error"] is None
    page = out["ok"]
    # Templates live in the module's templates/ folder; a path in the name cannot leave it.
    assert page["templatefile"] == "templates/pnslist"
    assert page["breadcrumb"] == []
    assert page["vars"]["data"] == ["ns1.x.de 192.0.2.1"]
    # The module's own strings ride along as $_lang (WHMCS gives registrar modules no language loader).
    assert page["vars"]["_lang"]["page_error_title"] == "This page could not be loaded"


def test_template_name_cannot_escape_the_templates_folder() -> None:
    out = _convert("pnslist", "template", {"templatefile": "../../../configuration", "vars": {}})
    assert out["ok"]["templatefile"] == "templates/configuration"


def test_template_without_a_file_is_invalid() -> None:
    out = _convert("pnslist", "template", {"vars": {}})
    assert out == {"ok": None, "error": "Invalid response from registrar service [ref abcdef01]"}


def test_unknown_kind_is_invalid() -> None:
    assert _convert("GetDNS", "fields", [])["error"].startswith("Invalid response")
