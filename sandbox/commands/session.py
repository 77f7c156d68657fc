"""Authentication and sessions: CheckAuthentication, StartSession, EndSession (docs/ispapi-wire.md §1.4,
docs/ispapi-wire.md §4.1)."""

from __future__ import annotations

import secrets

from sandbox.context import CommandContext
from sandbox.errors import AuthenticationFailed
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, Param, command
from sandbox.state import Session


@command("CheckAuthentication", Param("SUBUSER"), Param("PASSWORD"))
def check_authentication(ctx: CommandContext) -> Reply:
    # The module sends its own credentials again as SUBUSER/PASSWORD (docs/module-behaviour.md §2.1): they
    # must match.
    subuser, password = ctx.p("SUBUSER"), ctx.p("PASSWORD")
    if subuser or password:
        login, _, role = subuser.partition("!")
        account = ctx.world.accounts.get(login)
        expected = None
        if account is not None:
            expected = account.roles[role].password if role and role in account.roles else account.password
            if role and role not in account.roles:
                expected = None
        if expected is None or not secrets.compare_digest(expected, password):
            raise AuthenticationFailed()
    return Reply.ok()


@command(
    "StartSession",
    Param("TIMEOUT", pattern=INT_RE),
    Param("MAXTTL", pattern=INT_RE),
    Param("TYPE"),
    Param("PERSISTENT", pattern=r"[01]"),
)
def start_session(ctx: CommandContext) -> Reply:
    timeout = min(max(int(ctx.p("TIMEOUT") or 600), 60), 3600)
    max_ttl = min(max(int(ctx.p("MAXTTL") or 86400), 60), 86400)
    session_id = secrets.token_hex(32)
    ctx.world.sessions[session_id] = Session(
        id=session_id, login=ctx.login, role=ctx.role, created_at=ctx.now, last_used_at=ctx.now,
        timeout_seconds=timeout, max_ttl_seconds=max_ttl,
    )  # fmt: skip
    return Reply.ok(SESSION=session_id)


@command("EndSession")
def end_session(ctx: CommandContext) -> Reply:
    session_id = ctx.session
    if not session_id or session_id not in ctx.world.sessions:
        raise AuthenticationFailed("SESSION NOT FOUND")
    del ctx.world.sessions[session_id]
    return Reply.ok()
