"""Object logs and object lists: QueryObjectLogList, StatusObjectLog, QueryObjectList
(docs/ispapi-wire.md §4.4; API/OBJECT/*.md; how TransferSync and Sync read them:
docs/module-behaviour.md §7.1-§7.3).

Log entries are written by the mutating commands (`CommandContext.log_object`); the engine stores each call's
request and response in them, which StatusObjectLog returns as OPERATIONINFO lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, InvalidSyntax, ObjectNotFound
from sandbox.listing import like, owners, page, within_dates
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, PAGING, Param, command
from sandbox.state import ObjectLogEntry, World
from sandbox.world.dates import fmt

_LOG_ORDER: dict[str, Callable[[ObjectLogEntry], Any]] = {
    "OBJECTID": lambda e: (e.object_id, e.index),
    "OBJECTCLASS": lambda e: (e.object_class, e.index),
    "LOGDATE": lambda e: (e.date, e.index),
}
_LOG_COLUMNS = (
    "LOGDATE", "LOGINDEX", "LOGROLEID", "LOGUSER", "OBJECTCLASS", "OBJECTID", "OPERATIONSTATUS",
    "OPERATIONTYPE", "REFERENCE",
)  # fmt: skip


def _log_row(entry: ObjectLogEntry) -> dict[str, object]:
    return {
        "LOGDATE": fmt(entry.date),
        "LOGINDEX": entry.index,
        "LOGROLEID": "",
        "LOGUSER": entry.user,
        "OBJECTCLASS": entry.object_class,
        "OBJECTID": entry.object_id,
        "OPERATIONSTATUS": entry.operation_status,
        "OPERATIONTYPE": entry.operation_type,
        "REFERENCE": entry.user,
    }


def _order(
    ctx: CommandContext, table: dict[str, Callable[[Any], Any]], default: str
) -> tuple[Callable[[Any], Any], bool]:
    order = (ctx.p("ORDERBY").strip() or default).upper()
    key = table.get(order.removesuffix("DESC"))
    if key is None:
        raise InvalidSyntax(f"Syntax error in Parameter ORDERBY ({order})")
    return key, order.endswith("DESC")


@command(
    "QueryObjectLogList",
    Param("OBJECTCLASS"),
    Param("OBJECTID"),
    Param("OPERATIONTYPE"),
    Param("OPERATIONSTATUS"),
    Param("MINDATE"),
    Param("MAXDATE"),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    *PAGING,
)
def query_object_log_list(ctx: CommandContext) -> Reply:
    visible = owners(ctx, ctx.p("USERDEPTH"))
    entries = [e for e in ctx.world.object_log if e.user in visible]
    for param, attribute in (
        ("OBJECTCLASS", "object_class"),
        ("OBJECTID", "object_id"),
        ("OPERATIONTYPE", "operation_type"),
        ("OPERATIONSTATUS", "operation_status"),
    ):
        wanted = ctx.p(param).strip()
        if wanted:
            entries = [e for e in entries if getattr(e, attribute).lower() == wanted.lower()]
    entries = within_dates(ctx, entries)
    key, descending = _order(ctx, _LOG_ORDER, "LOGDATE")
    entries.sort(key=key, reverse=descending)
    reply = Reply.ok()
    chunk = page(ctx, reply, entries)
    return reply.add_rows((_log_row(e) for e in chunk), _LOG_COLUMNS)


@command("StatusObjectLog", Param("LOGINDEX", required=True, pattern=INT_RE))
def status_object_log(ctx: CommandContext) -> Reply:
    index = int(ctx.require("LOGINDEX"))
    entry = next((e for e in ctx.world.object_log if e.index == index), None)
    if entry is None:
        raise ObjectNotFound(f"log entry {index}")
    if entry.user not in owners(ctx, "ALL"):
        raise AuthorizationFailed(f"log entry {index}")
    row = _log_row(entry)
    reply = Reply.ok()
    for name in ("LOGDATE", "LOGROLEID"):
        reply.set(name, row[name])
    reply.set("LOGSTATUS", "ok")
    for name in ("LOGUSER", "OBJECTCLASS", "OBJECTID"):
        reply.set(name, row[name])
    reply.set("OPERATIONINFO", entry.info)
    for name in ("OPERATIONSTATUS", "OPERATIONTYPE", "REFERENCE"):
        reply.set(name, row[name])
    return reply


@dataclass(frozen=True)
class _Object:
    object_class: str
    object_id: str
    owner: str
    created: datetime | None
    updated: datetime | None
    expires: datetime | None


def _objects(world: World, now: datetime) -> list[_Object]:
    """Every object a list can show, per class (QUERYOBJECTLIST.md; DELETEDDOMAIN: only restorable ones)."""
    found = [
        _Object("DOMAIN", d.name, d.owner, d.created_at, d.updated_at, d.expiration_date)
        for d in world.domains.values()
    ]
    found += [
        _Object("CONTACT", c.handle, c.owner, c.created_at, c.updated_at, None)
        for c in world.contacts.values()
    ]
    found += [
        _Object("NAMESERVER", h.name, h.owner, h.created_at, h.updated_at, None) for h in world.hosts.values()
    ]
    found += [
        _Object("DNSZONE", z.name, z.owner, z.created_at, z.updated_at, None) for z in world.zones.values()
    ]
    found += [
        _Object(
            "DELETEDDOMAIN", d.name, d.owner, d.deleted_at, d.deleted_at, d.expiration_date or d.deleted_at
        )
        for d in world.deleted.values()
        if d.restorable_until is not None and d.restorable_until > now
    ]
    return found


_OBJECT_ORDER: dict[str, Callable[[_Object], Any]] = {
    "OBJECTCLASS": lambda o: (o.object_class, o.object_id),
    "OBJECTID": lambda o: (o.object_id, o.object_class),
    "EXPIRATIONDATE": lambda o: (fmt(o.expires), o.object_id),
}


@command(
    "QueryObjectList",
    # WIDE is "Min 1" in the reference, yet the module's DELETEDDOMAIN lookup sends none
    # (docs/module-behaviour.md §7.1).
    Param("WIDE", choices=("0", "1")),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    Param("OBJECTCLASS"),
    Param("OBJECTID"),
    *PAGING,
)
def query_object_list(ctx: CommandContext) -> Reply:
    visible = owners(ctx, ctx.p("USERDEPTH"))
    object_class, object_id = ctx.p("OBJECTCLASS").strip(), ctx.p("OBJECTID").strip().rstrip(".").lower()
    objects = [
        o
        for o in _objects(ctx.world, ctx.now)
        if o.owner in visible
        and (not object_class or like(object_class, o.object_class))
        and (not object_id or like(object_id, o.object_id.rstrip(".")))
    ]
    # The module reads 545 as "not deleted here at all: transferred away", COUNT=0 as "deleted, no longer
    # restorable" (docs/module-behaviour.md §7.1), so a literal DELETEDDOMAIN id never deleted in this account
    # is a 545.
    literal = object_id and not any(c in object_id for c in "*%")
    if object_class.upper() == "DELETEDDOMAIN" and literal:
        record = ctx.world.deleted.get(object_id)
        if record is None or record.owner not in visible:
            raise ObjectNotFound(f"deleted domain {object_id}")
    if ctx.p("ORDERBY").strip():
        key, descending = _order(ctx, _OBJECT_ORDER, "OBJECTCLASS")
        objects.sort(key=key, reverse=descending)
    reply = Reply.ok()
    chunk = page(ctx, reply, objects)
    columns = ["OBJECTCLASS", "OBJECTID", "CREATEDDATE", "UPDATEDDATE", "EXPIRATIONDATE"]
    wide = ctx.p("WIDE") == "1"
    if wide:
        columns += ["PARENTUSER", "PEERUSER", "USER"]
    accounts = ctx.world.accounts
    rows = [
        {
            "OBJECTCLASS": o.object_class,
            "OBJECTID": o.object_id,
            "CREATEDDATE": fmt(o.created),
            "UPDATEDDATE": fmt(o.updated),
            "EXPIRATIONDATE": fmt(o.expires),
            "PARENTUSER": (accounts[o.owner].parent or "") if o.owner in accounts else "",
            "PEERUSER": "",
            "USER": o.owner,
        }
        for o in chunk
    ]
    return reply.add_rows(rows, columns)
