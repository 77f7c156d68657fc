"""Pieces shared by the domain money families (domain, transfer, application, trade): contacts, charges,
registry-parameter checks, new domain objects. Not a command module: it registers nothing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox import contacts, dns_records
from sandbox.errors import CommandError
from sandbox.pricing import prices
from sandbox.registry import HOST_RE, Param, contact_params
from sandbox.state import CONTACT_ROLES, Domain
from sandbox.world.dates import add_months, random_auth, refresh_dates

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo
    from sandbox.context import CommandContext

NAMESERVERS = (Param("NAMESERVER#", pattern=HOST_RE, max_index=12),)
CONTACTS = contact_params(*CONTACT_ROLES)
# The registrant verification window of ICANN gTLDs (15 days, RAA 2013 WHOIS accuracy program).
VERIFICATION_WINDOW = timedelta(days=15)
TRADE_LOCK = timedelta(days=60)  # IRTP-C 60-day lock after a change of registrant
EURO = "EUR"


def registry_problem(ctx: CommandContext, domain: str, operation: str) -> None:
    """The catalogue's registry-parameter check (504 missing X- field, 505/541 bad value)."""
    problem = ctx.catalogue.check_params(domain, operation, ctx.params)
    if problem is not None:
        _, _, detail = problem.description.partition("; ")
        raise CommandError(detail or problem.description, code=problem.code)


def convert(ctx: CommandContext, amount: Decimal, currency: str) -> Decimal:
    """`amount` in `currency` -> the account currency, via the EUR-based exchange rates."""
    target = ctx.account.currency
    if not currency or currency.upper() == target.upper():
        return amount
    rates = {EURO: Decimal(1)}
    for source, to, rate, _ in ctx.catalogue.exchange_rates():
        if source.upper() == EURO:
            rates[to.upper()] = Decimal(str(rate))
    if currency.upper() not in rates or target.upper() not in rates:
        raise CommandError(f"no exchange rate {currency}->{target}", code=549)
    return (amount / rates[currency.upper()] * rates[target.upper()]).quantize(Decimal("0.01"))


def charge_price(ctx: CommandContext, amount: Decimal | None, currency: str, *, what: str) -> Decimal:
    """Charge a catalogue price (None = the TLD blocks the operation -> 549); 546 when funds are short."""
    if amount is None:
        raise CommandError(f"{what} is not offered for this TLD", code=549)
    due = convert(ctx, amount, currency)
    ctx.charge(due, what=what)
    return due


def table_price(ctx: CommandContext, info: TldInfo, kind: str, years: int = 1) -> tuple[Decimal | None, str]:
    table = prices(ctx.catalogue, ctx.account.currency)
    if kind == "register":
        amount = table.register(info.tld_class, years)
    elif kind == "renew":
        amount = table.renew(info.tld_class, years)
    else:
        amount = table.single(info.tld_class, kind.upper())
    return amount, table.currency_of(info.tld_class)


def resolve_contacts(ctx: CommandContext, *, required: bool) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for role in CONTACT_ROLES:
        handles = contacts.resolve(ctx, role, required=required)
        if handles:
            found[role] = handles
    return found


def new_domain(
    ctx: CommandContext,
    name: str,
    info: TldInfo,
    *,
    months: int,
    owner: str,
    created: datetime | None = None,
    expiration: datetime | None = None,
) -> Domain:
    """A fresh domain object with the dates of ref-module §7.1 (see sandbox/world/dates.py)."""
    now = ctx.now
    domain = Domain(
        name=name,
        owner=owner,
        tld_class=info.tld_class,
        repository=info.repository,
        created_at=created or now,
        updated_at=now,
        expiration_date=expiration or add_months(now, months),
        auth_code=random_auth(),
        renewal_mode="DEFAULT",
    )
    refresh_dates(domain)
    return domain


def apply_extensions(ctx: CommandContext, domain: Domain, info: TldInfo) -> None:
    """Store X-... values; X-ACCEPT-WHOISTRUSTEE-TAC only where the TLD offers the privacy service."""
    for key, value in ctx.params.items():
        if not key.startswith("X-"):
            continue
        if key == "X-ACCEPT-WHOISTRUSTEE-TAC":
            wanted = value.strip() == "1"
            if wanted and not info.whois_privacy:
                raise CommandError(
                    "X-ACCEPT-WHOISTRUSTEE-TAC: WHOIS privacy is not offered for this TLD", code=541
                )
            domain.whois_trustee = wanted
        elif key.startswith(("X-REGISTRANT-VERIFICATION-", "X-CONFIRM-DA-")):
            continue
        elif value == "":
            domain.extensions.pop(key, None)
        else:
            domain.extensions[key] = value


def refuse_zone_held_elsewhere(ctx: CommandContext, name: str) -> None:
    """INTERNALDNS=1 of AddDomain/ModifyDomain: 540 when another account holds the zone of `name`.

    Checked before anything changes (the zone itself is made by `ensure_zone` once the command succeeds)."""
    zone = ctx.world.zones.get(dns_records.zone_name(name))
    if zone is not None and zone.owner != ctx.login:
        raise CommandError(f"zone {zone.name}", code=540)


def start_verification(ctx: CommandContext, domain: Domain, info: TldInfo) -> None:
    """ICANN gTLDs ask a new, unverified registrant to confirm its e-mail (X-REGISTRANT-VERIFICATION-*)."""
    if info.registrant_change_by != "ICANN-TRADE":
        return
    owner = domain.contacts.get("OWNERCONTACT", [""])[0]
    contact = ctx.world.contacts.get(owner)
    if contact is None or contact.verified:
        return
    name = " ".join(p for p in (contact.fields.get("FIRSTNAME", ""), contact.fields.get("LASTNAME", "")) if p)
    domain.registrant_verification = {
        "STATUS": "PENDING",
        "EMAIL": contact.fields.get("EMAIL", ""),
        "NAME": name,
        "REQUESTEDDATE": ctx.now.strftime("%Y-%m-%d %H:%M:%S"),
        "DUEDATE": (ctx.now + VERIFICATION_WINDOW).strftime("%Y-%m-%d %H:%M:%S"),
        "TAG": secrets.token_hex(16).upper(),
    }
