"""Shared pieces of the domain command families: names, periods, registry dates, paging, new domains.

Dates follow docs/module-behaviour.md §7.1 and the StatusDomain reference example: EXPIRATIONDATE is the
registry expiry, PAIDUNTILDATE the HEXONET renewal system's paid-until (it can run ahead of the registry
expiry for TLDs without explicit renewal), FINALIZATIONDATE = registry expiry + 1 day, ACCOUNTINGDATE =
paid-until - 5 days, FAILUREDATE = paid-until + 44 days for AUTORENEW/DEFAULT (so the module shows paid-until)
and the paid-until date itself for AUTOEXPIRE/AUTODELETE.
"""

from __future__ import annotations

import calendar
import fnmatch
import re
import secrets
import string
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import idna

from sandbox.errors import CommandError, InvalidSyntax
from sandbox.state import Domain

if TYPE_CHECKING:
    pass

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
FINALIZATION_DELAY = timedelta(days=1)
ACCOUNTING_LEAD = timedelta(days=5)
FAILURE_GRACE = timedelta(days=44)
_PERIOD = re.compile(r"^\s*([0-9]{1,2})\s*([YM]?)\s*$", re.IGNORECASE)
_AUTH_ALPHABET = string.ascii_letters + string.digits + "-_+*/"


def fmt(value: datetime | None) -> str:
    return value.strftime(DATE_FORMAT) if value is not None else ""


def parse_date(text: str) -> datetime:
    """`YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (UTC); 505 otherwise."""
    clean = text.strip().replace("T", " ")
    for pattern in (DATE_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(clean, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise InvalidSyntax(f"invalid date ({text})")


def domain_name(value: str) -> str:
    """Lower-case ACE form without a trailing dot; 505 for something that is no domain name."""
    name = value.strip().rstrip(".").lower()
    if not name.isascii():
        try:
            name = idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise InvalidSyntax(f"Syntax error in Parameter DOMAIN ({value})") from exc
    if "." not in name or not re.fullmatch(r"[a-z0-9.-]+", name) or ".." in name:
        raise InvalidSyntax(f"Syntax error in Parameter DOMAIN ({value})")
    return name


def umlaut(name: str) -> str:
    try:
        return idna.decode(name)
    except idna.IDNAError:
        return name


def period_months(text: str, *, default: str = "1Y") -> int:
    """PERIOD `1`, `1Y`, `12M`, `0Y` -> months; 505 for anything else."""
    match = _PERIOD.match(text or default)
    if match is None:
        raise InvalidSyntax(f"Syntax error in Parameter PERIOD ({text})")
    count, unit = int(match.group(1)), match.group(2).upper() or "Y"
    return count * 12 if unit == "Y" else count


def period_label(months: int) -> str:
    return f"{months // 12}Y" if months % 12 == 0 else f"{months}M"


def allowed_periods(periods: Iterable[object]) -> set[int]:
    """Catalogue period lists ("1Y", "2Y" or ints) -> months."""
    found: set[int] = set()
    for item in periods:
        text = str(item).strip()
        if text:
            try:
                found.add(period_months(text))
            except InvalidSyntax:
                continue
    return found


def check_period(months: int, periods: Iterable[object], *, what: str) -> None:
    allowed = allowed_periods(periods)
    if allowed and months not in allowed:
        labels = ",".join(period_label(m) for m in sorted(allowed))
        raise CommandError(f"{what} period {period_label(months)} not allowed ({labels})", code=541)


def add_months(value: datetime, months: int) -> datetime:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def refresh_dates(domain: Domain) -> None:
    """Derived dates from expiration/paid-until and the renewal mode (module docstring)."""
    if domain.expiration_date is None:
        return
    paid = domain.paid_until_date or domain.expiration_date
    domain.paid_until_date = paid
    domain.registration_expiration_date = domain.expiration_date
    domain.finalization_date = domain.expiration_date + FINALIZATION_DELAY
    domain.accounting_date = paid - ACCOUNTING_LEAD
    if domain.renewal_mode in ("AUTOEXPIRE", "AUTODELETE"):
        domain.failure_date = paid
    else:
        domain.failure_date = paid + FAILURE_GRACE


def random_auth(length: int = 16) -> str:
    return "".join(secrets.choice(_AUTH_ALPHABET) for _ in range(length))


def pattern_matcher(pattern: str) -> re.Pattern[str] | None:
    """ISPAPI list patterns: `*` wildcard, case-insensitive; '' matches everything (None)."""
    if not pattern:
        return None
    return re.compile(fnmatch.translate(pattern.lower()))
