"""The domain object: AddDomain, StatusDomain, ModifyDomain, RenewDomain, PayDomainRenewal,
SetDomainRenewalMode, DeleteDomain, RestoreDomain, PushDomain, QueryDomainList (v1/v2),
QueryDomainOptions, QueryDomainRepositoryInfo, DENIC_CreateAuthInfo1, RequestDomainAuthInfo
(protocol §4.3, §4.9; DOMAIN/*.md). Money commands charge the account, count the operation and log it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sandbox import contacts
from sandbox.commands._shared import (
    CONTACTS,
    NAMESERVERS,
    TRADE_LOCK,
    apply_extensions,
    charge_price,
    ensure_zone,
    new_domain,
    refuse_zone_held_elsewhere,
    registry_problem,
    resolve_contacts,
    start_verification,
    table_price,
)
from sandbox.commands.check import require_idn
from sandbox.context import CommandContext
from sandbox.domains import (
    add_months,
    check_period,
    domain_name,
    fmt,
    in_subtree,
    page_bounds,
    paged_reply,
    parse_date,
    pattern_matcher,
    period_label,
    period_months,
    random_auth,
    refresh_dates,
    tld_info,
    umlaut,
)
from sandbox.errors import CommandError, InvalidSyntax, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import (
    BOOL_RE,
    CONTACT_ROLES,
    DATE_RE,
    HOST_RE,
    INT_RE,
    PERIOD_RE,
    Param,
    command,
)
from sandbox.state import DeletedDomain, Domain, World

RENEWAL_MODES = ("DEFAULT", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE", "AUTORENEWMONTHLY")
CLIENT_STATUSES = (
    "clientHold",
    "clientTransferProhibited",
    "clientUpdateProhibited",
    "clientDeleteProhibited",
    "clientRenewProhibited",
)
_STATUS_CANON = {s.upper(): s for s in CLIENT_STATUSES}
HOLD_STATUSES = {"clientHold"}
MAX_REGISTRATION = timedelta(days=3653)  # nothing renews beyond 10 years from now (548)
DELETE_DELAY = timedelta(days=1)  # PENDINGDELETE -> deleted (lifecycle)
DS_RE = r"[0-9]{1,5} [0-9]{1,3} [0-9]{1,3} [0-9A-Fa-f]{20,128}"
KEY_RE = r"[0-9]{1,5} 3 [0-9]{1,3} [A-Za-z0-9+/=]{16,1024}"
SECDNS = (
    Param("SECDNS-DS#", pattern=DS_RE),
    Param("ADDSECDNS-DS#", pattern=DS_RE),
    Param("DELSECDNS-DS#", pattern=DS_RE),
    Param("SECDNS-KEY#", pattern=KEY_RE),
    Param("ADDSECDNS-KEY#", pattern=KEY_RE),
    Param("DELSECDNS-KEY#", pattern=KEY_RE),
    Param("SECDNS-MAXSIGLIFE", pattern=INT_RE),
    Param("SECDNS-URGENT", pattern=BOOL_RE),
    Param("SECDNS-REMOVE-ALL", pattern=BOOL_RE),
)
ACCEPTED_EXTRAS = (
    Param("ORDER"),
    Param("ORDERID"),
    Param("SUBUSER"),
    Param("HOST#"),
    Param("NAMESERVERSET"),
    Param("CLAIMKEY"),
    Param("CLAIMKEY-UPDATEDDATE"),
    Param("NOTICE-POA-ACCEPT-HASH"),
    Param("LAUNCH-MARK-CODE"),
)
# Statuses during which a domain may not be changed, renewed or moved (552).
FROZEN = {"PENDINGDELETE", "REQUESTED"}


def _domain(ctx: CommandContext) -> Domain:
    return ctx.owned_domain(domain_name(ctx.require("DOMAIN")))


def _not_frozen(domain: Domain, what: str) -> None:
    frozen = FROZEN.intersection(domain.status)
    if frozen:
        raise CommandError(f"{what} not possible in status {sorted(frozen)[0]}", code=552)


def _pending_transfer(ctx: CommandContext, domain: Domain) -> None:
    if domain.name in ctx.world.transfers:
        raise CommandError(domain.name, code=553)


def _flag(ctx: CommandContext, name: str) -> bool:
    return ctx.flag(name) is True


def _premium_class(ctx: CommandContext, name: str) -> str:
    """A premium name needs its CLASS spelled out (PHP11 wording: `Missing required attribute; CLASS=...`)."""
    premium = ctx.catalogue.premium(name)
    if premium is None:
        return ""
    if ctx.p("CLASS").upper() != premium.premium_class.upper():
        raise CommandError(f"CLASS={premium.premium_class}", code=504)
    return premium.premium_class


# ---- AddDomain ----


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
    info = tld_info(ctx, name)
    if name == info.name:
        raise InvalidSyntax(f"Syntax error in Parameter DOMAIN ({name})")
    if info.application_only:
        raise CommandError("registrations of this TLD use AddDomainApplication (CLASS=GOLIVE)", code=510)
    existing = ctx.world.domains.get(name)
    if existing is not None and existing.owner == ctx.login:
        raise CommandError("DOMAIN is already assigned to your account", code=540)
    if existing is not None or name in ctx.world.deleted or name in ctx.world.transfers:
        raise CommandError(name, code=554)
    require_idn(ctx, name)
    reserved = ctx.catalogue.reserved(name)
    if reserved:
        raise CommandError(f"{name}: {reserved}", code=541)
    months = period_months(
        ctx.p("PERIOD"), default=info.registration_periods[0] if info.registration_periods else "1Y"
    )
    check_period(months, info.registration_periods, what="registration")
    premium_class = _premium_class(ctx, name)
    registry_problem(ctx, name, "register")
    owner_contacts = resolve_contacts(ctx, required=True)
    nameservers = _nameservers(ctx.indexed("NAMESERVER"), info.nameserver_max)
    years = max(months // 12, 1)
    amount: Decimal | None
    if premium_class:
        premium = ctx.catalogue.premium(name)
        assert premium is not None
        amount, currency = premium.register_price, premium.currency
    else:
        amount, currency = table_price(ctx, info, "register", years)
    domain = new_domain(ctx, name, info, months=months, owner=ctx.login)
    # Validate everything that can fail before money moves (546 must leave the state untouched).
    apply_extensions(ctx, domain, info)
    internal_dns = _flag(ctx, "INTERNALDNS")
    if internal_dns:
        refuse_zone_held_elsewhere(ctx, name)
    charge_price(ctx, amount, currency, what="registration")
    domain.premium_class = premium_class
    domain.contacts = owner_contacts
    domain.nameservers = nameservers
    domain.renewal_mode = (ctx.p("RENEWALMODE") or "DEFAULT").upper()
    domain.transfer_lock = _flag(ctx, "TRANSFERLOCK")
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


def _nameservers(names: list[str], maximum: int) -> list[str]:
    clean: list[str] = []
    for raw in names:
        host = raw.strip().rstrip(".").lower()
        if host and host not in clean:
            clean.append(host)
    if maximum and len(clean) > maximum:
        raise CommandError(f"at most {maximum} nameservers", code=541)
    return clean


# ---- StatusDomain ----


def visible_status(domain: Domain) -> list[str]:
    status = list(domain.status)
    if domain.transfer_lock and "clientTransferProhibited" not in status:
        status.append("clientTransferProhibited")
    return status


def _host_attribute(world: World, nameserver: str) -> str:
    host = world.hosts.get(nameserver)
    return " ".join([nameserver, *host.ips]) if host is not None and host.ips else nameserver


def _hosts_of(world: World, domain: Domain) -> list[str]:
    """The domain's nameservers, then the host objects registered below it (its private nameservers, which
    the module's `pnslist` page lists from HOST[], ref-module §3.26)."""
    below = sorted(h.name for h in world.hosts.values() if h.domain == domain.name)
    return [*domain.nameservers, *(h for h in below if h not in domain.nameservers)]


