"""CNR account and session commands: StatusAccount, StartSession, StopSession. (A bare `persistent=1` login
opens a session in the engine itself, as the official client does it.)"""

from __future__ import annotations

import secrets

from sandbox.cnr.table import BOOL, command
from sandbox.context import CommandContext
from sandbox.errors import CommandError
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.state import Session

SESSION_TIMEOUT = 600
SESSION_MAX_TTL = 86400


@command("StatusAccount", Param("REGISTRAR"))
def status_account(ctx: CommandContext) -> Reply:
    account = ctx.account
    if ctx.p("REGISTRAR") and ctx.p("REGISTRAR") != account.login:
        sub = ctx.world.accounts.get(ctx.p("REGISTRAR"))
        if sub is None or sub.parent != account.login:
            raise CommandError(f"REGISTRAR {ctx.p('REGISTRAR')}", code=545)
        account = sub
    return Reply.ok(
        REGISTRAR=account.login,
        AMOUNT=f"{account.balance:.2f}",
        CREDIT=f"{account.balance + account.credit_limit:.2f}",
        CREDIT_THRESHOLD=f"{account.credit_limit:.2f}",
        CURRENCY=account.currency,
        VAT=f"{account.vat:.2f}",
    )


@command("StartSession", Param("PERSISTENT", pattern=BOOL), mutating=True)
def start_session(ctx: CommandContext) -> Reply:
    session_id = secrets.token_hex(16)
    ctx.world.sessions[session_id] = Session(
        id=session_id, login=ctx.login, role=ctx.role, created_at=ctx.now, last_used_at=ctx.now,
        timeout_seconds=SESSION_TIMEOUT, max_ttl_seconds=SESSION_MAX_TTL,
    )  # fmt: skip
    return Reply.ok(SESSIONID=session_id)


@command("StopSession", mutating=True)
def stop_session(ctx: CommandContext) -> Reply:
    if not ctx.session or ctx.session not in ctx.world.sessions:
        raise CommandError("no session in use (s_sessionid)", code=547)
    del ctx.world.sessions[ctx.session]
    return Reply.ok()
