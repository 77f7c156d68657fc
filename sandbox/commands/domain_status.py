"""StatusDomain: a domain's properties, dates and hosts (docs/ispapi-wire.md §4.3;
DOMAIN/STATUSDOMAIN.md)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sandbox.commands._domain import next_action, prepaid, target_domain, visible_status
from sandbox.context import CommandContext
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, Param, command
from sandbox.state import CONTACT_ROLES, Domain, World
from sandbox.world.dates import fmt, umlaut

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo

INTERNAL_NAMESERVERS = ["ns1.ispapi.net", "ns2.ispapi.net", "ns3.ispapi.net"]


def _host_attribute(world: World, nameserver: str) -> str:
    host = world.hosts.get(nameserver)
    return " ".join([nameserver, *host.ips]) if host is not None and host.ips else nameserver


def _hosts_of(world: World, domain: Domain) -> list[str]:
    """The domain's nameservers, then the host objects registered below it (its private nameservers, which
    the module's `pnslist` page lists from HOST[], docs/module-behaviour.md §3.26)."""
    below = sorted(h.name for h in world.hosts.values() if h.domain == domain.name)
    return [*domain.nameservers, *(h for h in below if h not in domain.nameservers)]


@command(
    "StatusDomain",
    Param("DOMAIN", required=True),
    Param("REFRESH", pattern=BOOL_RE),
    Param("HOSTTYPE", choices=("AUTO", "ATTRIBUTE", "OBJECT")),
    Param("REPOSITORYCONTACT"),
)
def status_domain(ctx: CommandContext) -> Reply:
    domain = target_domain(ctx)
    info = ctx.catalogue.for_domain(domain.name)
    host_type = (ctx.p("HOSTTYPE") or "AUTO").upper()
    if host_type == "AUTO":
        host_type = info.host_managed_as if info is not None else "OBJECT"
    # The two tables hold disjoint keys; the registry lists them in name order, then the optional ones.
    props = dict(sorted({**_date_props(domain, info), **_object_props(ctx, domain, info, host_type)}.items()))
    props.update(_optional_props(ctx, domain))
    reply = Reply.ok()
    for key, value in props.items():
        reply.set(key, value)
    return reply


def _date_props(domain: Domain, info: TldInfo | None) -> dict[str, Any]:
    action, action_date = next_action(domain)
    return {
        "ACCOUNTINGDATE": fmt(domain.accounting_date),
        "ACCOUNTINGPERIOD": "-5d",
        "CREATEDDATE": fmt(domain.created_at),
        "DELETIONHOLDPERIOD": "5d",
        "DELETIONRESTORABLEPERIOD": f"{info.restorable_days}d" if info and info.restorable_days else "0d",
        "EXPIRATIONDATE": fmt(domain.expiration_date),
        "FAILUREDATE": fmt(domain.failure_date),
        "FAILUREPERIOD": "44d",
        "FINALIZATIONDATE": fmt(domain.finalization_date),
        "FINALIZATIONPERIOD": "1d",
        "NEXTACTION": action,
        "NEXTACTIONDATE": fmt(action_date),
        "PAIDUNTILDATE": fmt(domain.paid_until_date),
        "PREPAIDPERIOD": prepaid(domain),
        "REGISTRATIONEXPIRATIONDATE": fmt(domain.registration_expiration_date),
        "REGISTRATIONGRACEPERIOD": "0",
        "RENEWALDATE": fmt(domain.finalization_date),
        "TRANSFERDATE": "0000-00-00 00:00:00",
        "UPDATEDDATE": fmt(domain.updated_at),
    }


def _object_props(
    ctx: CommandContext, domain: Domain, info: TldInfo | None, host_type: str
) -> dict[str, Any]:
    hosts = _hosts_of(ctx.world, domain) if host_type == "ATTRIBUTE" else []
    return {
        "ADMINCONTACT": domain.contacts.get("ADMINCONTACT", []),
        "AUTH": domain.auth_code,
        "BILLINGCONTACT": domain.contacts.get("BILLINGCONTACT", []),
        "CLASS": "DOMAIN",
        "CREATEDBY": domain.owner,
        "DESCRIPTION": domain.name,
        "DOMAINUMLAUT": umlaut(domain.name),
        "HOST": [_host_attribute(ctx.world, ns) for ns in hosts],
        "HOSTTYPE": host_type,
        "ID": domain.name,
        "INTERNALNAMESERVER": ["ns1.ispapi.net", "ns2.ispapi.net", "ns3.ispapi.net"]
        if domain.internal_dns
        else [],
        "NAMESERVER": domain.nameservers,
        "OWNERCONTACT": domain.contacts.get("OWNERCONTACT", []),
        "PEERUSER": "",
        "REGISTRAR": "SANDBOX",
        "RENEWALMODE": domain.renewal_mode,
        "REPOSITORY": domain.repository,
        "ROID": _roid(domain),
        "STATUS": visible_status(domain),
        "SUBCLASS": domain.premium_class or domain.tld_class,
        "TECHCONTACT": domain.contacts.get("TECHCONTACT", []),
        "TRANSFERLOCK": "" if domain.transfer_lock is None else ("1" if domain.transfer_lock else "0"),
        "TRANSFERMODE": "DEFAULT",
        "UPDATEDBY": domain.owner,
        "USER": domain.owner,
        "X-ACCEPT-WHOISTRUSTEE-TAC": ("1" if domain.whois_trustee else "0")
        if info and info.whois_privacy
        else "",
    }


def _optional_props(ctx: CommandContext, domain: Domain) -> dict[str, Any]:
    props: dict[str, Any] = {}
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
    return props


def _roid(domain: Domain) -> str:
    digest = int(hashlib.sha256(domain.name.encode()).hexdigest()[:12], 16) % 10**9
    return f"{digest}_DOMAIN_{domain.tld_class}-SANDBOX"