def _next_action(domain: Domain) -> tuple[str, datetime | None]:
    if domain.renewal_mode == "AUTOEXPIRE":
        return "expire", domain.failure_date
    if domain.renewal_mode == "AUTODELETE":
        return "delete", domain.failure_date
    return "pay", domain.accounting_date


@command(
    "StatusDomain",
    Param("DOMAIN", required=True),
    Param("REFRESH", pattern=BOOL_RE),
    Param("HOSTTYPE", choices=("AUTO", "ATTRIBUTE", "OBJECT")),
    Param("REPOSITORYCONTACT"),
)
def status_domain(ctx: CommandContext) -> Reply:
    domain = _domain(ctx)
    info = ctx.catalogue.for_domain(domain.name)
    action, action_date = _next_action(domain)
    host_type = (ctx.p("HOSTTYPE") or "AUTO").upper()
    if host_type == "AUTO":
        host_type = info.host_managed_as if info is not None else "OBJECT"
    reply = Reply.ok()
    props: dict[str, Any] = {
        "ACCOUNTINGDATE": fmt(domain.accounting_date),
        "ACCOUNTINGPERIOD": "-5d",
        "ADMINCONTACT": domain.contacts.get("ADMINCONTACT", []),
        "AUTH": domain.auth_code,
        "BILLINGCONTACT": domain.contacts.get("BILLINGCONTACT", []),
        "CLASS": "DOMAIN",
        "CREATEDBY": domain.owner,
        "CREATEDDATE": fmt(domain.created_at),
        "DELETIONHOLDPERIOD": "5d",
        "DELETIONRESTORABLEPERIOD": f"{info.restorable_days}d" if info and info.restorable_days else "0d",
        "DESCRIPTION": domain.name,
        "DOMAINUMLAUT": umlaut(domain.name),
        "EXPIRATIONDATE": fmt(domain.expiration_date),
        "FAILUREDATE": fmt(domain.failure_date),
        "FAILUREPERIOD": "44d",
        "FINALIZATIONDATE": fmt(domain.finalization_date),
        "FINALIZATIONPERIOD": "1d",
        "HOST": [_host_attribute(ctx.world, ns) for ns in _hosts_of(ctx.world, domain)]
        if host_type == "ATTRIBUTE"
        else [],
        "HOSTTYPE": host_type,
        "ID": domain.name,
        "INTERNALNAMESERVER": ["ns1.ispapi.net", "ns2.ispapi.net", "ns3.ispapi.net"]
        if domain.internal_dns
        else [],
        "NAMESERVER": domain.nameservers,
        "NEXTACTION": action,
        "NEXTACTIONDATE": fmt(action_date),
        "OWNERCONTACT": domain.contacts.get("OWNERCONTACT", []),
        "PAIDUNTILDATE": fmt(domain.paid_until_date),
        "PEERUSER": "",
        "PREPAIDPERIOD": _prepaid(domain),
        "REGISTRAR": "SANDBOX",
        "REGISTRATIONEXPIRATIONDATE": fmt(domain.registration_expiration_date),
        "REGISTRATIONGRACEPERIOD": "0",
        "RENEWALDATE": fmt(domain.finalization_date),
        "RENEWALMODE": domain.renewal_mode,
        "REPOSITORY": domain.repository,
        "ROID": _roid(domain),
        "STATUS": visible_status(domain),
        "SUBCLASS": domain.premium_class or domain.tld_class,
        "TECHCONTACT": domain.contacts.get("TECHCONTACT", []),
        "TRANSFERDATE": "0000-00-00 00:00:00",
        "TRANSFERLOCK": "" if domain.transfer_lock is None else ("1" if domain.transfer_lock else "0"),
        "TRANSFERMODE": "DEFAULT",
        "UPDATEDBY": domain.owner,
        "UPDATEDDATE": fmt(domain.updated_at),
        "USER": domain.owner,
        "X-ACCEPT-WHOISTRUSTEE-TAC": ("1" if domain.whois_trustee else "0")
        if info and info.whois_privacy
        else "",
    }
    if domain.secdns_ds:
        props["SECDNS-DS"] = domain.secdns_ds
    if domain.secdns_key:
        props["SECDNS-KEY"] = domain.secdns_key
    if domain.secdns_maxsiglife:
        props["SECDNS-MAXSIGLIFE"] = domain.secdns_maxsiglife
    if domain.trade_transfer_lock_until is not None:
        props["TRADE-TRANSFERLOCK-EXPIRATIONDATE"] = fmt(domain.trade_transfer_lock_until)
    trade = ctx.world.trades.get(domain.name)
    if trade is not None and trade.status != "SUCCESSFUL":
        props["TRADE-OWNERCONTACT"] = [trade.new_owner_contact]
    for key, value in domain.registrant_verification.items():
        props[f"X-REGISTRANT-VERIFICATION-{key}"] = value
    for key, value in sorted(domain.extensions.items()):
        props.setdefault(key, value)
    if ctx.p("REPOSITORYCONTACT") == "*":
        for role in CONTACT_ROLES:
            props[f"REPOSITORY{role}"] = domain.contacts.get(role, [])
    for key, value in props.items():
        reply.set(key, value)
    return reply


