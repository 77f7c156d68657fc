"""QueryDomainList: the caller's domains as columns, filtered and ordered, paged with FIRST/LIMIT and the
TOTAL/COUNT properties. WIDE=1 adds the columns a bulk sync needs (dates, renewal mode, status, lock);
TYPE=ALL adds auth code, name servers, status and owner contact."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from sandbox.cnr.commands._common import RENEWAL_GRACE, RENEWAL_MODES, paged, roid
from sandbox.cnr.table import BOOL, PAGING, command
from sandbox.context import CommandContext
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, Param
from sandbox.state import Domain
from sandbox.world.dates import fmt, pattern_matcher, umlaut

TYPES = ("DEFAULT", "SHOWRENEW", "SHOWSUSPENDED", "SHOWTRANSFERLOCK", "ALL")
ORDER_KEYS = (
    "DOMAIN", "DOMAINIDN", "DOMAINCREATEDDATE", "DOMAINREGISTRATIONEXPIRATIONDATE", "DOMAINRENEWALDATE",
    "DOMAINZONE", "ZONE", "RENEWALMODE", "TRANSFERMODE", "DOMAINUPDATEDDATE", "X-TRANSFERLOCK-UNTIL",
)  # fmt: skip
WIDE_COLUMNS = (
    "DOMAIN", "DOMAIN_IDN", "DOMAIN_ZONE", "DOMAIN_CREATED_DATE", "DOMAIN_CREATED_BY",
    "DOMAIN_REGISTRATION_EXPIRATION_DATE", "DOMAIN_RENEWAL_DATE", "DOMAIN_UPDATED_DATE", "DOMAIN_UPDATED_BY",
    "PAIDUNTIL_DATE", "RENEWALMODE", "TRANSFERMODE", "TRANSFERLOCK", "STATUS", "ROID", "X-TRANSFERLOCK-UNTIL",
)  # fmt: skip
ALL_COLUMNS = ("AUTH", "NAMESERVER", "CONTACT")
# ORDERBY key -> the row column it sorts on.
_ORDER_COLUMN = {
    "DOMAIN": "DOMAIN", "DOMAINIDN": "DOMAIN_IDN", "DOMAINCREATEDDATE": "DOMAIN_CREATED_DATE",
    "DOMAINREGISTRATIONEXPIRATIONDATE": "DOMAIN_REGISTRATION_EXPIRATION_DATE",
    "DOMAINRENEWALDATE": "DOMAIN_RENEWAL_DATE", "DOMAINZONE": "DOMAIN_ZONE", "ZONE": "DOMAIN_ZONE",
    "RENEWALMODE": "RENEWALMODE", "TRANSFERMODE": "TRANSFERMODE", "DOMAINUPDATEDDATE": "DOMAIN_UPDATED_DATE",
    "X-TRANSFERLOCK-UNTIL": "X-TRANSFERLOCK-UNTIL",
}  # fmt: skip


@command(
    "QueryDomainList",
    Param("DOMAIN"),
    Param("DOMAINIDN"),
    Param("ZONE"),
    Param("NAMESERVER"),
    Param("RENEWALMODE", choices=RENEWAL_MODES),
    Param("TYPE", choices=TYPES),
    Param("DAYS", pattern=INT_RE),
    Param("REGISTRAR"),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
    Param("DOMAINTAG#"),
    Param("ZONETAG#"),
    *PAGING[:3],
    Param("ORDERBY", choices=ORDER_KEYS),
    *PAGING[4:],
)
def query_domain_list(ctx: CommandContext) -> Reply:
    checks = _filters(ctx)
    domains = [d for d in ctx.world.domains.values() if d.owner == ctx.login and all(c(d) for c in checks)]
    kind = (ctx.p("TYPE") or "DEFAULT").upper()
    wide = bool(ctx.flag("WIDE")) or kind == "ALL"
    columns = (WIDE_COLUMNS + (ALL_COLUMNS if kind == "ALL" else ())) if wide else ("DOMAIN",)
    rows = [_row(domain) for domain in domains]
    key = _ORDER_COLUMN[(ctx.p("ORDERBY") or "DOMAIN").upper()]
    rows.sort(key=lambda row: (str(row[key]), str(row["DOMAIN"])), reverse=ctx.p("ORDER").upper() == "DESC")
    return paged(ctx, rows, columns)


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


def _row(domain: Domain) -> dict[str, object]:
    renewal = domain.expiration_date + RENEWAL_GRACE if domain.expiration_date else None
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
