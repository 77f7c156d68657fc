"""GetDomainSuggestions (docs/module-behaviour.md §3.2): QueryDomainSuggestionList, then CheckDomains of the
names.

Settings come from DomainSuggestionOptions (docs/module-behaviour.md §2.3) as WHMCS passes them in
`suggestionSettings`: `suggestions` (on/off), `suggstionsamount` (the limit; WHMCS's misspelt key),
`suggestionsnoweighted` (leave .com/.net out). Only available names are returned, up to the limit; the
suggestion pages are walked while the limit is not reached and the list has more (bounded by MAX_PAGES).

Fixed 5.1.12 oddity: a TLD given with a leading dot (".com") is no longer dropped as "third level".
"""

from __future__ import annotations

from typing import Any

from app.api.envelope import Result, ResultKind, SearchResultItem
from app.errors import InvalidInput
from app.numbers import is_whole_number
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registrar.catalogue.availability import (
    cached_relations,
    check_domains,
    classify,
    premium_pricing,
    search_label,
    split_domain,
)
from app.registrar.replies import succeeded, try_send, upstream_problem

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
    premium = p.flag(ctx.params, "premiumEnabled")
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    relations: dict[str, str] | None = None
    first = 0
    for _ in range(MAX_PAGES):
        command: dict[str, object] = {
            "COMMAND": "QueryDomainSuggestionList",
            "KEYWORD": label,
            "SOURCE": "ISPAPI-SUGGESTIONS",
            "LIMIT": limit,
            "FIRST": first,
        }
        command.update({f"ZONE{i}": zone for i, zone in enumerate(wanted)})
        reply = await try_send(ctx, command)
        if not succeeded(reply):
            problem = upstream_problem(reply)
            if problem is not None and not items:
                raise problem
            break
        names = [
            n.strip().lower() for n in reply.column("DOMAIN") if n.strip() and n.strip().lower() not in seen
        ]
        names = list(dict.fromkeys(names))
        if not names:
            break
        seen.update(names)
        rows = await check_domains(ctx, names, premium=premium)
        for name, (check, index) in zip(names, rows, strict=True):
            status, is_premium = classify(check, index)
            if status != "available" or len(items) >= limit:
                continue
            sld, tld = split_domain(name)
            item = SearchResultItem(sld=sld, tld=tld, status=status, premium=is_premium)
            if is_premium and check is not None:
                if relations is None:
                    relations = await cached_relations(ctx)
                item.premium_pricing = premium_pricing(check, index, relations)
            items.append(item.model_dump())
        first += limit
        if len(items) >= limit or reply.total <= first:
            break
    return Result(kind=ResultKind.SEARCH_RESULTS, value=items)
