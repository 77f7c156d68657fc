"""AddDomain: a new domain, charged, counted and logged (docs/ispapi-wire.md §4.3;
DOMAIN/ADDDOMAIN.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.commands._domain import ACCEPTED_EXTRAS, RENEWAL_MODES, SECDNS, flag_set, nameserver_list
from sandbox.commands._shared import (
    CONTACTS,
    NAMESERVERS,
    apply_extensions,
    new_domain,
    refuse_zone_held_elsewhere,
    require_idn,
    resolve_contacts,
    start_verification,
)
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.money import charge_price, registry_problem, table_price
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, PERIOD_RE, Param, command
from sandbox.world.dates import check_period, domain_name, fmt, period_months, refresh_dates
from sandbox.world.zones import ensure_zone

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo


def _premium_class(ctx: CommandContext, name: str) -> str:
    """A premium name needs its CLASS spelled out (PHP11 wording: `Missing required attribute; CLASS=...`)."""
    premium = ctx.catalogue.premium(name)
    if premium is None:
        return ""
    if ctx.p("CLASS").upper() != premium.premium_class.upper():
        raise CommandError(f"CLASS={premium.premium_class}", code=504)
    return premium.premium_class


def _refuse_unregistrable(ctx: CommandContext, name: str, info: TldInfo) -> None:
    """The name cannot be registered here: a bare TLD (505), application-only TLD (510), held by the caller
    (540) or anyone else, deleted or in transfer (554), an IDN the TLD refuses, a reserved label (541)."""
    if name == info.name:
        raise InvalidSyntax(f"Syntax error in Parameter DOMAIN ({name})")
    if info.application_only:
        raise CommandError("registrations of this TLD use AddDomainApplication (CLASS=GOLIVE)", code=510)
    existing = ctx.world.domains.get(name)
    if existing is not None and existing.owner == ctx.login:
        raise CommandError("DOMAIN is already assigned to your account", code=540)
    if existing is not None or name in ctx.world.deleted or name in ctx.world.transfers:
        raise CommandError(name, code=554)
    if ctx.registrants.holds(name, info.name):
        raise CommandError(f"{name} is registered at another registrar", code=554)
    require_idn(ctx, name)
    reserved = ctx.catalogue.reserved(name)
    if reserved:
        raise CommandError(f"{name}: {reserved}", code=541)


def _register_price(
    ctx: CommandContext, name: str, info: TldInfo, premium_class: str, months: int
) -> tuple[Decimal | None, str]:
    """The premium price of a premium name, else the TLD's price table for the whole years."""
    if premium_class:
        premium = ctx.catalogue.premium(name)
        assert premium is not None
        return premium.register_price, premium.currency
    return table_price(ctx, info, "register", max(months // 12, 1))


@command(
    "AddDomain",
    Param("DOMAIN", required=True),
    Param("PERIOD", pattern=PERIOD_RE),
    Param("RENEWALMODE", choices=RENEWAL_MODES),
    *CONTACTS,
    *NAMESERVERS,
    *SECDNS,
    *ACCEPTED_EXTRAS,
    Param("AUTH"),
    Param("TRANSFERLOCK", pattern=BOOL_RE),
    Param("INTERNALDNS", pattern=BOOL_RE),
    Param("CLASS"),
    allow_extensions=True,
    money=True,
)
def add_domain(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    special_use = ctx.registrants.special_use(name)
    if special_use is not None:
        raise CommandError(f"{name}: {special_use[0]}", code=541)
    info = tld_info(ctx, name)
    _refuse_unregistrable(ctx, name, info)
    months = period_months(
        ctx.p("PERIOD"), default=info.registration_periods[0] if info.registration_periods else "1Y"
    )
    check_period(months, info.registration_periods, what="registration")
    premium_class = _premium_class(ctx, name)
    registry_problem(ctx, name, "register")
    owner_contacts = resolve_contacts(ctx, required=True)
    nameservers = nameserver_list(ctx.indexed("NAMESERVER"), info.nameserver_max)
    amount, currency = _register_price(ctx, name, info, premium_class, months)
    domain = new_domain(ctx, name, info, months=months, owner=ctx.login)
    # Validate everything that can fail before money moves (546 must leave the state untouched).
    apply_extensions(ctx, domain, info)
    internal_dns = flag_set(ctx, "INTERNALDNS")
    if internal_dns:
        refuse_zone_held_elsewhere(ctx, name)
    charge_price(ctx, amount, currency, what="registration")
    domain.premium_class = premium_class
    domain.contacts = owner_contacts
    domain.nameservers = nameservers
    domain.renewal_mode = (ctx.p("RENEWALMODE") or "DEFAULT").upper()
    domain.transfer_lock = flag_set(ctx, "TRANSFERLOCK")
    domain.auth_code = ctx.p("AUTH") or domain.auth_code
    domain.secdns_ds = ctx.indexed("SECDNS-DS")
    domain.secdns_key = ctx.indexed("SECDNS-KEY")
    domain.secdns_maxsiglife = ctx.p("SECDNS-MAXSIGLIFE")
    refresh_dates(domain)
    pending = not info.realtime
    if pending:
        domain.status = ["REQUESTED"]
    ctx.world.domains[name] = domain
    if internal_dns:
        ensure_zone(ctx.world, domain, ctx.now)
    start_verification(ctx, domain, info)
    ctx.counted(name)
    ctx.log_object(
        object_class="DOMAIN",
        object_id=name,
        operation_type="CREATE",
        operation_status="PENDING" if pending else "SUCCESSFUL",
    )
    return Reply.ok(
        "action pending" if pending else "",
        pending=pending,
        STATUS="REQUESTED" if pending else "ACTIVE",
        REGISTRATIONEXPIRATIONDATE=fmt(domain.registration_expiration_date),
        ACCOUNTINGDATE=fmt(domain.accounting_date),
        FAILUREDATE=fmt(domain.failure_date),
        FINALIZATIONDATE=fmt(domain.finalization_date),
        PAIDUNTILDATE=fmt(domain.paid_until_date),
    )
