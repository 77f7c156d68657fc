"""CheckAvailability: row classification, batching, concurrency, failures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from app.api.envelope import Result, ResultKind, SearchResultItem
from app.errors import InvalidInput, UpstreamUnavailable
from app.registrar.base import OPERATIONS, ModuleConfig
from app.registrar.catalogue.availability import search_item
from app.registry.catalogue import NameCheck
from tests.registrar.conftest import GatedIspapi, lost, reply


async def run(make_ctx: Any, params: dict[str, Any]) -> Result:
    ctx = make_ctx("CheckAvailability", params)
    return await OPERATIONS["CheckAvailability"].func(ctx)


ROWS = [
    # (tld, DOMAINCHECK, REASON, CLASS, PREMIUMCHANNEL, PRICE, CURRENCY) -> status, premium
    ("com", "210 Available", "", "", "", "", "", "available", False),
    ("net", "211 Domain name not available", "blocked by DPML", "", "", "", "", "registered", False),
    ("org", "211 Collision Domain name available {DOMAIN-COLLISION}", "", "", "", "", "", "reserved", False),
    (
        "xyz",
        "211 Premium Domain name available",
        "",
        "PREMIUM_XYZ_A",
        "XYZ",
        "999.99",
        "USD",
        "available",
        True,
    ),
    ("club", "211 Premium Domain name not available", "", "PREMIUM_CLUB_B", "CLUB", "", "", "reserved", True),
    (
        "info",
        "211 Domain name not available",
        "Domain is reserved by registry",
        "RESERVED",
        "",
        "",
        "",
        "reserved",
        False,
    ),
    ("biz", "211 Domain name not available", "", "", "", "", "", "registered", False),
    ("io", "421 Temporary issue", "", "", "", "", "", "unknown", False),
    ("zz", "549 Command failed; TLD not supported", "", "", "", "", "", "tld_not_supported", False),
    ("co.uk", "", "", "", "", "", "", "unknown", False),
]


PREMIUM_RELATIONS = {
    "PRICE_CLASS_DOMAIN_PREMIUM_XYZ_A_ANNUAL": "500",
    "PRICE_CLASS_DOMAIN_PREMIUM_XYZ_A_TRANSFER": "400.5",
    "PRICE_CLASS_DOMAIN_PREMIUM_XYZ_A_CURRENCY": "USD",
}


def _store_pricing(services: Any, *, premium: dict[str, str] | None, age_days: int = 0) -> None:
    """An account's pricing cache row, as a refresh would have stored it `age_days` ago."""
    from datetime import timedelta

    from app.dates import utcnow
    from app.pricing import cache
    from app.registry.catalogue import PricingData
    from app.sync.account import account_for

    data = PricingData(
        account_currency="USD", rates={"EUR": "1"}, tlds=[], skipped=[], calls=0, premium=premium
    )
    account = account_for(ModuleConfig.from_settings({"Username": "test.user"}), ispapi_url=None)
    with services.db.sessions() as session:
        cache.store(session, account=account, data=data, now=utcnow() - timedelta(days=age_days))


async def _search(make_ctx: Any, services: Any, params: dict[str, Any]) -> Result:
    ctx = make_ctx("CheckAvailability", params)
    ctx.pricing = services.pricing(ctx.config)
    return await OPERATIONS["CheckAvailability"].func(ctx)


