"""The CNR catalogue adapter (app/backends/cnr/catalogue.py, price_list.py) against scripted replies, and the
catalogue operations over an in-memory pricing store (app/pricing/store.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.backends.cnr.catalogue import BATCH_SIZE, CnrCatalogue, status
from app.backends.cnr.price_list import RULES_DAYS, fetch
from app.errors import UpstreamUnavailable
from app.pricing.store import MemoryPricing
from app.registrar.base import OPERATIONS
from app.registry import Backend
from app.registry.catalogue import NameCheck, PremiumQuote, PricingData
from tests.registrar.conftest import FakeIspapi, GatedIspapi, lost, reply

D = Decimal
AVAILABLE = "210 Domain name available"
CNR = {"Username": "test.user", "Password": "secret-pw", "Backend": "cnr"}


def checks(*rows: str, fees: list[dict[str, str]] | None = None) -> str:
    """A CheckDomains reply: DOMAINCHECK rows plus X-FEE rows (one dict per fee request)."""
    columns: dict[str, Any] = {"DOMAINCHECK": list(rows)}
    for key in ("X-FEE-DOMAIN", "X-FEE-COMMAND", "X-FEE-AMOUNT", "X-FEE-CURRENCY", "X-FEE-CLASS"):
        columns[key] = [fee.get(key, "") for fee in fees or []]
    return reply(cols={k: v for k, v in columns.items() if v})


def fee(name: str, command: str, amount: str, cls: str = "premium", currency: str = "USD") -> dict[str, Any]:
    row = {"X-FEE-DOMAIN": name, "X-FEE-COMMAND": command, "X-FEE-AMOUNT": amount}
    return {**row, "X-FEE-CURRENCY": currency, "X-FEE-CLASS": cls}


# ---- CheckDomains ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        ("210 Domain name available", "available"),
        ("211 Domain name not available", "registered"),
        ("541 Invalid attribute value; zone not supported", "tld_not_supported"),
        ("541 Invalid attribute value; reserved by registry policy", "reserved"),
        ("505 Invalid attribute value syntax", "reserved"),
        ("421 Temporary issue", "unknown"),
        ("", "unknown"),
        ("549 Command failed", "registered"),
    ],
)
def test_domaincheck_rows(check: str, expected: str) -> None:
    assert status(check) == expected


async def test_33_and_more_names_go_in_concurrent_batches_of_at_most_32() -> None:
    gated = GatedIspapi(expected=3)
    gated.on("CheckDomains", checks(*["210 Domain name available"] * BATCH_SIZE))
    names = [f"name{i}.com" for i in range(70)]
    rows = await CnrCatalogue(gated).check(names, premium=False)
    sizes = sorted(sum(key.startswith("DOMAIN") for key in sent) for sent in gated.sent)
    assert sizes == [6, 32, 32] and BATCH_SIZE == 32
    # each name carries its registration fee request: premium names cannot be told apart otherwise
    assert all(sent[f"X-FEE-COMMAND{i}"] == "create" for sent in gated.sent for i in range(6))
    assert gated.sent[0]["X-FEE-DOMAIN0"] == gated.sent[0]["DOMAIN0"]
    assert gated.peak == 3, f"batches ran one after another (at most {gated.peak} in flight)"
    assert len(rows) == 70 and {row.status for row in rows} == {"available"}


async def test_a_failed_batch_gives_unknown_rows_and_all_failed_raises(fake: FakeIspapi) -> None:
    fake.on("CheckDomains", checks(*["210 Domain name available"] * 32), lost(may_have_executed=False))
    rows = await CnrCatalogue(fake).check([f"n{i}.com" for i in range(33)], premium=False)
    assert [row.status for row in rows] == ["available"] * 32 + ["unknown"]
    failing = FakeIspapi().on("CheckDomains", reply(421, "Temporary issue"))
    with pytest.raises(UpstreamUnavailable):
        await CnrCatalogue(failing).check(["a.com"], premium=False)


async def test_premium_names_have_their_registration_fee_from_the_check(fake: FakeIspapi) -> None:
    fake.on(
        "CheckDomains",
        checks(AVAILABLE, AVAILABLE, AVAILABLE, fees=[
            fee("cloud.xyz", "create", "548.90"), fee("plain.xyz", "create", "12.00", cls="standard"),
            fee("cloud.guru", "create", "499.00")]),
    )  # fmt: skip
    rows = await CnrCatalogue(fake).check(["cloud.xyz", "plain.xyz", "cloud.guru"], premium=True)
    assert rows[:2] == [
        NameCheck(
            status="available", premium=True, price_class="premium", currency="USD", register=D("548.90")
        ),
        NameCheck(status="available"),
    ]
    assert rows[2].register == D("499.00")
    assert fake.commands() == ["CheckDomains"]  # one round trip: renew/transfer are GetPremiumPrice's


async def test_premium_off_or_unpriced_premium_names_are_not_sold(fake: FakeIspapi) -> None:
    fake.on("CheckDomains", checks("210 Domain name available", fees=[fee("cloud.xyz", "create", "548.90")]))
    (off,) = await CnrCatalogue(fake).check(["Cloud.XYZ"], premium=False)  # matched in ACE, lower case
    assert off == NameCheck(status="reserved")
    unpriced = FakeIspapi().on("CheckDomains", checks("210 Available", fees=[fee("cloud.xyz", "create", "")]))
    (row,) = await CnrCatalogue(unpriced).check(["cloud.xyz"], premium=True)
    assert row.status == "reserved" and row.premium


async def test_premium_quote_asks_every_fee_in_one_check(fake: FakeIspapi) -> None:
    fake.on(
        "CheckDomains",
        checks(*["210 Domain name available"] * 3, fees=[
            fee("cloud.top", "create", "220.00"), fee("cloud.top", "renew", "4.15"),
            fee("cloud.top", "transfer", "4.15")]),
    )  # fmt: skip
    quote = await CnrCatalogue(fake).premium_quote("cloud.top", ("transfer", "renew"))
    assert quote == PremiumQuote(currency="USD", prices={"transfer": D("4.15"), "renew": D("4.15")})
    sent = fake.sent[0]
    assert [sent[f"X-FEE-COMMAND{i}"] for i in range(3)] == ["create", "renew", "transfer"]
    taken = FakeIspapi().on("CheckDomains", checks(*["211 Domain name not available"] * 3, fees=[
        {}, fee("cloud.xyz", "renew", "53.90"), fee("cloud.xyz", "transfer", "53.90")]))  # fmt: skip
    transfer = await CnrCatalogue(taken).premium_quote("cloud.xyz", ("transfer", "renew"))
    assert transfer == PremiumQuote(currency="USD", prices={"transfer": D("53.90"), "renew": D("53.90")})
    standard = FakeIspapi().on(
        "CheckDomains", checks("210 Available", fees=[fee("a.com", "create", "9", "standard")])
    )
    assert await CnrCatalogue(standard).premium_quote("a.com", ("register",)) is None


async def test_suggestions_one_page_capped_at_99(fake: FakeIspapi) -> None:
    fake.on("GetNameSuggestion", reply(NAME=["Sun.com", "getsun.net"], AVAILABILITY=["available"] * 2))
    catalogue = CnrCatalogue(fake)
    page = await catalogue.suggest("sun", ["com", "net"], limit=200, first=0)
    assert page.names == ["sun.com", "getsun.net"] and page.total == 2
    assert fake.sent[0]["MAX-RESULTS"] == 99 and fake.sent[0]["TLD1"] == "net"
    assert (await catalogue.suggest("sun", ["com"], limit=10, first=10)).names == []  # no second page
    refused = FakeIspapi().on("GetNameSuggestion", reply(505, "Invalid attribute value syntax"))
    assert (await CnrCatalogue(refused).suggest("x", ["com"], limit=5, first=0)).names == []


# ---- the price list ------------------------------------------------------------------------------------

ZONES = {
    "ZONE": ["com", "co.uk", "gov", "xn--p1ai", "old", "odd"],
    "SETUP": ["0.00", "0.00", "", "0.00", "1.00", "0.00"],
    "ANNUAL": ["9.99", "5.99", "19.99", "8.00", "1.00", "3.00"],
    "TRANSFER": ["9.99", "0.00", "19.99", "8.00", "1.00", "3.00"],
    "RESTORE": ["75.00", "", "75.00", "", "", ""],
    "CURRENCY": ["USD", "GBP", "USD", "USD", "USD", "USD"],
    "ACTIVE": ["1", "1", "1", "1", "0", "1"],
}
COM_INFO = reply(PERIODS="1Y,2Y,10Y", DOMAIN_RENEWAL="1Y", RENEW_AFTER_TRANSFER=1, RESTORE_DAYS_POSSIBLE=30,
                 AUTHCODE_REQUIRED=1, WHOIS_PRIVACY=1, AUTORENEW_GRACE_PERIOD=35)  # fmt: skip
COUK_INFO = reply(PERIODS="1Y,2Y", RENEW_AFTER_TRANSFER=0, RESTORE_DAYS_POSSIBLE=0, AUTHCODE_REQUIRED=0)
RF_INFO = reply(PERIODS="2Y", RENEW_AFTER_TRANSFER=1, RESTORE_DAYS_POSSIBLE=0, AUTHCODE_REQUIRED=1)


class ZoneInfos(FakeIspapi):
    """GetZoneInfo answered per ZONE (the script answers per command only)."""

    def __init__(self, infos: dict[str, str]) -> None:
        super().__init__()
        self.infos = infos

    async def call(self, command: Any, *, timeout: float | None = None) -> Any:
        if command["COMMAND"] == "GetZoneInfo":
            self.script["GETZONEINFO"].clear()
            self.on("GetZoneInfo", self.infos[command["ZONE"]])
        return await super().call(command, timeout=timeout)


def price_list_registry() -> ZoneInfos:
    registry = ZoneInfos({"com": COM_INFO, "co.uk": COUK_INFO, "xn--p1ai": RF_INFO,
                          "odd": reply(545, "Entity reference not found")})  # fmt: skip
    registry.on("QueryZoneList", reply(**ZONES))
    rates = {"CURRENCY_FROM": ["EUR", "EUR"], "CURRENCY_TO": ["USD", "GBP"], "RATE": ["1.10", "0.85"]}
    registry.on("QueryExchangeRates", reply(cols={**rates, "DATE": ["2026-12-01"] * 2}))
    registry.on("StatusAccount", reply(CURRENCY="USD"))
    return registry


async def test_zone_prices_rules_grace_and_redemption() -> None:
    registry = price_list_registry()
    data = await fetch(registry)
    records = {record.extension: record for record in data.tlds}
    assert set(records) == {".com", ".co.uk", ".рф"}
    assert dict(data.skipped) == {
        ".gov": "no registration price",
        ".old": "zone not active in the account",
        ".odd": "no zone rules from GetZoneInfo (545 Entity reference not found)",
    }
    com = records[".com"]
    assert (com.years, com.renew_period, com.transfer_period) == ([1, 2, 10], 1, 1)
    assert (com.redemption_days, com.epp_required, com.id_protection) == (30, True, True)
    assert (com.grace_days, com.grace_fee) == (35, "0.00")
    prices = com.class_prices()
    assert (prices.currency, prices.setup[None], prices.annual[None], prices.restore[None]) == (
        "USD", D("0.00"), D("9.99"), D("75.00"))  # fmt: skip
    couk = records[".co.uk"]  # no RESTORE fee: no redemption; 0Y transfer; no grace days named
    assert (couk.transfer_period, couk.redemption_days, couk.grace_days, couk.epp_required) == (
        0,
        None,
        None,
        False,
    )
    assert couk.class_prices().restore == {} and couk.class_prices().currency == "GBP"
    assert data.rates == {"USD": "1.10", "GBP": "0.85", "EUR": "1"} and data.account_currency == "USD"
    # 3 lists + GetZoneInfo for the 4 priced zones (never for blocked or inactive ones)
    assert data.calls == 7 and registry.commands().count("GetZoneInfo") == 4


async def test_a_later_load_reuses_young_zone_rules_and_reads_new_zones_only() -> None:
    first = await fetch(price_list_registry())
    assert first.rules_read == datetime.now(UTC).date().isoformat()
    young = replace(first, tlds=[t for t in first.tlds if t.extension != ".com"])  # .com is new since then
    registry = price_list_registry()
    again = await fetch(registry, previous=young)
    assert [c["ZONE"] for c in registry.sent if c["COMMAND"] == "GetZoneInfo"] == ["com", "odd"]
    assert {t.extension: t for t in again.tlds} == {t.extension: t for t in first.tlds}
    assert again.rules_read == first.rules_read
    old = replace(first, rules_read=(datetime.now(UTC).date() - timedelta(days=RULES_DAYS)).isoformat())
    registry = price_list_registry()
    await fetch(registry, previous=old)  # a week old: every zone's rules read again
    assert registry.commands().count("GetZoneInfo") == 4


async def test_an_unreachable_registry_fails_the_refresh() -> None:
    registry = price_list_registry()
    registry.infos["co.uk"] = reply(421, "Temporary issue")
    with pytest.raises(UpstreamUnavailable):
        await fetch(registry)


async def test_tld_pricing_from_an_in_memory_store(make_ctx: Any) -> None:
    data = await fetch(price_list_registry())
    ctx = make_ctx("GetTLDPricing", {"currency": "EUR"}, CNR)
    assert ctx.registry.backend is Backend.CNR
    ctx.pricing = MemoryPricing(data)
    items = {item["extension"]: item for item in (await OPERATIONS["GetTLDPricing"].func(ctx)).value}
    com = items[".com"]
    assert com["register_price"] == com["renew_price"] == float((D("9.99") / D("1.10")).quantize(D("0.01")))
    assert com["redemption_fee_price"] == float((D("75.00") / D("1.10")).quantize(D("0.01")))
    assert (com["grace_fee_days"], com["grace_fee_price"], com["redemption_fee_days"]) == (35, 0.0, 30)
    assert items[".co.uk"]["transfer_price"] == 0.0 and items[".рф"]["years"] == [2]


async def test_a_search_reads_premium_class_fees_from_an_in_memory_store(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    row = {"PREMIUMCHANNEL": "XYZ", "PRICE": "999.99", "CURRENCY": "USD", "CLASS": "PREMIUM_XYZ_A"}
    fake.on("CheckDomains", reply(DOMAINCHECK="211 Premium", **row))
    ctx = make_ctx("CheckAvailability", {"searchTerm": "a", "tldsToInclude": ["xyz"], "premiumEnabled": "on"})
    premium = {
        "PRICE_CLASS_DOMAIN_PREMIUM_XYZ_A_ANNUAL": "500",
        "PRICE_CLASS_DOMAIN_PREMIUM_XYZ_A_CURRENCY": "USD",
    }
    ctx.pricing = MemoryPricing(PricingData("USD", {"EUR": "1"}, [], [], 0, premium=premium))
    (item,) = (await OPERATIONS["CheckAvailability"].func(ctx)).value
    assert item["premium_pricing"] == {"CurrencyCode": "USD", "register": 999.99, "renew": 500.0}
