"""What routes get injected: the per-app services (docs/conventions.md §4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from app.db.session import Database
from app.metrics import Metrics
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
