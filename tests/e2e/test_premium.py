"""GetPremiumPrice end to end (docs/module-behaviour.md §3.4, §13.1/§13.2 fixed): php -> bridge -> sandbox,
priced from the sandbox's own premium catalogue, plus the premium registration price check of RegisterDomain
(docs/module-behaviour.md §13.1)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

import pytest

from sandbox.catalogue import default_catalogue
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import OTE, E2EStack, fresh_domain, register_params_for

pytestmark = [pytest.mark.e2e, pytest.mark.php]

CURRENCIES = {"tblcurrencies": [{"id": 1, "code": "USD"}, {"id": 2, "code": "EUR"}, {"id": 3, "code": "CNY"}]}


def premium_params(domain: str, *types: str) -> dict[str, Any]:
    sld, _, tld = domain.partition(".")
    return {"domain": {"__domain__": domain}, "sld": sld, "tld": f".{tld}", "type": list(types)}


# name, the price types WHMCS asks for, the currency the registry prices it in, variable-fee class?
PRICED = [
    pytest.param("cloud.guru", ("register", "renew"), "USD", False, id="registry-premium"),
    pytest.param("cloud.xyz", ("transfer", "renew"), "USD", False, id="transfer"),
    # docs/module-behaviour.md §13.2: 5.1.12 returned no register price for variable-fee classes (undefined
    # variable).
    pytest.param("cloud.top", ("register", "renew"), "CNY", True, id="variable-fee-with-markups"),
]


def in_account_currency(stack: E2EStack, amount: Decimal, currency: str) -> tuple[float, str]:
    """What CNR quotes: X-FEE amounts in the account's currency, converted with the sandbox's EUR-based
    rates (amount / rate[from] x rate[to], to the cent)."""
    account = stack.api("StatusAccount")["properties"]["CURRENCY"][0]
    rates = {
        "EUR": Decimal(1),
        **{to: Decimal(rate) for _, to, rate, _ in default_catalogue().exchange_rates()},
    }
    if currency == account:
        return float(amount), account
    return float((amount / rates[currency] * rates[account]).quantize(Decimal("0.01"))), account


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(("name", "types", "currency", "variable_fee"), PRICED)
def test_premium_name_is_priced_from_the_registry_catalogue(
    stack: E2EStack,
    whmcs_call: WhmcsCall,
    name: str,
    types: tuple[str, ...],
    currency: str,
    variable_fee: bool,
) -> None:
    facts = default_catalogue().premium(name)
    assert facts is not None
    assert (":" in facts.premium_class) is variable_fee
    result = whmcs_call("GetPremiumPrice", premium_params(name, *types), db=CURRENCIES)
    assert result.exception is None, result.exception
    prices = {kind: float(getattr(facts, f"{kind}_price")) for kind in types}
    if stack.backend == "cnr":  # the fees of the check reply, in the account currency
        converted = {
            kind: in_account_currency(stack, getattr(facts, f"{kind}_price"), currency) for kind in types
        }
        prices = {kind: amount for kind, (amount, _) in converted.items()}
        currency = next(iter(converted.values()))[1]
    assert result.returned == {"CurrencyCode": currency, **prices}


@pytest.mark.usefixtures("backend")
def test_a_currency_whmcs_does_not_know_is_refused(whmcs_call: WhmcsCall) -> None:
    db = {"tblcurrencies": [{"id": 1, "code": "EUR"}]}
    result = whmcs_call("GetPremiumPrice", premium_params("cloud.guru", "register", "renew"), db=db)
    assert result.exception is not None
    assert result.exception["message"].startswith("Missing currency configuration for: USD [ref ")


@pytest.mark.usefixtures("backend")
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
        apps = [a for a in stack.sandbox.worlds[OTE].applications.values() if a.domain == domain]
    assert len(apps) == 1


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("backend", ["cnr"], indirect=True)
def test_premium_registration_on_cnr_is_registered_at_once_with_the_fee(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """CentralNic Reseller registers a premium name directly when AddDomain carries its fee (X-FEE-AMOUNT),
    instead of ISPAPI's application."""
    domain = _premium_name("guru")
    facts = default_catalogue().premium(domain)
    assert facts is not None
    params = register_params_for(domain, premiumEnabled=True, premiumCost=f"{facts.register_price:.2f}")
    result = whmcs_call("RegisterDomain", params)
    assert result.returned == {"success": True}, result.returned
    created = stack.domain(domain)
    assert created is not None and created.premium_class
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1


@pytest.mark.usefixtures("backend")
def test_premium_registration_at_another_price_registers_nothing(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    # docs/module-behaviour.md §13.1: 5.1.12 silently fell back to a standard AddDomain on a price mismatch.
    domain = _premium_name("guru")
    params = register_params_for(domain, premiumEnabled=True, premiumCost="1.00")
    result = whmcs_call("RegisterDomain", params)
    assert result.error is not None and result.error.startswith("Premium price mismatch"), result.error
    assert stack.domain(domain) is None
    assert stack.sandbox.money_count(domain) == 0
