"""The ISPAPI price list (docs/module-behaviour.md §8.1, §8.3): the registry calls of a pricing refresh and
the PricingData of the port (app/registry/catalogue.py) they produce.

    StatusUser                      relations -> price tables, ACCOUNTCURRENCY
    QueryExchangeRates (all pages)  EUR-based rates; the newest DATE per currency wins
    ConvertIDN (one call)           Unicode names of the XN-- classes
    QueryDomainOptions              chunks of CHUNK TLDs, sent concurrently: periods, restorable days,
                                    auth-code requirement, WHOIS privacy, repository

1,200 TLDs cost 3 + ceil(1200 / CHUNK) = 8 calls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

import idna

from app.backends.ispapi import price_classes as classes, price_relations as relations
from app.backends.replies import code_and_description, ensure, succeeded, try_call
from app.exchange import ExchangeError
from app.ispapi import Response
from app.numbers import is_whole_number
from app.registry import RegistryCaller
from app.registry.catalogue import ClassPrices, PricingData, Progress, TldRecord
from app.registry.price_maths import parse_periods

log = logging.getLogger(__name__)

CHUNK = 250  # QueryDomainOptions names per call (5.1.12 used 200)
CONCURRENT_CHUNKS = 4
RATES_PAGE = 1000
_RATES_FAILED = (
    "Could not load currency exchange rates. Ensure to whitelist command `QueryExchangeRates` in case you "
    "use a restrictive role user. ({reply})"
)
_OPTIONS_FAILED = "Could not load TLD configuration data. Try again later. ({reply})"
_USER_FAILED = "Could not get user status from registrar API. ({reply})"


class _Counter:
    def __init__(self, client: RegistryCaller) -> None:
        self.client = client
        self.calls = 0

    async def call(self, command: Mapping[str, object]) -> Response | ExchangeError:
        self.calls += 1
        return await try_call(self.client, command)


async def _rates(counter: _Counter) -> dict[str, str]:
    found: dict[str, tuple[str, Decimal]] = {}
    first = 0
    while True:
        reply = await counter.call({"COMMAND": "QueryExchangeRates", "FIRST": first, "LIMIT": RATES_PAGE})
        reply = ensure(reply, message=lambda r: _RATES_FAILED.format(reply=code_and_description(r)))
        rows = [r for r in reply.records if r.get("CURRENCYTO", "").strip()]
        for row in rows:
            if row.get("CURRENCYFROM", "EUR").strip().upper() not in ("EUR", ""):
                continue
            try:
                rate = Decimal(row.get("RATE", "").strip())
            except InvalidOperation:
                continue
            if not rate.is_finite() or rate <= 0:
                continue
            target, date = row["CURRENCYTO"].strip().upper(), row.get("DATE", "")
            if target not in found or date >= found[target][0]:
                found[target] = (date, rate)
        first += RATES_PAGE
        if len(rows) < RATES_PAGE or first >= reply.total:
            break
    rates = {currency: str(rate) for currency, (_, rate) in found.items()}
    rates["EUR"] = "1"
    return rates


async def _idn_names(counter: _Counter, idn_classes: list[str]) -> dict[str, str]:
    """XN-- class -> Unicode TLD; the registry converts (registry-aware), local UTS46 as a fallback."""
    if not idn_classes:
        return {}
    command: dict[str, object] = {"COMMAND": "ConvertIDN"}
    command.update({f"DOMAIN{i}": cls.lower() for i, cls in enumerate(idn_classes)})
    reply = await counter.call(command)
    converted = reply.column("IDN") if succeeded(reply) else []
    names = {}
    for i, cls in enumerate(idn_classes):
        if i < len(converted) and converted[i].strip():
            names[cls] = converted[i].strip().lower()
            continue
        try:
            names[cls] = idna.decode(cls.lower())
        except (idna.IDNAError, UnicodeError):
            names[cls] = cls.lower()
    return names


async def _options(counter: _Counter, zones: list[str], progress: Callable[[], None]) -> list[dict[str, str]]:
    """QueryDomainOptions row per zone (same order); any failed chunk fails the refresh
    (docs/module-behaviour.md §8.3)."""
    chunks = [zones[i : i + CHUNK] for i in range(0, len(zones), CHUNK)]
    semaphore = asyncio.Semaphore(CONCURRENT_CHUNKS)

    async def one(chunk: list[str]) -> list[dict[str, str]]:
        command: dict[str, object] = {"COMMAND": "QueryDomainOptions"}
        command.update({f"DOMAIN{i}": f"example.{zone}" for i, zone in enumerate(chunk)})
        async with semaphore:
            reply = await counter.call(command)
        reply = ensure(reply, message=lambda r: _OPTIONS_FAILED.format(reply=code_and_description(r)))
        progress()
        rows = reply.records
        return [rows[i] if i < len(rows) else {} for i in range(len(chunk))]

    results = await asyncio.gather(*(one(chunk) for chunk in chunks))
    return [row for rows in results for row in rows]


def _record(cls: str, extension: str, prices: ClassPrices, row: Mapping[str, str]) -> TldRecord | str:
    """The TldRecord, or why the TLD is skipped."""
    if not row.get("REPOSITORY", "").strip():
        return "no TLD configuration from QueryDomainOptions"
    years = parse_periods(row.get("ZONEREGISTRATIONPERIODS", ""))
    if not years:
        return "no registration periods"
    renew = parse_periods(row.get("ZONERENEWALPERIODS", ""))
    transfer = parse_periods(row.get("ZONETRANSFERPERIODS", ""))
    restorable = row.get("ZONEDELETIONRESTORABLEPERIOD", "").strip()
    proxy = row.get("X-PROXY", "").upper().replace(",", " ").split()
    return TldRecord(
        extension=extension,
        cls=cls,
        years=years,
        renew_period=renew[0] if renew else years[0],
        transfer_period=transfer[0] if transfer else 0,
        redemption_days=int(restorable) if is_whole_number(restorable) else None,
        # docs/module-behaviour.md §13.11: 5.1.12 compared a database value with `=== 1`; this is the
        # registry's boolean.
        epp_required=row.get("REGISTRYTRANSFERREQUIREAUTHCODE", "").strip().upper() == "YES",
        id_protection=any("WHOISTRUSTEE" in token for token in proxy),
        prices=prices.to_json(),
    )


async def fetch(client: RegistryCaller, *, progress: Progress | None = None) -> PricingData:
    counter = _Counter(client)
    user = await counter.call({"COMMAND": "StatusUser"})
    user = ensure(user, message=lambda r: _USER_FAILED.format(reply=code_and_description(r)))
    account_currency = user.first("ACCOUNTCURRENCY").strip().upper() or "EUR"
    pairs = list(zip(user.column("RELATIONTYPE"), user.column("RELATIONVALUE"), strict=False))
    tables = relations.parse(pairs)
    names = sorted(tables)
    idn_classes = [cls for cls in names if classes.is_idn_class(cls)]
    steps = 2 + (1 if idn_classes else 0) + -(-len(names) // CHUNK)
    done = [1]

    def step() -> None:
        done[0] += 1
        if progress is not None:
            progress(min(done[0], steps), steps)

    if progress is not None:
        progress(1, steps)
    rates = await _rates(counter)
    step()
    unicode_names = await _idn_names(counter, idn_classes)
    if idn_classes:
        step()
    zones = [classes.ace_zone(cls) for cls in names]
    rows = await _options(counter, zones, step)
    tlds: list[TldRecord] = []
    skipped: list[tuple[str, str]] = []
    for cls, zone, row in zip(names, zones, rows, strict=True):
        prices = tables[cls]
        if not prices.currency:
            # docs/module-behaviour.md §8.2: no CURRENCY relation -> the account currency
            prices.currency = account_currency
        extension = "." + unicode_names.get(cls, zone)
        record = _record(cls, extension, prices, row)
        if isinstance(record, str):
            skipped.append((extension, record))
            log.info("TLD pricing: %s skipped: %s", extension, record)
        else:
            tlds.append(record)
    return PricingData(
        account_currency=account_currency,
        rates=rates,
        tlds=tlds,
        skipped=skipped,
        calls=counter.calls,
        premium=relations.premium_prices(pairs),
    )
