"""Shared pieces of the domain command families: names, periods, registry dates, paging, new domains.

Dates follow ref-module §7.1 and the StatusDomain reference example: EXPIRATIONDATE is the registry expiry,
PAIDUNTILDATE the HEXONET renewal system's paid-until (it can run ahead of the registry expiry for TLDs
without explicit renewal), FINALIZATIONDATE = registry expiry + 1 day, ACCOUNTINGDATE = paid-until - 5
days, FAILUREDATE = paid-until + 44 days for AUTORENEW/DEFAULT (so the module shows paid-until) and the
paid-until date itself for AUTOEXPIRE/AUTODELETE.
"""

from __future__ import annotations

import calendar
import fnmatch
import re
import secrets
import string
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import idna

from sandbox.errors import CommandError, InvalidSyntax
from sandbox.protocol import Reply
from sandbox.state import Domain

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo
    from sandbox.context import CommandContext

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
FINALIZATION_DELAY = timedelta(days=1)
ACCOUNTING_LEAD = timedelta(days=5)
FAILURE_GRACE = timedelta(days=44)
_PERIOD = re.compile(r"^\s*([0-9]{1,2})\s*([YM]?)\s*$", re.IGNORECASE)
_AUTH_ALPHABET = string.ascii_letters + string.digits + "-_+*/"
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000


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


def tld_info(ctx: CommandContext, name: str) -> TldInfo:
    """The catalogue entry for `name`; 549 when the sandbox does not offer that TLD (protocol §3)."""
    info = ctx.catalogue.for_domain(name)
    if info is None:
        raise CommandError(f"TLD of {name} is not supported", code=549)
    return info


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


def page_bounds(ctx: CommandContext, *, default_limit: int = DEFAULT_LIMIT) -> tuple[int, int]:
    first = int(ctx.p("FIRST") or 0)
    limit = int(ctx.p("LIMIT") or default_limit)
    if first < 0 or limit < 0:
        raise InvalidSyntax("FIRST and LIMIT must not be negative")
    return first, min(limit, MAX_LIMIT)


def paged_reply(
    rows: Sequence[Mapping[str, object]],
    columns: Sequence[str],
    *,
    first: int,
    limit: int,
    total: bool = True,
) -> Reply:
    """The list reply of protocol §2.6: FIRST, LAST, COUNT, TOTAL, LIMIT plus one column per field."""
    page = rows[first : first + limit]
    reply = Reply.ok()
    reply.add_rows(page, columns)
    reply.set("FIRST", first)
    reply.set("LAST", first + len(page) - 1 if page else max(first - 1, 0))
    reply.set("COUNT", len(page))
    if total:
        reply.set("TOTAL", len(rows))
    reply.set("LIMIT", limit)
    return reply


def in_subtree(ctx: CommandContext, owner: str) -> bool:
    """USERDEPTH: SELF (default) the caller only; SUBUSER/ALL also its subusers."""
    if owner == ctx.login:
        return True
    depth = ctx.p("USERDEPTH").upper()
    if depth not in ("SUBUSER", "ALL"):
        return False
    account = ctx.world.accounts.get(owner)
    return account is not None and account.parent == ctx.login
