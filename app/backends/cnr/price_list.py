"""The CNR price list (docs/cnr-protocol.md "Catalogue"): the registry calls of a pricing refresh and the
PricingData of the port (app/registry/catalogue.py) they produce.

    QueryZoneList (pages of PAGE)      one row per zone: SETUP/ANNUAL/TRANSFER/RESTORE per year, CURRENCY,
                                       ACTIVE (the zone's terms accepted)
    QueryExchangeRates (pages)         EUR-based rates; the newest DATE per currency wins
    StatusAccount                      the account currency
    GetZoneInfo per priced zone        periods, renewal periods, restore days, auth code, WHOIS privacy,
                                       autorenew grace days; CONCURRENT_ZONES at a time

The first three go out together, the zone rules concurrently after them, so a first load of 1,500 zones
costs 3 + 1,500 calls in about 1 + 1,500 / CONCURRENT_ZONES round trips (the bound keeps the account clear
of CNR's rate lock, code 422). Zone rules change rarely: a later load reuses those of the previous list
while they are younger than RULES_DAYS and asks GetZoneInfo only for zones new since then, so the daily
refresh is 3 calls and the rules are read in full once a week. One load is complete: a zone whose rules
the registry refuses is left out with its reason (never a half-priced zone, never a second run needed); an
unreachable registry fails the refresh and the cache keeps its previous list.

Grace and redemption: a renewal within the autorenew grace period costs the plain renewal price (grace fee
0.00 for the grace days the zone has); a restore costs the zone's RESTORE fee for its restore days.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

import idna

from app.backends.replies import code_and_description, ensure, succeeded, try_call, upstream_problem
from app.exchange import ExchangeError
from app.ispapi import Response
from app.numbers import is_whole_number, to_decimal
from app.registry import RegistryCaller
from app.registry.catalogue import BLOCKED, ClassPrices, PricingData, Progress, Table, TldRecord
from app.registry.price_maths import parse_periods

PAGE = 1000
CONCURRENT_ZONES = 8
RULES_DAYS = 7
_ZONES_FAILED = "Could not load the zone prices (QueryZoneList). Try again later. ({reply})"
_RATES_FAILED = (
    "Could not load currency exchange rates. Ensure to whitelist command `QueryExchangeRates` in case you "
    "use a restrictive role user. ({reply})"
)
_ACCOUNT_FAILED = "Could not get the account status from the registrar API. ({reply})"
_PAGING = ("FIRST", "LAST", "COUNT", "LIMIT", "TOTAL")
_TRUE = ("1", "true", "yes")
# QueryZoneList column -> ClassPrices table: a per-year price ("" = the action is not offered)
_TABLES = (("SETUP", "setup"), ("ANNUAL", "annual"), ("TRANSFER", "transfer"))


class _Counter:
    def __init__(self, caller: RegistryCaller) -> None:
        self.caller = caller
        self.calls = 0

    async def call(self, command: Mapping[str, object]) -> Response | ExchangeError:
        self.calls += 1
        return await try_call(self.caller, command)


async def _pages(counter: _Counter, command: str, failed: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    while True:
        reply = await counter.call({"COMMAND": command, "FIRST": len(rows), "LIMIT": PAGE})
        reply = ensure(reply, message=lambda r: failed.format(reply=code_and_description(r)))
        page = reply.records
        rows += [row for row in page if any(v.strip() for k, v in row.items() if k not in _PAGING)]
        if len(page) < PAGE or len(rows) >= reply.total:
            return rows


def _decimal(raw: str) -> Decimal | None:
    value = to_decimal(raw)
    return value if value is not None and value >= 0 else None


def rate_table(rows: list[dict[str, str]]) -> dict[str, str]:
    """EUR-based rates (currency -> rate as text), the newest DATE per currency."""
    found: dict[str, tuple[str, Decimal]] = {}
    for row in rows:
        source = (row.get("CURRENCY_FROM") or row.get("CURRENCYFROM") or "EUR").strip().upper()
        target = (row.get("CURRENCY_TO") or row.get("CURRENCYTO") or "").strip().upper()
        rate, date = _decimal(row.get("RATE", "")), row.get("DATE", "")
        if source != "EUR" or not target or rate is None or rate == 0:
            continue
        if target not in found or date >= found[target][0]:
            found[target] = (date, rate)
    rates = {currency: str(rate) for currency, (_, rate) in found.items()}
    rates["EUR"] = "1"
    return rates


def zone_prices(row: Mapping[str, str], account_currency: str) -> ClassPrices:
    """A QueryZoneList row as price tables (per-year defaults) in the zone's currency."""
    zone = row.get("ZONE", "").strip().upper()
    prices = ClassPrices(cls=zone, currency=row.get("CURRENCY", "").strip().upper() or account_currency)
    for column, table in _TABLES:
        value = _decimal(row.get(column, ""))
        target: Table = getattr(prices, table)
        target[None] = BLOCKED if value is None else value
    restore = _decimal(row.get("RESTORE", ""))
    if restore is not None:
        prices.restore[None] = restore
    return prices


def extension(zone: str) -> str:
    """ ".com", ".co.uk", and the Unicode form of an IDN zone (".рф")."""
    try:
        return "." + idna.decode(zone)
    except (idna.IDNAError, UnicodeError):
        return "." + zone


def _flag(info: Mapping[str, str], name: str) -> bool:
    return info.get(name, "").strip().lower() in _TRUE


