"""A CNR domain leaving the account: DeleteDomain (ACTION INSTANT by default, AUTODELETE/AUTOEXPIRE as
renewal modes, PUSH), RestoreDomain (within the TLD's restore window, charged) and PushDomain."""

from __future__ import annotations

from sandbox.cnr.commands._common import DOMAIN, logged, owned_domain, roid
from sandbox.cnr.table import command
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.state import Domain
from sandbox.world.dates import domain_name, fmt, refresh_dates
from sandbox.world.deletion import DELETE_DELAY
from sandbox.world.transfers import FOREIGN

DELETE_ACTIONS = ("INSTANT", "AUTODELETE", "AUTOEXPIRE", "PUSH")


def _deletable(ctx: CommandContext, domain: Domain) -> None:
    if domain.name in ctx.world.transfers:
        raise CommandError(domain.name, code=553)
    if "PENDINGDELETE" in domain.status:
        raise CommandError("domain is already being deleted", code=552)
    if "clientDeleteProhibited" in domain.status:
        raise CommandError("clientDeleteProhibited", code=552)


@command(
    "DeleteDomain",
    DOMAIN,
    Param("ACTION", choices=DELETE_ACTIONS),
    Param("TARGET"),
    Param("TOKEN"),
    mutating=True,
)
def delete_domain(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    _deletable(ctx, domain)
    action = (ctx.p("ACTION") or "INSTANT").upper()
    if action == "PUSH":
        return _push(ctx, domain)
    if action in ("AUTODELETE", "AUTOEXPIRE"):
        domain.renewal_mode = action
        refresh_dates(domain)
        return Reply.ok(ROID=roid(domain), STATUS=" ".join(domain.status))
    domain.status = ["PENDINGDELETE"]
    domain.updated_at = ctx.now
    domain.failure_date = ctx.now + DELETE_DELAY
    logged(ctx, domain.name, "DELETE", "REQUEST")
    return Reply.ok(ROID=roid(domain), STATUS="PENDINGDELETE", DELETION_DATE=fmt(domain.failure_date))


@command("RestoreDomain", DOMAIN, money=True)
def restore_domain(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    deleted = ctx.world.deleted.get(name)
    if deleted is None or deleted.owner != ctx.login or deleted.snapshot is None:
        raise ObjectNotFound(name)
    if deleted.restorable_until is None or ctx.now > deleted.restorable_until:
        raise CommandError("the restore period is over", code=552)
    if name in ctx.world.domains:
        raise CommandError(name, code=554)
    amount, currency = table_price(ctx, tld_info(ctx, name), "restore")
    charge_price(ctx, amount, currency, what="restore")
    domain = deleted.snapshot
    del ctx.world.deleted[name]
    domain.status = ["ACTIVE"]
    domain.updated_at = ctx.now
    refresh_dates(domain)
    ctx.world.domains[name] = domain
    ctx.counted(name)
    logged(ctx, name, "RESTORE")
    return Reply.ok(REGISTRATION_EXPIRATION_DATE=fmt(domain.expiration_date))


@command("PushDomain", DOMAIN, Param("TARGET"), Param("TOKEN"), mutating=True)
def push_domain(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    _deletable(ctx, domain)
    return _push(ctx, domain)


def _push(ctx: CommandContext, domain: Domain) -> Reply:
    """The domain goes to the registry (or TARGET, e.g. TRANSIT for .de): out of the account."""
    if domain.transfer_lock:
        raise CommandError("domain is locked (TRANSFERLOCK=1)", code=552)
    domain.owner = FOREIGN
    domain.updated_at = ctx.now
    logged(ctx, domain.name, "PUSH")
    return Reply.ok(
        ROID=roid(domain), TRANSFER_STATUS="PUSHED", TARGET=(ctx.p("TARGET") or "REGISTRY").upper()
    )
