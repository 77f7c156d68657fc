"""Additional domain fields end to end: php -> bridge -> sandbox.

For .ca, .us, .eu and .dk: the registration with the fields succeeds; the very same AddDomain sent straight
to the sandbox without the extension parameters is refused by the registry (504); and the bridge refuses the
order without the fields before any upstream call (the sandbox command log holds no AddDomain for it).
The shim's field list comes from the real bridge's catalogue into its local cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, register_params_for

pytestmark = [pytest.mark.e2e, pytest.mark.php]

# tld -> (additional fields as WHMCS stores them, contact overrides, extension params the registry must get)
ORDERS: dict[str, tuple[dict[str, str], dict[str, str], dict[str, str]]] = {
    "ca": (
        {"Legal Type": "CCT", "Contact Language": "FR"},
        {},
        {"X-CA-LEGALTYPE": "CCT", "X-CA-LANGUAGE": "FR"},
    ),
    "us": (
        {"Application Purpose": "P1", "Nexus Category": "C31", "Nexus Country": "de"},
        {},
        {"X-US-NEXUS-APPPURPOSE": "P1", "X-US-NEXUS-CATEGORY": "C31", "X-US-NEXUS-VALIDATOR": "DE"},
    ),
    # a registrant outside the EU needs the citizenship of a member state
    "eu": ({"Registrant Citizenship": "AT"}, {"country": "US"}, {"X-EU-REGISTRANT-CITIZENSHIP": "at"}),
    "dk": (
        {
            "Registrant Legal Type": "ORG",
            "Registrant VAT ID": "DK12345678",
            "Admin Legal Type": "ORG",
            "Admin VAT ID": "DK87654321",
            "Registrant Contact": "abcd1234-dk",
            "DK Hostmaster Terms": "on",
        },
        {},
        {
            "X-REGISTRANT-VATID": "DK12345678",
            "X-ADMIN-VATID": "DK87654321",
            "X-DK-REGISTRANT-CONTACT": "ABCD1234-DK",
        },
    ),
}


def order(domain: str, fields: dict[str, str], contact: dict[str, str]) -> dict[str, Any]:
    params = register_params_for(domain, additionalfields=fields, idprotection=False, **contact)
    params["original"].update(contact, additionalfields=fields)
    return params


def _domain_of(entry: dict[str, Any]) -> str:
    # an entry of a command the sandbox never read (a dropped connection) has no params
    params = {k.upper(): v for k, v in entry.get("params", {}).items()}
    return str(params.get("DOMAIN", "")).lower()


def add_domain_log(stack: E2EStack, domain: str) -> list[dict[str, Any]]:
    return [
        entry
        for entry in stack.sandbox.command_log
        if entry["command"].lower() == "adddomain" and _domain_of(entry) == domain
    ]


@pytest.mark.parametrize("tld", sorted(ORDERS))
def test_registration_with_fields_succeeds_and_the_registry_needs_them(
    stack: E2EStack, whmcs_call: WhmcsCall, tld: str
) -> None:
    fields, contact, expected = ORDERS[tld]
    domain = fresh_domain(tld)
    result = whmcs_call("RegisterDomain", order(domain, fields, contact))
    assert result.returned == {"success": True}, result.returned
    assert stack.domain(domain) is not None
    [sent] = add_domain_log(stack, domain)
    params = {k.upper(): str(v) for k, v in sent["params"].items()}
    for name, value in expected.items():
        assert params[name] == value
    if tld == "dk":
        # a UTC timestamp (docs/module-behaviour.md §5.2)
        assert params["X-DK-AGREEMENT-ACCEPTEDDATE"][:2] == "20"

    # the same command straight to the registry, without the extension parameters: refused (504)
    bare: dict[str, Any] = {k: v for k, v in params.items() if not k.startswith("X-") and k != "COMMAND"}
    bare["DOMAIN"] = fresh_domain(tld)
    refused = stack.api("AddDomain", **bare)
    assert refused["code"] == 504, refused
    assert stack.domain(bare["DOMAIN"]) is None


@pytest.mark.parametrize("tld", sorted(ORDERS))
def test_bridge_refuses_missing_fields_before_any_upstream_call(
    stack: E2EStack, whmcs_call: WhmcsCall, tld: str
) -> None:
    _, contact, _ = ORDERS[tld]
    fields = {"Registrant Citizenship": "XX"} if tld == "eu" else {}  # .eu: a value outside the list
    domain = fresh_domain(tld)
    result = whmcs_call("RegisterDomain", order(domain, fields, contact))
    assert result.error is not None
    assert "[ref " in result.error  # the bridge's InvalidInput, not a transport failure
    assert add_domain_log(stack, domain) == []
    assert stack.domain(domain) is None


def test_message_is_translated_for_the_client_language(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("ca")
    english = whmcs_call("RegisterDomain", order(domain, {}, {}))
    german = whmcs_call("RegisterDomain", order(domain, {}, {"language": "german"}))
    assert english.error is not None and german.error is not None
    assert "Legal Type" in english.error
    assert english.error.split(" [ref ")[0] != german.error.split(" [ref ")[0]
    assert add_domain_log(stack, domain) == []


@pytest.mark.usefixtures("backend")  # the catalogue is one for both backends; CNR-only fields say so
def test_field_list_comes_from_the_bridge_catalogue_into_the_local_cache(
    stack: E2EStack, whmcs_call: WhmcsCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISPAPI_FIELDS_CACHE_DIR", str(tmp_path / "cache"))
    first = whmcs_call("AdditionalDomainFields", {"tld": "ca", "type": "register"})
    names = [e["Name"] for e in first.returned["fields"] if not e.get("Remove")]
    assert names[:2] == ["Legal Type", "Contact Language"]
    assert (tmp_path / "cache" / "current.json").is_file()
    # warm cache: answered with the bridge unreachable
    down = stack.module_config(BridgeURL="http://127.0.0.1:9")
    again = whmcs_call("AdditionalDomainFields", {"tld": "dk", "type": "register"}, config=down)
    assert "Registrant Legal Type" in [e["Name"] for e in again.returned["fields"]]


# tld -> (additional fields as WHMCS stores them, the parameters a CNR registration carries in CNR spelling)
CNR_ORDERS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "ca": ({"Legal Type": "CCT", "Contact Language": "FR"}, {"X-CA-LEGAL-TYPE": "CCT"}),
    "us": (
        {"Application Purpose": "P1", "Nexus Category": "C31", "Nexus Country": "de"},
        {"X-US-NEXUS-APPPURPOSE": "P1", "X-US-NEXUS-CATEGORY": "C31", "X-US-NEXUS-VALIDATOR": "DE"},
    ),
    # auDA's eligibility (CNR only) beside the registrant id; the organisation repeats the registrant's
    "com.au": (
        {
            "Registrant ID": "12345678901",
            "Registrant ID Type": "ABN",
            "Eligibility Type": "Company",
            "Eligibility Relation": "2",
        },
        {
            "X-AU-DOMAIN-IDTYPE": "ABN",
            "X-AU-DOMAIN-IDNUMBER": "12345678901",
            "X-AU-DOMAIN-RELATIONTYPE": "Company",
            "X-AU-DOMAIN-RELATION": "2",
        },
    ),
    "travel": ({".TRAVEL Industry": "1", ".TRAVEL UIN Code": "UIN-4711"}, {"X-TRAVEL-UIN": "UIN-4711"}),
}


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("backend", ["cnr"], indirect=True)
@pytest.mark.parametrize("tld", sorted(CNR_ORDERS))
def test_cnr_registration_carries_the_fields_in_cnr_spelling(
    stack: E2EStack, whmcs_call: WhmcsCall, tld: str
) -> None:
    """The same WHMCS fields, sent to CentralNic Reseller under its parameter names (the CNR sandbox refuses
    a registration of these zones without them, 504)."""
    fields, expected = CNR_ORDERS[tld]
    domain = fresh_domain(tld)
    result = whmcs_call("RegisterDomain", order(domain, fields, {}))
    assert result.returned == {"success": True}, result.returned
    [sent] = add_domain_log(stack, domain)
    params = {k.upper(): str(v) for k, v in sent["params"].items()}
    assert {name: params.get(name) for name in expected} == expected
    assert "X-CA-LEGALTYPE" not in params and "X-CA-LANGUAGE" not in params
    assert stack.domain(domain).extensions.items() >= expected.items()


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(
    ("tld", "fields", "missing"),
    [
        ("com.au", {"Registrant ID": "12345678901", "Registrant ID Type": "ABN"}, "Eligibility Type"),
        ("travel", {".TRAVEL Industry": "1"}, ".TRAVEL UIN"),
    ],
)
def test_fields_only_cnr_needs_are_asked_for_on_cnr_and_never_sent_to_hexonet(
    stack: E2EStack, whmcs_call: WhmcsCall, tld: str, fields: dict[str, str], missing: str
) -> None:
    """On CNR the order without them is refused by the bridge before any registry call; on HEXONET the
    same order registers, with the very parameters it always had."""
    domain = fresh_domain(tld)
    result = whmcs_call("RegisterDomain", order(domain, fields, {}))
    if stack.backend == "cnr":
        assert result.error is not None and missing in result.error, result.error
        assert add_domain_log(stack, domain) == []
        return
    assert result.returned == {"success": True}, result.returned
    [sent] = add_domain_log(stack, domain)
    assert not [k for k in sent["params"] if k.upper().startswith(("X-AU-DOMAIN-", "X-TRAVEL-UIN"))]
