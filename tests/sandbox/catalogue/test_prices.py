"""StatusUser price relations, parsed with the rules of docs/module-behaviour.md §8.2 and priced with §8.4."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sandbox.catalogue import Catalogue, CatalogueError, default_catalogue
from sandbox.catalogue.rates import convert

# docs/module-behaviour.md §8.2, transcribed.
CATEGORY = re.compile(
    r"^PRICE_CLASS_(DOMAIN_PREMIUM|PAYMENT|SERVICE_USAGE|DNSZONE|SSLCERT|VSERVER|DSERVER|DOMAIN|"
    r"TRUSTEE_DOMAIN|MANAGED_DOMAIN|INVOICE|TMCHMARK|DOMAINALERT|PREMIUMDNS|MOBILE|WEBSITE|PROXY_WHOISPROXY)_"
)
SUBCLASS = re.compile(r"^PRICE_CLASS_([^_]+_)?DOMAIN_([^_]+)_")
PERIOD = re.compile(r"_[A-Z]+([0-9]+)(?:_PROMO)?$")
DPML = re.compile(r"_DPML(?:PUB|ZONE)_")
PREREG = re.compile(r"_(?:EOI|EARLYACCESS[0-9]+|GOLIVE|SUNRISE|LANDRUSH)_")
PROMO_SCALE = re.compile(r"_([A-Z]+)_(PROMO|SCALE)[0-9]+$")
PLAIN = re.compile(r"^_(ANNUAL|[A-Z]*ACKORDER|CURRENCY|RESTORE|SETUP|TRADE|TRANSFER)([0-9]+|_.*)?$")
USED_SUBCATEGORY = re.compile(r"^(TRANSFER|SETUP|CURRENCY|ANNUAL|RESTORE)[0-9]*$")
EXCLUDED_SUBCLASS = re.compile(
    r"^(MANDATE--SWISS|TESTDNSERVICESCOZA|TLDBOX|NAME|NAMEEMAIL|DPMLPUB|DPMLZONE|"
    r"[^_]+(REGIONAL|IDN|IDNTLD|IDNTLDASCII|(CHARS|NUMBERS)[0-9]*)|XN--.+JP)$"
)


def parse(relation_type: str) -> dict[str, object]:
    """category, subclass, subcategory, period of a relation type (subcategory from the tail, prices.py)."""
    found = CATEGORY.match(relation_type)
    category = found.group(1).replace("_", "") + "_PRICE" if found else ""
    sub = SUBCLASS.match(relation_type)
    subclass = sub.group(2) if sub else None
    period_match = PERIOD.search(relation_type)
    period = int(period_match.group(1)) if period_match else None
    subcategory = None
    if category == "DOMAIN_PRICE" and sub is not None:
        tail = "_" + relation_type[sub.end() :]
        if DPML.search(tail + "_"):
            subcategory = "DPML"
        elif PREREG.search(tail):
            subcategory = "PREREG"
        elif promo := PROMO_SCALE.search(tail):
            subcategory = f"{promo.group(1)}_{promo.group(2)}"
        elif plain := PLAIN.match(tail):
            digits = plain.group(2) or ""
            subcategory = plain.group(1) + (digits if digits.isdigit() else "")
    return {"category": category, "subclass": subclass, "subcategory": subcategory, "period": period}


def price_table(relations: list[tuple[str, str]], account_currency: str) -> dict[str, dict[str, object]]:
    """Per-class price JSON as the module builds it (docs/module-behaviour.md §8.2 last bullet)."""
    table: dict[str, dict[str, object]] = {}
    for relation_type, value in relations:
        meta = parse(relation_type)
        subclass, subcategory = meta["subclass"], meta["subcategory"]
        if (
            meta["category"] != "DOMAIN_PRICE"
            or not isinstance(subclass, str)
            or not isinstance(subcategory, str)
        ):
            continue
        if not USED_SUBCATEGORY.match(subcategory) or EXCLUDED_SUBCLASS.match(subclass):
            continue
        entry = table.setdefault(subclass, {"currency": account_currency})
        kind = re.sub(r"[0-9]+$", "", subcategory).lower()
        if kind == "currency":
            entry["currency"] = value
            continue
        key = meta["period"] if meta["period"] is not None else "default"
        prices = entry.setdefault(kind, {})
        assert isinstance(prices, dict)
        prices[key] = Decimal(-1) if value == "" else Decimal(value)
    return table


def registration(entry: dict[str, object], years: int) -> Decimal | None:
    """docs/module-behaviour.md §8.4 registration rule."""
    setup, annual = entry.get("setup", {}), entry.get("annual", {})
    assert isinstance(setup, dict) and isinstance(annual, dict)
    if setup.get(years) == -1 or setup.get("default") == -1:
        return None
    if years in setup and years in annual:
        return Decimal(setup[years] + annual[years])
    if "default" in setup and "default" in annual:
        return Decimal(setup["default"] + years * annual["default"])
    return None


def per_period(entry: dict[str, object], kind: str, years: int) -> Decimal | None:
    """docs/module-behaviour.md §8.4 renewal/transfer rule."""
    prices = entry.get(kind, {})
    assert isinstance(prices, dict)
    if prices.get(years) == -1 or prices.get("default") == -1:
        return None
    if years in prices:
        return Decimal(prices[years])
    return Decimal(years * prices["default"]) if "default" in prices else None


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return default_catalogue()


@pytest.fixture(scope="module")
def usd_table(cat: Catalogue) -> dict[str, dict[str, object]]:
    return price_table(cat.status_user_relations(), "USD")


def test_every_relation_parses(cat: Catalogue) -> None:
    classes = {t.tld_class for t in cat.all()}
    relations = cat.status_user_relations()
    assert len({r for r, _ in relations}) == len(relations)  # no duplicate relation types
    seen_categories = set()
    for relation_type, value in relations:
        meta = parse(relation_type)
        assert meta["category"], relation_type
        seen_categories.add(meta["category"])
        if meta["category"] == "DOMAIN_PRICE":
            assert meta["subclass"] in classes, relation_type
            assert meta["subcategory"], relation_type
            assert not EXCLUDED_SUBCLASS.match(str(meta["subclass"])), relation_type
            if not relation_type.endswith("_CURRENCY"):
                assert value == "" or re.fullmatch(r"\d+\.\d\d", value), (relation_type, value)
    assert {"DOMAIN_PRICE", "DOMAINPREMIUM_PRICE", "TRUSTEEDOMAIN_PRICE", "DNSZONE_PRICE"} <= seen_categories


def test_subcategories_of_special_relations() -> None:
    assert parse("PRICE_CLASS_DOMAIN_XYZ_ANNUAL_PROMO1") == {
        "category": "DOMAIN_PRICE",
        "subclass": "XYZ",
        "subcategory": "ANNUAL_PROMO",
        "period": 1,
    }
    assert parse("PRICE_CLASS_DOMAIN_MUSIC_SUNRISE_SETUP")["subcategory"] == "PREREG"
    assert parse("PRICE_CLASS_DOMAIN_AI_SETUP2") == {
        "category": "DOMAIN_PRICE",
        "subclass": "AI",
        "subcategory": "SETUP2",
        "period": 2,
    }
    # The .trade TLD: class TRADE must not be read as the TRADE subcategory.
    assert parse("PRICE_CLASS_DOMAIN_TRADE_ANNUAL")["subcategory"] == "ANNUAL"
    premium = parse("PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_SETUP_MARKUP_FIX")
    assert premium["category"] == "DOMAINPREMIUM_PRICE"
    assert parse("PRICE_CLASS_TRUSTEE_DOMAIN_DE_ANNUAL")["category"] == "TRUSTEEDOMAIN_PRICE"


def test_every_class_is_priced_consistently(cat: Catalogue, usd_table: dict[str, dict[str, object]]) -> None:
    for tld in cat.all():
        entry = usd_table[tld.tld_class]
        prices = cat.prices(tld.name)
        assert prices is not None
        assert entry["currency"] == prices.currency
        years = tld.min_registration_years
        assert registration(entry, years) == prices.registration(years), tld.name
        assert per_period(entry, "annual", years) == prices.renewal(years), tld.name
        if tld.blocked:
            assert registration(entry, years) is None
        restore = entry.get("restore", {})
        assert isinstance(restore, dict)
        assert (restore["default"] == -1) == (tld.restorable_days is None), tld.name


def test_hand_checked_prices(usd_table: dict[str, dict[str, object]]) -> None:
    com = usd_table["COM"]
    assert com["currency"] == "USD"
    assert registration(com, 1) == Decimal("9.99")
    assert registration(com, 2) == Decimal("19.98")
    assert per_period(com, "transfer", 1) == Decimal("9.99")
    de = usd_table["DE"]  # EUR whatever the account currency; free transfer
    assert de["currency"] == "EUR"
    assert registration(de, 1) == Decimal("4.50")
    assert per_period(de, "transfer", 1) == Decimal("0.00")
    ai = usd_table["AI"]  # two-year minimum: period-specific relations win
    assert registration(ai, 2) == Decimal("150.00")
    assert per_period(ai, "annual", 2) == Decimal("150.00")
    assert per_period(ai, "transfer", 2) == Decimal("150.00")
    couk = usd_table["COUK"]
    assert couk["currency"] == "GBP" and registration(couk, 1) == Decimal("5.99")


def test_trade_prices_free_and_paid(cat: Catalogue) -> None:
    relations = dict(cat.status_user_relations())
    assert relations["PRICE_CLASS_DOMAIN_COM_TRADE"] == "0.00"  # ICANN-TRADE is free
    assert relations["PRICE_CLASS_DOMAIN_DE_TRADE"] == "4.50"
    assert relations["PRICE_CLASS_DOMAIN_EDU_SETUP"] == ""  # blocked
    assert relations["PRICE_CLASS_DOMAIN_XYZ_ANNUAL_PROMO1"] == "5.00"
    paid = [t for t in cat.all() if relations[f"PRICE_CLASS_DOMAIN_{t.tld_class}_TRADE"] != "0.00"]
    assert paid and all(t.registrant_change_by == "TRADE" for t in paid)


def test_account_currency_requotes_usd_classes(cat: Catalogue) -> None:
    eur = dict(cat.status_user_relations("EUR"))
    assert eur["PRICE_CLASS_DOMAIN_COM_CURRENCY"] == "EUR"
    assert Decimal(eur["PRICE_CLASS_DOMAIN_COM_ANNUAL"]) == convert(Decimal("9.99"), "USD", "EUR")
    assert eur["PRICE_CLASS_DOMAIN_DE_CURRENCY"] == "EUR" and eur["PRICE_CLASS_DOMAIN_DE_ANNUAL"] == "4.50"
    assert eur["PRICE_CLASS_DOMAIN_COUK_CURRENCY"] == "GBP"


def test_unknown_account_currency_is_refused(cat: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="no exchange rate"):
        cat.status_user_relations("XYZ")
    assert cat.prices("no-such-tld") is None


def test_exchange_rates(cat: Catalogue) -> None:
    rows = cat.exchange_rates()
    targets = {to for _, to, _, _ in rows}
    assert {"USD", "GBP", "CAD", "CHF", "JPY", "CNY", "AUD"} <= targets
    for source, _target, rate, date in rows:
        assert source == "EUR"
        assert Decimal(rate) > 0
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", date)
    used = {value for relation, value in cat.status_user_relations() if relation.endswith("_CURRENCY")}
    assert used <= targets | {"EUR"}
    assert cat.exchange_rates() == rows


def test_relations_are_a_fresh_list_each_call(cat: Catalogue) -> None:
    first = cat.status_user_relations()
    first.clear()
    assert len(cat.status_user_relations()) > 5000
