"""CNR owner changes: TradeDomain (ACTION REQUEST by default, CANCEL) and StatusOwnerChange. The TLD decides
the process (sandbox/catalogue): TRADE registries change the owner only through a charged trade, which
completes by the sandbox clock (sandbox/world/trades.py); ICANN gTLDs change it at once and lock the domain
against transfers for 60 days unless the registrant opts out; UPDATE registries take it through
ModifyDomain (a TradeDomain there is 541)."""

from __future__ import annotations

from datetime import timedelta

from sandbox import contacts
from sandbox.cnr import extensions
from sandbox.cnr.commands._common import (
    CONTACT_PARAMS,
    DOMAIN,
    FEE_PARAMS,
    NAMESERVERS,
    TRADE_LOCK,
    logged,
    material_change,
    owned_domain,
)  # fmt: skip
from sandbox.cnr.table import BOOL, command
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.state import CONTACT_ROLES, Trade
from sandbox.world.dates import fmt
from sandbox.world.trades import apply_trade

TRADE_DAYS = 5


@command(
    "TradeDomain",
    DOMAIN,
    *CONTACT_PARAMS,
    *NAMESERVERS,
    Param("ACTION", choices=("REQUEST", "CANCEL")),
    Param("AUTH"),
    Param("TOKEN"),
    Param("X-REQUEST-OPT-OUT-TRANSFERLOCK", pattern=BOOL),
    *FEE_PARAMS,
    allow_extensions=True,
    money=True,
)
def trade_domain(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    if (ctx.p("ACTION") or "REQUEST").upper() == "CANCEL":
        return _cancel(ctx, domain.name)
    info = tld_info(ctx, domain.name)
    if info.registrant_change_by == "UPDATE":
        raise CommandError("this registry changes the owner through ModifyDomain", code=541)
    if "PENDINGDELETE" in domain.status or domain.name in ctx.world.transfers:
        raise CommandError(f"{domain.name} cannot be traded now", code=552)
    extensions.check(info.name, ctx.params, registering=False)
    handles = ctx.indexed("OWNERCONTACT")
    if not handles:
        raise CommandError("OWNERCONTACT0", code=504)
    new_owner = contacts.owned(ctx, handles[0].strip()).handle
    old_owner = (domain.contacts.get("OWNERCONTACT") or [""])[0]
    if not material_change(ctx.world, old_owner, new_owner):
        raise CommandError("a trade is only for a change of registrant", code=506)
    amount, currency = table_price(ctx, info, "trade")
    charged = charge_price(ctx, amount, currency, what="trade") if info.registrant_change_by == "TRADE" else 0
    for role in CONTACT_ROLES[1:]:
        others = [contacts.owned(ctx, h.strip()).handle for h in ctx.indexed(role)]
        if others:
            domain.contacts[role] = others
    realtime = info.registrant_change_by != "TRADE"
    trade = Trade(
        domain=domain.name, requester=ctx.login, status="REQUESTED", old_owner_contact=old_owner,
        new_owner_contact=new_owner, created_at=ctx.now,
        completes_at=None if realtime else ctx.now + timedelta(days=TRADE_DAYS),
        log=[f"{fmt(ctx.now)} [REQUESTED] domain trade requested"],
    )  # fmt: skip
    ctx.world.trades[domain.name] = trade
    ctx.counted(domain.name)
    if realtime:
        opted_out = ctx.flag("X-REQUEST-OPT-OUT-TRANSFERLOCK") is True
        apply_trade(ctx.world, trade, ctx.now, lock_until=None if opted_out else ctx.now + TRADE_LOCK)
        logged(ctx, domain.name, "TRADE")
        return Reply.ok(OWNERCONTACT=new_owner, INFO="owner change completed")
    logged(ctx, domain.name, "TRADE", "PENDING")
    reply = Reply.ok("action pending", OWNERCONTACT=new_owner, INFO="owner change pending")
    return reply.set("X-FEE-AMOUNT", f"{charged:.2f}").set("X-FEE-CURRENCY", ctx.account.currency)


def _cancel(ctx: CommandContext, name: str) -> Reply:
    trade = ctx.world.trades.get(name)
    if trade is None or trade.status != "REQUESTED":
        raise ObjectNotFound(f"no pending owner change of {name}")
    trade.status = "CANCELLED"
    trade.log.append(f"{fmt(ctx.now)} [CANCELLED] trade cancelled")
    return Reply.ok()


@command("StatusOwnerChange", DOMAIN)
def status_owner_change(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    trade = ctx.world.trades.get(domain.name)
    if trade is None:
        raise ObjectNotFound(f"no owner change of {domain.name}")
    expires = trade.completes_at or trade.created_at
    reply = Reply.ok(DOMAIN=domain.name, STATUS="SUCCESS" if trade.status == "SUCCESSFUL" else trade.status)
    reply.set("REQUESTED DATE", fmt(trade.created_at)).set("EXPIRE DATE", fmt(expires))
    return reply.set("LOSING REGISTRANT", trade.old_owner_contact).set(
        "GAINING REGISTRANT", trade.new_owner_contact
    )
