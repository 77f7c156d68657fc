"""Single-flight refreshes across tasks and bridge processes (docs/architecture.md decision 9).

One lease row per refresh name in `refresh_lock`: inserting the row acquires it (the unique constraint
makes that atomic on every backend), a lease whose `expires_at` has passed (the holder died) is taken over
with a conditional UPDATE, and release deletes the row only while it is still ours. Whoever does not get
the lease waits for the holder to finish (polling the row) and then reads what the holder wrote.

Errors: this module defines none; SQLAlchemy errors propagate to the caller, which decides whether a
database problem means "answer per domain" (Sync) or an error (pricing). Background refreshes only log theirs.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.dates import utcnow
from app.db.limits import request_deadline
from app.db.models import RefreshLock
from app.db.session import Database
from app.errors import OperationFailed, ServiceUnavailable

T = TypeVar("T")

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    RAN = "ran"  # this caller held the lease and ran the work
    WAITED = "waited"  # another holder ran it; it finished while we waited
    BUSY = "busy"  # another holder is still running after our wait budget


@dataclass(frozen=True)
class FlightResult(Generic[T]):
    outcome: Outcome
    value: T | None = None  # the work's return value when outcome is RAN


def try_acquire(session: Session, *, name: str, owner: str, lease_seconds: float, now: datetime) -> bool:
    """Take the lease `name` for `owner`; False when somebody else holds an unexpired lease."""
    expires = now + timedelta(seconds=lease_seconds)
    try:
        with session.begin():
            session.add(RefreshLock(name=name, owner=owner, acquired_at=now, expires_at=expires))
        return True
    except IntegrityError:
        session.rollback()
    # The row exists: take it over only if its lease ran out (the WHERE makes this a compare-and-set).
    with session.begin():
        taken = session.execute(
            update(RefreshLock)
            .where(RefreshLock.name == name, RefreshLock.expires_at < now)
            .values(owner=owner, acquired_at=now, expires_at=expires)
        )
    return bool(getattr(taken, "rowcount", 0) == 1)


def release(session: Session, *, name: str, owner: str) -> None:
    with session.begin():
        session.execute(delete(RefreshLock).where(RefreshLock.name == name, RefreshLock.owner == owner))


def holder(session: Session, *, name: str, now: datetime) -> str | None:
    """The owner of an unexpired lease `name`, else None."""
    row = session.execute(
        select(RefreshLock.owner).where(RefreshLock.name == name, RefreshLock.expires_at >= now)
    ).first()
    return None if row is None else str(row[0])


def new_owner() -> str:
    return secrets.token_hex(8)


async def single_flight(
    db: Database,
    name: str,
    work: Callable[[], Awaitable[T]],
    *,
    lease_seconds: float,
    wait_seconds: float,
    poll_seconds: float = 0.05,
) -> FlightResult[T]:
    """Run `work` unless another caller runs the refresh `name`; then wait up to `wait_seconds` for it.

    The lease outlives a crashed holder by at most `lease_seconds`; `work` should finish well within it.
    """
    owner = new_owner()
    acquired = await db.run(
        lambda s: try_acquire(s, name=name, owner=owner, lease_seconds=lease_seconds, now=utcnow())
    )
    if acquired:
        try:
            return FlightResult(Outcome.RAN, await work())
        finally:
            await db.run(lambda s: release(s, name=name, owner=owner))
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(poll_seconds)
        if await db.run(lambda s: holder(s, name=name, now=utcnow())) is None:
            return FlightResult(Outcome.WAITED)
    return FlightResult(Outcome.BUSY)


class BackgroundRefreshes:
    """Refreshes started in the background of this process: at most one per key at a time.

    Failures are only logged (the caller already answered from the previous data); `wait()` lets tests and
    shutdown wait for the running ones. Across processes, `single_flight` inside the refresh still decides
    who does the work.
    """

    def __init__(self, label: str) -> None:
        self._label = label
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, key: str, refresh: Callable[[], Awaitable[object]]) -> None:
        running = self._tasks.get(key)
        if running is not None and not running.done():
            return

        async def run() -> None:
            try:
                # The request that started the refresh has its own deadline; the refresh outlives it.
                with request_deadline(None):
                    await refresh()
            except (OperationFailed, ServiceUnavailable, SQLAlchemyError) as exc:
                message = getattr(exc, "message", type(exc).__name__)
                log.warning("background %s refresh failed: %s", self._label, message)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))

    def _forget(self, key: str, done: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is done:
            del self._tasks[key]

    async def wait(self) -> None:
        tasks = list(self._tasks.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
