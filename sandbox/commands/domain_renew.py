"""Renewals: RenewDomain, PayDomainRenewal (explicit and paid-until renewal) and SetDomainRenewalMode."""

from __future__ import annotations

from datetime import datetime

from sandbox.commands._domain import (
    MAX_REGISTRATION,
    RENEWAL_MODES,
    not_frozen,
    refuse_pending_transfer,
    target_domain,
)
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import DATE_RE, PERIOD_RE, Param, command
from sandbox.world.dates import add_months, check_period, fmt, parse_date, period_months, refresh_dates

RENEW_PARAMS = (
    Param("DOMAIN", required=True),
    Param("PERIOD", pattern=PERIOD_RE),
    Param("EXPIRATION", pattern=r"[0-9]{4}"),
    Param("EXPIRATIONDATE", pattern=DATE_RE),
    Param("CLASS"),
    Param("ORDER"),
    Param("ORDERID"),
)


def _expiration_guard(ctx: CommandContext, current: datetime | None) -> None:
    """EXPIRATION (year) / EXPIRATIONDATE protect against renewing twice: a stale value -> 555."""
    if current is None:
        return
    if ctx.p("EXPIRATION") and int(ctx.p("EXPIRATION")) != current.year:
        if int(ctx.p("EXPIRATION")) < current.year:
            raise CommandError(f"expiration is {current.year}", code=555)
        raise CommandError(f"EXPIRATION {ctx.p('EXPIRATION')} does not match {current.year}", code=541)
    if ctx.p("EXPIRATIONDATE"):
        given = parse_date(ctx.p("EXPIRATIONDATE")).date()
        if given < current.date():
            raise CommandError(f"expiration is {fmt(current)}", code=555)
        if given != current.date():
            raise CommandError(f"EXPIRATIONDATE does not match {fmt(current)}", code=541)


def _renewal(ctx: CommandContext, *, explicit: bool) -> Reply:
    domain = target_domain(ctx)
    info = tld_info(ctx, domain.name)
    if explicit and not info.explicit_renewal:
        raise CommandError("use PayDomainRenewal: the registry renews automatically", code=510)
    not_frozen(domain, "renewal")
    refuse_pending_transfer(ctx, domain)
    if "clientRenewProhibited" in domain.status:
        raise CommandError("clientRenewProhibited", code=552)
    months = period_months(ctx.p("PERIOD"), default=info.renewal_periods[0] if info.renewal_periods else "1Y")
    check_period(months, info.renewal_periods, what="renewal")
    base = domain.expiration_date if explicit else domain.paid_until_date
    _expiration_guard(ctx, base)
    assert base is not None
    new_date = add_months(base, months)
    if new_date - ctx.now > MAX_REGISTRATION:
        raise CommandError(f"{domain.name} would run beyond 10 years", code=548)
    years = max(months // 12, 1)
    if domain.premium_class:
        premium = ctx.catalogue.premium(domain.name)
        amount, currency = (premium.renew_price * years, premium.currency) if premium else (None, "")
    else:
        amount, currency = table_price(ctx, info, "renew", years)
    charge_price(ctx, amount, currency, what="renewal")
    if explicit:
        domain.expiration_date = new_date
        domain.paid_until_date = max(domain.paid_until_date or new_date, new_date)
    else:
        # Paid-until may run ahead of the registry expiry (docs/module-behaviour.md §7.1); the lifecycle
        # renews there.
        domain.paid_until_date = new_date
    domain.updated_at = ctx.now
    refresh_dates(domain)
    ctx.counted(domain.name)
    ctx.log_object(
        object_class="DOMAIN", object_id=domain.name, operation_type="RENEW", operation_status="SUCCESSFUL"
    )
    if explicit:
        return Reply.ok(
            DOMAIN=domain.name,
            EXPIRATIONDATE=fmt(domain.expiration_date),
            REGISTRATIONEXPIRATIONDATE=fmt(domain.registration_expiration_date),
        )
    return Reply.ok(EXPIRATIONDATE=fmt(domain.paid_until_date))


@command("RenewDomain", *RENEW_PARAMS, Param("X-TRAVEL-UIN"), money=True)
def renew_domain(ctx: CommandContext) -> Reply:
    return _renewal(ctx, explicit=True)


@command("PayDomainRenewal", *RENEW_PARAMS, money=True)
def pay_domain_renewal(ctx: CommandContext) -> Reply:
    return _renewal(ctx, explicit=False)


@command(
    "SetDomainRenewalMode",
    Param("DOMAIN", required=True),
    Param("RENEWALMODE", required=True, choices=RENEWAL_MODES),
    Param("PERIOD", pattern=PERIOD_RE),
    mutating=True,
)
def set_domain_renewal_mode(ctx: CommandContext) -> Reply:
    domain = target_domain(ctx)
    not_frozen(domain, "renewal mode change")
    domain.renewal_mode = ctx.require("RENEWALMODE").upper()
    domain.updated_at = ctx.now
    refresh_dates(domain)
    return Reply.ok(UNRENEW="1" if domain.renewal_mode in ("AUTOEXPIRE", "AUTODELETE") else "0")
