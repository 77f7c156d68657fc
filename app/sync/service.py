"""When Sync may answer from the snapshot, and keeping the snapshot fresh (single-flight).

    snapshot age                      what Sync does
    none yet                          refresh now (single-flight); waiters wait briefly, else per domain
    <= TTL                            answer from the snapshot
    TTL .. MAX_STALENESS x TTL        answer from the snapshot, refresh in the background
    older (refreshes keep failing)    per domain (bounded staleness), and try a refresh in the background

Only one refresh per account runs at a time across all bridge processes (`lock.single_flight`); inside a
process a second background refresh of the same account is not even started.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from app.dates import utcnow
from app.db import refresh_state
from app.db.session import Database
from app.errors import OperationFailed
from app.registry import Backend, RegistryCaller
from app.sync import lock, snapshot

log = logging.getLogger(__name__)

MAX_STALENESS = 4  # x TTL: beyond this a stale snapshot is no longer trusted
WAIT_SECONDS = 10.0  # how long a caller without any snapshot waits for another process's refresh
LEASE_SECONDS = 600.0  # a refresh of 100,000 domains (100 pages) fits easily

_background = lock.BackgroundRefreshes("snapshot")


def lock_name(account: str) -> str:
    return f"{snapshot.KIND}:{account}"


@dataclass(frozen=True)
class RefreshOutcome:
    outcome: lock.Outcome
    rows: int | None = None  # rows stored, when this caller ran the refresh
    calls: int | None = None  # registry calls it made


async def refresh(
    *,
    db: Database,
    client: RegistryCaller,
    account: str,
    wait_seconds: float = WAIT_SECONDS,
    progress: snapshot.Progress | None = None,
    page_size: int = snapshot.PAGE_SIZE,
    backend: Backend = Backend.ISPAPI,
) -> RefreshOutcome:
    """Refresh the account's snapshot unless another caller is doing it (then wait for that one).

    Registry failures raise `OperationFailed` (and are recorded in refresh_state); the old snapshot stays.
    """

    async def work() -> tuple[int, int]:
        try:
            fetched = await snapshot.fetch(client, page_size=page_size, progress=progress, backend=backend)
        except OperationFailed as exc:
            reason = exc.message
            await db.run(
                lambda s: refresh_state.record_failure(s, account=account, kind=snapshot.KIND, reason=reason)
            )
            raise
        now = utcnow()
        rows = await db.run(lambda s: snapshot.store(s, account=account, fetched=fetched, now=now))
        return rows, fetched.calls

    result = await lock.single_flight(
        db, lock_name(account), work, lease_seconds=LEASE_SECONDS, wait_seconds=wait_seconds
    )
    if result.value is not None:
        return RefreshOutcome(result.outcome, rows=result.value[0], calls=result.value[1])
    return RefreshOutcome(result.outcome)


def refresh_in_background(
    *,
    db: Database,
    client_factory: Callable[[], RegistryCaller],
    account: str,
    backend: Backend = Backend.ISPAPI,
) -> None:
    """Start a refresh unless this process already runs one for the account; errors are only logged."""
    _background.start(
        account,
        lambda: refresh(db=db, client=client_factory(), account=account, wait_seconds=0, backend=backend),
    )


async def wait_for_background() -> None:
    """Let running background refreshes finish (tests, shutdown)."""
    await _background.wait()


def _age(refreshed: datetime | None, now: datetime) -> timedelta | None:
    return None if refreshed is None else now - refreshed


async def lookup(
    *,
    db: Database,
    client_factory: Callable[[], RegistryCaller],
    account: str,
    domain: str,
    ttl_seconds: int,
    names: Collection[str] = (),
    backend: Backend = Backend.ISPAPI,
) -> snapshot.SnapshotRow | None:
    """The domain's snapshot row if Sync may answer from it, else None (ask the registry per domain).

    `names`: other forms of the domain name (Unicode) the operations journal may hold (snapshot.read)."""
    try:
        refreshed, row = await db.quick(
            lambda c: snapshot.read(c, account=account, domain=domain, names=names)
        )
        now = utcnow()
        age = _age(refreshed, now)
        ttl = timedelta(seconds=ttl_seconds)
        if age is None:
            try:
                await refresh(db=db, client=client_factory(), account=account, backend=backend)
            except OperationFailed as exc:
                log.warning("snapshot refresh failed, syncing per domain: %s", exc.message)
                return None
            refreshed, row = await db.quick(
                lambda c: snapshot.read(c, account=account, domain=domain, names=names)
            )
            if refreshed is None:
                return None  # another process still refreshing after our wait: per domain this time
        elif age > ttl:
            refresh_in_background(db=db, client_factory=client_factory, account=account, backend=backend)
            if age > ttl * MAX_STALENESS:
                return None
    except SQLAlchemyError as exc:
        log.warning("snapshot unavailable (%s), syncing per domain", type(exc).__name__)
        return None
    if row is None or not row.usable(utcnow()):
        return None
    return row