def _roid(domain: Domain) -> str:
    digest = int(hashlib.sha256(domain.name.encode()).hexdigest()[:12], 16) % 10**9
    return f"{digest}_DOMAIN_{domain.tld_class}-SANDBOX"


def _prepaid(domain: Domain) -> str:
    if domain.paid_until_date is None or domain.expiration_date is None:
        return "0"
    days = (domain.paid_until_date - domain.expiration_date).days
    return f"{round(days / 365)}Y" if days > 0 else "0"


# ---- ModifyDomain ----


def _contact_edit_params() -> tuple[Param, ...]:
    found: list[Param] = []
    for role in CONTACT_ROLES:
        found.extend((Param(f"ADD{role}#", max_index=9), Param(f"DEL{role}#", max_index=9)))
    return tuple(found)


@command(
    "ModifyDomain",
    Param("DOMAIN", required=True),
    Param("DOMAINAUTH"),
    *NAMESERVERS,
    Param("ADDNAMESERVER#", pattern=HOST_RE, max_index=12),
    Param("DELNAMESERVER#", pattern=HOST_RE, max_index=12),
    *SECDNS,
    *CONTACTS,
    *_contact_edit_params(),
    Param("STATUS#"),
    Param("ADDSTATUS#"),
    Param("DELSTATUS#"),
    Param("AUTH"),
    Param("GENERATERANDOMAUTH", pattern=BOOL_RE),
    Param("TRANSFERLOCK", pattern=BOOL_RE),
    Param("INTERNALDNS", pattern=BOOL_RE),
    Param("FORCE", pattern=BOOL_RE),
    Param("REGISTRANT-VERIFIED", pattern=BOOL_RE),
    Param("RESET-X-AU-FLAGS"),
    Param("HOST#"),
    Param("ADDHOST#"),
    Param("DELHOST#"),
    Param("NAMESERVERSET"),
    Param("SUBUSER"),
    allow_extensions=True,
    mutating=True,
)
def modify_domain(ctx: CommandContext) -> Reply:
    domain = _domain(ctx)
    info = tld_info(ctx, domain.name)
    _not_frozen(domain, "modification")
    _pending_transfer(ctx, domain)
    touches_lock = ctx.p("TRANSFERLOCK") != "" or any(
        k.endswith("STATUS") or "STATUS" in k for k in ctx.params
    )
    if "clientUpdateProhibited" in domain.status and not touches_lock:
        raise CommandError("clientUpdateProhibited", code=552)
    registry_problem(ctx, domain.name, "modify")
    # Work on a copy: every check passes before anything is stored (errors leave the state untouched).
    updated = Domain(
        **{
            **domain.__dict__,
            "status": list(domain.status),
            "nameservers": list(domain.nameservers),
            "contacts": {k: list(v) for k, v in domain.contacts.items()},
            "secdns_ds": list(domain.secdns_ds),
            "secdns_key": list(domain.secdns_key),
            "extensions": dict(domain.extensions),
        }
    )
    _modify_nameservers(ctx, updated, info.nameserver_max)
    _modify_contacts(ctx, updated, domain, info.registrant_change_by)
    _modify_status(ctx, updated)
    _modify_secdns(ctx, updated)
    if ctx.p("TRANSFERLOCK") != "":
        updated.transfer_lock = _flag(ctx, "TRANSFERLOCK")
    if _flag(ctx, "GENERATERANDOMAUTH"):
        updated.auth_code = random_auth()
    elif ctx.p("AUTH"):
        updated.auth_code = ctx.p("AUTH")
    apply_extensions(ctx, updated, info)
    if _flag(ctx, "REGISTRANT-VERIFIED") and updated.registrant_verification:
        updated.registrant_verification["STATUS"] = "VERIFIED"
    internal_dns = _flag(ctx, "INTERNALDNS")
    if internal_dns:
        refuse_zone_held_elsewhere(ctx, domain.name)
    updated.updated_at = ctx.now
    domain.__dict__.update(updated.__dict__)
    if internal_dns:
        ensure_zone(ctx.world, domain, ctx.now)
    ctx.log_object(
        object_class="DOMAIN", object_id=domain.name, operation_type="UPDATE", operation_status="SUCCESSFUL"
    )
    return Reply.ok()


