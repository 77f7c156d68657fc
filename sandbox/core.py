"""The sandbox engine: authenticates a call, checks its parameters, runs the handler, renders the reply.

`Sandbox.execute(body) -> Executed` is synchronous and does no I/O, so it serves the ASGI app
(sandbox/app.py), in-process tests and benchmarks alike. Latency and faults are applied around it by the
HTTP layer. Nothing here raises to the caller: every problem becomes an ISPAPI reply (never an HTTP 500).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from sandbox.catalogue.registrants import Registrants
from sandbox.context import CommandContext
from sandbox.errors import AuthenticationFailed, AuthorizationFailed, CommandError, ControlError
from sandbox.faults import Faults, Latency
from sandbox.pricing import prices
from sandbox.protocol import ENTITY_LIVE, CallRequest, Reply, parse_request
from sandbox.registry import CommandSpec, lookup
from sandbox.state import Account, Clock, World
from sandbox.systems import ISPAPI, SEED_PREFIX, SYSTEMS, WORLD_SYSTEM
from sandbox.world.access import SessionProblem, password_login, use_session
from sandbox.world.lifecycle import Lifecycle
from sandbox.world.seeding import check_count, seed_world

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue

log = logging.getLogger("sandbox")

# Keys whose values never go into the command log (passwords, auth codes, sessions).
_SECRET_KEYS = ("PASSWORD", "AUTH", "S_PW", "SESSION")

Ticker = Callable[[World, datetime], None]
COMMAND_LOG_MAX = 50_000  # in-memory command log entries kept (oldest half dropped beyond)


@dataclass
class SandboxConfig:
    login: str = "demo"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    currency: str = "USD"
    balance: str = "100000.00"
    # Names reserved by RFC 2606/6761 and names held at other registrars (sandbox/catalogue/registrants.py).
    world_registrants: bool = True


@dataclass
class Executed:
    """The outcome of one call: the reply text plus what the controls need to know."""

    text: str
    command: str
    code: int
    mutating: bool


class Sandbox:
    """All state of one sandbox instance (every registry system and its worlds, sandbox/systems.py) and its
    controls. `execute` speaks ISPAPI; the CNR engine (sandbox/cnr/engine.py) runs on the same instance."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.clock = Clock()
        self.lock = threading.RLock()
        self.worlds: dict[str, World] = {}
        self.command_log: list[dict[str, Any]] = []
        self.money_counts: Counter[tuple[str, str, str]] = Counter()  # (entity, COMMAND, object) -> n
        # Called before every command with the caller's world: moves transfers/applications on by the clock.
        self.tickers: list[Ticker] = []
        # Controls (sandbox/controls.py): faults and latency are applied by the HTTP layer around execute().
        # One set per registry system; `faults`/`latency` are ISPAPI's (both entities share one endpoint).
        self.system_faults = {system: Faults() for system in SYSTEMS}
        self.system_latency = {system: Latency() for system in SYSTEMS}
        self.faults = self.system_faults[ISPAPI]
        self.latency = self.system_latency[ISPAPI]
        self.registrants = Registrants(enabled=self.config.world_registrants)
        # Receivers of every command-log entry (e.g. the CLI's --command-log file); entries are masked.
        self.log_sinks: list[Callable[[dict[str, Any]], None]] = []
        self.reset()
        self.lifecycle = Lifecycle(lambda: self.catalogue)
        self.tickers.append(self.lifecycle)

    @cached_property
    def catalogue(self) -> Catalogue:
        from sandbox.catalogue import default_catalogue

        return default_catalogue()

    def warm(self) -> None:
        """Build now what the first priced command would otherwise build while its client waits: the
        catalogue and its price table in the reseller's currency. About 100 ms of CPU, which made the first
        domain search after a start two round trips long instead of one (docs/sandbox.md "Start-up")."""
        prices(self.catalogue, self.config.currency)

    def reset(self) -> None:
        """Fresh state: one reseller account, present in every world (separate data per world)."""
        with self.lock:
            from decimal import Decimal

            self.worlds = {}
            for entity in WORLD_SYSTEM:
                world = World(entity=entity)
                world.accounts[self.config.login] = Account(
                    login=self.config.login,
                    password=self.config.password,
                    currency=self.config.currency,
                    balance=Decimal(self.config.balance),
                )
                self.worlds[entity] = world
            self.command_log.clear()
            self.money_counts.clear()

    def seed_domains(self, n: int, *, entity: str = ENTITY_LIVE, login: str | None = None) -> int:
        """Add `n` deterministic domains to `login`'s account (the configured one by default) in the world of
        `entity` (sandbox/world/seeding.py); ControlError for an unknown entity or account."""
        check_count(n)
        with self.lock:
            world = self.worlds.get(entity)
            if world is None:
                raise ControlError(f"unknown entity {entity!r}")
            added = seed_world(
                world,
                n,
                owner=login or self.config.login,
                now=self.clock.now(),
                catalogue=self.catalogue,
                prefix=SEED_PREFIX[WORLD_SYSTEM[entity]],
            )
            self.lifecycle.rescan()
            return added

    def money_count(self, domain: str, *, command: str | None = None, entity: str | None = None) -> int:
        """How many money operations succeeded on `domain` (optionally one command / one entity)."""
        domain = domain.lower()
        return sum(
            n
            for (ent, cmd, obj), n in self.money_counts.items()
            if obj == domain
            and (command is None or cmd == command.upper())
            and (entity is None or ent == entity)
        )

    def count_money(self, world: str, command: str, objects: list[str]) -> None:
        """Count a successful money command once per object (the duplicate-charge counters)."""
        for obj in objects:
            self.money_counts[(world, command.upper(), obj)] += 1

    def record(self, entry: dict[str, Any]) -> None:
        """Append one (masked) entry to the command log and hand it to the log sinks."""
        if len(self.command_log) >= COMMAND_LOG_MAX:
            del self.command_log[: COMMAND_LOG_MAX // 2]
        self.command_log.append(entry)
        for sink in self.log_sinks:
            sink(entry)

    # ---- one call ----

    def execute(self, body: bytes) -> Executed:
        with self.lock:
            started = self.clock.now()
            try:
                request = parse_request(body)
            except CommandError as exc:
                return self._finish(None, None, Reply.from_error(exc), started)
            try:
                spec = lookup(request.command)
            except CommandError as exc:
                return self._finish(request, None, Reply.from_error(exc), started)
            try:
                reply, ctx = self._run(request, spec)
            except CommandError as exc:
                return self._finish(request, spec, Reply.from_error(exc), started)
            except Exception:  # a sandbox bug must still answer in the protocol, never with HTTP 500
                log.exception("sandbox handler for %s failed", request.command)
                reply = Reply.from_error(CommandError("internal sandbox error", code=549))
                return self._finish(request, spec, reply, started)
            if reply.code < 300 and spec.money:
                self.count_money(request.entity, spec.name, ctx.money_objects)
            for entry in ctx.created_log:
                if not entry.info:
                    entry.info = _log_info(request, spec, reply)
            return self._finish(request, spec, reply, started)

    def _run(self, request: CallRequest, spec: CommandSpec) -> tuple[Reply, CommandContext]:
        world = self.worlds.get(request.entity)
        if world is None:
            raise CommandError(f"unknown system entity {request.entity!r}", code=502)
        account, role = self._authenticate(world, request)
        if role is not None and not account.roles[role].may(spec.name):
            raise AuthorizationFailed("Operation forbidden by ACL")
        if request.subuser:
            sub = world.accounts.get(request.subuser)
            if sub is None or sub.parent != account.login:
                raise AuthorizationFailed(f"subuser {request.subuser} not found")
            account = sub
        spec.validate(request.params)
        now = self.clock.now()
        for tick in self.tickers:
            tick(world, now)
        ctx = CommandContext(
            world=world, account=account, role=role, params=dict(request.params), clock=self.clock,
            catalogue=self.catalogue, session=request.session, registrants=self.registrants,
        )  # fmt: skip
        return spec.handler(ctx), ctx

    def _authenticate(self, world: World, request: CallRequest) -> tuple[Account, str | None]:
        if request.session:
            session = use_session(world, request.session, self.clock.now())
            if isinstance(session, SessionProblem):
                raise AuthenticationFailed("SESSION NOT FOUND")
            return world.accounts[session.login], session.role
        return password_login(world, request.login, request.role, request.password)

    def _finish(
        self, request: CallRequest | None, spec: CommandSpec | None, reply: Reply, started: datetime
    ) -> Executed:
        command = spec.name if spec else (request.command if request else "")
        self.record(
            {
                "time": started.isoformat(),
                "entity": request.entity if request else "",
                "login": request.login if request else None,
                "role": request.role if request else None,
                "command": command,
                "params": masked(request.params) if request else {},
                "code": reply.code,
                "description": reply.description,
            }
        )
        return Executed(
            text=reply.render(), command=command, code=reply.code, mutating=bool(spec and spec.mutating)
        )


def _log_info(request: CallRequest, spec: CommandSpec, reply: Reply) -> list[str]:
    """The stored request and response of a logged operation, as StatusObjectLog shows it
    (docs/ispapi-wire.md §4.4)."""
    command = [f"COMMAND={spec.name}"] + [f"{k}={v}" for k, v in masked(request.params).items()]
    response = reply.render().rstrip("\r\n").split("\r\n")
    return ["[HEADER]", f"user={request.login or ''}", "", "[COMMAND]", *command, "EOF", "", *response]


def masked(params: dict[str, str]) -> dict[str, str]:
    return {k: ("***" if v and _secret_key(k) else v) for k, v in params.items()}


@lru_cache(maxsize=4096)
def _secret_key(key: str) -> bool:
    # Cached: every command's parameters pass here for the command log, a CheckDomains batch ~160 of them.
    return any(secret in key for secret in _SECRET_KEYS)
