"""The catalogue family of the port (app/registry/catalogue.py) in CentralNic Reseller commands
(docs/cnr-protocol.md "Catalogue").

CheckDomains takes at most 32 names; the batches go out concurrently. Registration fees are always asked
for (X-FEE-COMMAND<i>/X-FEE-DOMAIN<i> per name): a fee row whose X-FEE-CLASS is neither empty nor
`standard` marks a premium name, and without the fees CNR cannot tell one apart (an available premium name
would then be sold at the standard price). With premium names off in WHMCS, such a name is `reserved`, as
ISPAPI answers it without PREMIUMCHANNELS. The 32 fee requests of a batch go to the registration fees, so a
search row of a premium name has its register price only: asking renew/transfer fees would cost a second
round trip for most 200-TLD searches; WHMCS asks GetPremiumPrice (`premium_quote`: every fee in one call)
for a premium name in the cart. DOMAINCHECK rows (first three characters):

    210                                       available (premium: priced by X-FEE-AMOUNT, else reserved)
    211                                       registered
    541 naming an unsupported zone            tld_not_supported (WHMCS re-checks by WHOIS)
    541 otherwise, 505                        reserved (the registry refuses the name itself)
    4xx, missing                              unknown
    anything else                             registered
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import islice, zip_longest

from app.backends.cnr import price_list
from app.backends.replies import call, ensure, succeeded, try_call, upstream_problem
from app.errors import UpstreamUnavailable
from app.ispapi import Response, to_ace
from app.numbers import to_decimal
from app.registry import RegistryCaller
from app.registry.catalogue import (
    PRICE_KINDS,
    Availability,
    NameCheck,
    PremiumQuote,
    PricingData,
    Progress,
    SuggestionPage,
)
from app.registry.idn_language import IDN_LANGUAGE, language_tag

BATCH_SIZE = 32  # CheckDomains: DOMAIN0 ... DOMAIN31
CONCURRENT_BATCHES = 8
MAX_SUGGESTIONS = 99  # GetNameSuggestion MAX-RESULTS
CHECK_FAILED = "Domain availability check failed: the registrar API did not answer."
STANDARD_CLASSES = ("", "standard")
# WHMCS price kind -> the X-FEE-COMMAND that quotes it
FEE_COMMANDS = {"register": "create", "renew": "renew", "transfer": "transfer"}
_UNSUPPORTED_ZONE = re.compile(r"zone not supported|tld not supported|not offered", re.IGNORECASE)
_BY_CODE: dict[str, Availability] = {"210": "available", "211": "registered", "505": "reserved"}

Fees = dict[tuple[str, str], tuple[Decimal | None, str, str]]  # (name, command) -> (amount, currency, class)


def fees(reply: Response) -> Fees:
    """The X-FEE rows of a reply by (name, command); a row without X-FEE-DOMAIN is the check row's name."""
    commands = reply.column("X-FEE-COMMAND")
    others = (
        reply.column(name) for name in ("X-FEE-DOMAIN", "X-FEE-AMOUNT", "X-FEE-CURRENCY", "X-FEE-CLASS")
    )
    # One row per fee command; a cell missing from a shorter column reads as "".
    rows = islice(zip_longest(commands, *others, fillvalue=""), len(commands))
    return {
        (name.strip().lower(), command.strip().lower()): (
            to_decimal(amount),
            currency.strip().upper(),
            fee_class.strip(),
        )
        for command, name, amount, currency, fee_class in rows
    }


def status(check: str) -> Availability:
    """WHMCS's status of a DOMAINCHECK value (the table in the module docstring)."""
    code, text = (check[:3], check[3:]) if check.strip() else ("421", "")
    if code == "541":
        return "tld_not_supported" if _UNSUPPORTED_ZONE.search(text) else "reserved"
    if code.startswith("4"):
        return "unknown"
    return _BY_CODE.get(code, "registered")


def classify(name: str, check: str, quoted: Fees, *, premium: bool = True) -> NameCheck:
    """One name's row; `quoted` holds the fee rows of its reply; `premium`: premium names are sold."""
    found = status(check)
    create = quoted.get((name, "create"))
    if create is None or create[2].lower() in STANDARD_CLASSES or found not in ("available", "registered"):
        return NameCheck(status=found)
    if not premium:
        return NameCheck(status="reserved" if found == "available" else found)
    amount, currency, fee_class = create
    if found == "available" and (amount is None or not currency):
        found = "reserved"  # premium, but the registry names no price: it cannot be sold
    renew, transfer = quoted.get((name, "renew")), quoted.get((name, "transfer"))
    return NameCheck(
        status=found,
        premium=True,
        price_class=fee_class,
        currency=currency,
        register=amount,
        renew=renew[0] if renew is not None and renew[1] == currency else None,
        transfer=transfer[0] if transfer is not None and transfer[1] == currency else None,
    )


