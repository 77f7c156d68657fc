"""CNR domains: AddDomain, StatusDomain, ModifyDomain. Contacts are handles made by AddContact; DNSSEC comes
as DNSSEC# (keys) and DNSSECDSDATA# (DS records); WHOIS privacy is X-WHOISPRIVACY."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from sandbox.cnr import extensions
from sandbox.cnr.commands._common import (
    CONTACT_PARAMS,
    DNSSEC_PARAMS,
    DOMAIN,
    FEE_PARAMS,
    NAMESERVERS,
    RENEWAL_MODES,
    ROLE_PROPERTY,
    TRADE_LOCK,
    client_statuses,
    logged,
    material_change,
    owned_domain,
    renewal_date,
    require_contacts,
    roid,
    role_handles,
)  # fmt: skip
from sandbox.cnr.table import BOOL, command
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import HOST_RE, INT_RE, Param
from sandbox.state import CONTACT_ROLES, Domain
from sandbox.world.dates import check_period, domain_name, fmt, refresh_dates, umlaut
from sandbox.world.registration import make_domain

WHOIS_PRIVACY = Param("X-WHOISPRIVACY", pattern=BOOL)


@command(
    "AddDomain",
    DOMAIN,
    Param("PERIOD", pattern=INT_RE),
    *CONTACT_PARAMS,
    *NAMESERVERS,
    *DNSSEC_PARAMS,
    *FEE_PARAMS,
    WHOIS_PRIVACY,
    Param("AUTH"),
    Param("TRANSFERLOCK", pattern=BOOL),
    Param("RENEWALMODE", choices=RENEWAL_MODES),
    Param("X-IDN-LANGUAGE"),
    Param("X-PROMOTION-CODE"),
    allow_extensions=True,
    money=True,
)
def add_domain(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    special_use = ctx.registrants.special_use(name)
    if special_use is not None:  # before the zone: .test and .example are no zones anyone sells
        raise CommandError(f"{name}: {special_use[0]}", code=541)
    info = tld_info(ctx, name)
    _refuse_taken(ctx, name, info.name)
    years = int(ctx.p("PERIOD") or 1)
    check_period(years * 12, info.registration_periods, what="registration")
    extensions.check(info.name, ctx.params, registering=True)
    found = require_contacts(ctx, CONTACT_ROLES)
    amount, currency, premium = _create_price(ctx, name, years)
    domain = make_domain(name, info, owner=ctx.login, now=ctx.now, months=years * 12)
    _apply_settings(ctx, domain)
    charge_price(ctx, amount, currency, what="registration")
    domain.contacts = found
    domain.nameservers = _nameservers(ctx.indexed("NAMESERVER"), info.nameserver_max)
    domain.premium_class = premium
    domain.auth_code = ctx.p("AUTH") or domain.auth_code
    ctx.world.domains[name] = domain
    ctx.counted(name)
    logged(ctx, name, "CREATE")
    reply = Reply.ok()
    reply.set("CREATED DATE", fmt(domain.created_at))
    reply.set("REGISTRATION EXPIRATION DATE", fmt(domain.expiration_date))
    reply.set("RENEWAL DATE", fmt(renewal_date(domain, ctx.catalogue)))
    reply.set("ROID", roid(domain)).set("STATUS", "ACTIVE")
    if premium:
        reply.set("X-FEE-AMOUNT", f"{amount:.2f}").set("X-FEE-APPLICATION", "0.00")
        reply.set("X-FEE-CURRENCY", currency)
    return reply


def _refuse_taken(ctx: CommandContext, name: str, zone: str) -> None:
    """554 for a name held here or at another registrar (sandbox/catalogue/registrants.py), 541 for one
    the registry reserves or its IDN rules refuse."""
    if name in ctx.world.domains or name in ctx.world.deleted or name in ctx.world.transfers:
        raise CommandError(name, code=554)
    if ctx.registrants.holds(name, zone):
        raise CommandError(f"{name} is registered at another registrar", code=554)
    refusal = ctx.catalogue.reserved(name) or ctx.catalogue.idn_refusal(name)
    if refusal:
        raise CommandError(f"DOMAIN ({refusal})", code=541)


def _create_price(ctx: CommandContext, name: str, years: int) -> tuple[Decimal | None, str, str]:
    """(amount, currency, premium class). A premium name needs its price accepted: X-FEE-AMOUNT equal to the
    premium price (504 when missing, 541 when different) or X-ACCEPT-PREMIUMPRICE=1."""
    premium = ctx.catalogue.premium(name)
    if premium is None:
        info = tld_info(ctx, name)
        amount, currency = table_price(ctx, info, "register", years)
        return amount, currency, ""
    price = premium.register_price * years
    accepted, given = ctx.flag("X-ACCEPT-PREMIUMPRICE"), ctx.p("X-FEE-AMOUNT")
    if not given and not accepted:
        raise CommandError("X-FEE-AMOUNT", code=504)
    if given and _decimal(given) != price:
        raise CommandError(f"X-FEE-AMOUNT {given} (premium price {price:.2f} {premium.currency})", code=541)
    return price, premium.currency, premium.premium_class


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise InvalidSyntax(f"Syntax error in Parameter X-FEE-AMOUNT ({text})") from exc


def _nameservers(names: list[str], maximum: int) -> list[str]:
    found: list[str] = []
    for name in names:
        host = name.strip().rstrip(".").lower()
        if host and host not in found:
            found.append(host)
    if maximum and len(found) > maximum:
        raise CommandError(f"at most {maximum} name servers", code=541)
    return found


def _given(ctx: CommandContext, stem: str) -> bool:
    """True when STEM or STEM<n> is among the parameters, even with an empty value."""
    return any(key == stem or (key.startswith(stem) and key[len(stem) :].isdigit()) for key in ctx.params)


def _apply_settings(ctx: CommandContext, domain: Domain) -> None:
    """The settings AddDomain and ModifyDomain share: lock, renewal mode, DNSSEC, privacy, X- values."""
    info = ctx.catalogue.for_domain(domain.name)
    if ctx.flag("X-WHOISPRIVACY") and (info is None or not info.whois_privacy):
        raise CommandError("X-WHOISPRIVACY: WHOIS privacy is not offered for this zone", code=541)
    if ctx.flag("TRANSFERLOCK") is not None:
        domain.transfer_lock = bool(ctx.flag("TRANSFERLOCK"))
    if ctx.p("RENEWALMODE"):
        domain.renewal_mode = ctx.p("RENEWALMODE").upper()
    # A list given replaces the domain's; given only empty (`DNSSEC0=`) it removes every entry, as the
    # reference's .de notes describe for keys.
    if _given(ctx, "DNSSEC") or ctx.flag("DNSSECDELETE"):
        domain.secdns_key = ctx.indexed("DNSSEC")
    if _given(ctx, "DNSSECDSDATA") or ctx.flag("DNSSECDELETE"):
        domain.secdns_ds = ctx.indexed("DNSSECDSDATA")
    for key, value in ctx.params.items():
        if key.startswith("X-") and not key.startswith(("X-FEE-", "X-ACCEPT-PREMIUMPRICE", "X-PROMOTION")):
            if value == "":
                domain.extensions.pop(key, None)
            else:
                domain.extensions[key] = value
    refresh_dates(domain)
    domain.updated_at = ctx.now


@command(
    "StatusDomain", DOMAIN, *(Param(f"X-FEE-{k}") for k in ("COMMAND", "PERIOD", "PERIODTYPE", "LAUNCHPHASE"))
)
def status_domain(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    info = ctx.catalogue.for_domain(domain.name)
    hosts = sorted(h.name for h in ctx.world.hosts.values() if h.domain == domain.name)
    reply = Reply.ok(
        DOMAIN=domain.name, DOMAIN_IDN=umlaut(domain.name), ZONE=info.name if info else "",
        STATUS=_statuses(domain), RENEWALMODE=domain.renewal_mode, TRANSFER_LOCK=bool(domain.transfer_lock),
        TRANSFERMODE="DEFAULT", AUTH=domain.auth_code, NAMESERVER=domain.nameservers, HOST=hosts,
        DNSSEC=domain.secdns_key, DNSSECDSDATA=domain.secdns_ds, ROID=roid(domain),
        UPDATED_DATE=fmt(domain.updated_at), UPDATED_BY=domain.owner, CREATED_DATE=fmt(domain.created_at),
        CREATED_BY=domain.owner, REGISTRAR=domain.owner,
        REGISTRATION_EXPIRATION_DATE=fmt(domain.expiration_date),
        RENEWAL_DATE=fmt(renewal_date(domain, ctx.catalogue)),
        PAIDUNTIL_DATE=fmt(domain.paid_until_date),
        X_TRANSFERLOCK_UNTIL=fmt(domain.trade_transfer_lock_until),
    )  # fmt: skip
    for role in CONTACT_ROLES:
        reply.set(ROLE_PROPERTY[role], domain.contacts.get(role, []))
    reply.set("X-WHOISPRIVACY", domain.extensions.get("X-WHOISPRIVACY", "0"))
    for key, value in sorted(domain.extensions.items()):
        reply.properties.setdefault(key, [value])
    if domain.premium_class:
        premium = ctx.catalogue.premium(domain.name)
        if premium is not None:
            reply.set("X-FEE-AMOUNT", f"{premium.renew_price:.2f}").set("X-FEE-CURRENCY", premium.currency)
            reply.set("X-FEE-CLASS", "premium").set("X-FEE-COMMAND", "renew")
    return reply


def _statuses(domain: Domain) -> list[str]:
    """The EPP-style statuses CNR shows: ACTIVE plus the client statuses, or the pending state."""
    found = [s for s in domain.status if s not in ("REQUESTED",)]
    if domain.transfer_lock and "clientTransferProhibited" not in found:
        found.append("clientTransferProhibited")
    if domain.suspended and "clientHold" not in found:
        found.append("clientHold")
    return found


def _contact_edits() -> tuple[Param, ...]:
    return tuple(Param(f"{op}{role}#", max_index=9) for role in CONTACT_ROLES for op in ("ADD", "DEL"))


@command(
    "ModifyDomain",
    DOMAIN,
    *CONTACT_PARAMS,
    *_contact_edits(),
    *NAMESERVERS,
    Param("ADDNAMESERVER#", pattern=HOST_RE, max_index=12),
    Param("DELNAMESERVER#", pattern=HOST_RE, max_index=12),
    *DNSSEC_PARAMS,
    WHOIS_PRIVACY,
    Param("STATUS#", max_index=4),
    Param("ADDSTATUS#", max_index=4),
    Param("DELSTATUS#", max_index=4),
    Param("AUTH"),
    Param("TRANSFERLOCK", pattern=BOOL),
    Param("RENEWALMODE", choices=RENEWAL_MODES),
    Param("ACCEPT-TRADE", pattern=BOOL),
    Param("TOKEN"),
    allow_extensions=True,
    mutating=True,
)
def modify_domain(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    if domain.name in ctx.world.transfers:
        raise CommandError(domain.name, code=553)
    if "PENDINGDELETE" in domain.status:
        raise CommandError("domain is being deleted", code=552)
    info = tld_info(ctx, domain.name)
    extensions.check(info.name, ctx.params, registering=False)
    contacts = _modified_contacts(ctx, domain)
    lock_until = _owner_change_lock(ctx, domain, contacts)
    nameservers = _modified_nameservers(ctx, domain, info.nameserver_max)
    statuses = _modified_statuses(ctx, domain)
    domain.contacts, domain.nameservers, domain.status = contacts, nameservers, statuses
    domain.trade_transfer_lock_until = lock_until
    domain.suspended = "clientHold" in statuses
    domain.auth_code = ctx.p("AUTH") or domain.auth_code
    _apply_settings(ctx, domain)
    logged(ctx, domain.name, "UPDATE")
    return Reply.ok()


def _modified_contacts(ctx: CommandContext, domain: Domain) -> dict[str, list[str]]:
    found = {role: list(handles) for role, handles in domain.contacts.items()}
    for role in CONTACT_ROLES:
        replaced = role_handles(ctx, role)
        if replaced:
            found[role] = replaced
        added = role_handles(ctx, f"ADD{role}")
        removed = {h.strip() for h in ctx.indexed(f"DEL{role}")}
        current = [h for h in found.get(role, []) if h not in removed] + added
        if current:
            found[role] = list(dict.fromkeys(current))
        else:
            found.pop(role, None)
    if "OWNERCONTACT" not in found:
        raise CommandError("OWNERCONTACT0", code=504)
    return found


def _owner_change_lock(ctx: CommandContext, domain: Domain, found: dict[str, list[str]]) -> datetime | None:
    """A change of registrant by update: refused where the registry has a trade process (506); an ICANN
    gTLD locks the domain against transfers for 60 days (returned, applied once the command succeeds)."""
    old, new = domain.contacts.get("OWNERCONTACT", [""])[0], found["OWNERCONTACT"][0]
    if new == old or not material_change(ctx.world, old, new):
        return domain.trade_transfer_lock_until
    change_by = tld_info(ctx, domain.name).registrant_change_by
    if change_by == "TRADE":
        raise CommandError("a change of registrant needs TradeDomain", code=506)
    return ctx.now + TRADE_LOCK if change_by == "ICANN-TRADE" else domain.trade_transfer_lock_until


def _modified_nameservers(ctx: CommandContext, domain: Domain, maximum: int) -> list[str]:
    current = domain.nameservers
    if ctx.indexed("NAMESERVER"):
        current = _nameservers(ctx.indexed("NAMESERVER"), 0)
    removed = {n.strip().rstrip(".").lower() for n in ctx.indexed("DELNAMESERVER")}
    added = _nameservers(ctx.indexed("ADDNAMESERVER"), 0)
    return _nameservers([n for n in current if n not in removed] + added, maximum)


def _modified_statuses(ctx: CommandContext, domain: Domain) -> list[str]:
    base = [s for s in domain.status if s.isupper()]  # ACTIVE, PENDING...: not the client's to change
    client = [s for s in domain.status if not s.isupper()]
    if ctx.indexed("STATUS"):
        client = client_statuses(ctx.indexed("STATUS"))
    removed = set(client_statuses(ctx.indexed("DELSTATUS")))
    client = [s for s in client if s not in removed] + client_statuses(ctx.indexed("ADDSTATUS"))
    return base + list(dict.fromkeys(client))
