"""Liveness, readiness and metrics for operators and load balancers."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from app.api.deps import ServicesDep
from app.metrics import CONTENT_TYPE
from app.metrics.server import authorized
from app.readiness import readiness

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, Any]:
    """Process is alive (no dependency is checked)."""
    return {"ok": True}


@router.get("/readyz")
async def readyz(services: ServicesDep) -> JSONResponse:
    """Ready to serve: database reachable and migrated, ISPAPI endpoint reachable; 503 names what is down."""
    state = await readiness(services)
    body: dict[str, Any] = {"ok": state.ok, "checks": state.checks}
    if state.down:
        body["down"] = state.down
    return JSONResponse(body, status_code=503 if state.down else 200)


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
