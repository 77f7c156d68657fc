"""End to end through php (issue 6): CheckAvailability status classes and GetTLDPricing ImportItems."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, register_in_sandbox, split_domain


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
