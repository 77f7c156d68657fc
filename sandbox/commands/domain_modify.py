"""ModifyDomain: nameservers, contacts, statuses, DNSSEC, auth code, lock (docs/ispapi-wire.md §4.3)."""

from __future__ import annotations

from sandbox import contacts
from sandbox.commands._domain import (
    CLIENT_STATUSES,
    HOLD_STATUSES,
    SECDNS,
    STATUS_CANON,
    flag_set,
    nameserver_list,
    not_frozen,
    refuse_pending_transfer,
    target_domain,
)
from sandbox.commands._shared import (
    CONTACTS,
    NAMESERVERS,
    TRADE_LOCK,
    apply_extensions,
    refuse_zone_held_elsewhere,
)
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError
from sandbox.money import registry_problem
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, HOST_RE, Param, command
from sandbox.state import CONTACT_ROLES, Domain
from sandbox.world.dates import random_auth
from sandbox.world.zones import ensure_zone


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
    domain = target_domain(ctx)
    info = tld_info(ctx, domain.name)
    not_frozen(domain, "modification")
    refuse_pending_transfer(ctx, domain)
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
        updated.transfer_lock = flag_set(ctx, "TRANSFERLOCK")
    if flag_set(ctx, "GENERATERANDOMAUTH"):
        updated.auth_code = random_auth()
    elif ctx.p("AUTH"):
        updated.auth_code = ctx.p("AUTH")
    apply_extensions(ctx, updated, info)
    if flag_set(ctx, "REGISTRANT-VERIFIED") and updated.registrant_verification:
        updated.registrant_verification["STATUS"] = "VERIFIED"
    internal_dns = flag_set(ctx, "INTERNALDNS")
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
        domain.nameservers = nameserver_list(replace, maximum)
    removed = {n.strip().rstrip(".").lower() for n in ctx.indexed("DELNAMESERVER")}
    added = nameserver_list(ctx.indexed("ADDNAMESERVER"), 0)
    current = [n for n in domain.nameservers if n not in removed]
    current.extend(n for n in added if n not in current)
    domain.nameservers = nameserver_list(current, maximum)


def _material(old: str, new: str, ctx: CommandContext) -> bool:
    """A change of registrant in the IRTP sense: name, organisation or e-mail differ
    (docs/module-behaviour.md §6.3)."""
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
        # Registries with a formal trade process refuse owner changes through an update
        # (docs/ispapi-wire.md §4.5).
        raise CommandError("change of registrant requires TradeDomain", code=506)
    if change_by == "ICANN-TRADE":
        updated.trade_transfer_lock_until = ctx.now + TRADE_LOCK


def _modify_status(ctx: CommandContext, domain: Domain) -> None:
    def canon(values: list[str]) -> list[str]:
        found = []
        for value in values:
            status = STATUS_CANON.get(value.strip().upper())
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
    if flag_set(ctx, "SECDNS-REMOVE-ALL"):
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
