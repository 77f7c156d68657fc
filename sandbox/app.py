"""The ASGI app: `POST /api/call.cgi` speaks the ISPAPI wire protocol (or CNR with `dialect="cnr"`),
`/cnr/api/call.cgi` and `/cnr-ote/api/call.cgi` the CNR dialect of its live and OT&E systems;
`/_sandbox/...` holds the controls.

Usable in-process from tests: `httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()))`, with the
engine at `app.state.sandbox` for the Python control API.

Faults (sandbox/controls.py) that must look like a broken connection to the client: over a real server the
reply announces a longer Content-Length than it sends, so the server closes the connection and the client
sees an incomplete message (httpx: RemoteProtocolError). In-process (httpx.ASGITransport) the app raises
httpx.RemoteProtocolError itself, which the transport hands to the client unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from sandbox import controls
from sandbox.cnr import wire as cnr_wire
from sandbox.cnr.commands import load_all as load_cnr
from sandbox.cnr.engine import CnrEngine
from sandbox.commands import load_all
from sandbox.core import Executed, Sandbox, SandboxConfig
from sandbox.errors import CommandError
from sandbox.persistence import StateStore
from sandbox.protocol import ENTITY_LIVE, Reply, parse_request
from sandbox.systems import CNR, CNR_OTE, ISPAPI, SYSTEMS

MAX_BODY_BYTES = 4 * 1024 * 1024
AUTOSAVE_SECONDS = 1.0
TEXT = "text/plain; charset=UTF-8"


class BrokenReply(Response):
    """A reply that never arrives whole: the client sees a transport error (see module docstring).

    A real server (one that declares `asgi.spec_version` in the scope, as uvicorn does) gets the start of a
    reply whose Content-Length promises more, and the app returns without finishing it: the server then
    closes the connection. httpx.ASGITransport (no spec_version) cannot break a connection, so the app
    raises the error the client would see.
    """

    def __init__(self) -> None:
        super().__init__(content=b"", media_type=TEXT)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: ARG002
        if "spec_version" not in scope.get("asgi", {}):
            raise httpx.RemoteProtocolError("sandbox fault: connection closed before the reply was complete")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", TEXT.encode()), (b"content-length", b"4096")],
            }
        )
        await send({"type": "http.response.body", "body": b"[RESPONSE]\r\nCODE=2", "more_body": True})


def _command_name(body: bytes) -> str:
    try:
        return parse_request(body).command
    except CommandError:
        return ""


@dataclass(frozen=True)
class Dialect:
    """How one endpoint reads a command name, runs a call and words a reply."""

    system: str
    execute: Callable[[bytes], Executed]
    command_of: Callable[[bytes], str]
    render: Callable[[Reply], str]


DIALECTS = ("ispapi", "cnr")


def create_app(
    sandbox: Sandbox | None = None,
    *,
    config: SandboxConfig | None = None,
    admin_token: str | None = None,
    store: StateStore | None = None,
    dialect: str = "ispapi",
) -> Starlette:
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r} (one of {', '.join(DIALECTS)})")
    load_all()
    load_cnr()
    engine = sandbox or Sandbox(config)
    ispapi = Dialect(ISPAPI, engine.execute, _command_name, lambda reply: reply.render())
    cnr, cnr_ote = (
        Dialect(system, CnrEngine(engine, system).execute, cnr_wire.command_name, cnr_wire.render)
        for system in (CNR, CNR_OTE)
    )
    main = cnr if dialect == "cnr" else ispapi
    routes = [
        Route("/api/call.cgi", _endpoint(engine, main, store), methods=["POST"]),
        Route("/cnr/api/call.cgi", _endpoint(engine, cnr, store), methods=["POST"]),
        Route("/cnr-ote/api/call.cgi", _endpoint(engine, cnr_ote, store), methods=["POST"]),
    ]

    admin = _admin_routes(engine, admin_token)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        engine.warm()  # before the first request, not during it
        task = asyncio.create_task(_autosave(engine, store)) if store is not None else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if store is not None:
                store.save(engine)

    app = Starlette(routes=[*routes, *admin], lifespan=lifespan)
    app.state.sandbox = engine
    app.state.store = store
    return app


# How long a call on the default latency waits before its command runs, so that requests arriving at about
# the same time note their arrival first (the time counts towards the latency).
ARRIVAL_WINDOW_SECONDS = 0.001


def _endpoint(
    engine: Sandbox, dialect: Dialect, store: StateStore | None
) -> Callable[[Request], Awaitable[Response]]:
    """One API endpoint: the system's latency and faults around the dialect's engine."""
    faults, latency = engine.system_faults[dialect.system], engine.system_latency[dialect.system]

    async def call(request: Request) -> Response:
        arrived = time.monotonic()
        body = await _read_limited(request)
        if body is None:
            reply = Reply.from_error(CommandError("request body too large", code=507))
            return PlainTextResponse(dialect.render(reply), media_type=TEXT)
        name = dialect.command_of(body)
        fault = faults.pick(name)
        delay_ms = latency.for_command(name) + (faults.slow_ms if fault == "slow" else 0)
        # The distance (default latency) is waited out after the command ran; a slow command or fault first.
        distance = fault not in ("slow", "temporary", "dropped") and latency.carried_out_first(name)
        if delay_ms and not distance:
            await asyncio.sleep(delay_ms / 1000)
        if fault == "temporary":
            engine.record({"command": name, "code": 421, "fault": fault, "system": dialect.system})
            return PlainTextResponse(dialect.render(Reply(code=421)), media_type=TEXT)
        if fault == "dropped":
            engine.record({"command": name, "code": None, "fault": fault, "system": dialect.system})
            return BrokenReply()
        if distance and delay_ms:
            # Requests coming in meanwhile note their arrival before this one's work delays them: their
            # replies are due N ms after they came, not after the calls ahead of them were carried out. A
            # short pause rather than one yield: a request's handler starts only a few loop turns after its
            # bytes arrive (read, parsed, a task made for it).
            await asyncio.sleep(ARRIVAL_WINDOW_SECONDS)
        executed = dialect.execute(body)
        if executed.mutating and store is not None:
            store.mark_dirty()
        if distance and delay_ms:
            await asyncio.sleep(max(0.0, arrived + delay_ms / 1000 - time.monotonic()))
        if fault == "reply_lost":
            engine.command_log[-1]["fault"] = fault
            return BrokenReply()
        return PlainTextResponse(executed.text, media_type=TEXT)

    return call


async def _read_limited(request: Request) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _autosave(engine: Sandbox, store: StateStore) -> None:
    while True:
        await asyncio.sleep(AUTOSAVE_SECONDS)
        if store.dirty:
            await asyncio.to_thread(store.save, engine)


# ---- admin API ----

AdminHandler = Callable[[Sandbox, Request, dict[str, Any]], Awaitable[Any] | Any]


def _admin_routes(engine: Sandbox, token: str | None) -> list[Route]:
    def guard(handler: AdminHandler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if token is not None:
                given = request.headers.get("x-sandbox-token") or request.headers.get("authorization", "")
                given = given.removeprefix("Bearer ").strip()
                # An empty token (a misconfiguration) authorises nothing: compare_digest("", "") is True.
                if not token or not given or not secrets.compare_digest(given.encode(), token.encode()):
                    return JSONResponse({"error": "admin token required"}, status_code=401)
            data: dict[str, Any] = {}
            if request.method == "POST":
                raw = await request.body()
                if raw.strip():
                    try:
                        parsed = json.loads(raw)
                    except ValueError:
                        return JSONResponse({"error": "body is not JSON"}, status_code=400)
                    if not isinstance(parsed, dict):
                        return JSONResponse({"error": "body must be a JSON object"}, status_code=400)
                    data = parsed
            try:
                result = handler(engine, request, data)
                if asyncio.iscoroutine(result):
                    result = await result
            except KeyError as exc:
                return JSONResponse({"error": f"missing field {exc.args[0]!r}"}, status_code=400)
            # OverflowError: JSON numbers like 1e400 or 1e308 days, which int()/timedelta cannot take.
            except (controls.ControlError, ValueError, TypeError, OverflowError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            if isinstance(result, Response):
                return result
            return JSONResponse(result if result is not None else {"ok": True})

        return endpoint

    return [
        Route("/_sandbox/commands", guard(_commands), methods=["GET"]),
        Route("/_sandbox/money", guard(_money), methods=["GET"]),
        Route("/_sandbox/reset", guard(_reset), methods=["POST"]),
        Route("/_sandbox/clock", guard(_clock), methods=["GET", "POST"]),
        Route("/_sandbox/faults", guard(_faults), methods=["POST", "DELETE"]),
        Route("/_sandbox/latency", guard(_latency), methods=["POST"]),
        Route("/_sandbox/seed", guard(_seed), methods=["POST"]),
        Route("/_sandbox/accounts", guard(_accounts), methods=["POST"]),
        Route("/_sandbox/roles", guard(_roles), methods=["POST"]),
        Route("/_sandbox/foreign-domains", guard(_foreign), methods=["POST"]),
        Route("/_sandbox/transfers/{domain}", guard(_transfer), methods=["POST"]),
        Route("/_sandbox/applications/{application}", guard(_application), methods=["POST"]),
        Route("/_sandbox/verifications/{domain}", guard(_verification), methods=["POST"]),
        Route("/_sandbox/migrate", guard(_migrate), methods=["POST"]),
    ]


def _commands(engine: Sandbox, _: Request, __: dict[str, Any]) -> Response:
    with engine.lock:
        lines = [json.dumps(entry, default=str) for entry in engine.command_log]
    return PlainTextResponse("\n".join(lines) + ("\n" if lines else ""), media_type="application/x-ndjson")


def _money(engine: Sandbox, request: Request, _: dict[str, Any]) -> dict[str, Any]:
    domain = request.query_params.get("domain", "")
    if not domain:
        raise ValueError("query parameter domain missing")
    command = request.query_params.get("command") or None
    return {
        "domain": domain.lower(),
        "command": command,
        "count": engine.money_count(domain, command=command),
    }


def _reset(engine: Sandbox, _: Request, __: dict[str, Any]) -> dict[str, Any]:
    engine.reset()
    for faults in engine.system_faults.values():
        faults.clear()
    for ticker in engine.tickers:
        rescan = getattr(ticker, "rescan", None)
        if rescan is not None:
            rescan()
    return {"ok": True}


def _clock(engine: Sandbox, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    if request.method == "POST":
        engine.clock.advance(days=float(data.get("days", 0)), seconds=float(data.get("seconds", 0)))
    return {"now": engine.clock.now().strftime("%Y-%m-%d %H:%M:%S")}


def _system(data: dict[str, Any]) -> str:
    """The registry system a control addresses ("system": ispapi (default), cnr or cnr-ote)."""
    system = str(data.get("system", ISPAPI))
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r} (one of {', '.join(SYSTEMS)})")
    return system


def _faults(engine: Sandbox, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    faults = engine.system_faults[_system(data)]
    if request.method == "DELETE":
        faults.clear()
        return {"ok": True}
    kind = str(data["kind"])
    command = data.get("command")
    if data.get("once"):
        faults.next(kind=kind, command=command)
    else:
        faults.set(kind, float(data.get("probability", 1.0)), command=command)
    return {"ok": True}


def _latency(engine: Sandbox, _: Request, data: dict[str, Any]) -> dict[str, Any]:
    latency = engine.system_latency[_system(data)]
    ms = int(data["ms"])
    if ms < 0:
        raise ValueError("ms must not be negative")
    if data.get("command"):
        latency.per_command[str(data["command"]).upper()] = ms
    else:
        latency.default_ms = ms
    return {"ok": True}


def _seed(engine: Sandbox, _: Request, data: dict[str, Any]) -> dict[str, Any]:
    added = engine.seed_domains(
        int(data["n"]), entity=str(data.get("entity", ENTITY_LIVE)), login=data.get("login")
    )
    return {"added": added}


def _accounts(engine: Sandbox, _: Request, data: dict[str, Any]) -> dict[str, Any]:
    controls.add_account(
        engine,
        str(data["login"]),
        str(data["password"]),
        entity=data.get("entity"),
        currency=str(data.get("currency", "USD")),
        balance=str(data.get("balance", "100000.00")),
        parent=data.get("parent"),
    )
    return {"ok": True}


def _roles(engine: Sandbox, _: Request, data: dict[str, Any]) -> dict[str, Any]:
    allow = data.get("allow")
    if allow is not None and not isinstance(allow, list):
        raise ValueError("allow must be a list of command names")
    controls.add_role_user(
        engine,
        str(data["login"]),
        str(data["role"]),
        str(data["password"]),
        allow=[str(c) for c in allow] if allow is not None else None,
        entity=data.get("entity"),
    )
    return {"ok": True}


def _foreign(engine: Sandbox, _: Request, data: dict[str, Any]) -> dict[str, Any]:
    auth = controls.add_foreign_domain(
        engine,
        str(data["domain"]).lower(),
        auth=data.get("auth"),
        entity=str(data.get("entity", ENTITY_LIVE)),
        locked=bool(data.get("locked", False)),
    )
    return {"auth": auth}


def _transfer(engine: Sandbox, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    controls.finish_transfer(
        engine,
        request.path_params["domain"],
        success=bool(data.get("success", True)),
        entity=str(data.get("entity", ENTITY_LIVE)),
    )
    return {"ok": True}


def _application(engine: Sandbox, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    controls.finish_application(
        engine,
        int(request.path_params["application"]),
        success=bool(data.get("success", True)),
        entity=str(data.get("entity", ENTITY_LIVE)),
    )
    return {"ok": True}


def _verification(engine: Sandbox, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    controls.verify_registrant(
        engine, request.path_params["domain"], entity=str(data.get("entity", ENTITY_LIVE))
    )
    return {"ok": True}


def _migrate(engine: Sandbox, _: Request, data: dict[str, Any]) -> dict[str, Any]:
    result = controls.migrate_account(
        engine, str(data["login"]), str(data["cnr_login"]), entity=str(data.get("entity", ENTITY_LIVE))
    )
    return {"moved": result.domains, "contacts": result.contacts}