async def test_every_row_class(fake, make_ctx, cache_services) -> None:
    columns: dict[str, Any] = {name: [row[i] for row in ROWS] for i, name in enumerate(
        ["TLD", "DOMAINCHECK", "REASON", "CLASS", "PREMIUMCHANNEL", "PRICE", "CURRENCY"])}  # fmt: skip
    del columns["TLD"]
    fake.on("CheckDomains", reply(**columns))
    _store_pricing(cache_services, premium=PREMIUM_RELATIONS)
    params = {"searchTerm": "Example", "tldsToInclude": [row[0] for row in ROWS], "premiumEnabled": True}
    result = await _search(make_ctx, cache_services, params)
    assert result.kind == ResultKind.SEARCH_RESULTS
    sent = fake.sent[0]
    assert (
        sent["PREMIUMCHANNELS"] == "*"
        and sent["DOMAIN0"] == "example.com"
        and sent["DOMAIN9"] == "example.co.uk"
    )
    got = {(item["tld"], item["status"], item["premium"]) for item in result.value}
    assert got == {(row[0], row[7], row[8]) for row in ROWS}
    assert all(item["sld"] == "example" for item in result.value)
    xyz = next(item for item in result.value if item["tld"] == "xyz")
    assert xyz["premium_pricing"] == {
        "CurrencyCode": "USD",
        "register": 999.99,
        "renew": 500.0,
        "transfer": 400.5,
    }
    # renew/transfer came from the pricing cache: the search itself was CheckDomains only
    assert fake.commands() == ["CheckDomains"]


PREMIUM_ROW = reply(DOMAINCHECK="211 Premium", PREMIUMCHANNEL="XYZ", PRICE="999.99", CURRENCY="USD",
                    CLASS="PREMIUM_XYZ_A")  # fmt: skip


@pytest.mark.parametrize(
    ("stored", "age_days", "renew_shown"),
    [
        (None, 0, False),  # no cache yet (first search of a new install): register price only
        ({}, 0, False),  # cache written before premium relations were kept (premium None -> {} below)
        (PREMIUM_RELATIONS, 400, True),  # stale: the old prices are shown, a refresh starts
    ],
)
async def test_a_missing_old_or_stale_cache_answers_at_once_and_refreshes_in_the_background(
    fake, make_ctx, cache_services, stored, age_days, renew_shown
) -> None:
    from app.pricing import cache

    fake.on("CheckDomains", PREMIUM_ROW)
    fake.on("StatusUser", reply(531, "Authorization failed"))  # the background refresh fails: logged only
    if stored is not None:
        _store_pricing(cache_services, premium=stored or None, age_days=age_days)
    params = {"searchTerm": "a", "tldsToInclude": ["xyz"], "premiumEnabled": "on"}
    result = await _search(make_ctx, cache_services, params)
    pricing = result.value[0]["premium_pricing"]
    assert pricing["register"] == 999.99 and ("renew" in pricing) is renew_shown
    assert fake.commands() == ["CheckDomains"]  # the answer did not wait for the refresh
    await cache.wait_for_background()
    assert fake.commands() == ["CheckDomains", "StatusUser"]  # ... which ran once, after it


async def test_premium_register_price_only_for_variable_fee_classes(fake, make_ctx, cache_services) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK="211 Premium", PREMIUMCHANNEL="X", PRICE="12.5", CURRENCY="EUR",
                                  CLASS="PREMIUM_TOP_CNY:24:2976"))  # fmt: skip
    _store_pricing(cache_services, premium=PREMIUM_RELATIONS)
    result = await _search(
        make_ctx, cache_services, {"searchTerm": "a", "tldsToInclude": ["top"], "premiumEnabled": "on"}
    )
    assert result.value[0]["premium_pricing"] == {"CurrencyCode": "EUR", "register": 12.5}


async def test_idn_uses_punycode_label_and_no_premium_channel(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK="210 Available"))
    params = {"searchTerm": "Bücher", "punyCodeSearchTerm": "xn--bcher-kva", "isIdnDomain": True,
              "tldsToInclude": ["de", ".de", ""], "premiumEnabled": False}  # fmt: skip
    result = await run(make_ctx, params)
    assert fake.sent == [
        {
            "COMMAND": "CheckDomains",
            "PREMIUMCHANNELS": "",
            "X-IDN-LANGUAGE": "ger",
            "DOMAIN0": "xn--bcher-kva.de",
        }
    ]  # IDN names carry their language tag (docs/module-behaviour.md §9.6)
    assert result.value[0]["sld"] == "xn--bcher-kva" and result.value[0]["tld"] == "de"


