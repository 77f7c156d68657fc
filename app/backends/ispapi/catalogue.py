"""The catalogue family of the port (app/registry/catalogue.py) in HEXONET ISPAPI commands.

CheckDomains rows (docs/module-behaviour.md §3.1, docs/ispapi-wire.md §3; first three characters of
DOMAINCHECK, empty counts as `421`):

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

Names go in batches of 25 (the original module's chunk size), the batches concurrently with a small bound;
IDN names carry X-IDN-LANGUAGE (app/registry/idn_language.py), one value per command, so batches are
grouped by tag.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from app.backends.ispapi import premium_fees, price_list
from app.backends.replies import call, ensure, succeeded, try_call, upstream_problem
from app.errors import UpstreamUnavailable
from app.ispapi import Response
from app.numbers import to_decimal
from app.registry import RegistryCaller
from app.registry.catalogue import (
    Availability,
    NameCheck,
    PremiumQuote,
    PricingData,
    Progress,
    SuggestionPage,
)
from app.registry.idn_language import IDN_LANGUAGE, language_tag

BATCH_SIZE = 25
CONCURRENT_BATCHES = 8
CHECK_FAILED = "Domain availability check failed: the registrar API did not answer."
_COLLISION = re.compile(r"^Collision Domain name available \{", re.IGNORECASE)
# The registry refused the name itself (IDN per TLD): nobody can register it, so the row is
# "reserved" and WHMCS must not re-check by WHOIS (which would call an unregistrable IDN available).
_IDN_REFUSED = re.compile(r"\bIDN\b", re.IGNORECASE)
_INVALID_NAME = re.compile(r"invalid characters", re.IGNORECASE)
_BY_CODE: dict[str, Availability] = {"210": "available", "421": "unknown", "549": "tld_not_supported"}


def _cell(reply: Response, name: str, index: int) -> str:
    return reply.cell(name, index).strip()


def _status(reply: Response | None, index: int) -> tuple[Availability, bool]:
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
        priced = to_decimal(_cell(reply, "PRICE", index)) is not None
        available = priced and bool(_cell(reply, "CURRENCY", index))
        return ("available" if available else "reserved"), True
    if _cell(reply, "CLASS", index) and "reserved" in reason.lower():
        return "reserved", False
    if _IDN_REFUSED.search(reason):
        return "reserved", False
    return "registered", False


def classify(reply: Response | None, index: int) -> NameCheck:
    """Row `index` of a CheckDomains reply; a premium row keeps its class and register PRICE/CURRENCY (its
    renew/transfer prices are relations of the account: PricingData.class_fee)."""
    status, premium = _status(reply, index)
    if not premium or reply is None:
        return NameCheck(status=status)
    return NameCheck(
        status=status,
        premium=True,
        price_class=_cell(reply, "CLASS", index),
        currency=_cell(reply, "CURRENCY", index),
        register=to_decimal(_cell(reply, "PRICE", index)),
    )


class IspapiCatalogue:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def check(self, names: Sequence[str], *, premium: bool) -> list[NameCheck]:
        semaphore = asyncio.Semaphore(CONCURRENT_BATCHES)
        channels = "*" if premium else ""
        groups: dict[str | None, list[int]] = {}
        for position, name in enumerate(names):
            groups.setdefault(language_tag(name), []).append(position)
        batches = [
            (tag, positions[i : i + BATCH_SIZE])
            for tag, positions in groups.items()
            for i in range(0, len(positions), BATCH_SIZE)
        ]

        async def run(tag: str | None, batch: list[int]) -> Response | None:
            command: dict[str, object] = {"COMMAND": "CheckDomains", "PREMIUMCHANNELS": channels}
            if tag is not None:
                command[IDN_LANGUAGE] = tag
            command.update({f"DOMAIN{i}": names[position] for i, position in enumerate(batch)})
            async with semaphore:
                reply = await try_call(self._caller, command)
            return reply if succeeded(reply) else None

        replies = await asyncio.gather(*(run(tag, batch) for tag, batch in batches))
        if batches and all(reply is None for reply in replies):
            raise UpstreamUnavailable(CHECK_FAILED)
        rows = [NameCheck(status="unknown")] * len(names)
        for reply, (_, batch) in zip(replies, batches, strict=True):
            for index, position in enumerate(batch):
                rows[position] = classify(reply, index)
        return rows

    async def premium_quote(self, domain: str, kinds: Sequence[str]) -> PremiumQuote | None:
        command = {"COMMAND": "CheckDomains", "DOMAIN0": domain, "PREMIUMCHANNELS": "*"}
        reply = ensure(await call(self._caller, command))
        return await premium_fees.quote(self._caller, reply, 0, kinds=tuple(kinds))

    async def suggest(self, keyword: str, zones: Sequence[str], *, limit: int, first: int) -> SuggestionPage:
        command: dict[str, object] = {
            "COMMAND": "QueryDomainSuggestionList",
            "KEYWORD": keyword,
            "SOURCE": "ISPAPI-SUGGESTIONS",
            "LIMIT": limit,
            "FIRST": first,
        }
        command.update({f"ZONE{i}": zone for i, zone in enumerate(zones)})
        reply = await try_call(self._caller, command)
        if not succeeded(reply):
            problem = upstream_problem(reply)
            if problem is not None:
                raise problem
            return SuggestionPage(names=[], total=0)
        return SuggestionPage(names=[n.strip().lower() for n in reply.column("DOMAIN")], total=reply.total)

    async def price_list(
        self, *, progress: Progress | None = None, previous: PricingData | None = None
    ) -> PricingData:
        del previous  # QueryDomainOptions reads the rules of every zone in a few calls: nothing to reuse
        return await price_list.fetch(self._caller, progress=progress)