def _modify_nameservers(ctx: CommandContext, domain: Domain, maximum: int) -> None:
    replace = ctx.indexed("NAMESERVER")
    if replace:
        domain.nameservers = _nameservers(replace, maximum)
    removed = {n.strip().rstrip(".").lower() for n in ctx.indexed("DELNAMESERVER")}
    added = _nameservers(ctx.indexed("ADDNAMESERVER"), 0)
    current = [n for n in domain.nameservers if n not in removed]
    current.extend(n for n in added if n not in current)
    domain.nameservers = _nameservers(current, maximum)


def _material(old: str, new: str, ctx: CommandContext) -> bool:
    """A change of registrant in the IRTP sense: name, organisation or e-mail differ (ref-module §6.3)."""
    a, b = ctx.world.contacts.get(old), ctx.world.contacts.get(new)
    if a is None or b is None:
        return old != new
    return any(
        a.fields.get(f, "") != b.fields.get(f, "") for f in ("FIRSTNAME", "LASTNAME", "ORGANIZATION", "EMAIL")
    )


def _modify_contacts(ctx: CommandContext, updated: Domain, original: Domain, change_by: str) -> None:
    for role in CONTACT_ROLES:
        handles = contacts.resolve(ctx, role, required=False)
        if handles:
            updated.contacts[role] = handles
        for handle in ctx.indexed(f"DEL{role}"):
            updated.contacts[role] = [h for h in updated.contacts.get(role, []) if h != handle]
        for handle in ctx.indexed(f"ADD{role}"):
            contacts.owned(ctx, handle)
            updated.contacts.setdefault(role, []).append(handle)
    old_owner = (original.contacts.get("OWNERCONTACT") or [""])[0]
    new_owner = (updated.contacts.get("OWNERCONTACT") or [""])[0]
    if new_owner == old_owner or not _material(old_owner, new_owner, ctx):
        return
    if change_by == "TRADE":
        # Registries with a formal trade process refuse owner changes through an update (protocol §4.5).
        raise CommandError("change of registrant requires TradeDomain", code=506)
    if change_by == "ICANN-TRADE":
        updated.trade_transfer_lock_until = ctx.now + TRADE_LOCK