async def test_batches_of_25_run_concurrently(make_ctx) -> None:
    gated = GatedIspapi(expected=4)
    gated.on("CheckDomains", reply(DOMAINCHECK=["210 Available"] * 25))
    tlds = [f"t{i}" for i in range(100)]
    ctx = make_ctx("CheckAvailability", {"searchTerm": "a", "tldsToInclude": tlds})
    ctx.client = gated
    result = await OPERATIONS["CheckAvailability"].func(ctx)
    assert len(gated.sent) == 4 and all(
        len(c) == 27 for c in gated.sent
    )  # COMMAND, PREMIUMCHANNELS, 25 domains
    assert len(result.value) == 100
    assert gated.peak == 4, f"batches ran one after another (at most {gated.peak} in flight)"


async def test_failed_batch_gives_unknown_rows(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK=["210 Available"] * 25), lost(may_have_executed=False))
    result = await run(make_ctx, {"searchTerm": "a", "tldsToInclude": [f"t{i}" for i in range(30)]})
    statuses = [item["status"] for item in result.value]
    assert statuses == ["available"] * 25 + ["unknown"] * 5


async def test_all_batches_failed_raises(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(530, "Authentication failed"))
    with pytest.raises(UpstreamUnavailable):
        await run(make_ctx, {"searchTerm": "a", "tldsToInclude": ["com", "net"]})


async def test_suggestion_mode_returns_available_only(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK=["210 Available", "211 Domain name not available"]))
    result = await run(make_ctx, {"suggestions": ["shop.example.com", "shop.net"]})
    assert [(i["sld"], i["tld"]) for i in result.value] == [("shop", "example.com")]


@pytest.mark.parametrize(
    "params",
    [
        {"tldsToInclude": ["com"]},
        {"searchTerm": "two words", "tldsToInclude": ["com"]},
        {"searchTerm": "a.b", "tldsToInclude": ["com"]},
        {"searchTerm": "abc", "tldsToInclude": []},
    ],
)
async def test_bad_search_input(fake, make_ctx, params) -> None:
    with pytest.raises(InvalidInput):
        await run(make_ctx, params)
    assert fake.sent == []


@pytest.mark.parametrize(
    "check",
    [
        NameCheck(status="available"),
        NameCheck(status="registered"),
        NameCheck(status="reserved", premium=True),
        NameCheck(status="available", premium=True, currency="USD", register=Decimal("120.5")),
    ],
)
def test_search_rows_are_what_the_result_model_says(check: NameCheck) -> None:
    row = search_item("example.com", check, None)
    assert row == SearchResultItem.model_validate(row).model_dump()
    assert list(row) == list(SearchResultItem.model_fields)


async def test_the_parsed_price_list_is_kept_while_its_row_is_unchanged_and_read_again_after(
    fake, make_ctx, cache_services
) -> None:
    """Each search reads only the cache row's time; another process's refresh (a new row) is parsed."""
    from app.pricing import cache

    fake.on("CheckDomains", PREMIUM_ROW)
    params = {"searchTerm": "a", "tldsToInclude": ["xyz"], "premiumEnabled": "on"}
    _store_pricing(cache_services, premium=PREMIUM_RELATIONS)
    first = await _search(make_ctx, cache_services, params)
    (parsed,) = cache._parsed.values()
    again = await _search(make_ctx, cache_services, params)
    assert first.value == again.value and first.value[0]["premium_pricing"]["renew"] == 500.0
    assert next(iter(cache._parsed.values())) is parsed  # not parsed again

    changed = {**PREMIUM_RELATIONS, "PRICE_CLASS_DOMAIN_PREMIUM_XYZ_A_ANNUAL": "650"}
    _store_pricing(cache_services, premium=changed)  # e.g. the refresh of another bridge process
    later = await _search(make_ctx, cache_services, params)
    assert later.value[0]["premium_pricing"]["renew"] == 650.0
    assert next(iter(cache._parsed.values())) is not parsed
