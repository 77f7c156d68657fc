"""CNR QueryObjectLogList: the caller's object-log entries (what the mutating commands of both dialects
logged in the shared world), filtered by object class and id (patterns) and a date range, paged. Its
columns are the reference's: LOG, LOG_DATE, OBJECT_CLASS, OBJECT_ID, OPERATION_TYPE, OPERATION_STATUS."""

from __future__ import annotations

from sandbox.cnr.commands._common import paged
from sandbox.cnr.table import BOOL, PAGING, command
from sandbox.context import CommandContext
from sandbox.listing import parse_date
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.state import ObjectLogEntry
from sandbox.world.dates import fmt, pattern_matcher

COLUMNS = ("LOG", "LOG_DATE", "OBJECT_CLASS", "OBJECT_ID", "OPERATION_TYPE", "OPERATION_STATUS")


def _row(entry: ObjectLogEntry) -> dict[str, object]:
    return {
        "LOG": entry.index,
        "LOG_DATE": fmt(entry.date),
        "OBJECT_CLASS": entry.object_class,
        "OBJECT_ID": entry.object_id,
        "OPERATION_TYPE": entry.operation_type,
        "OPERATION_STATUS": entry.operation_status,
    }


@command(
    "QueryObjectLogList",
    Param("OBJECTID"),
    Param("OBJECTCLASS"),
    Param("MINDATE"),
    Param("MAXDATE"),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
    *PAGING,
)
def query_object_log_list(ctx: CommandContext) -> Reply:
    entries = [e for e in ctx.world.object_log if e.user == ctx.login]
    for param, attribute in (("OBJECTCLASS", "object_class"), ("OBJECTID", "object_id")):
        matcher = pattern_matcher(ctx.p(param))
        if matcher is not None:
            entries = [e for e in entries if matcher.fullmatch(str(getattr(e, attribute)).lower())]
    if ctx.p("MINDATE").strip():
        low = parse_date("MINDATE", ctx.p("MINDATE"))
        entries = [e for e in entries if e.date >= low]
    if ctx.p("MAXDATE").strip():
        high = parse_date("MAXDATE", ctx.p("MAXDATE"), end_of_day=True)
        entries = [e for e in entries if e.date <= high]
    descending = ctx.p("ORDER").upper() == "DESC"
    entries.sort(key=lambda e: (e.date, e.index), reverse=descending)
    return paged(ctx, [_row(e) for e in entries], COLUMNS, listed=False)
