"""GetDomainSuggestions (docs/module-behaviour.md §3.2): the registry's suggestion service (the port's
`suggest`), then an availability check of the names.

Settings come from DomainSuggestionOptions (docs/module-behaviour.md §2.3) as WHMCS passes them in
`suggestionSettings`: `suggestions` (on/off), `suggstionsamount` (the limit; WHMCS's misspelt key),
`suggestionsnoweighted` (leave .com/.net out). Only available names are returned, up to the limit; the
suggestion pages are walked while the limit is not reached and the list has more (bounded by MAX_PAGES).

Fixed 5.1.12 oddity: a TLD given with a leading dot (".com") is no longer dropped as "third level".
"""

from __future__ import annotations

from typing import Any

from app.contract.payloads import Result, ResultKind
from app.errors import InvalidInput, OperationFailed
from app.numbers import is_whole_number
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registrar.catalogue.availability import cached_prices, search_item, search_label
from app.registry.catalogue import PricingData

DEFAULT_LIMIT = 100
MAX_LIMIT = 200  # the largest choice DomainSuggestionOptions offers
MAX_PAGES = 5
_WEIGHTED = {"com", "net"}


def _settings(params: p.Params) -> dict[str, Any]:
    raw = params.get("suggestionSettings")
    return raw if isinstance(raw, dict) else {}


def _limit(settings: dict[str, Any]) -> int:
    raw = str(settings.get("suggstionsamount", "") or "").strip()
    if not raw:
        return DEFAULT_LIMIT
    if not is_whole_number(raw) or int(raw) < 1:
        raise InvalidInput("suggstionsamount must be a positive number", field="suggstionsamount")
    return min(int(raw), MAX_LIMIT)


def zones(params: p.Params, *, suppress_weighted: bool) -> list[str]:
    """First-level zones of tldsToInclude (a suggestion service has no second-level zones)."""
    raw = params.get("tldsToInclude")
    tlds = raw if isinstance(raw, list) else str(raw or "").split(",")
    found = []
    for tld in tlds:
        zone = str(tld).strip().lstrip(".").lower()
        if zone and "." not in zone and not (suppress_weighted and zone in _WEIGHTED):
            found.append(zone)
    return list(dict.fromkeys(found))


@operation("GetDomainSuggestions")
async def get_domain_suggestions(ctx: RegistrarContext) -> Result:
    settings = _settings(ctx.params)
    if not p.flag(settings, "suggestions"):
        return Result(kind=ResultKind.SEARCH_RESULTS, value=[])
    limit = _limit(settings)
    label = search_label(ctx.params)
    if not label or any(ch.isspace() or ch == "." for ch in label):
        raise InvalidInput("searchTerm must be a single domain label", field="searchTerm")
    wanted = zones(ctx.params, suppress_weighted=p.flag(settings, "suggestionsnoweighted"))
    if not wanted:
        return Result(kind=ResultKind.SEARCH_RESULTS, value=[])
    return Result(kind=ResultKind.SEARCH_RESULTS, value=await _available(ctx, label, wanted, limit))


async def _available(
    ctx: RegistrarContext, label: str, wanted: list[str], limit: int
) -> list[dict[str, Any]]:
    """Available suggested names, up to `limit`, walking the service's pages while it has more."""
    premium = p.flag(ctx.params, "premiumEnabled")
    catalogue = ctx.registry.catalogue
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    prices: PricingData | None = None
    priced = False
    first = 0
    for _ in range(MAX_PAGES):
        try:
            page = await catalogue.suggest(label, wanted, limit=limit, first=first)
        except OperationFailed:
            if not items:
                raise
            break
        names = list(dict.fromkeys(n for n in page.names if n and n not in seen))
        if not names:
            break
        seen.update(names)
        checks = await catalogue.check(names, premium=premium)
        for name, check in zip(names, checks, strict=True):
            if check.status != "available" or len(items) >= limit:
                continue
            if check.premium and not priced:
                prices, priced = await cached_prices(ctx), True
            items.append(search_item(name, check, prices))
        first += limit
        if len(items) >= limit or page.total <= first:
            break
    return items
