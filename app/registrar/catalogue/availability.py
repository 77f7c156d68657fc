"""CheckAvailability (docs/module-behaviour.md §3.1).

The names go to the registry port's `check` (app/registry/catalogue.py), which batches them to its API's
limit and sends the batches concurrently, so a 200-TLD search costs about one round trip. A failed batch
makes its rows `unknown`; only when every batch failed does the port raise, so the shim throws and WHMCS
falls back to WHOIS. How each API's rows map to WHMCS's statuses: app/backends/*/catalogue.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

from app.contract.payloads import Result, ResultKind
from app.errors import InvalidInput
from app.ispapi import to_ace
from app.numbers import to_decimal
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registry.catalogue import NameCheck, PricingData


def premium_pricing(check: NameCheck, prices: PricingData | None) -> dict[str, float | str]:
    """{register, renew?, transfer?, CurrencyCode} for a premium row (docs/module-behaviour.md §3.4): the
    fees the check carried, renew/transfer of a registry class from the price list when the check had none."""
    pricing: dict[str, float | str] = {"CurrencyCode": check.currency}
    if check.register is not None:
        pricing["register"] = float(check.register)
    cls = check.price_class
    # Variable-fee classes ("PREMIUM_TOP_CNY:24:2976") need markup relations; only registry classes here.
    stored = prices is not None and bool(cls) and ":" not in cls
    in_currency = stored and prices is not None and prices.class_fee(cls, "CURRENCY") in ("", check.currency)
    for key, item, own in (("renew", "ANNUAL", check.renew), ("transfer", "TRANSFER", check.transfer)):
        value = own
        if value is None and in_currency and prices is not None:
            value = to_decimal(prices.class_fee(cls, item))
        if value is not None:
            pricing[key] = float(value)
    return pricing


def split_domain(name: str) -> tuple[str, str]:
    sld, _, tld = name.partition(".")
    return sld, tld


def search_label(params: p.Params) -> str:
    """The label to check, in ACE form.

    For an IDN search WHMCS's punyCodeSearchTerm may follow IDNA2003 (`fußball` -> `fussball`), which
    is a different name at registries using IDNA2008/UTS #46 (.de: `xn--fuball-cta`,
    docs/module-behaviour.md §9.6), so the label is computed from searchTerm (UTS #46, non-transitional);
    WHMCS's form is the fallback when searchTerm is no valid IDN label.
    """
    term = p.text(params, "searchTerm").strip().lower()
    if p.flag(params, "isIdnDomain"):
        ace = to_ace(term)
        if ace and ace.isascii():
            return ace.lower()
        return p.text(params, "punyCodeSearchTerm").strip().lower() or term
    return term


def _domains_to_check(params: p.Params) -> tuple[list[str], bool]:
    """Full names to check and whether they are suggestions (only available ones are returned)."""
    suggestions = params.get("suggestions")
    if isinstance(suggestions, list) and suggestions:
        names = [str(s).strip().lower() for s in suggestions if str(s).strip()]
        return list(dict.fromkeys(names)), True
    label = search_label(params)
    if not label or any(ch.isspace() or ch == "." for ch in label):
        raise InvalidInput("searchTerm must be a single domain label", field="searchTerm")
    raw = params.get("tldsToInclude")
    tlds = raw if isinstance(raw, list) else str(raw or "").split(",")
    cleaned = [str(t).strip().lstrip(".").lower() for t in tlds]
    names = [f"{label}.{tld}" for tld in dict.fromkeys(t for t in cleaned if t)]
    if not names:
        raise InvalidInput("tldsToInclude lists no TLD to check", field="tldsToInclude")
    return names, False


def search_item(name: str, check: NameCheck, prices: PricingData | None) -> dict[str, Any]:
    """WHMCS's SearchResult of one checked name: `SearchResultItem` (app/api/envelope.py) built directly
    as a dict, since a model instance per row cost more than the rest of a 200-name search
    (docs/architecture.md decision 12); tests/registrar/test_availability.py holds the two equal."""
    sld, tld = split_domain(name)
    pricing = premium_pricing(check, prices) if check.premium and check.status == "available" else None
    return {
        "sld": sld,
        "tld": tld,
        "status": check.status,
        "premium": check.premium,
        "premium_pricing": pricing,
        "score": None,
    }


@operation("CheckAvailability")
async def check_availability(ctx: RegistrarContext) -> Result:
    names, suggestion_mode = _domains_to_check(ctx.params)
    premium = p.flag(ctx.params, "premiumEnabled")
    # Premium renew/transfer prices come from the pricing cache (read alongside the checks): a search
    # is one registry round trip and never waits for, or parses, the account's whole price list.
    prices_task = asyncio.create_task(cached_prices(ctx)) if premium else None
    try:
        checks = await ctx.registry.catalogue.check(names, premium=premium)
    except BaseException:
        if prices_task is not None:
            prices_task.cancel()
        raise
    prices = await prices_task if prices_task is not None else None
    items = [
        search_item(name, check, prices)
        for name, check in zip(names, checks, strict=True)
        if not (suggestion_mode and check.status != "available")
    ]
    return Result(kind=ResultKind.SEARCH_RESULTS, value=items)


async def cached_prices(ctx: RegistrarContext) -> PricingData | None:
    """The account's price list as the pricing cache holds it now, never a registry call per search.

    Renew/transfer prices are a bonus on a search row (the register price comes with the row itself), so
    a cache that is missing or stale is refreshed in the background and the search answers at once with
    what is there; the money operations read live prices through the registry port (`premium_quote` in
    app/registry/orders.py, `premium_renewal` in app/registry/lifecycle.py)."""
    return await ctx.pricing.peek() if ctx.pricing is not None else None
