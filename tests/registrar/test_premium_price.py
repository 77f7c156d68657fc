"""GetPremiumPrice (docs/module-behaviour.md §3.4) with §13.2 fixed: the requested row, both class kinds,
conversions from relation currencies, the `type` list, and refusal of currencies WHMCS does not know."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from app.backends.ispapi.premium_fees import Rates, quote
from app.errors import InvalidInput, RegistryRejected
from app.ispapi import parse_response
from app.registrar.catalogue.premium_price import get_premium_price
from app.registry.catalogue import PremiumQuote
from tests.registrar.conftest import reply

RELATIONS = {
    "PRICE_CLASS_DOMAIN_PREMIUM_DONUTS_B_CURRENCY": "USD",
    "PRICE_CLASS_DOMAIN_PREMIUM_DONUTS_B_ANNUAL": "120.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_DONUTS_B_TRANSFER": "110.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_RADIX_C_CURRENCY": "EUR",
    "PRICE_CLASS_DOMAIN_PREMIUM_RADIX_C_ANNUAL": "100.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_RADIX_C_TRANSFER": "100.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_CURRENCY": "CNY",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_SETUP_MARKUP_FIX": "30.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_SETUP_MARKUP_VAR": "10",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_ANNUAL_MARKUP_FIX": "5.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_ANNUAL_MARKUP_VAR": "10",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_TRANSFER_MARKUP_FIX": "5.00",
    "PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_TRANSFER_MARKUP_VAR": "10",
}
STATUS_USER = reply(RELATIONTYPE=list(RELATIONS), RELATIONVALUE=list(RELATIONS.values()))
RATES = reply(
    CURRENCYFROM=["EUR", "EUR", "EUR"], CURRENCYTO=["USD", "CNY", "JPY"], RATE=["1.0350", "7.5700", "162.9"]
)


def check(**row: str) -> str:
    base = {
        "DOMAINCHECK": "211 Premium Domain name available",
        "CLASS": "",
        "PREMIUMCHANNEL": "",
        "PRICE": "",
        "CURRENCY": "",
    }
    base.update(row)
    return reply(cols=base)


def params(**extra: Any) -> dict[str, Any]:
    return {
        "sld": "cloud",
        "tld": ".guru",
        "domain": "cloud.guru",
        "whmcs_currencies": ["USD", "EUR", "CNY"],
        **extra,
    }


async def test_registry_premium_register_and_renew(fake, make_ctx) -> None:
    fake.on(
        "CheckDomains",
        check(CLASS="PREMIUM_DONUTS_B", PREMIUMCHANNEL="DONUTS", PRICE="2500.00", CURRENCY="USD"),
    )
    fake.on("StatusUser", STATUS_USER)
    result = await get_premium_price(make_ctx("GetPremiumPrice", params(type=["register", "renew"])))
    assert result.kind == "premium_price"
    assert result.value == {"CurrencyCode": "USD", "register": 2500.0, "renew": 120.0}
    assert fake.last("CheckDomains") == {
        "COMMAND": "CheckDomains",
        "DOMAIN0": "cloud.guru",
        "PREMIUMCHANNELS": "*",
    }
    assert "QueryExchangeRates" not in fake.commands()


async def test_transfer_type_answers_transfer_and_renew(fake, make_ctx) -> None:
    fake.on(
        "CheckDomains",
        check(
            DOMAINCHECK="211 Premium Domain name not available",
            CLASS="PREMIUM_DONUTS_B",
            PREMIUMCHANNEL="DONUTS",
        ),
    )
    fake.on("StatusUser", STATUS_USER)
    result = await get_premium_price(make_ctx("GetPremiumPrice", params(type=["transfer", "renew"])))
    assert result.value == {"CurrencyCode": "USD", "transfer": 110.0, "renew": 120.0}


async def test_renew_price_in_another_currency_is_converted(fake, make_ctx) -> None:
    # docs/module-behaviour.md §13.2: 5.1.12 converted with an undefined variable (garbage or 0); here EUR 100
    # -> USD at 1.035.
    fake.on(
        "CheckDomains", check(CLASS="PREMIUM_RADIX_C", PREMIUMCHANNEL="RADIX", PRICE="500.00", CURRENCY="USD")
    )
    fake.on("StatusUser", STATUS_USER)
    fake.on("QueryExchangeRates", RATES)
    result = await get_premium_price(make_ctx("GetPremiumPrice", params()))
    assert result.value == {"CurrencyCode": "USD", "register": 500.0, "renew": 103.5}


async def test_variable_fee_class_is_priced_with_markups(fake, make_ctx) -> None:
    # docs/module-behaviour.md §13.2: 5.1.12 returned nothing for variable-fee register prices. 2976 * 1.1 +
    # 30 = 3303.60 CNY.
    fake.on(
        "CheckDomains",
        check(CLASS="PREMIUM_TOP_CNY:24:2976", PREMIUMCHANNEL="TOP", PRICE="3303.60", CURRENCY="CNY"),
    )
    fake.on("StatusUser", STATUS_USER)
    result = await get_premium_price(make_ctx("GetPremiumPrice", params(sld="shop", tld=".top")))
    assert result.value == {"CurrencyCode": "CNY", "register": 3303.6, "renew": 31.4}


async def test_variable_fee_markup_in_another_currency_is_converted(fake, make_ctx) -> None:
    relations = dict(RELATIONS)
    relations["PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_CURRENCY"] = "EUR"
    fake.on(
        "CheckDomains",
        check(CLASS="PREMIUM_TOP_CNY:24:2976", PREMIUMCHANNEL="TOP", PRICE="1", CURRENCY="CNY"),
    )
    fake.on("StatusUser", reply(RELATIONTYPE=list(relations), RELATIONVALUE=list(relations.values())))
    fake.on("QueryExchangeRates", RATES)
    result = await get_premium_price(make_ctx("GetPremiumPrice", params(type=["register"])))
    # FIX 30 EUR = 227.10 CNY; 2976 * 1.1 + 227.10
    assert result.value == {
        "CurrencyCode": "CNY",
        "register": float(Decimal("2976") * Decimal("1.1") + Decimal("227.10")),
    }


async def test_the_requested_row_is_read_not_row_zero(fake, make_ctx) -> None:
    # docs/module-behaviour.md §13.2: 5.1.12 tested row 0 for premium-ness whatever index it was asked for.
    two_rows = reply(
        DOMAINCHECK=["210 Available", "211 Premium Domain name available"],
        CLASS=["GURU", "PREMIUM_DONUTS_B"],
        PREMIUMCHANNEL=["", "DONUTS"],
        PRICE=["", "2500.00"],
        CURRENCY=["", "USD"],
    )
    fake.on("StatusUser", STATUS_USER)

    async def no_rates() -> dict[str, Decimal]:
        raise AssertionError("no conversion expected")

    # the adapter's quote of row 1 (app/backends/ispapi/premium_fees.py), below the operation
    pricing = await quote(fake, parse_response(two_rows), 1, kinds=("register",), rates=Rates(load=no_rates))
    assert pricing == PremiumQuote(currency="USD", prices={"register": Decimal("2500.00")})


async def test_a_standard_name_answers_empty(fake, make_ctx) -> None:
    fake.on(
        "CheckDomains",
        reply(DOMAINCHECK="210 Available", CLASS="GURU", PREMIUMCHANNEL="", PRICE="", CURRENCY=""),
    )
    result = await get_premium_price(make_ctx("GetPremiumPrice", params()))
    assert result.value == {}
    assert fake.commands() == ["CheckDomains"]


async def test_a_currency_whmcs_does_not_know_is_refused(fake, make_ctx) -> None:
    fake.on(
        "CheckDomains",
        check(CLASS="PREMIUM_DONUTS_B", PREMIUMCHANNEL="DONUTS", PRICE="2500.00", CURRENCY="USD"),
    )
    fake.on("StatusUser", STATUS_USER)
    with pytest.raises(RegistryRejected) as caught:
        await get_premium_price(make_ctx("GetPremiumPrice", params(whmcs_currencies=["EUR", "GBP"])))
    assert caught.value.message == "Missing currency configuration for: USD"


async def test_unpriceable_request_is_refused(fake, make_ctx) -> None:
    fake.on("CheckDomains", check(CLASS="PREMIUM_UNKNOWN_Z", PREMIUMCHANNEL="UNKNOWN"))
    fake.on("StatusUser", STATUS_USER)
    fake.on("StatusAccount", reply(CURRENCY="USD"))
    with pytest.raises(RegistryRejected) as caught:
        await get_premium_price(make_ctx("GetPremiumPrice", params(type=["transfer"])))
    assert "No premium price" in caught.value.message


async def test_missing_exchange_rate_is_refused(fake, make_ctx) -> None:
    fake.on(
        "CheckDomains", check(CLASS="PREMIUM_RADIX_C", PREMIUMCHANNEL="RADIX", PRICE="500.00", CURRENCY="USD")
    )
    fake.on("StatusUser", STATUS_USER)
    fake.on("QueryExchangeRates", reply(CURRENCYFROM=["EUR"], CURRENCYTO=["JPY"], RATE=["162.9"]))
    with pytest.raises(RegistryRejected) as caught:
        await get_premium_price(make_ctx("GetPremiumPrice", params()))
    assert "No exchange rate from EUR to USD" in caught.value.message


async def test_registry_error_raises(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(549, "Command failed"))
    with pytest.raises(RegistryRejected):
        await get_premium_price(make_ctx("GetPremiumPrice", params()))


@pytest.mark.parametrize("bad", [["register", "steal"], "upgrade", [1]])
async def test_unknown_type_is_invalid_input(fake, make_ctx, bad) -> None:
    with pytest.raises(InvalidInput) as caught:
        await get_premium_price(make_ctx("GetPremiumPrice", params(type=bad)))
    assert caught.value.field == "type"
    assert fake.sent == []
