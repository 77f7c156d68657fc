"""GetTLDPricing end to end (docs/module-behaviour.md §8): php -> bridge -> sandbox, prices checked by hand.

Every expected price is computed HERE from the raw StatusUser relations and QueryExchangeRates rows the
sandbox reports (read with direct API calls), with the docs/module-behaviour.md §8.4 arithmetic written out
per TLD in Decimal; the bridge's own pricing code is never used for an expectation. WHMCS's default currency
is EUR (the harness's tblcurrencies has `default = 1` on EUR, the shim reads it from there), the account's is
USD, so every price crosses at least one exchange rate.

A fresh sandbox account per module makes the first call a cold refresh whatever ran before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from app.backends.cnr.price_list import PAGE as ZONE_PAGE
from tests.e2e.stack import E2EStack, new_account, recorded
from tests.whmcs.harness import PhpResult, run_whmcs

pytestmark = [pytest.mark.e2e, pytest.mark.php]

# WHMCS's currencies: USD first (id 1) but EUR is the default, so "the first row" would be the wrong answer.
WHMCS_EUR = {
    "tblcurrencies": [
        {"id": 1, "code": "USD", "default": 0},
        {"id": 2, "code": "EUR", "default": 1},
    ]
}
PRICING_COMMANDS = {"StatusUser", "QueryExchangeRates", "QueryDomainOptions", "ConvertIDN"}
COLD_CALL_BUDGET = 12  # a cold refresh in at most 12 registry calls
CENT = Decimal("0.01")


@dataclass
class Registry:
    """What the sandbox itself says: relations, rates (EUR-based) and the TLD options."""

    relations: dict[str, str]
    account_currency: str
    rates: dict[str, Decimal]
    options: dict[str, dict[str, str]]  # ACE TLD -> QueryDomainOptions row

    def price(self, cls: str, item: str) -> Decimal:
        return Decimal(self.relations[f"PRICE_CLASS_DOMAIN_{cls}_{item}"])

    def currency(self, cls: str) -> str:
        return self.relations.get(f"PRICE_CLASS_DOMAIN_{cls}_CURRENCY") or self.account_currency

    def in_eur(self, amount: Decimal, cls: str) -> float:
        """docs/module-behaviour.md §8.4: price / rate[from] x rate[to], EUR-based rates (EUR = 1), rounded to
        cents."""
        source = self.currency(cls)
        converted = amount if source == "EUR" else amount / self.rates[source] * Decimal(1)
        return float(converted.quantize(CENT, rounding=ROUND_HALF_UP))

    def years(self, tld: str) -> list[int]:
        raw = self.options[tld]["ZONEREGISTRATIONPERIODS"]
        return [int(item[:-1]) for item in raw.split(",") if item.endswith("Y") and item != "0Y"]

    def redemption_days(self, tld: str) -> float | None:
        raw = self.options[tld]["ZONEDELETIONRESTORABLEPERIOD"]
        return float(raw) if raw else None

    def epp_required(self, tld: str) -> bool:
        return self.options[tld]["REGISTRYTRANSFERREQUIREAUTHCODE"] == "YES"


@dataclass
class Priced:
    login: tuple[str, str]
    cold: PhpResult
    warm: PhpResult
    cold_calls: list[dict[str, Any]]
    warm_calls: list[dict[str, Any]]
    registry: Registry

    def items(self) -> dict[str, dict[str, Any]]:
        return items_of(self.cold)


def items_of(result: PhpResult) -> dict[str, dict[str, Any]]:
    assert result.exception is None, result.exception
    assert result.warnings == [], result.warnings
    returned = result.returned
    assert returned["__class__"] == "WHMCS\\Results\\ResultsList"
    items = {item["extension"]: item for item in returned["items"]}
    assert all(item["__class__"] == "WHMCS\\Domain\\TopLevel\\ImportItem" for item in items.values())
    return items


def bridge_items(result: PhpResult) -> dict[str, dict[str, Any]]:
    """The TldPricingItems as the bridge sent them (the module log keeps the raw reply): id_protection has
    no ImportItem setter, so this is where it can be seen."""
    entries = [e for e in result.modulelog if e["action"] == "bridge:GetTLDPricing"]
    assert len(entries) == 1, result.modulelog
    reply = json.loads(entries[0]["response"])
    assert reply["ok"] is True and reply["result"]["kind"] == "tld_pricing"
    return {item["extension"]: item for item in reply["result"]["value"]}


def read_registry(stack: E2EStack, login: tuple[str, str], tlds: list[str]) -> Registry:
    user = stack.api("StatusUser", as_login=login)
    assert user["code"] == 200, user
    props = user["properties"]
    relations = dict(zip(props["RELATIONTYPE"], props["RELATIONVALUE"], strict=True))
    rates_reply = stack.api("QueryExchangeRates", as_login=login)
    assert rates_reply["code"] == 200, rates_reply
    rp = rates_reply["properties"]
    rates = {"EUR": Decimal(1)}
    for source, target, rate in zip(rp["CURRENCYFROM"], rp["CURRENCYTO"], rp["RATE"], strict=True):
        assert source == "EUR"  # the sandbox quotes EUR-based rates only
        rates[target] = Decimal(rate)
    command = {f"domain{i}": f"example.{tld}" for i, tld in enumerate(tlds)}
    options_reply = stack.api("QueryDomainOptions", as_login=login, **command)
    assert options_reply["code"] == 200, options_reply
    op = options_reply["properties"]
    options = {tld: {key: values[i] for key, values in op.items()} for i, tld in enumerate(tlds)}
    return Registry(
        relations=relations,
        account_currency=props["ACCOUNTCURRENCY"][0],
        rates=rates,
        options=options,
    )


CHECKED_TLDS = ["com", "de", "co.uk", "ai", "xyz", "xn--p1ai", "jp", "ch", "gov"]


@pytest.fixture(scope="module")
def priced(e2e_stack: E2EStack) -> Iterator[Priced]:
    stack = e2e_stack
    login = new_account(stack, "pricing", currency="USD")
    config = stack.module_config(Username=login[0], Password=login[1])
    with recorded(stack, login[0]) as cold_calls:
        cold = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=config, db=WHMCS_EUR)
    with recorded(stack, login[0]) as warm_calls:
        warm = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=config, db=WHMCS_EUR)
    registry = read_registry(stack, login, CHECKED_TLDS)
    yield Priced(login, cold, warm, cold_calls, warm_calls, registry)


def test_cold_call_refreshes_in_a_few_registry_calls_and_the_warm_one_makes_none(priced: Priced) -> None:
    commands = [e["command"] for e in priced.cold_calls]
    assert set(commands) <= PRICING_COMMANDS, commands
    assert commands.count("StatusUser") == 1
    assert len(commands) <= COLD_CALL_BUDGET, commands
    assert priced.warm_calls == []  # answered from the bridge's database cache
    assert items_of(priced.warm) == items_of(priced.cold)


def test_whmcs_default_currency_is_asked_for_and_every_item_is_converted(priced: Priced) -> None:
    requests = [e for e in priced.cold.modulelog if e["action"] == "bridge:GetTLDPricing"]
    assert json.loads(requests[0]["request"])["params"]["currency"] == "EUR"  # from tblcurrencies.default
    assert priced.registry.account_currency == "USD"
    items = priced.items()
    assert len(items) > 1000
    assert {item["currency"] for item in items.values()} == {"EUR"}


@pytest.mark.usefixtures("backend")
def test_com(stack: E2EStack, request: pytest.FixtureRequest) -> None:
    if stack.backend == "cnr":
        check_com_on_cnr(request.getfixturevalue("priced_cnr"))
    else:
        check_com_on_ispapi(request.getfixturevalue("priced"))


def check_com_on_ispapi(priced: Priced) -> None:
    r, item = priced.registry, priced.items()[".com"]
    assert r.years("com") == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] and item["years"] == r.years("com")
    assert item["minYears"] == 1 and item["maxYears"] == 10
    # registration for the first period p = 1: SETUP + p x ANNUAL; renewal p x ANNUAL; transfer p x TRANSFER
    assert item["registerPrice"] == r.in_eur(r.price("COM", "SETUP") + 1 * r.price("COM", "ANNUAL"), "COM")
    assert item["renewPrice"] == r.in_eur(1 * r.price("COM", "ANNUAL"), "COM")
    assert item["transferPrice"] == r.in_eur(1 * r.price("COM", "TRANSFER"), "COM")
    assert item["redemptionFeePrice"] == r.in_eur(r.price("COM", "RESTORE"), "COM")
    assert item["redemptionFeeDays"] == r.redemption_days("com") == 30.0
    assert item["graceFeeDays"] is None and item["graceFeePrice"] is None
    assert item["eppRequired"] is True and r.epp_required("com")
    # the direction of the rate: a euro buys more than one dollar, so the EUR figure is the smaller one
    usd = r.price("COM", "SETUP") + r.price("COM", "ANNUAL")
    assert r.currency("COM") == "USD" and r.rates["USD"] > 1
    assert 0 < item["registerPrice"] < float(usd)


def test_de_free_transfer_in_the_whmcs_currency(priced: Priced) -> None:
    r, item = priced.registry, priced.items()[".de"]
    assert r.currency("DE") == "EUR"  # already WHMCS's currency: no conversion
    assert item["years"] == r.years("de") == [1]
    assert item["registerPrice"] == r.in_eur(r.price("DE", "SETUP") + 1 * r.price("DE", "ANNUAL"), "DE")
    assert item["renewPrice"] == r.in_eur(r.price("DE", "ANNUAL"), "DE")
    # ZONETRANSFERPERIODS is 0Y: the transfer adds no term and costs the TRANSFER fee once
    assert r.options["de"]["ZONETRANSFERPERIODS"] == "0Y"
    assert item["transferPrice"] == r.in_eur(r.price("DE", "TRANSFER"), "DE") == 0.0
    assert item["redemptionFeePrice"] == r.in_eur(r.price("DE", "RESTORE"), "DE")
    assert item["redemptionFeeDays"] == r.redemption_days("de")
    assert item["eppRequired"] is True


def test_co_uk_second_level_in_pounds_without_redemption(priced: Priced) -> None:
    r, item = priced.registry, priced.items()[".co.uk"]
    assert r.currency("COUK") == "GBP"
    assert item["years"] == r.years("co.uk")
    # GBP -> EUR: amount / rate[GBP] x rate[EUR]
    assert item["registerPrice"] == r.in_eur(r.price("COUK", "SETUP") + r.price("COUK", "ANNUAL"), "COUK")
    assert item["renewPrice"] == r.in_eur(r.price("COUK", "ANNUAL"), "COUK")
    assert item["transferPrice"] == r.in_eur(r.price("COUK", "TRANSFER"), "COUK")  # 0Y, once
    assert r.relations["PRICE_CLASS_DOMAIN_COUK_RESTORE"] == ""  # not restorable: no redemption fee
    assert item["redemptionFeePrice"] is None and item["redemptionFeeDays"] is None
    assert item["eppRequired"] is False and not r.epp_required("co.uk")  # Nominet: tag change, no code


def test_ai_two_year_minimum_uses_the_term_prices(priced: Priced) -> None:
    r, item = priced.registry, priced.items()[".ai"]
    assert item["years"] == r.years("ai") and item["years"][0] == 2 and item["minYears"] == 2
    # both term prices exist for p = 2: SETUP2 + ANNUAL2 (totals for the 2-year term)
    assert item["registerPrice"] == r.in_eur(r.price("AI", "SETUP2") + r.price("AI", "ANNUAL2"), "AI")
    # renewal and transfer for THEIR first periods (2Y here): ANNUAL2 and TRANSFER2
    assert r.options["ai"]["ZONERENEWALPERIODS"].startswith("2Y")
    assert r.options["ai"]["ZONETRANSFERPERIODS"] == "2Y"
    assert item["renewPrice"] == r.in_eur(r.price("AI", "ANNUAL2"), "AI")
    assert item["transferPrice"] == r.in_eur(r.price("AI", "TRANSFER2"), "AI")
    assert item["registerPrice"] == r.in_eur(2 * r.price("AI", "ANNUAL") + r.price("AI", "SETUP"), "AI")


def test_xyz_promotion_lowers_the_first_registration_only(priced: Priced) -> None:
    r, item = priced.registry, priced.items()[".xyz"]
    promo, annual = r.price("XYZ", "ANNUAL_PROMO1"), r.price("XYZ", "ANNUAL")
    assert promo < annual
    assert item["registerPrice"] == r.in_eur(r.price("XYZ", "SETUP") + promo, "XYZ")
    assert item["renewPrice"] == r.in_eur(annual, "XYZ")  # renewals at the regular price
    assert item["transferPrice"] == r.in_eur(r.price("XYZ", "TRANSFER"), "XYZ")


def test_idn_tld_is_listed_by_its_unicode_name(priced: Priced) -> None:
    r, items = priced.registry, priced.items()
    assert ".xn--p1ai" not in items
    item = items[".рф"]
    assert item["registerPrice"] == r.in_eur(
        r.price("XN--P1AI", "SETUP") + r.price("XN--P1AI", "ANNUAL"), "XN--P1AI"
    )
    assert item["renewPrice"] == r.in_eur(r.price("XN--P1AI", "ANNUAL"), "XN--P1AI")
    assert item["transferPrice"] == r.in_eur(r.price("XN--P1AI", "TRANSFER"), "XN--P1AI")
    assert item["years"] == r.years("xn--p1ai")


@pytest.mark.parametrize(("tld", "cls", "currency"), [("jp", "JP", "JPY"), ("ch", "CH", "CHF")])
def test_tlds_priced_in_other_currencies(priced: Priced, tld: str, cls: str, currency: str) -> None:
    r, item = priced.registry, priced.items()[f".{tld}"]
    assert r.currency(cls) == currency
    assert item["registerPrice"] == r.in_eur(r.price(cls, "SETUP") + r.price(cls, "ANNUAL"), cls)
    assert item["renewPrice"] == r.in_eur(r.price(cls, "ANNUAL"), cls)
    assert item["transferPrice"] == r.in_eur(r.price(cls, "TRANSFER"), cls)
    assert item["redemptionFeePrice"] == r.in_eur(r.price(cls, "RESTORE"), cls)
    assert item["redemptionFeeDays"] == r.redemption_days(tld)


def test_blocked_tld_is_absent(priced: Priced) -> None:
    assert priced.registry.relations["PRICE_CLASS_DOMAIN_GOV_SETUP"] == ""  # registration blocked
    items = priced.items()
    assert ".gov" not in items
    # blocked TLDs are expected, not news: no activity line about them
    assert not any(".gov" in entry["message"] for entry in priced.cold.activity)


def test_id_protection_is_sent_only_with_sync_id_protection(priced: Priced, e2e_stack: E2EStack) -> None:
    assert {item.get("id_protection") for item in bridge_items(priced.cold).values()} == {None}
    config = e2e_stack.module_config(
        Username=priced.login[0], Password=priced.login[1], SyncIDProtection="on"
    )
    # WHMCS's own TLD table: .com and .de auto-register with us, .net with another registrar.
    pricing_rows = [
        {"id": 1, "extension": ".com", "autoreg": "ispapi", "idprotection": 0},
        {"id": 2, "extension": ".de", "autoreg": "ispapi", "idprotection": 1},
        {"id": 3, "extension": ".net", "autoreg": "otherregistrar", "idprotection": 0},
    ]
    db = {**WHMCS_EUR, "tbldomainpricing": pricing_rows}
    result = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=config, db=db)
    items = bridge_items(result)
    # The ID protection add-on checkbox follows the registry, only for TLDs auto-registered with us.
    after = {row["extension"]: int(row["idprotection"]) for row in result.db_after["tbldomainpricing"]}
    assert after == {".com": 1, ".de": 0, ".net": 0}
    # X-PROXY lists the WHOIS trustee for .com, nothing for .de
    assert "WHOISTRUSTEE" in priced.registry.options["com"]["X-PROXY"]
    assert priced.registry.options["de"]["X-PROXY"] == ""
    assert items[".com"]["id_protection"] is True
    assert items[".de"]["id_protection"] is False
    # the prices do not depend on the setting
    assert items_of(result) == items_of(priced.cold)


def test_without_a_default_whmcs_currency_the_account_currency_is_used(
    priced: Priced, e2e_stack: E2EStack
) -> None:
    config = e2e_stack.module_config(Username=priced.login[0], Password=priced.login[1])
    no_default = {"tblcurrencies": [{"id": 1, "code": "EUR", "default": 0}]}
    result = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=config, db=no_default)
    r, item = priced.registry, items_of(result)[".com"]
    assert item["currency"] == "USD"
    # USD prices stay as they are (no conversion, only cents)
    assert item["registerPrice"] == float(r.price("COM", "SETUP") + r.price("COM", "ANNUAL"))


# ---- CentralNic Reseller: QueryZoneList prices, GetZoneInfo rules --------------------------------------

CNR_PRICING_COMMANDS = {"QueryZoneList", "QueryExchangeRates", "StatusAccount", "GetZoneInfo"}
CNR_CHECKED = ["com", "de", "co.uk", "gov"]


@dataclass
class CnrRegistry:
    """What the CNR sandbox itself says: QueryZoneList rows, EUR-based rates, GetZoneInfo per zone."""

    zones: dict[str, dict[str, str]]  # zone -> QueryZoneList row
    rates: dict[str, Decimal]
    infos: dict[str, dict[str, str]]  # zone -> GetZoneInfo (first values)

    def price(self, zone: str, item: str) -> Decimal:
        return Decimal(self.zones[zone][item])

    def in_eur(self, amount: Decimal, zone: str) -> float:
        source = self.zones[zone]["CURRENCY"]
        converted = amount if source == "EUR" else amount / self.rates[source]
        return float(converted.quantize(CENT, rounding=ROUND_HALF_UP))

    def years(self, zone: str) -> list[int]:
        return [int(item[:-1]) for item in self.infos[zone]["PERIODS"].split(",") if item.endswith("Y")]


@dataclass
class CnrPriced:
    cold: PhpResult
    warm: PhpResult
    cold_calls: list[dict[str, Any]]
    warm_calls: list[dict[str, Any]]
    registry: CnrRegistry

    def items(self) -> dict[str, dict[str, Any]]:
        return items_of(self.cold)


def read_cnr_registry(stack: E2EStack, login: tuple[str, str]) -> CnrRegistry:
    listed = stack.api("QueryZoneList", as_login=login, limit=10000)  # every zone in one page
    assert listed["code"] == 200, listed
    props = listed["properties"]
    zones = {zone: {key: values[i] for key, values in props.items() if i < len(values)}
             for i, zone in enumerate(props["ZONE"])}  # fmt: skip
    rates_reply = stack.api("QueryExchangeRates", as_login=login)["properties"]
    rates = {"EUR": Decimal(1)}
    for source, target, rate in zip(
        rates_reply["CURRENCY_FROM"], rates_reply["CURRENCY_TO"], rates_reply["RATE"], strict=True
    ):
        assert source == "EUR"
        rates[target] = Decimal(rate)
    infos = {}
    for zone in CNR_CHECKED:
        info = stack.api("GetZoneInfo", as_login=login, zone=zone)
        infos[zone] = {key: values[0] for key, values in info["properties"].items() if values}
    return CnrRegistry(zones=zones, rates=rates, infos=infos)


@pytest.fixture(scope="module")
def priced_cnr(e2e_stack: E2EStack) -> Iterator[CnrPriced]:
    stack = e2e_stack.for_backend("cnr")
    login = new_account(stack, "pricingcnr", currency="USD")
    config = stack.module_config(Username=login[0], Password=login[1])
    with recorded(stack, login[0]) as cold_calls:
        cold = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=config, db=WHMCS_EUR)
    with recorded(stack, login[0]) as warm_calls:
        warm = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=config, db=WHMCS_EUR)
    yield CnrPriced(cold, warm, cold_calls, warm_calls, read_cnr_registry(stack, login))


def check_com_on_cnr(priced: CnrPriced) -> None:
    r, item = priced.registry, priced.items()[".com"]
    assert item["years"] == r.years("com") == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    # QueryZoneList prices per year: SETUP + p x ANNUAL, p x ANNUAL, p x TRANSFER (p = 1)
    assert item["registerPrice"] == r.in_eur(r.price("com", "SETUP") + r.price("com", "ANNUAL"), "com")
    assert item["renewPrice"] == r.in_eur(r.price("com", "ANNUAL"), "com")
    assert item["transferPrice"] == r.in_eur(r.price("com", "TRANSFER"), "com")
    # CNR #248: redemption is the RESTORE fee for the restore days; a renewal in the autorenew grace
    # period costs the plain renewal price, so the grace fee is 0.00 for the zone's grace days.
    assert item["redemptionFeePrice"] == r.in_eur(r.price("com", "RESTORE"), "com")
    assert item["redemptionFeeDays"] == float(r.infos["com"]["RESTORE_DAYS_POSSIBLE"]) == 30.0
    assert item["graceFeeDays"] == float(r.infos["com"]["AUTORENEW_GRACE_PERIOD"]) > 0
    assert item["graceFeePrice"] == 0.0
    assert item["eppRequired"] is True and item["currency"] == "EUR"


def test_cnr_one_cold_refresh_loads_every_zone_and_the_warm_call_asks_nothing(priced_cnr: CnrPriced) -> None:
    commands = [e["command"] for e in priced_cnr.cold_calls]
    assert set(commands) <= CNR_PRICING_COMMANDS, set(commands)
    pages = -(-len(priced_cnr.registry.zones) // ZONE_PAGE)  # the zone list in pages of ZONE_PAGE
    assert commands.count("QueryZoneList") == pages and commands.count("StatusAccount") == 1
    items = priced_cnr.items()
    # CNR #258: one sync is enough: every priced zone has its rules after the first run
    sellable = [z for z, row in priced_cnr.registry.zones.items() if row["SETUP"] and row["ANNUAL"]]
    assert commands.count("GetZoneInfo") == len(sellable) and len(items) == len(sellable) > 1000
    assert priced_cnr.warm_calls == []
    assert items_of(priced_cnr.warm) == items


def test_cnr_free_transfer_unrestorable_and_blocked_zones(priced_cnr: CnrPriced) -> None:
    r, items = priced_cnr.registry, priced_cnr.items()
    de, couk = items[".de"], items[".co.uk"]
    # .de: a transfer adds no year (RENEW_AFTER_TRANSFER 0): the TRANSFER fee once; renewals synced (#302)
    assert r.infos["de"]["RENEW_AFTER_TRANSFER"] in ("0", "False")
    assert de["transferPrice"] == r.in_eur(r.price("de", "TRANSFER"), "de")
    assert de["renewPrice"] == r.in_eur(r.price("de", "ANNUAL"), "de")
    assert de["graceFeeDays"] is None  # no autorenew grace period for this ccTLD
    # .co.uk: no RESTORE fee -> no redemption; priced in its own currency (GBP), converted
    assert r.zones["co.uk"]["RESTORE"] == "" and r.zones["co.uk"]["CURRENCY"] == "GBP"
    assert couk["redemptionFeePrice"] is None and couk["redemptionFeeDays"] is None
    assert couk["registerPrice"] == r.in_eur(r.price("co.uk", "SETUP") + r.price("co.uk", "ANNUAL"), "co.uk")
    assert r.zones["gov"]["SETUP"] == "" and ".gov" not in items  # registration blocked
