"""Liveness, readiness and metrics for operators and load balancers."""

from __future__ import annotations

import time
import uuid
from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.orm import Session

from app.api.deps import ServicesDep
from app.db.base import utcnow
from app.db.limits import request_deadline
from app.db.migrations import schema_is_current
from app.db.models import ReplayNonce
from app.errors import ServiceUnavailable
from app.metrics import CONTENT_TYPE
from app.metrics.server import authorized
from app.upstream import ENDPOINTS, probe

router = APIRouter(tags=["operations"])

PROBE_TIMEOUT_SECONDS = 2.0


@router.get("/healthz")
async def healthz() -> dict[str, Any]:
    """Process is alive (no dependency is checked)."""
    return {"ok": True}


async def _database_problem(services: ServicesDep) -> str | None:
    """A database the bridge can reach but not write (read-only, locked, its SQLite file deleted) is not
    ready either: every call starts with a write (the replay nonce). The probe writes a row it rolls back."""

    def check(session: Session) -> bool:
        if not schema_is_current(services.db.engine):
            return False
        session.add(ReplayNonce(request_id=f"readyz-probe:{uuid.uuid4().hex}", seen_at=utcnow()))
        session.flush()
        session.rollback()
        return True

    try:
        with request_deadline(time.monotonic() + PROBE_TIMEOUT_SECONDS * 2):
            current = await services.db.run(check)
    except ServiceUnavailable as exc:
        return exc.message.removeprefix("the bridge's ").removesuffix("; try again later")
    except Exception as exc:  # e.g. a table missing on PostgreSQL (not migrated); details stay in the log
        return f"database not usable ({type(exc).__name__})"
    return None if current else "database not migrated to the latest schema; run `ispapi-bridge migrate`"


@router.get("/readyz")
async def readyz(services: ServicesDep) -> JSONResponse:
    """Ready to serve: database reachable and migrated, ISPAPI endpoint reachable; 503 names what is down."""
    settings = services.settings
    urls = [settings.ispapi_url] if settings.ispapi_url else list(ENDPOINTS.values())
    database: list[str] = []
    upstream: list[str] = []

    async def run_database() -> None:
        problem = await _database_problem(services)
        if problem is not None:
            database.append(problem)

    async def run_upstream(url: str) -> None:
        problem = await probe(url, timeout=PROBE_TIMEOUT_SECONDS)
        if problem is not None:
            upstream.append(problem)

    async with anyio.create_task_group() as group:
        group.start_soon(run_database)
        for url in urls:
            group.start_soon(run_upstream, url)
    checks = {"database": "; ".join(database) or None, "upstream": "; ".join(sorted(upstream)) or None}
    down = sorted(name for name, problem in checks.items() if problem is not None)
    body = {"ok": not down, "checks": {name: problem or "ok" for name, problem in sorted(checks.items())}}
    if down:
        body["down"] = down
    return JSONResponse(body, status_code=503 if down else 200)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(request: Request, services: ServicesDep) -> Response:
    """Prometheus metrics: requests, registry calls, latency histograms, journal, caches, process."""
    settings = services.settings
    if settings.metrics_port is not None:  # served on its own port only (app/metrics/server.py)
        raise HTTPException(status_code=404)
    if not authorized(settings.metrics_token.get_secret_value(), request.headers.get("authorization")):
        return PlainTextResponse(
            "a valid bearer token is required (BRIDGE_METRICS_TOKEN)\n",
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Off the event loop: a scrape reads the database and, with several workers, the sample files.
    body = await anyio.to_thread.run_sync(services.metrics.render)
    return Response(body, media_type=CONTENT_TYPE)
