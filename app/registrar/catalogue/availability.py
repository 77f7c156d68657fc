"""CheckAvailability (docs/module-behaviour.md §3.1, docs/ispapi-wire.md §3 CheckDomains row
classification).

Domains are checked in batches of 25 (the module's chunk size), the batches sent concurrently with a small
bound so a 200-TLD search costs about one round trip instead of eight. A failed batch makes its rows
`unknown`; only when every batch failed do we raise, so the shim throws and WHMCS falls back to WHOIS.

Row classification (first three characters of DOMAINCHECK; empty counts as `421`):

    210                                   available
    211 + REASON contains "block"         registered
    211 "Collision Domain name available {" reserved (name collision)
    211 + PREMIUMCHANNEL                  premium: available (priced) with PRICE/CURRENCY, else reserved
    211 + CLASS + REASON has "reserved"   reserved
    211 + REASON names "IDN"              reserved (the TLD's registry refuses this IDN label)
    211 otherwise, other codes            registered
    421                                   unknown
    549 "Invalid characters"              reserved (the registry refused the name; WHOIS cannot help)
    549 otherwise                         tld_not_supported (WHMCS re-checks by WHOIS)

IDN names carry X-IDN-LANGUAGE (app/registrar/idn_language.py); batches are grouped by that tag.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from typing import Any, Literal

from app.api.envelope import Result, ResultKind, SearchResultItem
from app.errors import InvalidInput, UpstreamUnavailable
from app.ispapi import Response, to_ace
from app.pricing import cache as pricing_cache
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registrar.idn_language import IDN_LANGUAGE, language_tag
from app.registrar.orders.premium import relation
from app.registrar.replies import succeeded, try_send
from app.sync.account import account_for

BATCH_SIZE = 25
CONCURRENT_BATCHES = 8
_COLLISION = re.compile(r"^Collision Domain name available \{", re.IGNORECASE)
# The registry refused the name itself (IDN per TLD): nobody can register it, so the row is
# "reserved" and WHMCS must not re-check by WHOIS (which would call an unregistrable IDN available).
_IDN_REFUSED = re.compile(r"\bIDN\b", re.IGNORECASE)
_INVALID_NAME = re.compile(r"invalid characters", re.IGNORECASE)
Status = Literal["available", "registered", "reserved", "unknown", "tld_not_supported"]
_BY_CODE: dict[str, Status] = {"210": "available", "421": "unknown", "549": "tld_not_supported"}


def _cell(reply: Response, name: str, index: int) -> str:
    return reply.cell(name, index).strip()


def classify(reply: Response | None, index: int) -> tuple[Status, bool]:
    """(status, premium) of row `index`; a missing reply or row counts as `421 Temporary issue`."""
    check = _cell(reply, "DOMAINCHECK", index) if reply is not None else ""
    code, text = (check[:3], check[3:].strip()) if check else ("421", "Temporary issue")
    if code == "549" and _INVALID_NAME.search(text):
        return "reserved", False
    if code in _BY_CODE:
        return _BY_CODE[code], False
    if code != "211" or reply is None:
        return "registered", False
    reason = _cell(reply, "REASON", index)
    if "block" in reason.lower():
        return "registered", False
    if _COLLISION.match(text):
        return "reserved", False
    if _cell(reply, "PREMIUMCHANNEL", index):
        price = p.to_decimal(_cell(reply, "PRICE", index))
        available = price is not None and bool(_cell(reply, "CURRENCY", index))
        return ("available" if available else "reserved"), True
    if _cell(reply, "CLASS", index) and "reserved" in reason.lower():
        return "reserved", False
    if _IDN_REFUSED.search(reason):
        return "reserved", False
    return "registered", False


def premium_pricing(reply: Response, index: int, relations: dict[str, str]) -> dict[str, float | str]:
    """{register, renew?, transfer?, CurrencyCode} for a premium row (docs/module-behaviour.md §3.4,
    registry-premium classes)."""
    currency = _cell(reply, "CURRENCY", index)
    pricing: dict[str, float | str] = {"CurrencyCode": currency}
    register = p.to_decimal(_cell(reply, "PRICE", index))
    if register is not None:
        pricing["register"] = float(register)
    cls = _cell(reply, "CLASS", index)
    # Variable-fee classes ("PREMIUM_TOP_CNY:24:2976") need markup relations; only registry classes here.
    class_currency = relation(relations, cls, "CURRENCY") if cls and ":" not in cls else None
    if class_currency is not None and class_currency in ("", currency):
        for kind, key in (("ANNUAL", "renew"), ("TRANSFER", "transfer")):
            value = p.to_decimal(relation(relations, cls, kind))
            if value is not None:
                pricing[key] = float(value)
    return pricing


def split_domain(name: str) -> tuple[str, str]:
    sld, _, tld = name.partition(".")
    return sld, tld


async def check_domains(
    ctx: RegistrarContext, domains: Sequence[str], *, premium: bool
) -> list[tuple[Response | None, int]]:
    """CheckDomains for every name: per name the batch reply (None if the batch failed) and its row.

    X-IDN-LANGUAGE is one value per command, so names are grouped by their tag first
    (app/registrar/idn_language.py): ASCII names go without a tag, each IDN language gets its own batches
    (Verisign needs the tag).
    """
    semaphore = asyncio.Semaphore(CONCURRENT_BATCHES)
    groups: dict[str | None, list[int]] = {}
    for position, name in enumerate(domains):
        groups.setdefault(language_tag(name), []).append(position)
    batches = [
        (tag, positions[i : i + BATCH_SIZE])
        for tag, positions in groups.items()
        for i in range(0, len(positions), BATCH_SIZE)
    ]

    async def run(tag: str | None, batch: list[int]) -> Response | None:
        command: dict[str, Any] = {"COMMAND": "CheckDomains", "PREMIUMCHANNELS": "*" if premium else ""}
        if tag is not None:
            command[IDN_LANGUAGE] = tag
        command.update({f"DOMAIN{i}": domains[position] for i, position in enumerate(batch)})
        async with semaphore:
            reply = await try_send(ctx, command)
        return reply if succeeded(reply) else None

    replies = await asyncio.gather(*(run(tag, batch) for tag, batch in batches))
    if batches and all(reply is None for reply in replies):
        raise UpstreamUnavailable("Domain availability check failed: the registrar API did not answer.")
    rows: list[tuple[Response | None, int]] = [(None, 0)] * len(domains)
    for reply, (_, batch) in zip(replies, batches, strict=True):
        for index, position in enumerate(batch):
            rows[position] = (reply, index)
    return rows


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


@operation("CheckAvailability")
async def check_availability(ctx: RegistrarContext) -> Result:
    names, suggestion_mode = _domains_to_check(ctx.params)
    premium = p.flag(ctx.params, "premiumEnabled")
    # Premium renew/transfer prices come from the pricing cache (read alongside the checks): a search
    # is one registry round trip and never waits for, or parses, the account's whole price list.
    relations_task = asyncio.create_task(cached_relations(ctx)) if premium else None
    try:
        rows = await check_domains(ctx, names, premium=premium)
    except BaseException:
        if relations_task is not None:
            relations_task.cancel()
        raise
    relations: dict[str, str] | None = None
    items = []
    for name, (reply, index) in zip(names, rows, strict=True):
        status, is_premium = classify(reply, index)
        if suggestion_mode and status != "available":
            continue
        sld, tld = split_domain(name)
        item = SearchResultItem(sld=sld, tld=tld, status=status, premium=is_premium)
        if is_premium and status == "available" and reply is not None:
            if relations is None:
                relations = await (relations_task if relations_task is not None else cached_relations(ctx))
            item.premium_pricing = premium_pricing(reply, index, relations)
        items.append(item.model_dump())
    if relations_task is not None and relations is None:
        await relations_task  # finished long ago (a database read)
    return Result(kind=ResultKind.SEARCH_RESULTS, value=items)


async def cached_relations(ctx: RegistrarContext) -> dict[str, str]:
    """Premium renew/transfer relations from the account's pricing cache, never a StatusUser per search.

    Renew/transfer prices are a bonus on a search row (the register price comes with the row itself), so
    a cache that is missing or stale is refreshed in the background and the search answers at once with
    what is there; the money operations read live prices (app/registrar/orders/premium.py)."""
    services = ctx.services
    if services is None:
        return {}
    data = await pricing_cache.peek(
        db=services.db,
        client_factory=lambda: services.client_factory(ctx.config),
        account=account_for(ctx.config, ispapi_url=services.settings.ispapi_url),
        ttl_seconds=services.settings.pricing_ttl_seconds,
    )
    return dict(data.premium or {}) if data is not None else {}
