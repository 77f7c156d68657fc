"""The CNR engine: authenticates a call, checks its parameters, runs the handler, renders a CNR reply.

One engine per CNR system (`cnr`, `cnr-ote`), both on the shared `Sandbox` (its lock, clock, catalogue,
lifecycle, command log and money counters) and each on its own world. Like the ISPAPI engine it never
raises to the caller and never imports a handler: handlers are found in the CNR command table.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from sandbox.cnr.table import CNR
from sandbox.cnr.wire import CnrRequest, parse_cnr_request, render
from sandbox.context import CommandContext
from sandbox.core import Executed, masked
from sandbox.errors import AuthenticationFailed, AuthorizationFailed, CommandError
from sandbox.protocol import Reply
from sandbox.registry import CommandSpec
from sandbox.state import Account, World
from sandbox.world.access import SessionProblem, password_login, use_session

if TYPE_CHECKING:
    from sandbox.core import Sandbox

log = logging.getLogger("sandbox.cnr")
# Opening and closing a session is logging in and out, not an operation a role's ACL lists: a role user
# limited to CheckDomains still works in a session (docs/sandbox.md). An inactive role may not.
SESSION_COMMANDS = frozenset({"STARTSESSION", "STOPSESSION"})


class CnrEngine:
    def __init__(self, sandbox: Sandbox, system: str) -> None:
        self.sandbox = sandbox
        self.system = system  # also the key of its world

    @property
    def world(self) -> World:
        return self.sandbox.worlds[self.system]

    def execute(self, body: bytes) -> Executed:
        with self.sandbox.lock:
            started = self.sandbox.clock.now()
            request: CnrRequest | None = None
            spec: CommandSpec | None = None
            try:
                request = parse_cnr_request(body)
                if not request.command and not request.persistent:
                    raise CommandError("COMMAND missing", code=504)
                # `persistent=1` without a command is a login: the StartSession it stands for.
                request = request if request.command else replace(request, command="StartSession")
                spec = CNR.lookup(request.command)
                reply = self._run(request, spec)
            except CommandError as exc:
                reply = Reply.from_error(exc)
            except Exception:  # a sandbox bug must still answer in the protocol, never with HTTP 500
                log.exception("sandbox CNR handler for %s failed", request.command if request else "?")
                reply = Reply.from_error(CommandError("internal sandbox error", code=549))
            return self._finish(request, spec, reply, started)

    def _run(self, request: CnrRequest, spec: CommandSpec) -> Reply:
        account, role = self._authenticate(request)
        if role is not None and not _permitted(account, role, spec.name):
            raise AuthorizationFailed("Operation forbidden by ACL")
        params = dict(request.params)
        subuser = params.pop("SUBUSER", "")
        if subuser:
            sub = self.world.accounts.get(subuser)
            if sub is None or sub.parent != account.login:
                raise AuthorizationFailed(f"subuser {subuser} not found")
            account = sub
        spec.validate(params)
        now = self.sandbox.clock.now()
        for tick in self.sandbox.tickers:
            tick(self.world, now)
        ctx = CommandContext(
            world=self.world, account=account, role=role, params=params, clock=self.sandbox.clock,
            catalogue=self.sandbox.catalogue, session=request.session, registrants=self.sandbox.registrants,
        )  # fmt: skip
        reply = spec.handler(ctx)
        if reply.code < 300 and spec.money:
            self.sandbox.count_money(self.system, spec.name, ctx.money_objects)
        return reply

    def _authenticate(self, request: CnrRequest) -> tuple[Account, str | None]:
        world = self.world
        if request.session:
            known = world.sessions.get(request.session)
            if known is None or (request.login and request.login.split(":")[0] != known.login):
                raise AuthenticationFailed("session not found")
            session = use_session(world, request.session, self.sandbox.clock.now())
            if isinstance(session, SessionProblem):
                raise AuthenticationFailed("session expired")
            return world.accounts[session.login], session.role
        return password_login(world, request.login, request.role, request.password)

    def _finish(
        self, request: CnrRequest | None, spec: CommandSpec | None, reply: Reply, started: datetime
    ) -> Executed:
        command = spec.name if spec else (request.command if request else "")
        self.sandbox.record(
            {
                "time": started.isoformat(),
                "entity": self.system,
                "system": self.system,
                "login": request.login if request else None,
                "role": request.role if request else None,
                "command": command,
                "params": masked(request.params) if request else {},
                "code": reply.code,
                "description": reply.description,
            }
        )
        mutating = bool(spec and spec.mutating)
        return Executed(text=render(reply), command=command, code=reply.code, mutating=mutating)


def _permitted(account: Account, role: str, command: str) -> bool:
    user = account.roles[role]
    return user.may(command) or (command.upper() in SESSION_COMMANDS and user.status == "ACTIVE")
