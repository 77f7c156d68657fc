"""Domain applications: AddDomainApplication (.swiss GOLIVE, premium purchases with a confirmed PRICE,
backorders), StatusDomainApplication, QueryDomainApplicationList (docs/ispapi-wire.md §4.3,
docs/module-behaviour.md §7.4).

An application moves REQUESTED -> ACTIVE -> SUCCESSFUL (the domain is created in the applicant's account)
or FAILED, by the sandbox clock (`decide_application` from the lifecycle) or a control call.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sandbox.commands._shared import CONTACTS, NAMESERVERS, resolve_contacts
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.listing import in_subtree, page_bounds, paged_reply
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, INT_RE, PAGING, PERIOD_RE, Param, command
from sandbox.state import CONTACT_ROLES, Application
from sandbox.world.applications import DECIDE_AFTER, owned_application
from sandbox.world.dates import check_period, domain_name, fmt, pattern_matcher, period_label, period_months

if TYPE_CHECKING:
    pass

BACKORDER_SUFFIX = "BACKORDER"


def _kind(ctx: CommandContext, name: str, app_class: str) -> tuple[str, Decimal | None, str]:
    """(kind, price, currency) for the requested CLASS; 541 for a class the name does not have."""
    info = tld_info(ctx, name)
    upper = app_class.upper()
    if upper == "GOLIVE":
        if not info.application_only:
            raise CommandError(f"CLASS {app_class} is not open for .{info.name}", code=541)
        if name in ctx.world.domains:
            raise CommandError(name, code=554)
        amount, currency = table_price(ctx, info, "register", 1)
        return "GOLIVE", amount, currency
    if upper == BACKORDER_SUFFIX or upper.endswith(f"_{BACKORDER_SUFFIX}"):
        amount, currency = table_price(ctx, info, "register", 1)
        return "BACKORDER", amount, currency
    premium = ctx.catalogue.premium(name)
    if premium is None or premium.premium_class.upper() != upper:
        raise CommandError(f"CLASS {app_class} does not apply to {name}", code=541)
    if name in ctx.world.domains:
        raise CommandError(name, code=554)
    # The buyer confirms the premium price: PRICE/CURRENCY must be the catalogue's (PHP11 premium hint).
    if not ctx.p("PRICE"):
        raise CommandError("PRICE", code=504)
    try:
        offered = Decimal(ctx.p("PRICE"))
    except InvalidOperation as exc:
        raise InvalidSyntax(f"Syntax error in Parameter PRICE ({ctx.p('PRICE')})") from exc
    currency = ctx.p("CURRENCY") or premium.currency
    if offered != premium.register_price or currency.upper() != premium.currency.upper():
        raise CommandError(
            f"price mismatch: {premium.register_price:.2f} {premium.currency} expected", code=541
        )
    return "PREMIUM", premium.register_price, premium.currency


@command(
    "AddDomainApplication",
    Param("CLASS", required=True),
    Param("DOMAIN", required=True),
    Param("PERIOD", required=True, pattern=PERIOD_RE),
    Param("PRICE"),
    Param("CURRENCY", pattern=r"[A-Za-z]{3}"),
    Param("AUTH"),
    Param("EOI"),
    Param("INCOMPLETE", pattern=BOOL_RE),
    Param("LAUNCH-MARK-CODE"),
    Param("TRANSFERLOCK", pattern=BOOL_RE),
    Param("NEW", pattern=BOOL_RE),
    Param("NOTICE-POA-ACCEPT-HASH"),
    Param("ORDER"),
    Param("ORDERID"),
    Param("OFFER"),
    Param("SMD#"),
    *CONTACTS,
    *NAMESERVERS,
    allow_extensions=True,
    money=True,
)
def add_domain_application(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    info = tld_info(ctx, name)
    months = period_months(ctx.require("PERIOD"))
    check_period(months, info.registration_periods, what="registration")
    for app in ctx.world.applications.values():
        if app.domain == name and app.owner == ctx.login and app.status in ("REQUESTED", "ACTIVE"):
            raise CommandError(f"application {app.id} for {name} is open", code=540)
    kind, amount, currency = _kind(ctx, name, ctx.require("CLASS"))
    handles = resolve_contacts(ctx, required=False)
    if not handles.get("TECHCONTACT") and not handles.get("OWNERCONTACT"):
        raise CommandError("TECHCONTACT0", code=504)
    charged = charge_price(ctx, amount, currency, what="application")
    app = Application(
        id=ctx.world.next_id(),
        domain=name,
        owner=ctx.login,
        app_class=ctx.require("CLASS").upper(),
        created_at=ctx.now,
        decides_at=ctx.now + DECIDE_AFTER,
        price=f"{charged:.2f}",
        currency=ctx.account.currency,
        params={
            **{role: " ".join(h) for role, h in handles.items()},
            "PERIOD": period_label(months),
            "KIND": kind,
            "NAMESERVER": " ".join(n.lower().rstrip(".") for n in ctx.indexed("NAMESERVER")),
        },
    )
    ctx.world.applications[app.id] = app
    ctx.counted(name)
    ctx.log_object(object_class="DOMAIN", object_id=name, operation_type="CREATE", operation_status="REQUEST")
    return _reply(app)


def _reply(app: Application) -> Reply:
    reply = Reply.ok()
    for key, value in _properties(app).items():
        reply.set(key, value)
    return reply


def _properties(app: Application) -> dict[str, object]:
    props: dict[str, object] = {
        "APPLICATION": app.id,
        "CLASS": app.app_class,
        "CREATEDBY": app.owner,
        "CREATEDDATE": fmt(app.created_at),
        "DOMAIN": app.domain,
        "DOMAINUMLAUT": app.domain,
        "NAMESERVER": app.params.get("NAMESERVER", "").split(),
        "PERIOD": app.params.get("PERIOD", "1Y"),
        "STATUS": app.status,
        "SUBCLASS": app.app_class,
        "UPDATEDDATE": fmt(app.created_at),
        "USER": app.owner,
        "PRICE": app.price,
        "CURRENCY": app.currency,
    }
    for role in CONTACT_ROLES:
        props[role] = app.params.get(role, "")
    return props


def _owned(ctx: CommandContext) -> Application:
    return owned_application(ctx.world, ctx.require("APPLICATION"), ctx.login)


@command("StatusDomainApplication", Param("APPLICATION", required=True, pattern=INT_RE))
def status_domain_application(ctx: CommandContext) -> Reply:
    return _reply(_owned(ctx))


@command(
    "QueryDomainApplicationList",
    Param("WIDE", pattern=BOOL_RE),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    Param("CLASS#"),
    Param("STATUS"),
    Param("DOMAIN#"),
    Param("DOMAINREGEX"),
    Param("OWNERCONTACT"),
    *PAGING,
)
def query_domain_application_list(ctx: CommandContext) -> Reply:
    first, limit = page_bounds(ctx, default_limit=100)
    classes = {c.upper() for c in ctx.indexed("CLASS")}
    status = ctx.p("STATUS").upper()
    pattern = pattern_matcher(ctx.p("DOMAIN"))
    rows = []
    for app in sorted(ctx.world.applications.values(), key=lambda a: a.id):
        if not in_subtree(ctx, app.owner) or (classes and app.app_class not in classes):
            continue
        if (status and app.status != status) or (pattern is not None and not pattern.match(app.domain)):
            continue
        row = _properties(app)
        row["NAMESERVER"] = app.params.get("NAMESERVER", "")
        rows.append(row)
    columns = (
        "APPLICATION",
        "CLASS",
        "DOMAIN",
        "DOMAINUMLAUT",
        "STATUS",
        "CREATEDDATE",
        "UPDATEDDATE",
        "USER",
        "OWNERCONTACT",
        "ADMINCONTACT",
        "TECHCONTACT",
        "BILLINGCONTACT",
        "NAMESERVER",
    )
    return paged_reply(rows, columns, first=first, limit=limit)
