"""The admin-page addon (php-shim/modules/addons/ispapibridge/) against a scripted fake bridge: the WHMCS
addon API functions, the signed envelope it sends, escaping of whatever the bridge answers, its four
languages, and the PHP syntax rules of the registrar module."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.shim.test_static import FORBIDDEN, _code_only
from tests.whmcs.addon import ADDON_DIR, LANGUAGES, run_addon
from tests.whmcs.harness import FakeBridge, Reply, closed_port_url, php_eval

pytestmark = pytest.mark.php

ADDON_FILES = sorted(ADDON_DIR.rglob("*.php"))
EVIL = '<img src=x onerror="alert(1)">&'

OVERVIEW: dict[str, Any] = {
    "bridge": {"version": "0.1.0", "ready": False, "checks": {"database": "ok", "upstream": EVIL}},
    "account": {"login": EVIL, "system": "LIVE", "ok": True, "balance": "12.00", "credit": "0.00",
                "currency": "EUR"},
    "caches": {
        "snapshot": {"refreshed_at": "2026-03-01T12:04:00Z", "age_seconds": 7200, "ttl_seconds": 3600,
                     "stale": True, "rows": 3, "registry_calls": 1, "last_error": EVIL},
        "pricing": {"refreshed_at": None, "age_seconds": None, "ttl_seconds": 86400, "stale": True, "rows": 0,
                    "registry_calls": 0, "last_error": None},
    },
}  # fmt: skip


@pytest.mark.parametrize("path", ADDON_FILES, ids=lambda p: str(p.relative_to(ADDON_DIR)))
def test_php_lint_is_clean(path: Path) -> None:
    done = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", ADDON_FILES, ids=lambda p: str(p.relative_to(ADDON_DIR)))
def test_no_syntax_newer_than_php_74(path: Path) -> None:
    code = _code_only(path.read_text())
    assert [name for name, pattern in FORBIDDEN.items() if pattern.search(code)] == []


def _strings(language: str) -> dict[str, str]:
    code = (
        'define("WHMCS", true); $_ADDONLANG = [];'
        f'include "{ADDON_DIR}/lang/" . json_decode(stream_get_contents(STDIN)) . ".php";'
        "echo json_encode($_ADDONLANG, JSON_UNESCAPED_UNICODE);"
    )
    texts: dict[str, str] = php_eval(code, language)
    return texts


def test_every_language_has_every_text_with_the_same_placeholders() -> None:
    english = _strings("english")
    for language in LANGUAGES:
        texts = _strings(language)
        assert set(texts) == set(english), language
        for key, text in english.items():
            assert re.findall(r"%[sd]", texts[key]) == re.findall(r"%[sd]", text), (language, key)


def test_config_activate_and_deactivate_follow_the_addon_api() -> None:
    config = run_addon("config").returned
    assert config["name"] == "ispapi-bridge" and config["version"] and isinstance(config["fields"], list)
    assert config["language"] == "english"
    activated = run_addon("activate")
    assert activated.returned["status"] == "success" and activated.warnings == []
    assert run_addon("deactivate").returned["status"] == "success"


def test_the_overview_names_the_backend_escaped_and_a_bridge_without_it_shows_none() -> None:
    account = {**OVERVIEW["account"], "backend": "cnr", "backend_label": EVIL}
    with FakeBridge() as bridge:
        bridge.script("BridgeAdminOverview", Reply(kind="array", value={**OVERVIEW, "account": account}))
        named = run_addon(registrar_config=bridge.config()).html
        bridge.script("BridgeAdminOverview", Reply(kind="array", value=OVERVIEW))
        older = run_addon(registrar_config=bridge.config()).html
    assert '<span id="account-backend" data-backend="cnr">&lt;img src=x' in named and "<img" not in named
    assert "account-backend" not in older  # a bridge from before the Backend setting sends none


def test_an_unreachable_bridge_is_one_plain_line() -> None:
    result = run_addon(registrar_config={"BridgeURL": closed_port_url(), "BridgeSecret": "s" * 24})
    assert result.warnings == [] and result.exception is None
    assert "The bridge did not answer: cURL error 7" in html.unescape(result.html)


def test_the_addon_signs_like_the_registrar_module_and_escapes_the_answer() -> None:
    with FakeBridge() as bridge:
        bridge.script("BridgeAdminOverview", Reply(kind="array", value=OVERVIEW))
        result = run_addon(registrar_config=bridge.config(), language="german")
        (request,) = bridge.requests
    assert request.signature_ok and request.envelope is not None
    assert (
        request.envelope["function"] == "BridgeAdminOverview" and request.envelope["whmcs"]["area"] == "admin"
    )
    assert request.envelope["config"]["Username"] == "reseller-user"
    assert "BridgeSecret" not in request.raw.decode() and bridge.secret not in request.raw.decode()
    assert result.warnings == []
    page = result.html
    assert "<img" not in page and 'onerror="' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in page
    assert "Registry-Konto" in page and "veraltet" in page and "2 Std." in page and "nie geladen" in page
    assert "12.00 EUR" in page and 'data-state="live"' in page and "nicht bereit" in page
    assert all(bridge.config()["Password"] not in entry["request"] for entry in result.modulelog)


def test_a_bridge_refusal_shows_its_message_and_reference() -> None:
    with FakeBridge() as bridge:
        bridge.script(
            "BridgeAdminJournal",
            Reply(error={"message": "state must be one of started, succeeded", "code": "INVALID_INPUT"}),
        )
        result = run_addon(registrar_config=bridge.config(), get={"tab": "journal", "state": "nonsense"})
        (request,) = bridge.requests
    assert request.envelope is not None and request.envelope["params"]["state"] == "nonsense"
    text = html.unescape(result.html)
    assert re.search(
        r"could not be loaded: state must be one of started, succeeded \[ref [0-9a-f]{8}\]", text
    )
    assert result.warnings == []


def test_unknown_tabs_show_the_overview_and_unknown_refreshes_are_refused() -> None:
    session = {"tkval": "t" * 32}
    with FakeBridge() as bridge:
        bridge.script("BridgeAdminOverview", Reply(kind="array", value=OVERVIEW))
        result = run_addon(
            registrar_config=bridge.config(),
            session=session,
            get={"tab": "../../etc/passwd"},
            post={"action": "refresh", "cache": "everything", "token": "t" * 32},
        )
        functions = [r.function for r in bridge.requests]
    assert functions == ["BridgeAdminOverview"]  # no refresh was sent
    assert "Unknown cache; nothing was refreshed." in result.html
    assert 'class="active"><a href="addonmodules.php?module=ispapibridge&amp;tab=overview"' in result.html


def test_a_wrong_kind_of_answer_is_an_invalid_response() -> None:
    with FakeBridge() as bridge:
        bridge.script("BridgeAdminLedger", Reply(kind="string", value="locked"))
        result = run_addon(registrar_config=bridge.config(), get={"tab": "ledger"})
    assert "Invalid response from registrar service" in html.unescape(result.html)
    assert result.warnings == []


@pytest.mark.parametrize(
    ("outcome", "notice"),
    [
        ({"outcome": "ran", "rows": 1200, "calls": 2}, "Domain snapshot (Sync) refreshed: 1200 entries."),
        ({"outcome": "running", "rows": None, "calls": None}, "is being refreshed in the background"),
        ({"outcome": "busy", "rows": None, "calls": None}, "was being refreshed by another request"),
    ],
)
def test_the_refresh_button_reports_the_outcome(outcome: dict[str, Any], notice: str) -> None:
    session = {"tkval": "t" * 32}
    with FakeBridge() as bridge:
        bridge.script("BridgeAdminRefresh", Reply(kind="array", value={"cache": "snapshot", **outcome}))
        bridge.script("BridgeAdminOverview", Reply(kind="array", value=OVERVIEW))
        result = run_addon(
            registrar_config=bridge.config(),
            session=session,
            post={"action": "refresh", "cache": "snapshot", "token": "t" * 32},
        )
        sent = [(r.function, (r.envelope or {}).get("params")) for r in bridge.requests]
    assert sent == [("BridgeAdminRefresh", {"cache": "snapshot"}), ("BridgeAdminOverview", {})]
    assert notice in html.unescape(result.html) and result.warnings == []
