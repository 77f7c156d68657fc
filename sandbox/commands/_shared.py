"""Pieces shared by the domain money families (domain, transfer, application, trade): contacts, charges,
registry-parameter checks, new domain objects. Not a command module: it registers nothing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sandbox import contacts, dns_records
from sandbox.errors import CommandError
from sandbox.registry import HOST_RE, Param, contact_params
from sandbox.state import CONTACT_ROLES, Domain
from sandbox.world.registration import make_domain

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo
    from sandbox.context import CommandContext

NAMESERVERS = (Param("NAMESERVER#", pattern=HOST_RE, max_index=12),)
CONTACTS = contact_params(*CONTACT_ROLES)
# The registrant verification window of ICANN gTLDs (15 days, RAA 2013 WHOIS accuracy program).
VERIFICATION_WINDOW = timedelta(days=15)
TRADE_LOCK = timedelta(days=60)  # IRTP-C 60-day lock after a change of registrant


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
    """A fresh domain object (sandbox/world/registration.py)."""
    return make_domain(
        name, info, owner=owner, now=ctx.now, months=months, created=created, expiration=expiration
    )


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


def require_idn(ctx: CommandContext, name: str) -> None:
    """AddDomain/TransferDomain: the IDN rules of CheckDomains as errors. A refused label is 541 on DOMAIN;
    a missing X-IDN-LANGUAGE where the TLD needs it 504, a tag not covering the script 541."""
    refusal = ctx.catalogue.idn_refusal(name)
    if refusal is not None:
        raise CommandError(f"DOMAIN ({refusal})", code=541)
    problem = ctx.catalogue.idn_tag_problem(name, ctx.p("X-IDN-LANGUAGE"))
    if problem is not None:
        raise CommandError(problem.param, code=problem.code)
