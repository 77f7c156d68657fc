"""Environment values: GetEnvironment, SetEnvironment, QueryEnvironmentList (docs/ispapi-wire.md §4.1;
API/USER/ENVIRONMENT/*.md; the module keeps telemetry and web-app settings there:
docs/module-behaviour.md §9.5, §10.3).

Storage: `World.environment["<login>|<key>"] = {name: value}`. A query names a key (a path prefix such as
`_cp3/config/webapps`) and a name; its full path is `<key>/<name>`.
"""

from __future__ import annotations

import re

from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, CommandError, InvalidSyntax
from sandbox.listing import page
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, Param, command
from sandbox.state import World

_SUFFIX = re.compile(r"^(ENVIRONMENTKEY|ENVIRONMENTNAME|ENVIRONMENTVALUE|USEPARENT|LEVEL|SUBUSER)([0-9]*)$")


def _slot(login: str, key: str) -> str:
    return f"{login}|{key}"


def _path(key: str, name: str) -> str:
    return f"{key}/{name}" if key else name


def _groups(ctx: CommandContext) -> list[str]:
    """The query/assignment suffixes in use ("" for the unindexed parameters, then 0, 1, ...)."""
    suffixes = {m.group(2) for key in ctx.params if (m := _SUFFIX.match(key))}
    return sorted(suffixes, key=lambda s: int(s) if s else -1)


def _subuser(ctx: CommandContext, name: str) -> str:
    account = ctx.world.accounts.get(name)
    if account is None or account.parent != ctx.login:
        raise AuthorizationFailed(f"{name} is not a subuser of {ctx.login}")
    return account.login


def _lookup(
    world: World, login: str, key: str, name: str, *, use_parent: bool, levels: int | None
) -> str | None:
    """The value for login, else (USEPARENT) for its parents, at most `levels` of them (LEVEL)."""
    current: str | None = login
    climbed = 0
    while current is not None:
        value = world.environment.get(_slot(current, key), {}).get(name)
        if value is not None:
            return value
        account = world.accounts.get(current)
        if not use_parent or account is None or (levels is not None and climbed >= levels):
            return None
        current, climbed = account.parent, climbed + 1
    return None


@command(
    "GetEnvironment",
    Param("ENVIRONMENTKEY#"),
    Param("ENVIRONMENTNAME#"),
    Param("LEVEL#", pattern=r"[0-9]+"),
    Param("SUBUSER#"),
    Param("USEPARENT#", pattern=BOOL_RE),
)
def get_environment(ctx: CommandContext) -> Reply:
    values: list[str] = []
    missing: list[str] = []
    invalid: list[str] = []
    for suffix in _groups(ctx):
        key = ctx.p(f"ENVIRONMENTKEY{suffix}").strip().strip("/")
        name = ctx.p(f"ENVIRONMENTNAME{suffix}").strip()
        subuser = ctx.p(f"SUBUSER{suffix}").strip()
        use_parent = ctx.flag(f"USEPARENT{suffix}") or False
        if not name:
            # A query without a name is reported, not fatal (GETENVIRONMENT.md: INVALID).
            invalid.append(_path(key, f"ENVIRONMENTNAME{suffix}"))
            values.append("")
            continue
        if subuser and use_parent:
            raise CommandError(f"SUBUSER{suffix} and USEPARENT{suffix} must not be combined", code=541)
        login = _subuser(ctx, subuser) if subuser else ctx.login
        level = ctx.p(f"LEVEL{suffix}").strip()
        value = _lookup(
            ctx.world, login, key, name, use_parent=use_parent, levels=int(level) if level else None
        )
        if value is None:
            missing.append(_path(key, name))
        values.append(value or "")
    if not values:
        raise CommandError("ENVIRONMENTNAME", code=504)
    reply = Reply.ok().set("ENVIRONMENTVALUE", values)
    if missing:
        reply.set("MISSING", missing)
    if invalid:
        reply.set("INVALID", invalid)
    return reply


@command(
    "SetEnvironment",
    Param("ENVIRONMENTKEY#"),
    Param("ENVIRONMENTNAME#", required=True),
    Param("ENVIRONMENTVALUE#"),
    Param("SUBUSER"),
    mutating=True,
)
def set_environment(ctx: CommandContext) -> Reply:
    login = _subuser(ctx, ctx.p("SUBUSER").strip()) if ctx.p("SUBUSER").strip() else ctx.login
    changes: list[tuple[str, str, str | None]] = []
    for suffix in _groups(ctx):
        key = ctx.p(f"ENVIRONMENTKEY{suffix}").strip().strip("/")
        name = ctx.p(f"ENVIRONMENTNAME{suffix}").strip()
        if not name:
            raise CommandError(f"ENVIRONMENTNAME{suffix}", code=504)
        if "|" in key:
            raise InvalidSyntax(f"Syntax error in Parameter ENVIRONMENTKEY{suffix} ({key})")
        # No value (or an empty one) deletes the entry (SETENVIRONMENT.md; the module relies on it,
        # docs/module-behaviour.md §10.3).
        changes.append((key, name, ctx.p(f"ENVIRONMENTVALUE{suffix}") or None))
    for key, name, value in changes:
        slot = ctx.world.environment.setdefault(_slot(login, key), {})
        if value is None:
            slot.pop(name, None)
        else:
            slot[name] = value
        if not slot:
            del ctx.world.environment[_slot(login, key)]
    return Reply.ok()


@command(
    "QueryEnvironmentList",
    Param("ENVIRONMENTKEY"),
    Param("SUBUSER"),
    Param("MATCHMODE", choices=("EXACT", "PREFIX")),
)
def query_environment_list(ctx: CommandContext) -> Reply:
    login = _subuser(ctx, ctx.p("SUBUSER").strip()) if ctx.p("SUBUSER").strip() else ctx.login
    mine = {
        slot.split("|", 1)[1]: names
        for slot, names in ctx.world.environment.items()
        if slot.split("|", 1)[0] == login
    }
    wanted = ctx.p("ENVIRONMENTKEY").strip().strip("/")
    reply = Reply.ok()
    if not wanted:
        # Without a key the list names the keys only (QUERYENVIRONMENTLIST.md notes).
        keys = sorted(mine)
        page(ctx, reply, keys, limit_property=False)
        return reply.set("ENVIRONMENTKEY", keys)
    prefix = ctx.p("MATCHMODE").upper() == "PREFIX"
    rows = [
        {"ENVIRONMENTKEY": key, "ENVIRONMENTNAME": name, "ENVIRONMENTVALUE": value}
        for key in sorted(mine)
        if key == wanted or (prefix and key.startswith(wanted))
        for name, value in sorted(mine[key].items())
    ]
    page(ctx, reply, rows, limit_property=False)
    return reply.add_rows(rows, ("ENVIRONMENTKEY", "ENVIRONMENTNAME", "ENVIRONMENTVALUE"))
