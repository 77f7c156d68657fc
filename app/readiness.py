"""Readiness of the bridge: database reachable and migrated, ISPAPI endpoint reachable.

Shared by `GET /readyz` (load balancers) and the WHMCS admin page (app/admin/overview.py), so both say
the same thing about what is down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db.migrations import schema_is_current
from app.upstream import ENDPOINTS, probe

if TYPE_CHECKING:
    from app.api.deps import Services

PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]  # check name -> "ok" or the problem in words
    down: list[str]  # names of the failing checks, sorted

    @property
    def ok(self) -> bool:
        return not self.down


async def _database_problem(services: Services) -> str | None:
    def check(session: Session) -> bool:
        session.execute(text("SELECT 1"))
        return schema_is_current(services.db.engine)

    try:
        with anyio.fail_after(PROBE_TIMEOUT_SECONDS * 2):
            current = await services.db.run(check)
    except Exception as exc:  # any driver error means "not reachable" here; details stay in the log
        return f"database not reachable ({type(exc).__name__})"
    return None if current else "database not migrated to the latest schema; run `ispapi-bridge migrate`"


async def readiness(services: Services) -> Readiness:
    """Run the database and upstream checks concurrently."""
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
    problems = {"database": "; ".join(database) or None, "upstream": "; ".join(sorted(upstream)) or None}
    down = sorted(name for name, problem in problems.items() if problem is not None)
    return Readiness(checks={name: problem or "ok" for name, problem in sorted(problems.items())}, down=down)