def _days(info: Mapping[str, str], name: str) -> int | None:
    raw = info.get(name, "").strip()
    return int(raw) if is_whole_number(raw) and int(raw) > 0 else None


def record(zone: str, prices: ClassPrices, info: Mapping[str, str]) -> TldRecord | str:
    """The TldRecord of a zone from its prices and GetZoneInfo, or why it is left out."""
    years = parse_periods(info.get("PERIODS", ""))
    if not years:
        return "no registration periods"
    renew = parse_periods(info.get("DOMAIN_RENEWAL", ""))
    grace_days = _days(info, "AUTORENEW_GRACE_PERIOD")
    return TldRecord(
        extension=extension(zone),
        cls=prices.cls,
        years=years,
        renew_period=renew[0] if renew else years[0],
        # A zone whose transfer does not add a year (RENEW_AFTER_TRANSFER 0) transfers without a term.
        transfer_period=1 if _flag(info, "RENEW_AFTER_TRANSFER") else 0,
        redemption_days=_days(info, "RESTORE_DAYS_POSSIBLE") if prices.restore else None,
        epp_required=_flag(info, "AUTHCODE_REQUIRED"),
        id_protection=_flag(info, "WHOIS_PRIVACY"),
        prices=prices.to_json(),
        grace_days=grace_days,
        grace_fee="0.00" if grace_days is not None else None,
    )


def _priced(row: Mapping[str, str]) -> str | None:
    """Why a QueryZoneList row is no zone to sell, or None."""
    if row.get("ACTIVE", "1").strip() == "0":
        return "zone not active in the account"
    if _decimal(row.get("ANNUAL", "")) is None or _decimal(row.get("SETUP", "")) is None:
        return "no registration price"
    return None


async def _zone_infos(counter: _Counter, zones: list[str], progress: Progress | None) -> list[Response | str]:
    """GetZoneInfo per zone (same order): the reply, or why the zone is left out."""
    semaphore = asyncio.Semaphore(CONCURRENT_ZONES)
    done = [0]

    async def one(zone: str) -> Response | str:
        async with semaphore:
            reply = await counter.call({"COMMAND": "GetZoneInfo", "ZONE": zone})
        done[0] += 1
        if progress is not None:
            progress(1 + done[0], 1 + len(zones))
        if succeeded(reply):
            return reply
        problem = upstream_problem(reply)
        if problem is not None:
            raise problem
        return f"no zone rules from GetZoneInfo ({code_and_description(reply)})"

    return await asyncio.gather(*(one(zone) for zone in zones))


def known_rules(previous: PricingData | None, today: date) -> dict[str, TldRecord]:
    """The zones of the previous list whose rules may be reused (by price class), {} when too old."""
    if previous is None or previous.rules_read is None:
        return {}
    try:
        read = date.fromisoformat(previous.rules_read)
    except ValueError:
        return {}
    return {} if (today - read).days >= RULES_DAYS else {record.cls: record for record in previous.tlds}


def _with_prices(known: TldRecord, prices: ClassPrices) -> TldRecord:
    """A zone's earlier rules with today's prices."""
    restorable = known.redemption_days if prices.restore else None
    return dataclasses.replace(known, prices=prices.to_json(), redemption_days=restorable)


async def fetch(
    caller: RegistryCaller, *, progress: Progress | None = None, previous: PricingData | None = None
) -> PricingData:
    counter = _Counter(caller)
    zone_rows, rate_rows, account = await asyncio.gather(
        _pages(counter, "QueryZoneList", _ZONES_FAILED),
        _pages(counter, "QueryExchangeRates", _RATES_FAILED),
        counter.call({"COMMAND": "StatusAccount"}),
    )
    account = ensure(account, message=lambda r: _ACCOUNT_FAILED.format(reply=code_and_description(r)))
    account_currency = account.first("CURRENCY").strip().upper() or "USD"
    skipped: list[tuple[str, str]] = []
    wanted: list[tuple[str, ClassPrices]] = []
    for row in zone_rows:
        zone = row.get("ZONE", "").strip().lower().lstrip(".")
        reason = _priced(row)
        if reason is not None:
            skipped.append((extension(zone), reason))
        elif zone:
            wanted.append((zone, zone_prices(row, account_currency)))
    today = datetime.now(UTC).date()
    known = known_rules(previous, today)
    unknown = [(zone, prices) for zone, prices in wanted if prices.cls not in known]
    if progress is not None:
        progress(1, 1 + len(unknown))
    zones = [zone for zone, _ in unknown]
    infos = dict(zip(zones, await _zone_infos(counter, zones, progress), strict=True))
    tlds: list[TldRecord] = []
    for zone, prices in wanted:
        if prices.cls in known:
            tlds.append(_with_prices(known[prices.cls], prices))
            continue
        info = infos[zone]
        rules = info if isinstance(info, str) else (info.records[0] if info.records else {})
        found = rules if isinstance(rules, str) else record(zone, prices, rules)
        if isinstance(found, str):
            skipped.append((extension(zone), found))
        else:
            tlds.append(found)
    return PricingData(
        account_currency=account_currency,
        rates=rate_table(rate_rows),
        tlds=tlds,
        skipped=skipped,
        calls=counter.calls,
        premium={},  # CNR quotes premium fees in its check replies; nothing to keep per class
        # the oldest rules in use: today's after a full read, else those of the list reused
        rules_read=today.isoformat() if not known or previous is None else previous.rules_read,
    )
