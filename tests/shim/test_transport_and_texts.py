"""The shim refuses a plain-http Bridge URL to another host, and its own texts can be overridden."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.whmcs.harness import MODULE_DIR, closed_port_url, domain_params, php_eval, run_whmcs

REPO = MODULE_DIR.parents[3]


def _insecure_host(url: str, allow: str | None = None) -> str | None:
    code = (
        'define("WHMCS", true);'
        f'require "{MODULE_DIR}/lib/Transport.php";'
        "$in = json_decode(stream_get_contents(STDIN), true);"
        'if ($in["allow"] !== null) { putenv("ISPAPI_ALLOW_INSECURE_BRIDGE_URL=" . $in["allow"]); }'
        'echo json_encode(\\WHMCS\\Module\\Registrar\\Ispapi\\Transport::insecureHost($in["url"]));'
    )
    host: str | None = php_eval(code, {"url": url, "allow": allow})
    return host


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127.0.0.1:8080", None),
        ("http://127.10.0.3:8080", None),
        ("http://localhost:8080", None),
        ("http://[::1]:8080", None),
        ("https://bridge.example.net", None),
        ("HTTPS://192.0.2.10:8443", None),
        ("http://192.0.2.10:8080", "192.0.2.10"),
        ("http://bridge.example.net", "bridge.example.net"),
        ("HTTP://Bridge.Example.Net:80/", "bridge.example.net"),
        ("http://[2001:db8::1]:8080", "2001:db8::1"),
        ("http://0.0.0.0:8080", "0.0.0.0"),
        ("http://localhost.example.net", "localhost.example.net"),
    ],
)
def test_only_plain_http_to_another_host_is_insecure(url: str, host: str | None) -> None:
    assert _insecure_host(url) == host


def test_the_refusal_can_be_lifted_explicitly() -> None:
    assert _insecure_host("http://bridge.internal:8080", allow="1") is None
    assert _insecure_host("http://bridge.internal:8080", allow="0") == "bridge.internal"


def test_a_plain_http_bridge_url_to_another_host_is_refused_with_the_reason() -> None:
    # 0.0.0.0 is "another host" by the rule but reaches this machine, so a broken check sends nothing away.
    url = closed_port_url().replace("127.0.0.1", "0.0.0.0")
    result = run_whmcs("GetNameservers", domain_params(), config={"BridgeURL": url})
    assert result.warnings == [] and result.exception is None
    assert isinstance(result.error, str) and "cURL" not in result.error
    assert result.error.startswith("Bridge URL uses plain http to another host (0.0.0.0)")
    assert "password" in result.error and "https://" in result.error
    saved = run_whmcs("config_validate", {}, config={"BridgeURL": url})  # the settings save is blocked
    assert saved.exception is not None and "plain http" in saved.exception["message"]


def test_the_refusal_follows_the_whmcs_language() -> None:
    url = "http://0.0.0.0:9"
    german = run_whmcs(
        "GetNameservers", domain_params(), config={"BridgeURL": url}, settings={"Language": "german"}
    )
    assert isinstance(german.error, str) and german.error.startswith(
        "Die Bridge URL nutzt unverschlüsseltes http"
    )


def _text(module_dir: Path, key: str, language: str, override_dir: Path | None = None) -> str:
    code = (
        'define("WHMCS", true);'
        "$in = json_decode(stream_get_contents(STDIN), true);"
        'if ($in["dir"] !== null) { putenv("ISPAPI_LANG_OVERRIDE_DIR=" . $in["dir"]); }'
        '$_SESSION = ["Language" => $in["language"]];'
        'require $in["module"] . "/lib/Texts.php";'
        "use WHMCS\\Module\\Registrar\\Ispapi\\Texts;"
        'echo json_encode(Texts::get($in["key"]), JSON_UNESCAPED_UNICODE);'
    )
    payload = {
        "module": str(module_dir),
        "key": key,
        "language": language,
        "dir": str(override_dir) if override_dir else None,
    }
    text: str = php_eval(code, payload)
    return text


def test_texts_are_overridden_from_the_module_overrides_folder(tmp_path: Path) -> None:
    module = tmp_path / "ispapi"
    shutil.copytree(MODULE_DIR, module)
    (module / "lang" / "overrides").mkdir()
    (module / "lang" / "overrides" / "german.php").write_text(
        "<?php\nreturn ['unreachable' => 'Registrar-Dienst nicht erreichbar (Hotline 0800)',"
        " 'no_such_key' => 'x', 'hint_401' => ['not', 'a', 'string']];\n"
    )
    (module / "lang" / "overrides" / "english.php").write_text(
        "<?php\n$_LANG['unreachable'] = 'registrar service down, call us';\n"
    )
    assert _text(module, "unreachable", "german") == "Registrar-Dienst nicht erreichbar (Hotline 0800)"
    assert _text(module, "unreachable", "english") == "registrar service down, call us"
    assert _text(module, "unreachable", "french") == _text(MODULE_DIR, "unreachable", "french")  # untouched
    assert _text(module, "hint_401", "german") == _text(MODULE_DIR, "hint_401", "german")  # not a string
    assert _text(module, "no_such_key", "german") == "no_such_key"  # keys the module lacks are not added


def test_texts_are_overridden_from_a_folder_named_in_the_environment(tmp_path: Path) -> None:
    (tmp_path / "french.php").write_text("<?php\nreturn ['internal' => 'Erreur interne, contactez-nous'];\n")
    assert _text(MODULE_DIR, "internal", "french", tmp_path) == "Erreur interne, contactez-nous"
    assert _text(MODULE_DIR, "internal", "german", tmp_path) == _text(MODULE_DIR, "internal", "german")


def test_an_overridden_text_reaches_the_admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "english.php").write_text("<?php\nreturn ['unreachable' => 'bridge down: call ext. 42'];\n")
    monkeypatch.setenv("ISPAPI_LANG_OVERRIDE_DIR", str(tmp_path))  # php inherits the environment
    result = run_whmcs("GetNameservers", domain_params(), config={"BridgeURL": closed_port_url()})
    assert isinstance(result.error, str) and result.error.startswith("cURL error 7: ")
    assert " - bridge down: call ext. 42 [ref " in result.error  # the cron still sees "cURL error"


def test_whmcs_json_has_a_support_block_matching_the_project() -> None:
    data = json.loads((MODULE_DIR / "whmcs.json").read_text())
    urls = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]
    assert data["support"]["homepage"] == urls["Homepage"]
    assert data["support"]["docs_url"] == urls["Documentation"]
    assert data["support"]["support_url"] == urls["Issues"]
    assert all(value.startswith("https://") for value in data["support"].values())
