"""What every Query*List command shares: paging, user depth, search patterns and dates
(docs/ispapi-wire.md §2.6).

Paging: FIRST is a 0-based offset, LIMIT the page size; replies carry FIRST, LAST, COUNT, TOTAL (all matches)
and LIMIT before the row columns, as the reference examples show them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

from sandbox.context import CommandContext
from sandbox.errors import InvalidSyntax
from sandbox.protocol import Reply
from sandbox.world.dates import DATE_FORMAT

T = TypeVar("T")

DEFAULT_LIMIT = 1000


def page(
    ctx: CommandContext,
    reply: Reply,
    rows: Sequence[T],
    *,
    default_limit: int = DEFAULT_LIMIT,
    limit_property: bool = True,
) -> list[T]:
    """The rows of the requested page; sets the paging properties on `reply`.

    505 for a negative FIRST or a LIMIT below 1.
    """
    first = _int(ctx, "FIRST", 0)
    limit = _int(ctx, "LIMIT", default_limit)
    if first < 0:
        raise InvalidSyntax(f"Syntax error in Parameter FIRST ({first})")
    if limit < 1:
        raise InvalidSyntax(f"Syntax error in Parameter LIMIT ({limit})")
    chunk = list(rows[first : first + limit])
    reply.set("FIRST", first)
    # An empty page still names its start; COUNT=0 tells it apart from a one-row page.
    reply.set("LAST", first + max(len(chunk), 1) - 1)
    reply.set("COUNT", len(chunk))
    reply.set("TOTAL", len(rows))
    if limit_property:
        reply.set("LIMIT", limit)
    return chunk


def owners(ctx: CommandContext, depth: str = "") -> set[str]:
    """Logins whose objects a list shows: SELF = the caller, SUBUSER = its direct subusers, ALL (default) =
    the caller and every account below it (QueryObjectList notes)."""
    depth = (depth or "ALL").upper()
    children: dict[str, list[str]] = {}
    for account in ctx.world.accounts.values():
        if account.parent is not None:
            children.setdefault(account.parent, []).append(account.login)
    if depth == "SELF":
        return {ctx.login}
    if depth == "SUBUSER":
        return set(children.get(ctx.login, []))
    found, todo = {ctx.login}, [ctx.login]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def like(pattern: str, value: str) -> bool:
    """ISPAPI search patterns: `*` and `%` stand for any run of characters; case-insensitive, whole value."""
    parts = (re.escape(part) for part in re.split(r"[*%]", pattern))
    return re.fullmatch(".*".join(parts), value, flags=re.IGNORECASE | re.DOTALL) is not None


def parse_date(name: str, value: str, *, end_of_day: bool = False) -> datetime:
    """`YYYY-MM-DD[ HH:MM[:SS]]` (UTC); a bare date as an upper bound covers its whole day."""
    text = value.strip().replace("T", " ")
    for pattern in (DATE_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
        if pattern == "%Y-%m-%d" and end_of_day:
            parsed += timedelta(days=1, seconds=-1)
        return parsed
    raise InvalidSyntax(f"Syntax error in Parameter {name} ({value})")


def _int(ctx: CommandContext, name: str, default: int) -> int:
    raw = ctx.p(name).strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidSyntax(f"Syntax error in Parameter {name} ({raw})") from exc


MAX_LIMIT = 10000


def page_bounds(ctx: CommandContext, *, default_limit: int = DEFAULT_LIMIT) -> tuple[int, int]:
    first = int(ctx.p("FIRST") or 0)
    limit = int(ctx.p("LIMIT") or default_limit)
    if first < 0 or limit < 0:
        raise InvalidSyntax("FIRST and LIMIT must not be negative")
    return first, min(limit, MAX_LIMIT)


def paged_reply(
    rows: Sequence[Mapping[str, object]],
    columns: Sequence[str],
    *,
    first: int,
    limit: int,
    total: bool = True,
) -> Reply:
    """The list reply of docs/ispapi-wire.md §2.6: FIRST, LAST, COUNT, TOTAL, LIMIT plus one column per
    field."""
    page = rows[first : first + limit]
    reply = Reply.ok()
    reply.add_rows(page, columns)
    reply.set("FIRST", first)
    reply.set("LAST", first + len(page) - 1 if page else max(first - 1, 0))
    reply.set("COUNT", len(page))
    if total:
        reply.set("TOTAL", len(rows))
    reply.set("LIMIT", limit)
    return reply


def in_subtree(ctx: CommandContext, owner: str) -> bool:
    """USERDEPTH: SELF (default) the caller only; SUBUSER/ALL also its subusers."""
    if owner == ctx.login:
        return True
    depth = ctx.p("USERDEPTH").upper()
    if depth not in ("SUBUSER", "ALL"):
        return False
    account = ctx.world.accounts.get(owner)
    return account is not None and account.parent == ctx.login


class _HasDate(Protocol):
    @property
    def date(self) -> datetime: ...


_Dated = TypeVar("_Dated", bound=_HasDate)


def within_dates(ctx: CommandContext, entries: list[_Dated]) -> list[_Dated]:
    """The entries dated between MINDATE and MAXDATE (whole days; either may be absent), as both
    dialects' object-log queries take them."""
    if ctx.p("MINDATE").strip():
        low = parse_date("MINDATE", ctx.p("MINDATE"))
        entries = [e for e in entries if e.date >= low]
    if ctx.p("MAXDATE").strip():
        high = parse_date("MAXDATE", ctx.p("MAXDATE"), end_of_day=True)
        entries = [e for e in entries if e.date <= high]
    return entries