def _modify_status(ctx: CommandContext, domain: Domain) -> None:
    def canon(values: list[str]) -> list[str]:
        found = []
        for value in values:
            status = _STATUS_CANON.get(value.strip().upper())
            if status is None:
                raise CommandError(f"status {value} cannot be set by the registrar", code=541)
            found.append(status)
        return found

    base = [s for s in domain.status if s not in CLIENT_STATUSES]
    flags = [s for s in domain.status if s in CLIENT_STATUSES]
    if ctx.indexed("STATUS"):
        flags = canon(ctx.indexed("STATUS"))
    flags = [s for s in flags if s not in canon(ctx.indexed("DELSTATUS"))]
    flags.extend(s for s in canon(ctx.indexed("ADDSTATUS")) if s not in flags)
    if "clientTransferProhibited" in flags:
        domain.transfer_lock = True
        flags.remove("clientTransferProhibited")
    elif "clientTransferProhibited" in canon(ctx.indexed("DELSTATUS")):
        domain.transfer_lock = False
    domain.status = base + flags
    domain.suspended = bool(HOLD_STATUSES.intersection(flags))


def _modify_secdns(ctx: CommandContext, domain: Domain) -> None:
    if _flag(ctx, "SECDNS-REMOVE-ALL"):
        domain.secdns_ds, domain.secdns_key, domain.secdns_maxsiglife = [], [], ""
    for kind in ("DS", "KEY"):
        attr = "secdns_ds" if kind == "DS" else "secdns_key"
        values: list[str] = getattr(domain, attr)
        replace = ctx.indexed(f"SECDNS-{kind}")
        if replace:
            values = list(replace)
        removed = set(ctx.indexed(f"DELSECDNS-{kind}"))
        values = [v for v in values if v not in removed]
        values.extend(v for v in ctx.indexed(f"ADDSECDNS-{kind}") if v not in values)
        setattr(domain, attr, values)
    if ctx.p("SECDNS-MAXSIGLIFE"):
        domain.secdns_maxsiglife = ctx.p("SECDNS-MAXSIGLIFE")


