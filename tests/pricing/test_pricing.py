"""TLD pricing (docs/module-behaviour.md §8, §13.11): relation parsing, class map, price maths, and
GetTLDPricing against the in-process sandbox (registry calls, hand-computed prices, conversion, cache,
single-flight)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from app.backends.ispapi import price_classes as classes, price_relations as relations
from app.db.session import Database
from app.errors import InvalidInput
from app.pricing import cache
from app.registrar.base import ModuleConfig
from app.registrar.catalogue.tld_pricing import get_tld_pricing
from app.registry import price_maths as maths
from app.sync.account import account_for
from sandbox.core import Sandbox
from tests.sync.conftest import LOGIN, Counting, context, held_until_another_caller_waits, services

URL = "http://127.0.0.1/api/call.cgi"
D = Decimal

# ---- relations -----------------------------------------------------------------------------------------

RELATIONS = [
    ("PRICE_CLASS_DOMAIN_TRADE_CURRENCY", "USD"),
    ("PRICE_CLASS_DOMAIN_TRADE_SETUP", "0.00"),
    ("PRICE_CLASS_DOMAIN_TRADE_ANNUAL", "24.00"),
    ("PRICE_CLASS_DOMAIN_TRADE_TRADE", "0.00"),
    ("PRICE_CLASS_DOMAIN_PROMO_ANNUAL", "9.99"),
    ("PRICE_CLASS_DOMAIN_AI_SETUP2", "0.00"),
    ("PRICE_CLASS_DOMAIN_AI_ANNUAL2", "150.00"),
    ("PRICE_CLASS_DOMAIN_CLUB_ANNUAL", "14.99"),
    ("PRICE_CLASS_DOMAIN_CLUB_ANNUAL_PROMO1", "6.00"),
    ("PRICE_CLASS_DOMAIN_COUK_RESTORE", ""),
    ("PRICE_CLASS_DOMAIN_MUSIC_SUNRISE_SETUP", "199.00"),
    ("PRICE_CLASS_DOMAIN_PREMIUM_DONUTS_B_ANNUAL", "99.00"),
    ("PRICE_CLASS_DOMAIN_PREMIUM_TOP_CNY_*_SETUP_MARKUP_FIX", "1.00"),
    ("PRICE_CLASS_TRUSTEE_DOMAIN_DE_ANNUAL", "9.00"),
    ("PRICE_CLASS_DOMAIN_COMIDN_ANNUAL", "5.00"),
    ("PRICE_CLASS_DOMAIN_NAME_ANNUAL", "5.00"),
    ("PRICE_CLASS_DOMAIN_XN--ECKWD4C7C-JP_ANNUAL", "5.00"),
    ("PRICE_CLASS_DOMAIN_BROKEN_ANNUAL", "ten"),
]


def test_relations_parsed_from_the_tail() -> None:
    parsed = relations.parse(RELATIONS)
    # .trade's TRADE item and .promo's class are not misread; SUNRISE has no table of its own.
    assert parsed["TRADE"].annual == {None: D("24.00")} and parsed["TRADE"].currency == "USD"
    assert parsed["PROMO"].annual == {None: D("9.99")} and parsed["PROMO"].promo == {}
    assert parsed["AI"].setup == {2: D("0.00")} and parsed["AI"].annual == {2: D("150.00")}
    assert parsed["CLUB"].promo == {"ANNUAL": {1: D("6.00")}}
    assert parsed["COUK"].restore == {None: relations.BLOCKED}
    assert "MUSIC" not in parsed  # only a sunrise price: nothing WHMCS can import
    assert parsed["BROKEN"].annual == {}  # a malformed value is ignored, the TLD later skipped
    # premium, variable-fee and trustee relations, and the excluded classes, are no TLDs
    assert not {"PREMIUM", "DONUTS", "DE", "COMIDN", "NAME", "XN--ECKWD4C7C-JP"} & set(parsed)


def test_class_to_extension() -> None:
    assert classes.ace_zone("COUK") == "co.uk"
    assert classes.ace_zone("COMAU") == "com.au"
    assert classes.ace_zone("NAMESLD") == "name"
    assert classes.ace_zone("COM") == "com"
    assert classes.is_idn_class("XN--P1AI") and classes.ace_zone("XN--P1AI") == "xn--p1ai"


# ---- maths ---------------------------------------------------------------------------------------------


def _prices(**tables: dict[Any, Any]) -> relations.ClassPrices:
    prices = relations.ClassPrices(cls="X", currency="USD")
    for name, table in tables.items():
        getattr(prices, name).update(table)
    return prices


def test_registration_renewal_transfer() -> None:
    plain = _prices(setup={None: D("1.00")}, annual={None: D("10.00")}, transfer={None: D("8.00")})
    assert maths.registration(plain, 1) == D("11.00")
    assert maths.registration(plain, 2) == D("21.00")  # setup once + 2 years
    assert maths.renewal(plain, 1) == D("10.00")
    assert maths.transfer(plain, 1) == D("8.00")
    assert maths.transfer(plain, 0) == D("8.00")  # 0Y transfer: the fee once
    term = _prices(setup={2: D("0.00"), None: D("0.00")}, annual={2: D("150.00"), None: D("75.00")})
    assert maths.registration(term, 2) == D("150.00")
    # docs/module-behaviour.md §13.11: its own minimum period, not the registration term
    assert maths.renewal(term, 1) == D("75.00")
    promo = _prices(setup={None: D("0.00")}, annual={None: D("14.99")}, promo={"ANNUAL": {1: D("6.00")}})
    assert maths.registration(promo, 1) == D("6.00")
    assert maths.renewal(promo, 1) == D("14.99")  # promotions are for the first year only
    assert maths.registration(promo, 2) == D("29.98")


def test_blocked_and_missing_prices() -> None:
    blocked = _prices(
        setup={None: relations.BLOCKED}, annual={None: D("10.00")}, restore={None: relations.BLOCKED}
    )
    assert maths.registration(blocked, 1) is None
    assert maths.redemption(blocked) is None
    assert maths.registration(_prices(annual={None: D("10.00")}), 1) is None  # no SETUP relation
    assert maths.renewal(_prices(annual={None: relations.BLOCKED}), 1) is None


def test_convert() -> None:
    rates = {"EUR": D("1"), "USD": D("1.0350"), "GBP": D("0.8300")}
    assert maths.convert(D("9.99"), source="USD", target="EUR", rates=rates) == D("9.65")
    assert maths.convert(D("5.99"), source="GBP", target="USD", rates=rates) == D("7.47")
    assert maths.convert(D("5.00"), source="EUR", target="EUR", rates={}) == D("5.00")
    assert maths.convert(D("5.00"), source="PEN", target="EUR", rates=rates) is None  # no 0.00 price


def test_parse_periods() -> None:
    assert maths.parse_periods("1Y,2Y,10Y") == [1, 2, 10]
    assert maths.parse_periods("0Y") == []
    assert maths.parse_periods("1M, 3Y ,x,") == [3]


# ---- GetTLDPricing against the sandbox -----------------------------------------------------------------


def _by_extension(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(item["extension"]): item for item in items}


async def test_cold_and_warm_get_tld_pricing(sandbox: Sandbox, client: Counting, db: Database) -> None:
    svc = services(db, client)
    ctx = context("GetTLDPricing", {"currency": "EUR"}, client=client, services=svc)
    items = _by_extension((await get_tld_pricing(ctx)).value)
    calls = client.count()
    assert sum(calls.values()) <= 12 and calls["StatusUser"] == 1 and calls["ConvertIDN"] == 1
    rate_usd = D(next(r for _, t, r, _ in sandbox.catalogue.exchange_rates() if t == "USD"))
    rate_gbp = D(next(r for _, t, r, _ in sandbox.catalogue.exchange_rates() if t == "GBP"))

    def eur(amount: str, rate: Decimal) -> float:
        return float((D(amount) / rate).quantize(D("0.01")))

    com = items[".com"]  # USD 0.00 setup + 9.99 annual, 9.99 transfer, 75.00 restore
    assert com["register_price"] == com["renew_price"] == com["transfer_price"] == eur("9.99", rate_usd)
    assert com["redemption_fee_price"] == eur("75.00", rate_usd) and com["redemption_fee_days"] == 30
    assert com["currency"] == "EUR" and com["epp_required"] is True and com["years"][0] == 1
    assert com["grace_fee_days"] is None and com["grace_fee_price"] is None
    de = items[".de"]  # EUR class: no conversion; 0Y transfer costs the 0.00 fee
    assert (de["register_price"], de["renew_price"], de["transfer_price"]) == (4.5, 4.5, 0.0)
    ai = items[".ai"]  # 2-year minimum term: SETUP2 + ANNUAL2
    assert ai["years"][0] == 2 and ai["register_price"] == eur("150.00", rate_usd)
    couk = items[".co.uk"]  # GBP, not restorable, no auth code needed
    assert couk["register_price"] == eur("5.99", rate_gbp) and couk["redemption_fee_price"] is None
    assert couk["epp_required"] is False
    assert items[".club"]["register_price"] == eur("6.00", rate_usd)  # ANNUAL_PROMO1
    assert items[".рф"]["register_price"] == eur("6.00", rate_usd)
    assert ".name" in items and ".trade" in items and com["id_protection"] is None
    # warm: no registry call at all
    before = sum(client.count().values())
    again = await get_tld_pricing(context("GetTLDPricing", {"currency": "USD"}, client=client, services=svc))
    assert sum(client.count().values()) == before
    assert _by_extension(again.value)[".com"]["register_price"] == 9.99


async def test_id_protection_only_with_the_setting(client: Counting, db: Database) -> None:
    svc = services(db, client)
    ctx = context("GetTLDPricing", {}, client=client, services=svc, config={"SyncIDProtection": "on"})
    items = _by_extension((await get_tld_pricing(ctx)).value)
    assert items[".com"]["id_protection"] is True and items[".de"]["id_protection"] is False
    assert items[".com"]["currency"] == "USD"  # no currency param: the account currency


async def test_missing_exchange_rate_skips_the_tld(client: Counting, db: Database) -> None:
    ctx = context("GetTLDPricing", {"currency": "XYZ"}, client=client, services=services(db, client))
    items = (await get_tld_pricing(ctx)).value
    assert items == []  # no rate into XYZ: every TLD left out, none priced 0.00
    assert any("no exchange rate USD -> XYZ" in line for line in ctx.effects.activity)


async def test_bad_currency_is_refused(client: Counting, db: Database) -> None:
    ctx = context("GetTLDPricing", {"currency": "euro"}, client=client, services=services(db, client))
    with pytest.raises(InvalidInput, match="three-letter"):
        await get_tld_pricing(ctx)


async def test_two_concurrent_refreshes_make_one_set_of_calls(
    client: Counting, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    gated = held_until_another_caller_waits(client, monkeypatch)
    account = account_for(ModuleConfig(username=LOGIN), ispapi_url=URL)
    first, second = await asyncio.gather(
        cache.refresh(db=db, client=gated, account=account),
        cache.refresh(db=db, client=gated, account=account),
    )
    assert sorted([first.outcome, second.outcome]) == ["ran", "waited"]
    assert client.count()["StatusUser"] == 1


async def test_unreachable_registry_fails_cleanly(sandbox: Sandbox, client: Counting, db: Database) -> None:
    sandbox.faults.set("temporary", 1.0, command="QueryExchangeRates")
    ctx = context("GetTLDPricing", {}, client=client, services=services(db, client))
    with pytest.raises(Exception, match="could not be reached"):
        await get_tld_pricing(ctx)
