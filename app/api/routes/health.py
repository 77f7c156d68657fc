"""Liveness, readiness and metrics for operators and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

from app.api.deps import ServicesDep
from app.metrics import CONTENT_TYPE
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
async def metrics(services: ServicesDep) -> PlainTextResponse:
    """Prometheus metrics: requests, upstream calls, latencies, journal outcomes."""
    return PlainTextResponse(services.metrics.render(), media_type=CONTENT_TYPE)
