"""CNR renewals: RenewDomain (EXPIRATION names the current expiry year, so a retried renewal cannot renew
twice) and SetDomainRenewalMode."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sandbox.cnr.commands._common import DOMAIN, FEE_PARAMS, RENEWAL_MODES, logged, owned_domain
from sandbox.cnr.table import command
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, Param
from sandbox.state import Domain
from sandbox.world.dates import add_months, check_period, fmt, refresh_dates

MAX_TERM = timedelta(days=3653)  # no renewal takes the expiry beyond 10 years from now (556)
# Zones without explicit renewal (the reference's renewal-system page, "Explicit Renewals"; domains/tlds/de):
# RenewDomain is refused (549), the renewal mode (RENEWONCE, AUTORENEW) renews them.
NO_EXPLICIT_RENEWAL = frozenset(
    {
        "at", "be", "ch", "co.za", "de", "dk", "hu", "is", "it", "jp", "li", "lu", "my", "nl", "xn--p1ai",
        "ru", "sk", "su", "ua",
    }
)  # fmt: skip


@command(
    "RenewDomain",
    DOMAIN,
    Param("PERIOD", pattern=INT_RE),
    Param("EXPIRATION", pattern=r"[0-9]{4}"),
    Param("X-PROMOTION-CODE"),
    Param("X-FEE-AMOUNT#", pattern=r"[0-9]+(?:\.[0-9]+)?"),
    *FEE_PARAMS[1:],
    money=True,
)
def renew_domain(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    _renewable(ctx, domain)
    years = int(ctx.p("PERIOD") or 1)
    info = tld_info(ctx, domain.name)
    check_period(years * 12, info.renewal_periods, what="renewal")
    assert domain.expiration_date is not None
    new_expiry = add_months(domain.expiration_date, 12 * years)
    if new_expiry > ctx.now + MAX_TERM:
        raise CommandError(f"expiry {fmt(new_expiry)} beyond 10 years", code=556)
    amount, currency = _renew_price(ctx, domain, years)
    charge_price(ctx, amount, currency, what="renewal")
    domain.expiration_date = new_expiry
    domain.paid_until_date = max(domain.paid_until_date or new_expiry, new_expiry)
    domain.updated_at = ctx.now
    refresh_dates(domain)
    ctx.counted(domain.name)
    logged(ctx, domain.name, "RENEW")
    return Reply.ok(REGISTRATION_EXPIRATION_DATE=fmt(domain.expiration_date))


def _renewable(ctx: CommandContext, domain: Domain) -> None:
    zone = tld_info(ctx, domain.name).name
    if zone in NO_EXPLICIT_RENEWAL:
        raise CommandError(f"zone {zone} has no explicit renewal; use RENEWALMODE RENEWONCE", code=549)
    if domain.name in ctx.world.transfers:
        raise CommandError(domain.name, code=553)
    if "PENDINGDELETE" in domain.status or "clientRenewProhibited" in domain.status:
        raise CommandError("domain status does not allow a renewal", code=552)
    expected = ctx.p("EXPIRATION")
    current = domain.expiration_date.year if domain.expiration_date else None
    if expected and int(expected) != current:
        # The renewal already happened (a retried call) or the caller's data is stale.
        raise CommandError(f"EXPIRATION {expected} is not the current expiry year {current}", code=555)


def _renew_price(ctx: CommandContext, domain: Domain, years: int) -> tuple[Decimal | None, str]:
    premium = ctx.catalogue.premium(domain.name) if domain.premium_class else None
    if premium is not None:
        return premium.renew_price * years, premium.currency
    return table_price(ctx, tld_info(ctx, domain.name), "renew", years)


@command(
    "SetDomainRenewalMode",
    DOMAIN,
    Param("RENEWALMODE", required=True, choices=RENEWAL_MODES),
    Param("TOKEN"),
    mutating=True,
)
def set_domain_renewal_mode(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    if "PENDINGDELETE" in domain.status:
        raise CommandError("domain is being deleted", code=552)
    domain.renewal_mode = ctx.require("RENEWALMODE").upper()
    domain.updated_at = ctx.now
    refresh_dates(domain)
    return Reply.ok()