# ---- renewals ----

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
    domain = _domain(ctx)
    info = tld_info(ctx, domain.name)
    if explicit and not info.explicit_renewal:
        raise CommandError("use PayDomainRenewal: the registry renews automatically", code=510)
    _not_frozen(domain, "renewal")
    _pending_transfer(ctx, domain)
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
        # Paid-until may run ahead of the registry expiry (ref-module §7.1); the lifecycle renews there.
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
    domain = _domain(ctx)
    _not_frozen(domain, "renewal mode change")
    domain.renewal_mode = ctx.require("RENEWALMODE").upper()
    domain.updated_at = ctx.now
    refresh_dates(domain)
    return Reply.ok(UNRENEW="1" if domain.renewal_mode in ("AUTOEXPIRE", "AUTODELETE") else "0")


# ---- delete / restore / push ----


@command(
    "DeleteDomain", Param("DOMAIN", required=True), Param("X-AT-SCHEDULEDATE", pattern=DATE_RE), mutating=True
)
def delete_domain(ctx: CommandContext) -> Reply:
    domain = _domain(ctx)
    _pending_transfer(ctx, domain)
    if "clientDeleteProhibited" in domain.status:
        raise CommandError("clientDeleteProhibited", code=552)
    if "PENDINGDELETE" in domain.status:
        raise CommandError("already PENDINGDELETE", code=552)
    domain.status = ["PENDINGDELETE"]
    domain.updated_at = ctx.now
    domain.failure_date = ctx.now + DELETE_DELAY
    ctx.log_object(
        object_class="DOMAIN", object_id=domain.name, operation_type="DELETE", operation_status="REQUEST"
    )
    return Reply.ok("action pending", pending=True, STATUS="PENDINGDELETE")


def finish_delete(world: World, domain: Domain, now: datetime, restorable_days: int | None) -> None:
    """PENDINGDELETE -> deleted (restorable for the TLD's window); used by the lifecycle."""
    world.domains.pop(domain.name, None)
    until = now + timedelta(days=restorable_days) if restorable_days else None
    world.deleted[domain.name] = DeletedDomain(
        name=domain.name,
        owner=domain.owner,
        deleted_at=now,
        restorable_until=until,
        expiration_date=until or now,
        snapshot=domain,
    )
    zone = world.zones.get(f"{domain.name}.")
    if zone is not None and zone.owner == domain.owner:
        del world.zones[zone.name]


