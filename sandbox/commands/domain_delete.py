"""A domain leaving the account: DeleteDomain, RestoreDomain and PushDomain."""

from __future__ import annotations

from sandbox.commands._domain import RENEWAL_MODES, not_frozen, refuse_pending_transfer, target_domain
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import DATE_RE, Param, command
from sandbox.world.dates import add_months, domain_name, fmt, refresh_dates
from sandbox.world.deletion import DELETE_DELAY


@command(
    "DeleteDomain", Param("DOMAIN", required=True), Param("X-AT-SCHEDULEDATE", pattern=DATE_RE), mutating=True
)
def delete_domain(ctx: CommandContext) -> Reply:
    domain = target_domain(ctx)
    refuse_pending_transfer(ctx, domain)
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
    domain = target_domain(ctx)
    refuse_pending_transfer(ctx, domain)
    not_frozen(domain, "push")
    if domain.transfer_lock:
        raise CommandError("domain is locked (TRANSFERLOCK=1)", code=552)
    ctx.world.domains.pop(domain.name)
    ctx.log_object(
        object_class="DOMAIN", object_id=domain.name, operation_type="PUSH", operation_status="SUCCESSFUL"
    )
    return Reply.ok(TARGET=(ctx.p("TARGET") or "TRANSIT").upper())
