"""The FastAPI application factory. Nothing happens at import time; `create_app` wires settings, routes and
error handlers, and the lifespan opens (and closes) the database engine and the shared HTTP pools."""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app import __version__, additional_fields, admin, registrar
from app.api.deps import ClientFactory, Services
from app.api.request_id import RequestIdMiddleware
from app.api.router import api_router
from app.db.limits import request_deadline
from app.db.migrations import schema_is_current
from app.db.session import Database
from app.errors import MalformedEnvelope, RequestRejected, rejection_body
from app.log_config import configure_logging
from app.metrics import Metrics
from app.pricing import cache as pricing_cache
from app.registrar.base import IspapiCaller, ModuleConfig
from app.security import ReplayGuard
from app.settings import Settings, get_settings
from app.upstream import HttpFactory, HttpPools, build_client

log = logging.getLogger(__name__)

STARTUP_CHECK_SECONDS = 5.0
WARM_WAIT_SECONDS = 10.0


async def _warm_caches(db: Database) -> None:
    """Parse the pricing caches already in the database, off the request path, so the first domain
    search after a start prices premium names as fast as later ones (a cold cache is never waited for)."""
    try:
        accounts = await db.run(pricing_cache.warm)
    except Exception as exc:  # an unmigrated or unreachable database: /readyz reports it, searches cope
        log.info("pricing cache not warmed at start-up (%s)", type(exc).__name__)
    else:
        log.debug("pricing cache warmed for %d account(s)", accounts)


# FastAPI releases with OpenTelemetry built in would, once any provider is configured in the process, record
# exception messages and stack traces of their own (which may quote a request's data, secrets included) and
# spans beside the bridge's own metrics (app/metrics/) and masked logs (app/log.py): off. Older releases
# have no such argument.
_NO_FRAMEWORK_TELEMETRY: dict[str, Any] = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    if "telemetry" in inspect.signature(FastAPI).parameters
    else {}
)


def create_app(
    settings: Settings | None = None,
    *,
    http_factory: HttpFactory | None = None,
    client_factory: ClientFactory | None = None,
) -> FastAPI:
    """Build the bridge app. `http_factory` / `client_factory` replace the upstream I/O (tests, tools)."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)
    registrar.load_all()
    admin.load_all()  # the WHMCS admin page's functions (app/admin/)
    # Every field definition and translation file is validated now: a bad one (DefinitionError, naming
    # the file) stops the boot instead of failing the first order that needs it.
    additional_fields.configure(override_dir=settings.fields_override_dir)
    app = FastAPI(
        title="ispapi-bridge",
        summary="WHMCS registrar module 'ispapi' as a service: signed JSON envelopes in, ISPAPI out.",
        version=__version__,
        lifespan=_lifespan(settings, http_factory=http_factory, client_factory=client_factory),
        docs_url=None,
        redoc_url=None,
        **_NO_FRAMEWORK_TELEMETRY,
    )
    app.include_router(api_router)
    app.add_middleware(RequestIdMiddleware)
    app.exception_handler(RequestRejected)(_rejected)
    app.exception_handler(RequestValidationError)(_invalid)
    return app


def _lifespan(
    settings: Settings, *, http_factory: HttpFactory | None, client_factory: ClientFactory | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's services from start to stop: database, HTTP pools, metrics, replay guard, cache warming."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database.from_url(settings.database_url)
        pools = HttpPools(read_timeout=settings.ispapi_timeout_seconds, factory=http_factory)
        if http_factory is None:
            # The direct pool now rather than on the first registry call: building it loads the TLS
            # trust store and the HTTP modules (a third of the first domain search after a start).
            pools.get(None)

        def default_factory(config: ModuleConfig) -> IspapiCaller:
            return build_client(config, settings=settings, pools=pools)

        await _check_schema(db)
        app.state.services = Services(
            settings=settings,
            db=db,
            pools=pools,
            metrics=Metrics(db),
            replay=ReplayGuard(db, tolerance_seconds=settings.signature_tolerance_seconds),
            client_factory=client_factory or default_factory,
        )
        warming = asyncio.create_task(_warm_caches(db))
        # What start-up built (modules, field definitions, catalogues, the contract table, the app) lives as
        # long as the process; out of the collector's sight, full collections no longer walk those ~150,000
        # objects on a warm call's time (overhead.py on PostgreSQL: 1,112-1,153 -> 1,271-1,297 Sync/s).
        # Given back at shutdown, so a process that starts the app again (the tests) collects as before.
        gc.freeze()
        try:
            yield
        finally:
            # Its database read runs in a worker thread that a cancel would not stop: let it finish (one
            # query), so the engine is never disposed under a connection still checked out.
            await asyncio.wait({warming}, timeout=WARM_WAIT_SECONDS)
            await pools.aclose()
            await db.aclose()
            gc.unfreeze()

    return lifespan


async def _check_schema(db: Database) -> None:
    """Warn (never fail) when the database is unreachable or not migrated at start-up."""
    try:
        # Bounded: a stalled database must not hold up the start (the requests answer 503 meanwhile).
        with request_deadline(time.monotonic() + STARTUP_CHECK_SECONDS):
            current = await db.run(lambda _session: schema_is_current(db.engine))
        if not current:
            # Tables are never created behind the operator's back; /readyz stays 503 until migrated.
            log.warning("database is not migrated to the latest schema; run `ispapi-bridge migrate`")
    except Exception as exc:
        log.warning("database not reachable at start-up (%s); /readyz will report it", type(exc).__name__)


async def _rejected(request: Request, exc: RequestRejected) -> JSONResponse:
    services: Services | None = getattr(request.app.state, "services", None)
    if services is not None:
        services.metrics.observe_rejection(status=exc.status_code)
    logging.getLogger("app.request").info(
        "request rejected",
        extra={
            "path": request.url.path,
            "status": exc.status_code,
            "code": exc.code,
            "reason": exc.message,
        },
    )
    return JSONResponse(rejection_body(exc), status_code=exc.status_code)


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    fields = [{"loc": list(error.get("loc", ())), "msg": str(error.get("msg", ""))} for error in exc.errors()]
    return await _rejected(request, MalformedEnvelope("request does not validate", fields=fields))
