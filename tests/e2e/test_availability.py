"""CheckAvailability end to end (docs/module-behaviour.md §3.1): one SearchResult per TLD, each status
class."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from sandbox.faults import Faults
from sandbox.systems import CNR_OTE, ISPAPI
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, register_in_sandbox
from tests.whmcs.harness import lookup_params

# Every test runs once per registry backend (ispapi, cnr): the same WHMCS answers from either API.
pytestmark = [pytest.mark.e2e, pytest.mark.php, pytest.mark.usefixtures("backend")]

RESULT = "WHMCS\\Domains\\DomainLookup\\SearchResult"


@pytest.fixture
def faults(stack: E2EStack) -> Iterator[Faults]:
    """The fault injection of the system the test's backend talks to (the CNR OT&E endpoint has its own),
    cleared afterwards."""
    system = CNR_OTE if stack.backend == "cnr" else ISPAPI
    yield stack.sandbox.system_faults[system]
    stack.sandbox.system_faults[system].clear()


def search(whmcs_call: WhmcsCall, label: str, tlds: list[str], **overrides: Any) -> dict[str, dict[str, Any]]:
    params = lookup_params(
        searchTerm=label, punyCodeSearchTerm=label, isIdnDomain=False, tldsToInclude=tlds, **overrides
    )
    result = whmcs_call("CheckAvailability", params)
    assert result.exception is None, result.exception
    assert result.returned["__class__"] == "WHMCS\\Domains\\DomainLookup\\ResultsList"
    items = result.returned["items"]
    assert all(item["__class__"] == RESULT and item["secondLevel"] == label for item in items)
    return {item["topLevel"]: item for item in items}


def test_available_registered_and_unsupported_in_one_search(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    taken = fresh_domain()
    register_in_sandbox(stack, taken)
    label = taken.split(".")[0]
    found = search(whmcs_call, label, [".com", ".net", ".zzunknown"])
    assert list(found) == ["com", "net", "zzunknown"]  # the order WHMCS asked in
    assert found["com"]["status"] == "registered"
    assert found["net"]["status"] == "available for registration"
    assert found["zzunknown"]["status"] == "tld not supported"
    assert not any(item["premium"] for item in found.values())


def test_reserved_names(whmcs_call: WhmcsCall) -> None:
    # "corp" is on ICANN's name-collision list: new gTLDs answer "211 Collision Domain name available".
    found = search(whmcs_call, "corp", [".xyz", ".shop"])
    assert {tld: item["status"] for tld, item in found.items()} == {"xyz": "reserved", "shop": "reserved"}
    # "nic" is reserved by registry policy on every TLD.
    found = search(whmcs_call, "nic", [".com"])
    assert found["com"]["status"] == "reserved"


def test_premium_name_with_its_prices(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    premium = stack.sandbox.catalogue.premium("cloud.xyz")
    assert premium is not None
    # ISPAPI: renew/transfer prices come from the pricing cache that the TLD sync fills (a search never
    # waits for it: with no cache yet it shows the register price and fills the cache in the background).
    # CNR: the register price comes with the check (X-FEE); renew/transfer are left to GetPremiumPrice.
    assert whmcs_call("GetTLDPricing", {"whmcsVersion": "8.10.1"}).exception is None
    found = search(whmcs_call, "cloud", [".xyz"])
    item = found["xyz"]
    assert item["premium"] is True
    assert item["status"] == "available for registration"
    pricing = item["premiumCostPricing"]
    assert pricing["CurrencyCode"] == premium.currency
    assert Decimal(str(pricing["register"])) == premium.register_price
    if stack.backend == "cnr":
        assert "renew" not in pricing and "transfer" not in pricing
    else:
        assert Decimal(str(pricing["renew"])) == premium.renew_price
        assert Decimal(str(pricing["transfer"])) == premium.transfer_price


def test_premium_name_without_premium_enabled_is_not_offered(whmcs_call: WhmcsCall) -> None:
    found = search(whmcs_call, "cloud", [".xyz"], premiumEnabled=False)
    assert found["xyz"]["premium"] is False
    assert found["xyz"]["status"] != "available for registration"


def test_lookup_with_the_registry_down_throws_so_whmcs_falls_back(
    stack: E2EStack, whmcs_call: WhmcsCall, faults: Faults
) -> None:
    faults.set("dropped", 1.0, command="CheckDomains")
    params = lookup_params(
        searchTerm="x-down", punyCodeSearchTerm="x-down", isIdnDomain=False, tldsToInclude=[".com"]
    )
    result = whmcs_call("CheckAvailability", params)
    assert result.returned is None  # throw mode (docs/whmcs.md §4.5): WHMCS falls back to WHOIS
    assert result.exception is not None
    assert result.exception["message"].startswith(
        "Domain availability check failed: the registrar API did not answer. [ref "
    )


def test_module_debug_mode_off_gives_the_same_answer_and_no_module_log(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """WHMCS keeps module-log entries only in Module Debug Mode (off by default). Off, the bridge renders none
    for the registry traffic and the shim writes none; on, both are there. The search answers the same."""
    taken = fresh_domain()
    register_in_sandbox(stack, taken)
    label = taken.split(".")[0]
    params = lookup_params(
        searchTerm=label, punyCodeSearchTerm=label, isIdnDomain=False, tldsToInclude=[".com", ".net"]
    )
    on = whmcs_call("CheckAvailability", params, settings={"ModuleDebugMode": "on"})
    off = whmcs_call("CheckAvailability", params, settings={"ModuleDebugMode": ""})
    assert on.exception is None and off.exception is None
    assert off.returned == on.returned
    assert [item["status"] for item in off.returned["items"]] == ["registered", "available for registration"]
    actions = [entry["action"] for entry in on.modulelog]
    assert actions[0] == "bridge:CheckAvailability" and "CheckAvailability" in actions[1:]
    assert any("CheckDomains" in entry["request"] for entry in on.modulelog[1:])
    assert off.modulelog == []
