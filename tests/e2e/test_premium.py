"""GetPremiumPrice end to end (ref-module §3.4, §13.1/§13.2 fixed): php -> bridge -> sandbox, priced from the
sandbox's own premium catalogue, plus the premium registration price check of RegisterDomain (§13.1)."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from sandbox.catalogue import default_catalogue
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, register_params_for

pytestmark = [pytest.mark.e2e, pytest.mark.php]

CURRENCIES = {"tblcurrencies": [{"id": 1, "code": "USD"}, {"id": 2, "code": "EUR"}, {"id": 3, "code": "CNY"}]}


def premium_params(domain: str, *types: str) -> dict[str, Any]:
    sld, _, tld = domain.partition(".")
    return {"domain": {"__domain__": domain}, "sld": sld, "tld": f".{tld}", "type": list(types)}


def test_registry_premium_name_is_priced_from_the_registry(whmcs_call: WhmcsCall) -> None:
    facts = default_catalogue().premium("cloud.guru")
    assert facts is not None
    result = whmcs_call("GetPremiumPrice", premium_params("cloud.guru", "register", "renew"), db=CURRENCIES)
    assert result.exception is None, result.exception
    assert result.returned == {
        "CurrencyCode": "USD",
        "register": float(facts.register_price),
        "renew": float(facts.renew_price),
    }


def test_premium_transfer_prices(whmcs_call: WhmcsCall) -> None:
    facts = default_catalogue().premium("cloud.xyz")
    assert facts is not None
    result = whmcs_call("GetPremiumPrice", premium_params("cloud.xyz", "transfer", "renew"), db=CURRENCIES)
    assert result.returned == {
        "CurrencyCode": "USD",
        "transfer": float(facts.transfer_price),
        "renew": float(facts.renew_price),
    }


def test_variable_fee_premium_name_is_priced_with_the_markups(whmcs_call: WhmcsCall) -> None:
    # §13.2: 5.1.12 returned no register price for variable-fee classes (undefined variable).
    facts = default_catalogue().premium("cloud.top")
    assert facts is not None and ":" in facts.premium_class
    result = whmcs_call("GetPremiumPrice", premium_params("cloud.top", "register", "renew"), db=CURRENCIES)
    assert result.returned == {
        "CurrencyCode": "CNY",
        "register": float(facts.register_price),
        "renew": float(facts.renew_price),
    }


def test_a_currency_whmcs_does_not_know_is_refused(whmcs_call: WhmcsCall) -> None:
    db = {"tblcurrencies": [{"id": 1, "code": "EUR"}]}
    result = whmcs_call("GetPremiumPrice", premium_params("cloud.guru", "register", "renew"), db=db)
    assert result.exception is not None
    assert result.exception["message"].startswith("Missing currency configuration for: USD [ref ")


def test_a_standard_name_has_no_premium_price(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("GetPremiumPrice", premium_params(fresh_domain("guru"), "register"), db=CURRENCIES)
    assert result.exception is None and result.returned == []


def _premium_name(tld: str) -> str:
    catalogue = default_catalogue()
    # fresh_domain() skips premium names on purpose; search the same kind of unique names here.
    for _ in range(5000):
        name = f"p-{secrets.token_hex(4)}.{tld}"
        if catalogue.premium(name) is not None and catalogue.reserved(name) is None:
            return name
    raise AssertionError(f"no premium name found on .{tld}")


def test_premium_registration_at_the_registry_price_becomes_an_application(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = _premium_name("guru")
    facts = default_catalogue().premium(domain)
    assert facts is not None
    params = register_params_for(domain, premiumEnabled=True, premiumCost=f"{facts.register_price:.2f}")
    result = whmcs_call("RegisterDomain", params)
    assert result.returned == {"pending": True}, result.returned
    with stack.sandbox.lock:
        apps = [a for a in stack.sandbox.worlds["1234"].applications.values() if a.domain == domain]
    assert len(apps) == 1


def test_premium_registration_at_another_price_registers_nothing(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    # §13.1: 5.1.12 silently fell back to a standard AddDomain on a price mismatch.
    domain = _premium_name("guru")
    params = register_params_for(domain, premiumEnabled=True, premiumCost="1.00")
    result = whmcs_call("RegisterDomain", params)
    assert result.error is not None and result.error.startswith("Premium price mismatch"), result.error
    assert stack.domain(domain) is None
    assert stack.sandbox.money_count(domain) == 0
