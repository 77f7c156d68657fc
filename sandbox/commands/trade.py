"""Change of registrant: TradeDomain and StatusDomainTrade (docs/ispapi-wire.md §4.5,
docs/module-behaviour.md §6.3).

A trade changes the registrant (name, organisation or e-mail); anything else is an update (ModifyDomain):
506 "trade is only allowed for change of registrant", and 219 "please use UPDATE method" for registries
that change owners by update. With both designated-agent confirmations the trade is realtime; otherwise
it waits for the confirmations (the sandbox clock completes it after TRADE_DAYS).
"""

from __future__ import annotations

from datetime import timedelta

from sandbox import contacts
from sandbox.commands._shared import CONTACTS, NAMESERVERS, TRADE_LOCK
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.money import charge_price, registry_problem, table_price
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, Param, command
from sandbox.state import CONTACT_ROLES, Trade
from sandbox.world.dates import domain_name, fmt
from sandbox.world.trades import apply_trade

TRADE_DAYS = 5
_MATERIAL = ("FIRSTNAME", "LASTNAME", "ORGANIZATION", "EMAIL")


def _is_material(ctx: CommandContext, old: str, new: str) -> bool:
    a, b = ctx.world.contacts.get(old), ctx.world.contacts.get(new)
    if a is None or b is None:
        return old != new
    return any(a.fields.get(f, "") != b.fields.get(f, "") for f in _MATERIAL)


@command(
    "TradeDomain",
    Param("DOMAIN", required=True),
    Param("ACTION", choices=("REQUEST", "CANCEL")),
    Param("AUTH"),
    Param("ORDER"),
    Param("ORDERID"),
    Param("HOST#"),
    Param("X-CONFIRM-DA-OLD-REGISTRANT", pattern=BOOL_RE),
    Param("X-CONFIRM-DA-NEW-REGISTRANT", pattern=BOOL_RE),
    Param("X-REQUEST-OPT-OUT-TRANSFERLOCK", pattern=BOOL_RE),
    *CONTACTS,
    *NAMESERVERS,
    allow_extensions=True,
    money=True,
)
def trade_domain(ctx: CommandContext) -> Reply:
    domain = ctx.owned_domain(domain_name(ctx.require("DOMAIN")))
    info = tld_info(ctx, domain.name)
    if (ctx.p("ACTION") or "REQUEST").upper() == "CANCEL":
        trade = ctx.world.trades.get(domain.name)
        if trade is None or trade.status != "REQUESTED":
            raise ObjectNotFound(f"no pending trade of {domain.name}")
        trade.status = "CANCELLED"
        trade.log.append(f"{fmt(ctx.now)} [CANCELLED] trade cancelled")
        return Reply.ok()
    if "PENDINGDELETE" in domain.status or domain.name in ctx.world.transfers:
        raise CommandError(f"{domain.name} cannot be traded now", code=552)
    if info.registrant_change_by == "UPDATE":
        raise CommandError("please use UPDATE method", code=219)
    registry_problem(ctx, domain.name, "trade")
    new_owner = contacts.resolve(ctx, "OWNERCONTACT", required=True)[0]
    old_owner = (domain.contacts.get("OWNERCONTACT") or [""])[0]
    if not _is_material(ctx, old_owner, new_owner):
        raise CommandError("trade is only allowed for change of registrant", code=506)
    others = {
        role: contacts.resolve(ctx, role, required=False) for role in CONTACT_ROLES if role != "OWNERCONTACT"
    }
    amount, currency = table_price(ctx, info, "trade")
    charge_price(ctx, amount, currency, what="trade")
    confirmed = ctx.flag("X-CONFIRM-DA-OLD-REGISTRANT") and ctx.flag("X-CONFIRM-DA-NEW-REGISTRANT")
    realtime = info.realtime and (info.registrant_change_by != "ICANN-TRADE" or bool(confirmed))
    trade = Trade(
        domain=domain.name,
        requester=ctx.login,
        status="SUCCESSFUL" if realtime else "REQUESTED",
        old_owner_contact=old_owner,
        new_owner_contact=new_owner,
        created_at=ctx.now,
        completes_at=None if realtime else ctx.now + timedelta(days=TRADE_DAYS),
        log=[f"{fmt(ctx.now)} [REQUESTED] domain trade requested"],
    )
    ctx.world.trades[domain.name] = trade
    for role, handles in others.items():
        if handles:
            domain.contacts[role] = handles
    lock = (
        info.registrant_change_by == "ICANN-TRADE" and ctx.flag("X-REQUEST-OPT-OUT-TRANSFERLOCK") is not True
    )
    trade_lock = ctx.now + TRADE_LOCK if lock else None
    if realtime:
        apply_trade(ctx.world, trade, ctx.now, lock_until=trade_lock)
    else:
        trade.log.append(f"lock={fmt(trade_lock)}")
    ctx.counted(domain.name)
    ctx.log_object(
        object_class="DOMAIN",
        object_id=domain.name,
        operation_type="TRADE",
        operation_status="SUCCESSFUL" if realtime else "PENDING",
    )
    if realtime:
        return Reply.ok("realtime domain trade succeeded")
    return Reply.ok("action pending", pending=True)


@command("StatusDomainTrade", Param("DOMAIN", required=True))
def status_domain_trade(ctx: CommandContext) -> Reply:
    domain = ctx.owned_domain(domain_name(ctx.require("DOMAIN")))
    trade = ctx.world.trades.get(domain.name)
    if trade is None or trade.status in ("SUCCESSFUL", "CANCELLED", "FAILED"):
        raise ObjectNotFound(f"no pending trade of {domain.name}")
    return Reply.ok(
        TRANSFERSTATUS=trade.status,
        TRANSFERTYPE="TRADE",
        OLD_OWNERCONTACT=[trade.old_owner_contact],
        OWNERCONTACT=[trade.new_owner_contact],
        ADMINCONTACT=domain.contacts.get("ADMINCONTACT", []),
        TECHCONTACT=domain.contacts.get("TECHCONTACT", []),
        BILLINGCONTACT=domain.contacts.get("BILLINGCONTACT", []),
        NAMESERVER=domain.nameservers,
        CREATEDDATE=fmt(trade.created_at),
        UPDATEDDATE=fmt(trade.created_at),
        REPOSITORY=domain.repository,
        TRANSFERLOG=[line for line in trade.log if not line.startswith("lock=")],
    )
