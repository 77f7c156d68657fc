"""IDN input per TLD end to end: php -> bridge -> sandbox. The sandbox's IDN policy
(sandbox/catalogue/idn_policy.py) decides per TLD; the bridge sends X-IDN-LANGUAGE for IDN names only."""

from __future__ import annotations

import secrets
from typing import Any

import idna
import pytest

from sandbox.catalogue import default_catalogue
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, register_params_for
from tests.whmcs.harness import lookup_params

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def _fresh_label(stem: str, tlds: list[str]) -> str:
    """`<stem>-<random>`: standard (not premium, not reserved) on every TLD of the test."""
    catalogue = default_catalogue()
    while True:
        label = f"{stem}-{secrets.token_hex(3)}"
        if all(
            catalogue.premium(f"{label}.{t}") is None and not catalogue.reserved(f"{label}.{t}") for t in tlds
        ):
            return label


def _search(whmcs_call: WhmcsCall, term: str, tlds: list[str], *, puny: str | None = None) -> dict[str, Any]:
    ace = idna.encode(term, uts46=True, transitional=False).decode("ascii")
    params = lookup_params(
        searchTerm=term,
        punyCodeSearchTerm=puny or ace,
        isIdnDomain=True,
        premiumEnabled=False,
        tldsToInclude=[f".{t}" for t in tlds],
    )
    result = whmcs_call("CheckAvailability", params)
    assert result.exception is None, result.exception
    return {item["topLevel"]: item for item in result.returned["items"]}


@pytest.mark.usefixtures("backend")
def test_idn_search_answers_per_tld(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    tlds = ["com", "de", "рф", "co.uk"]
    label = _fresh_label("müller", tlds)
    found = _search(whmcs_call, label, tlds)
    statuses = {tld: item["status"] for tld, item in found.items()}
    assert statuses == {
        "com": "available for registration",  # Verisign: every script, tag sent by the bridge
        "de": "available for registration",  # DENIC letters include ü
        "рф": "reserved",  # Cyrillic only: the registry refuses a Latin IDN, no WHOIS fallback
        "co.uk": "reserved",  # .uk family: no IDN at all
    }
    assert {item["secondLevel"] for item in found.values()} == {label}  # the shim shows it as Unicode
    cyrillic = _fresh_label("пример", ["рф", "com"])
    assert {t: i["status"] for t, i in _search(whmcs_call, cyrillic, ["рф", "com"]).items()} == {
        "рф": "available for registration",
        "com": "available for registration",
    }


@pytest.mark.usefixtures("backend")
def test_fussball_keeps_sharp_s(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    label = _fresh_label("fußball", ["de"])
    found = _search(whmcs_call, label, ["de"], puny=label.replace("ß", "ss"))  # WHMCS's IDNA2003 form
    assert found["de"]["secondLevel"] == label and found["de"]["status"] == "available for registration"
    ace = idna.encode(f"{label}.de", uts46=True, transitional=False).decode("ascii")
    assert ace.startswith("xn--fuball-")
    checked = [
        entry.get("params", {})
        for entry in stack.sandbox.command_log
        if entry["command"] == "CheckDomains" and ace in entry.get("params", {}).values()
    ]
    assert len(checked) == 1 and checked[0].get("X-IDN-LANGUAGE") == "ger"


@pytest.mark.usefixtures("backend")
def test_idn_com_registration_carries_the_tag(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    label = _fresh_label("müller", ["com"])
    domain = f"{label}.com"
    ace = idna.encode(domain, uts46=True, transitional=False).decode("ascii")
    params = register_params_for(domain, idnLanguage="")  # no WHMCS choice: detected from the script
    assert whmcs_call("RegisterDomain", params).returned == {"success": True}
    assert stack.domain(ace) is not None
    logged = [
        entry.get("params", {})
        for entry in stack.sandbox.command_log
        if entry["command"] == "AddDomain" and entry["code"] == 200
        and str(entry.get("params", {}).get("DOMAIN", "")).lower() == ace
    ]  # fmt: skip
    assert len(logged) == 1 and logged[0].get("X-IDN-LANGUAGE") == "ger", logged


def test_idn_com_registration_with_a_wrong_whmcs_language(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = f"{_fresh_label('müller', ['com'])}.com"
    result = whmcs_call("RegisterDomain", register_params_for(domain, idnLanguage="rus"))
    assert "X-IDN-LANGUAGE" in str(result.returned.get("error", "")), result.returned
    assert stack.domain(idna.encode(domain, uts46=True, transitional=False).decode("ascii")) is None