def fee_requests(names: Sequence[str], commands: Sequence[str]) -> dict[str, object]:
    """DOMAIN<i>, X-FEE-DOMAIN<i>, X-FEE-COMMAND<i> for every (name, command) pair, in order."""
    pairs = [(name, command) for name in names for command in commands]
    request: dict[str, object] = {}
    for index, (name, command) in enumerate(pairs):
        request[f"DOMAIN{index}"] = request[f"X-FEE-DOMAIN{index}"] = name
        request[f"X-FEE-COMMAND{index}"] = command
        # Text, not the number 1: the command encoder takes plain strings on its short path.
        request[f"X-FEE-PERIOD{index}"] = "1"
        request[f"X-FEE-PERIODTYPE{index}"] = "YEAR"
    return request


class CnrCatalogue:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def _batches(self, names: Sequence[str]) -> list[tuple[list[int], Response | None]]:
        """CheckDomains of `names` with their registration fees, in concurrent batches of BATCH_SIZE
        (grouped by IDN tag): per batch its positions in `names` and the reply (None when it failed)."""
        groups: dict[str | None, list[int]] = {}
        for position, name in enumerate(names):
            groups.setdefault(language_tag(name), []).append(position)
        batches = [
            (tag, positions[i : i + BATCH_SIZE])
            for tag, positions in groups.items()
            for i in range(0, len(positions), BATCH_SIZE)
        ]
        semaphore = asyncio.Semaphore(CONCURRENT_BATCHES)

        async def run(tag: str | None, batch: list[int]) -> Response | None:
            batch_names = [names[position] for position in batch]
            command: dict[str, object] = {"COMMAND": "CheckDomains", **fee_requests(batch_names, ("create",))}
            if tag is not None:
                command[IDN_LANGUAGE] = tag
            async with semaphore:
                reply = await try_call(self._caller, command)
            return reply if succeeded(reply) else None

        replies = await asyncio.gather(*(run(tag, batch) for tag, batch in batches))
        return [(batch, reply) for (_, batch), reply in zip(batches, replies, strict=True)]

    async def check(self, names: Sequence[str], *, premium: bool) -> list[NameCheck]:
        # The fee rows name the domain in ACE, lower case: the names are sent (and matched) that way.
        names = [to_ace(name).lower() for name in names]
        done = await self._batches(names)
        if done and all(reply is None for _, reply in done):
            raise UpstreamUnavailable(CHECK_FAILED)
        rows = [NameCheck(status="unknown")] * len(names)
        for batch, reply in done:
            if reply is None:
                continue
            quoted, checks = fees(reply), reply.column("DOMAINCHECK")
            for index, position in enumerate(batch):
                check = checks[index] if index < len(checks) else ""
                rows[position] = classify(names[position], check, quoted, premium=premium)
        return rows

    async def premium_quote(self, domain: str, kinds: Sequence[str]) -> PremiumQuote | None:
        commands = [FEE_COMMANDS[kind] for kind in PRICE_KINDS]
        command: dict[str, object] = {"COMMAND": "CheckDomains", **fee_requests([to_ace(domain)], commands)}
        reply = ensure(await call(self._caller, command))
        name = to_ace(domain).lower()
        quoted = {command: fee for (fee_name, command), fee in fees(reply).items() if fee_name == name}
        # A registered premium name (a transfer) has no create fee: any premium fee row makes it premium.
        premium = [fee for fee in quoted.values() if fee[2].lower() not in STANDARD_CLASSES]
        if not premium:
            return None
        currency = next((fee[1] for fee in premium if fee[1]), "")
        prices: dict[str, Decimal] = {}
        for kind in kinds:
            fee = quoted.get(FEE_COMMANDS[kind])
            if fee is not None and fee[0] is not None and fee[1] == currency:
                prices[kind] = fee[0]
        return PremiumQuote(currency=currency, prices=prices)

    async def suggest(self, keyword: str, zones: Sequence[str], *, limit: int, first: int) -> SuggestionPage:
        if first > 0:
            return SuggestionPage(names=[], total=0)  # GetNameSuggestion has no pages: one answer
        command: dict[str, object] = {
            "COMMAND": "GetNameSuggestion",
            "NAME": keyword,
            "TYPE": "SUGGEST",
            "MAX-RESULTS": max(1, min(limit, MAX_SUGGESTIONS)),
            **{f"TLD{i}": zone for i, zone in enumerate(zones)},
        }
        reply = await try_call(self._caller, command)
        if not succeeded(reply):
            problem = upstream_problem(reply)
            if problem is not None:
                raise problem
            return SuggestionPage(names=[], total=0)
        names = [name.strip().lower() for name in reply.column("NAME")]
        return SuggestionPage(names=names, total=len(names))

    async def price_list(
        self, *, progress: Progress | None = None, previous: PricingData | None = None
    ) -> PricingData:
        return await price_list.fetch(self._caller, progress=progress, previous=previous)
