"""What routes get injected: the per-app services and the size-capped raw body (docs/conventions.md §4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from app.db.session import Database
from app.errors import PayloadTooLarge, RequestRejected
from app.metrics import Metrics
from app.numbers import is_whole_number
from app.registrar.base import IspapiCaller, ModuleConfig
from app.security import ReplayGuard
from app.settings import Settings
from app.upstream import HttpPools

ClientFactory = Callable[[ModuleConfig], IspapiCaller]


@dataclass
class Services:
    """Everything long-lived the bridge holds; built in the app's lifespan, one per app."""

    settings: Settings
    db: Database
    pools: HttpPools
    metrics: Metrics
    replay: ReplayGuard
    client_factory: ClientFactory


async def get_services(request: Request) -> Services:
    # async on purpose: FastAPI runs a plain-def dependency in its thread pool, a thread hop per request
    # (about a third of a warm Sync's time on a busy machine).
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The raw body, refusing more than `limit` bytes by Content-Length AND by what actually arrives
    (a client can lie about or omit the length with chunked encoding)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not is_whole_number(declared.strip()):
            raise RequestRejected("invalid Content-Length header")
        if int(declared) > limit:
            raise PayloadTooLarge(f"request body larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"request body larger than {limit} bytes")
    return bytes(body)