@command(
    "RestoreDomain",
    Param("DOMAIN", required=True),
    Param("RENEWALMODE", choices=RENEWAL_MODES),
    Param("SUBUSER"),
    Param("CLASS"),
    Param("ORDER"),
    money=True,
)
def restore_domain(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    info = tld_info(ctx, name)
    live = ctx.world.domains.get(name)
    deleted = ctx.world.deleted.get(name)
    if live is not None and live.owner == ctx.login and "PENDINGDELETE" in live.status:
        snapshot = live
    elif deleted is not None and deleted.owner == ctx.login:
        if deleted.restorable_until is None or ctx.now > deleted.restorable_until or deleted.snapshot is None:
            raise CommandError(f"{name} is no longer restorable", code=552)
        if name in ctx.world.domains:
            raise CommandError(name, code=554)
        snapshot = deleted.snapshot
    elif live is not None and live.owner == ctx.login:
        raise CommandError(f"{name} is not deleted", code=552)
    else:
        raise ObjectNotFound(name)
    amount, currency = table_price(ctx, info, "restore")
    expired = snapshot.expiration_date is not None and snapshot.expiration_date < ctx.now
    total_due = charge_price(ctx, amount, currency, what="restore")
    if expired:
        renewal, renewal_currency = table_price(ctx, info, "renew", 1)
        try:
            charge_price(ctx, renewal, renewal_currency, what="restore renewal")
        except CommandError:
            ctx.account.balance += total_due  # all or nothing: give the restore fee back
            raise
        assert snapshot.expiration_date is not None
        snapshot.expiration_date = add_months(snapshot.expiration_date, 12)
        snapshot.paid_until_date = max(
            snapshot.paid_until_date or snapshot.expiration_date, snapshot.expiration_date
        )
    snapshot.status = ["ACTIVE"]
    snapshot.renewal_mode = (ctx.p("RENEWALMODE") or snapshot.renewal_mode or "DEFAULT").upper()
    snapshot.updated_at = ctx.now
    refresh_dates(snapshot)
    ctx.world.deleted.pop(name, None)
    ctx.world.domains[name] = snapshot
    ctx.counted(name)
    ctx.log_object(
        object_class="DOMAIN", object_id=name, operation_type="RESTORE", operation_status="SUCCESSFUL"
    )
    return Reply.ok("action pending", pending=True, DOMAIN=name, EXPIRATIONDATE=fmt(snapshot.expiration_date))


@command("PushDomain", Param("DOMAIN", required=True), Param("TARGET"), mutating=True)
def push_domain(ctx: CommandContext) -> Reply:
    domain = _domain(ctx)
    _pending_transfer(ctx, domain)
    _not_frozen(domain, "push")
    if domain.transfer_lock:
        raise CommandError("domain is locked (TRANSFERLOCK=1)", code=552)
    ctx.world.domains.pop(domain.name)
    ctx.log_object(
        object_class="DOMAIN", object_id=domain.name, operation_type="PUSH", operation_status="SUCCESSFUL"
    )
    return Reply.ok(TARGET=(ctx.p("TARGET") or "TRANSIT").upper())


# ---- lists ----

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
    action, action_date = _next_action(domain)
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
        "PREPAIDPERIOD": _prepaid(domain),
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
    wide = _flag(ctx, "WIDE")
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


# ---- options, repository, auth codes ----


@command("QueryDomainOptions", Param("DOMAIN#", required=True), Param("REPOSITORY#"), Param("PROPERTIES"))
def query_domain_options(ctx: CommandContext) -> Reply:
    rows: list[dict[str, str]] = []
    for raw in ctx.indexed("DOMAIN"):
        name = domain_name(raw if "." in raw else f"example.{raw}")
        info = tld_info(ctx, name)
        rows.append(info.domain_options(name))
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return Reply.ok().add_rows(rows, columns)


@command("QueryDomainRepositoryInfo", Param("DOMAIN", required=True))
def query_domain_repository_info(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    info = tld_info(ctx, name)
    reply = Reply.ok()
    for key, value in info.repository_info().items():
        reply.set(key, value)
    return reply


@command(
    "DENIC_CreateAuthInfo1",
    Param("DOMAIN", required=True),
    Param("AUTH"),
    Param("X-DE-AUTHINFO1-EXPIRATIONDATE", pattern=DATE_RE),
    mutating=True,
)
def denic_create_auth_info1(ctx: CommandContext) -> Reply:
    domain = _domain(ctx)
    if not domain.name.endswith(".de"):
        raise CommandError("DENIC_CreateAuthInfo1 is for .de domains", code=510)
    domain.auth_code = ctx.p("AUTH") or random_auth(12)
    expires = ctx.now + timedelta(days=30)
    domain.extensions["X-DE-AUTHINFO1-EXPIRATIONDATE"] = fmt(expires)
    return Reply.ok(
        AUTH=domain.auth_code, STATUS=visible_status(domain), X_DE_AUTHINFO1_EXPIRATIONDATE=fmt(expires)
    )


@command("RequestDomainAuthInfo", Param("DOMAIN", required=True), mutating=True)
def request_domain_auth_info(ctx: CommandContext) -> Reply:
    # The registry mails the code to the registrant; nothing comes back in the reply (protocol §4.9).
    domain = _domain(ctx)
    domain.auth_code = random_auth()
    return Reply.ok("action pending", pending=True, DOMAIN=domain.name, STATUS="PENDING")


__all__ = ["DELETE_DELAY", "finish_delete", "period_label", "visible_status"]
