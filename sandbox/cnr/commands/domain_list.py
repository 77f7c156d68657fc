"""QueryDomainList: the caller's domains as columns, filtered and ordered, paged with FIRST/LIMIT and the
TOTAL/COUNT properties. WIDE=1 adds the columns a bulk sync needs (dates, renewal mode, status, lock);
TYPE=ALL adds auth code, name servers, status and owner contact."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from sandbox.catalogue import Catalogue
from sandbox.cnr.commands._common import RENEWAL_MODES, page_bounds, page_reply, renewal_date, roid
from sandbox.cnr.table import BOOL, PAGING, command
from sandbox.context import CommandContext
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.state import Domain
from sandbox.world.dates import fmt, pattern_matcher, umlaut

TYPES = ("DEFAULT", "SHOWRENEW", "SHOWSUSPENDED", "SHOWTRANSFERLOCK", "ALL")
WIDE_COLUMNS = (
    "DOMAIN", "DOMAIN_IDN", "DOMAIN_ZONE", "DOMAIN_CREATED_DATE", "DOMAIN_CREATED_BY",
    "DOMAIN_REGISTRATION_EXPIRATION_DATE", "DOMAIN_RENEWAL_DATE", "DOMAIN_UPDATED_DATE", "DOMAIN_UPDATED_BY",
    "PAIDUNTIL_DATE", "RENEWALMODE", "TRANSFERMODE", "TRANSFERLOCK", "STATUS", "ROID", "X-TRANSFERLOCK-UNTIL",
)  # fmt: skip
ALL_COLUMNS = ("AUTH", "NAMESERVER", "CONTACT")
# ORDERBY key -> the domain value it sorts on (dates as text sort in time order).
_ORDER_VALUE: dict[str, Callable[[Domain], str]] = {
    "DOMAIN": lambda d: d.name,
    "DOMAINIDN": lambda d: umlaut(d.name),
    "DOMAINCREATEDDATE": lambda d: fmt(d.created_at),
    "DOMAINREGISTRATIONEXPIRATIONDATE": lambda d: fmt(d.expiration_date),
    "DOMAINRENEWALDATE": lambda d: fmt(d.expiration_date),
    "DOMAINZONE": lambda d: d.name.split(".", 1)[1],
    "ZONE": lambda d: d.name.split(".", 1)[1],
    "RENEWALMODE": lambda d: d.renewal_mode,
    "TRANSFERMODE": lambda _domain: "DEFAULT",
    "DOMAINUPDATEDDATE": lambda d: fmt(d.updated_at),
    "X-TRANSFERLOCK-UNTIL": lambda d: fmt(d.trade_transfer_lock_until),
}


@command(
    "QueryDomainList",
    Param("DOMAIN"),
    Param("DOMAINIDN"),
    Param("ZONE"),
    Param("NAMESERVER"),
    Param("RENEWALMODE", choices=RENEWAL_MODES),
    Param("TYPE", choices=TYPES),
    Param("DAYS", pattern=r"[0-9]{1,4}"),  # up to 9999 days ahead (SHOWRENEW)
    Param("REGISTRAR"),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
    Param("DOMAINTAG#"),
    Param("ZONETAG#"),
    *PAGING[:3],
    Param("ORDERBY", choices=tuple(_ORDER_VALUE)),
    *PAGING[4:],
)
def query_domain_list(ctx: CommandContext) -> Reply:
    checks = _filters(ctx)
    domains = [d for d in ctx.world.domains.values() if d.owner == ctx.login and all(c(d) for c in checks)]
    kind = (ctx.p("TYPE") or "DEFAULT").upper()
    wide = bool(ctx.flag("WIDE")) or kind == "ALL"
    columns = (WIDE_COLUMNS + (ALL_COLUMNS if kind == "ALL" else ())) if wide else ("DOMAIN",)
    order = _ORDER_VALUE[(ctx.p("ORDERBY") or "DOMAIN").upper()]
    domains.sort(key=lambda d: (order(d), d.name), reverse=ctx.p("ORDER").upper() == "DESC")
    first, limit = page_bounds(ctx)
    # Rows are built for the page only: a list over 100,000 domains costs a sort, not 100,000 rows.
    rows = [_row(domain, ctx.catalogue) for domain in domains[first : first + limit]]
    return page_reply(rows, columns, first=first, limit=limit, total=len(domains))


def _zone(domain: Domain) -> str:
    return domain.name.split(".", 1)[1]


# Pattern parameters (`*` wildcards) and the domain value each one matches.
_MATCHED: tuple[tuple[str, Callable[[Domain], str]], ...] = (
    ("DOMAIN", lambda d: d.name),
    ("DOMAINIDN", lambda d: umlaut(d.name)),
    ("ZONE", _zone),
    ("RENEWALMODE", lambda d: d.renewal_mode),
)


def _matching(matcher: re.Pattern[str], value_of: Callable[[Domain], str]) -> Callable[[Domain], bool]:
    return lambda domain: matcher.fullmatch(value_of(domain).lower()) is not None


def _filters(ctx: CommandContext) -> list[Callable[[Domain], bool]]:
    checks: list[Callable[[Domain], bool]] = []
    for param, value_of in _MATCHED:
        matcher = pattern_matcher(ctx.p(param))
        if matcher is not None:
            checks.append(_matching(matcher, value_of))
    nameserver = pattern_matcher(ctx.p("NAMESERVER"))
    if nameserver is not None:
        checks.append(lambda d: any(nameserver.fullmatch(ns) for ns in d.nameservers))
    kind = (ctx.p("TYPE") or "DEFAULT").upper()
    if kind == "SHOWSUSPENDED":
        checks.append(lambda d: d.suspended)
    elif kind == "SHOWTRANSFERLOCK":
        checks.append(lambda d: bool(d.transfer_lock))
    elif kind == "SHOWRENEW":
        horizon = ctx.now + _days(ctx)
        checks.append(lambda d: d.expiration_date is not None and d.expiration_date <= horizon)
    return checks


def _days(ctx: CommandContext) -> timedelta:
    return timedelta(days=int(ctx.p("DAYS") or 30))


def _row(domain: Domain, catalogue: Catalogue) -> dict[str, object]:
    renewal = renewal_date(domain, catalogue)
    return {
        "DOMAIN": domain.name, "DOMAIN_IDN": umlaut(domain.name), "DOMAIN_ZONE": domain.name.split(".", 1)[1],
        "DOMAIN_CREATED_DATE": fmt(domain.created_at), "DOMAIN_CREATED_BY": domain.owner,
        "DOMAIN_REGISTRATION_EXPIRATION_DATE": fmt(domain.expiration_date),
        "DOMAIN_RENEWAL_DATE": fmt(renewal),
        "DOMAIN_UPDATED_DATE": fmt(domain.updated_at), "DOMAIN_UPDATED_BY": domain.owner,
        "PAIDUNTIL_DATE": fmt(domain.paid_until_date), "RENEWALMODE": domain.renewal_mode,
        "TRANSFERMODE": "DEFAULT", "TRANSFERLOCK": bool(domain.transfer_lock),
        "STATUS": ",".join(domain.status),
        "ROID": roid(domain), "X-TRANSFERLOCK-UNTIL": fmt(domain.trade_transfer_lock_until),
        "AUTH": domain.auth_code, "NAMESERVER": ",".join(domain.nameservers),
        "CONTACT": ",".join(domain.contacts.get("OWNERCONTACT", [])),
    }  # fmt: skip
