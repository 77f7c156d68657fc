"""QueryDomainList (v1/v2 columns, filters, orders) and the application/transfer lists it also serves."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sandbox.commands._domain import flag_set, next_action, prepaid, visible_status
from sandbox.context import CommandContext
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.listing import in_subtree, page_bounds, paged_reply
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, DATE_RE, INT_RE, Param, command
from sandbox.state import CONTACT_ROLES, Domain
from sandbox.world.dates import domain_name, fmt, parse_date, pattern_matcher, umlaut

_V2_COLUMNS = (
    "OBJECTID",
    "OBJECTCLASS",
    "DESCRIPTION",
    "STATUS",
    "TRANSFERLOCK",
    "EXPIRATIONDATE",
    "PAIDUNTILDATE",
    "FINALIZATIONDATE",
    "FAILUREDATE",
    "REGISTRATIONEXPIRATIONDATE",
    "ACCOUNTINGDATE",
    "CREATEDDATE",
    "UPDATEDDATE",
    "NAMESERVER",
    "INTERNALNAMESERVER",
    "RENEWALMODE",
    "RENEWALPERIOD",
    "NEXTACTION",
    "NEXTACTIONDATE",
    "REPOSITORY",
    "SUBCLASS",
    "USER",
    "PARENTUSER",
    "PEERUSER",
    "OWNERCONTACT",
    "ADMINCONTACT",
    "TECHCONTACT",
    "BILLINGCONTACT",
    "AUTH",
    "ROID",
    "PREPAIDPERIOD",
    "TRANSFERDATE",
    "X-ACCEPT-WHOISTRUSTEE-TAC",
    "ADDON-PROXY",
)


_V1_COLUMNS = (
    "DOMAIN",
    "DOMAINACCOUNTINGDATE",
    "DOMAINADMINCONTACT",
    "DOMAINAUTH",
    "DOMAINBILLINGCONTACT",
    "DOMAINCREATEDBY",
    "DOMAINCREATEDDATE",
    "DOMAINEXPIRATIONDATE",
    "DOMAINFAILUREDATE",
    "DOMAINFINALIZATIONDATE",
    "DOMAINNAMESERVER",
    "DOMAINNEXTACTION",
    "DOMAINNEXTACTIONDATE",
    "DOMAINOWNERCONTACT",
    "DOMAINPAIDUNTILDATE",
    "DOMAINREGISTRATIONEXPIRATIONDATE",
    "DOMAINRENEWALMODE",
    "DOMAINREPOSITORY",
    "DOMAINSTATUS",
    "DOMAINSUBCLASS",
    "DOMAINTECHCONTACT",
    "DOMAINTRANSFERLOCK",
    "DOMAINUMLAUT",
    "DOMAINUPDATEDDATE",
    "USER",
    "X-ACCEPT-WHOISTRUSTEE-TAC",
)


_ORDER_KEYS: dict[str, Callable[[Domain], Any]] = {
    "OBJECTID": lambda d: d.name,
    "DOMAIN": lambda d: d.name,
    "DESCRIPTION": lambda d: d.name,
    "CREATEDDATE": lambda d: d.created_at or datetime.min,
    "UPDATEDDATE": lambda d: d.updated_at or datetime.min,
    "EXPIRATIONDATE": lambda d: d.expiration_date or datetime.min,
    "DOMAINEXPIRATIONDATE": lambda d: d.expiration_date or datetime.min,
    "PAIDUNTILDATE": lambda d: d.paid_until_date or datetime.min,
    "ACCOUNTINGDATE": lambda d: d.accounting_date or datetime.min,
    "FINALIZATIONDATE": lambda d: d.finalization_date or datetime.min,
    "FAILUREDATE": lambda d: d.failure_date or datetime.min,
}


_DATE_FILTERS = {
    "CREATEDDATE": "created_at",
    "UPDATEDDATE": "updated_at",
    "EXPIRATIONDATE": "expiration_date",
    "PAIDUNTILDATE": "paid_until_date",
    "ACCOUNTINGDATE": "accounting_date",
    "FINALIZATIONDATE": "finalization_date",
    "FAILUREDATE": "failure_date",
    "REGISTRATIONEXPIRATIONDATE": "registration_expiration_date",
}


_ORDER_CHOICES = tuple(k for key in _ORDER_KEYS for k in (key, f"{key}DESC"))


def _v2_row(domain: Domain) -> dict[str, object]:
    action, action_date = next_action(domain)
    return {
        "OBJECTID": domain.name,
        "OBJECTCLASS": "DOMAIN",
        "DESCRIPTION": umlaut(domain.name),
        "STATUS": " ".join(visible_status(domain)),
        "TRANSFERLOCK": "" if domain.transfer_lock is None else ("1" if domain.transfer_lock else "0"),
        "EXPIRATIONDATE": fmt(domain.expiration_date),
        "PAIDUNTILDATE": fmt(domain.paid_until_date),
        "FINALIZATIONDATE": fmt(domain.finalization_date),
        "FAILUREDATE": fmt(domain.failure_date),
        "REGISTRATIONEXPIRATIONDATE": fmt(domain.registration_expiration_date),
        "ACCOUNTINGDATE": fmt(domain.accounting_date),
        "CREATEDDATE": fmt(domain.created_at),
        "UPDATEDDATE": fmt(domain.updated_at),
        "NAMESERVER": " ".join(domain.nameservers),
        "INTERNALNAMESERVER": "ns1.ispapi.net ns2.ispapi.net ns3.ispapi.net" if domain.internal_dns else "",
        "RENEWALMODE": domain.renewal_mode,
        "RENEWALPERIOD": "1Y",
        "NEXTACTION": action,
        "NEXTACTIONDATE": fmt(action_date),
        "REPOSITORY": domain.repository,
        "SUBCLASS": domain.premium_class or domain.tld_class,
        "USER": domain.owner,
        "PARENTUSER": "",
        "PEERUSER": "",
        "OWNERCONTACT": " ".join(domain.contacts.get("OWNERCONTACT", [])),
        "ADMINCONTACT": " ".join(domain.contacts.get("ADMINCONTACT", [])),
        "TECHCONTACT": " ".join(domain.contacts.get("TECHCONTACT", [])),
        "BILLINGCONTACT": " ".join(domain.contacts.get("BILLINGCONTACT", [])),
        "AUTH": domain.auth_code,
        "ROID": "",
        "PREPAIDPERIOD": prepaid(domain),
        "TRANSFERDATE": "",
        "X-ACCEPT-WHOISTRUSTEE-TAC": "1" if domain.whois_trustee else "0",
        "ADDON-PROXY": "WHOISTRUSTEE" if domain.whois_trustee else "0",
    }


def _v1_row(domain: Domain) -> dict[str, object]:
    row = _v2_row(domain)
    found: dict[str, object] = {
        "DOMAIN": domain.name,
        "DOMAINUMLAUT": row["DESCRIPTION"],
        "USER": domain.owner,
        "X-ACCEPT-WHOISTRUSTEE-TAC": row["X-ACCEPT-WHOISTRUSTEE-TAC"],
        "DOMAINCREATEDBY": domain.owner,
    }
    for column in _V1_COLUMNS:
        if column.startswith("DOMAIN") and column not in found:
            found[column] = row.get(column[len("DOMAIN") :], "")
    return found


def _application_row(app: Any) -> dict[str, object]:
    return {
        "OBJECTID": str(app.id),
        "OBJECTCLASS": "DOMAINAPPLICATION",
        "DESCRIPTION": app.domain,
        "STATUS": app.status,
        "CREATEDDATE": fmt(app.created_at),
        "UPDATEDDATE": fmt(app.created_at),
        "SUBCLASS": app.app_class,
        "USER": app.owner,
        "X-PRICE-CLASS": app.app_class,
    }


def _transfer_row(transfer: Any) -> dict[str, object]:
    return {
        "OBJECTID": transfer.domain,
        "OBJECTCLASS": "DOMAINTRANSFER",
        "DESCRIPTION": transfer.domain,
        "STATUS": transfer.status,
        "CREATEDDATE": fmt(transfer.created_at),
        "USER": transfer.requester,
        "NAMESERVER": " ".join(transfer.nameservers),
        "TRANSFER-DIRECTION": "IN",
    }


def _domain_filter(ctx: CommandContext) -> Callable[[Domain], bool]:
    """The filters of QUERYDOMAINLIST(_VERSION2).md as one predicate."""
    checks: list[Callable[[Domain], bool]] = []
    pattern = pattern_matcher(ctx.p("DOMAIN") or ctx.p("OBJECTID"))
    if pattern is not None:
        match = pattern.match
        checks.append(lambda d: match(d.name) is not None)
    explicit = {domain_name(n) for n in ctx.indexed("DOMAIN") if "*" not in n and n != ctx.p("DOMAIN")}
    if explicit:
        checks.append(lambda d: d.name in explicit)
    for key in ("DOMAINREGEX", "SUBCLASSREGEX", "STATUSREGEX", "DOMAINREGEXNOT"):
        if ctx.p(key):
            try:
                regex = re.compile(ctx.p(key), re.IGNORECASE)
            except re.error as exc:
                raise InvalidSyntax(f"Syntax error in Parameter {key}") from exc
            negate = key.endswith("NOT")
            field = {"SUBCLASSREGEX": "sub", "STATUSREGEX": "status"}.get(key, "name")
            checks.append(_regex_check(regex, field, negate))
    status = pattern_matcher(ctx.p("STATUS"))
    if status is not None:
        checks.append(lambda d: any(status.match(s.lower()) for s in visible_status(d)))
    if ctx.p("TRANSFERLOCK") in ("0", "1"):
        want = ctx.p("TRANSFERLOCK") == "1"
        checks.append(lambda d: bool(d.transfer_lock) == want)
    if ctx.p("RENEWALMODE"):
        mode = ctx.p("RENEWALMODE").upper()
        checks.append(lambda d: d.renewal_mode == mode)
    for role in CONTACT_ROLES:
        if ctx.p(role):
            handle_pattern = pattern_matcher(ctx.p(role))
            assert handle_pattern is not None
            checks.append(_contact_check(role, handle_pattern))
    for suffix, attr in _DATE_FILTERS.items():
        for bound in ("MIN", "MAX"):
            raw = ctx.p(f"{bound}{suffix}")
            if raw:
                limit = parse_date(raw)
                checks.append(_date_check(attr, limit, bound == "MIN"))
    if not checks:
        return lambda _: True
    return lambda d: all(check(d) for check in checks)


def _contact_check(role: str, pattern: re.Pattern[str]) -> Callable[[Domain], bool]:
    return lambda d: any(pattern.match(h.lower()) for h in d.contacts.get(role, []))


def _regex_check(regex: re.Pattern[str], field: str, negate: bool) -> Callable[[Domain], bool]:
    def check(d: Domain) -> bool:
        values = {"name": [d.name], "sub": [d.premium_class or d.tld_class], "status": visible_status(d)}[
            field
        ]
        hit = any(regex.search(v) for v in values)
        return not hit if negate else hit

    return check


def _date_check(attr: str, limit: datetime, minimum: bool) -> Callable[[Domain], bool]:
    def check(d: Domain) -> bool:
        value = getattr(d, attr)
        return value is not None and (value >= limit if minimum else value <= limit)

    return check


@command(
    "QueryDomainList",
    Param("VERSION", choices=("1", "2")),
    Param("WIDE", pattern=BOOL_RE),
    Param("NOTOTAL", pattern=BOOL_RE),
    Param("UNIQUE", pattern=BOOL_RE),
    Param("EXTENDED", pattern=BOOL_RE),
    Param("FIRST", pattern=INT_RE),
    Param("LIMIT", pattern=INT_RE),
    Param("ORDERBY", choices=_ORDER_CHOICES),
    Param("ORDER", choices=("ASC", "DESC")),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    Param("PROPERTIES"),
    Param("DOMAIN#"),
    Param("DESCRIPTION"),
    Param("DOMAINREGEX"),
    Param("DOMAINREGEXNOT"),
    Param("DOMAINSUBCLASS"),
    Param("OBJECTID"),
    Param("OBJECTCLASS", choices=("DOMAIN", "DOMAINAPPLICATION", "DOMAINTRANSFER")),
    Param("SUBCLASS"),
    Param("SUBCLASSREGEX"),
    Param("STATUS"),
    Param("STATUSREGEX"),
    Param("TRANSFERLOCK", pattern=BOOL_RE),
    Param("RENEWALMODE"),
    Param("REPOSITORY"),
    Param("USER"),
    Param("SUBUSER"),
    Param("NAMESERVER#"),
    Param("CONTACT"),
    *(Param(role) for role in CONTACT_ROLES),
    *(Param(f"{bound}{suffix}", pattern=DATE_RE) for suffix in _DATE_FILTERS for bound in ("MIN", "MAX")),
    allow_extensions=True,
)
def query_domain_list(ctx: CommandContext) -> Reply:
    first, limit = page_bounds(ctx, default_limit=1000 if ctx.p("VERSION") == "2" else 100)
    version2 = ctx.p("VERSION") == "2"
    wide = flag_set(ctx, "WIDE")
    object_class = (ctx.p("OBJECTCLASS") or "DOMAIN").upper()
    total = ctx.p("NOTOTAL") != "1"
    if object_class != "DOMAIN":
        if not version2:
            raise CommandError("OBJECTCLASS needs VERSION=2", code=506)
        return _other_objects(ctx, object_class, first=first, limit=limit, total=total)
    keep = _domain_filter(ctx)
    login = ctx.login
    if ctx.p("USERDEPTH").upper() in ("SUBUSER", "ALL"):
        matches = [d for d in ctx.world.domains.values() if in_subtree(ctx, d.owner) and keep(d)]
    else:
        matches = [d for d in ctx.world.domains.values() if d.owner == login and keep(d)]
    order = (ctx.p("ORDERBY") or "OBJECTID").upper()
    descending = order.endswith("DESC") or ctx.p("ORDER").upper() == "DESC"
    key = _ORDER_KEYS[order[:-4] if order.endswith("DESC") and order[:-4] in _ORDER_KEYS else order]
    matches.sort(key=key, reverse=descending)
    page = matches[first : first + limit]
    if version2:
        columns: tuple[str, ...] = _V2_COLUMNS if wide else ("OBJECTID", "OBJECTCLASS")
        rows = (
            [_v2_row(d) for d in page]
            if wide
            else [{"OBJECTID": d.name, "OBJECTCLASS": "DOMAIN"} for d in page]
        )
    else:
        columns = _V1_COLUMNS if wide else ("DOMAIN",)
        rows = [_v1_row(d) for d in page] if wide else [{"DOMAIN": d.name} for d in page]
    reply = paged_reply(rows, columns, first=0, limit=limit, total=False)
    reply.set("FIRST", first)
    reply.set("LAST", first + len(page) - 1 if page else max(first - 1, 0))
    if total:
        reply.set("TOTAL", len(matches))
    reply.set("LIMIT", limit)
    return reply


def _other_objects(ctx: CommandContext, object_class: str, *, first: int, limit: int, total: bool) -> Reply:
    pattern = pattern_matcher(ctx.p("DOMAIN"))
    rows: list[dict[str, object]]
    columns: tuple[str, ...]
    if object_class == "DOMAINAPPLICATION":
        subclass = ctx.p("SUBCLASSREGEX")
        regex = re.compile(subclass, re.IGNORECASE) if subclass else None
        rows = [
            _application_row(a)
            for a in ctx.world.applications.values()
            if in_subtree(ctx, a.owner)
            and (pattern is None or pattern.match(a.domain))
            and (regex is None or regex.search(a.app_class))
        ]
        columns = (
            "OBJECTID",
            "OBJECTCLASS",
            "DESCRIPTION",
            "STATUS",
            "CREATEDDATE",
            "UPDATEDDATE",
            "SUBCLASS",
            "USER",
            "X-PRICE-CLASS",
        )
    else:
        rows = [
            _transfer_row(t)
            for t in ctx.world.transfers.values()
            if in_subtree(ctx, t.requester) and (pattern is None or pattern.match(t.domain))
        ]
        columns = (
            "OBJECTID",
            "OBJECTCLASS",
            "DESCRIPTION",
            "STATUS",
            "CREATEDDATE",
            "USER",
            "NAMESERVER",
            "TRANSFER-DIRECTION",
        )
    order = (ctx.p("ORDERBY") or "OBJECTID").upper()
    field = "CREATEDDATE" if order.startswith("CREATEDDATE") else "OBJECTID"
    rows.sort(key=lambda r: str(r[field]), reverse=order.endswith("DESC"))
    return paged_reply(rows, columns, first=first, limit=limit, total=total)
