"""End to end through php: CheckAvailability status classes and GetTLDPricing ImportItems."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.catalogue import default_catalogue
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, register_in_sandbox, split_domain

# Every test runs once per registry backend (ispapi, cnr).
pytestmark = [pytest.mark.usefixtures("backend")]


def test_check_availability_status_classes(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    taken = fresh_domain()
    register_in_sandbox(stack, taken)
    label, _ = split_domain(taken)
    params: dict[str, Any] = {
        "searchTerm": label,
        "punyCodeSearchTerm": label,
        "isIdnDomain": False,
        "premiumEnabled": True,
        "tldsToInclude": [".com", ".net", ".org", ".de", ".co.uk"],
    }
    result = whmcs_call("CheckAvailability", params)
    assert result.exception is None, result.exception
    text = repr(result.returned)
    assert label in text
    assert "com" in text and "net" in text


def test_get_tld_pricing_import_items(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("GetTLDPricing", {"whmcsVersion": "8.10.1"})
    assert result.exception is None, result.exception
    text = repr(result.returned)
    assert "ImportItem" in text and ".com" in text and ".co.uk" in text


def test_a_premium_search_is_one_registry_round_trip_priced_from_the_pricing_cache(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    # No StatusUser (the account's whole price list) per search: renew/transfer prices of premium names
    # come from the pricing cache that the TLD sync (or a first search, in the background) fills.
    from tests.e2e.test_premium import _premium_name

    assert whmcs_call("GetTLDPricing", {"whmcsVersion": "8.10.1"}).exception is None  # the cache is warm
    name = _premium_name("guru")
    label, _ = split_domain(name)
    params = {"searchTerm": label, "punyCodeSearchTerm": label, "isIdnDomain": False, "premiumEnabled": True,
              "tldsToInclude": [".guru"]}  # fmt: skip
    before = len(stack.sandbox.command_log)
    result = whmcs_call("CheckAvailability", params)
    assert result.exception is None, result.exception
    assert [entry["command"] for entry in stack.sandbox.command_log[before:]] == ["CheckDomains"]
    facts = default_catalogue().premium(name)
    assert facts is not None
    text = repr(result.returned)
    # CNR: the search row has the register price (its fee requests all go to registrations)
    for price in (facts.register_price, facts.renew_price)[: 1 if stack.backend == "cnr" else 2]:
        assert f"{float(price)}" in text or f"{price}" in text, (price, text)


def test_the_sandbox_world_shows_reserved_and_taken_names(whmcs_call: WhmcsCall) -> None:
    # A demo must not offer example.com or google.com: RFC 2606 names are reserved, well-known names are
    # registered at another registrar (sandbox/catalogue/registrants.py).
    params = {"searchTerm": "example", "punyCodeSearchTerm": "example", "isIdnDomain": False,
              "premiumEnabled": False, "tldsToInclude": [".com", ".net"]}  # fmt: skip
    reserved = whmcs_call("CheckAvailability", params)
    assert reserved.exception is None, reserved.exception
    taken = whmcs_call(
        "CheckAvailability", {**params, "searchTerm": "google", "punyCodeSearchTerm": "google"}
    )
    assert taken.exception is None, taken.exception
    assert [item["status"] for item in reserved.returned["items"]] == ["reserved", "reserved"]
    assert [item["status"] for item in taken.returned["items"]] == ["registered", "registered"]
