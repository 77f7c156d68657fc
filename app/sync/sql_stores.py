"""The database-backed stores of app/sync/stores.py, bound to one call's account.

    SqlSnapshots  the domain snapshot (snapshot.py) with its freshness rules (service.py)
    SqlHolds      holds set by Suspend after Expiration: cache_entry rows of kind `expiry_hold`

A database problem never reaches the operation (the protocols' rule): the snapshot answers "no row", the
hold record "cannot tell", and a failed write is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.dates import utcnow
from app.db.models import CacheEntry
from app.db.session import Database
from app.module_config import ModuleConfig
from app.registry import Backend, RegistryCaller
from app.sync import service, snapshot
from app.sync.account import account_of
from app.sync.stores import HoldStore, NoSnapshots, SnapshotRow, SnapshotStore

HOLD_KIND = "expiry_hold"  # cache_entry kind: domains the bridge put on hold after expiry


@dataclass(frozen=True)
class SqlSnapshots:
    db: Database
    account: str
    # The plain client (not the call's recording one): a snapshot of thousands of domains would flood the
    # Module Log.
    client_factory: Callable[[], RegistryCaller]
    backend: Backend
    ttl_seconds: int

    async def row(self, domain: str, *, names: Collection[str] = ()) -> SnapshotRow | None:
        return await service.lookup(
            db=self.db,
            client_factory=self.client_factory,
            account=self.account,
            domain=domain,
            ttl_seconds=self.ttl_seconds,
            names=names,
            backend=self.backend,
        )

    async def update(
        self,
        domain: str,
        *,
        whois_trustee: bool | None = None,
        status: str | None = None,
        renewal_mode: str | None = None,
    ) -> None:
        changes = {"whois_trustee": whois_trustee, "status": status, "renewal_mode": renewal_mode}
        values: dict[str, Any] = {key: value for key, value in changes.items() if value is not None}
        try:
            await self.db.run(
                lambda s: snapshot.update_row(s, account=self.account, domain=domain, values=values)
            )
        except SQLAlchemyError:
            pass  # the next refresh brings the row in line anyway


@dataclass(frozen=True)
class SqlHolds:
    db: Database
    account: str

    async def held(self, domain: str) -> bool | None:
        def read(session: Session) -> bool:
            found = session.execute(
                select(CacheEntry.id).where(
                    CacheEntry.account_key == self.account,
                    CacheEntry.kind == HOLD_KIND,
                    CacheEntry.key == domain,
                )
            ).first()
            return found is not None

        try:
            result: bool = await self.db.run(read)
        except SQLAlchemyError:
            return None  # without our record we cannot tell our hold from the registrar's
        return result

    async def remember(self, domain: str, *, held: bool) -> None:
        def write(session: Session) -> None:
            with session.begin():
                session.execute(
                    delete(CacheEntry).where(
                        CacheEntry.account_key == self.account,
                        CacheEntry.kind == HOLD_KIND,
                        CacheEntry.key == domain,
                    )
                )
                if held:
                    session.add(
                        CacheEntry(
                            account_key=self.account,
                            kind=HOLD_KIND,
                            key=domain,
                            value="{}",
                            fetched_at=utcnow(),
                        )
                    )

        try:
            await self.db.run(write)
        except SQLAlchemyError:
            pass  # the registry change is done; only the lift-later bookkeeping is lost


class SyncSettings(Protocol):
    """The bridge settings the stores read (app.settings.Settings has them)."""

    @property
    def sync_mode(self) -> str: ...
    @property
    def snapshot_ttl_seconds(self) -> int: ...
    @property
    def ispapi_url(self) -> str | None: ...
    @property
    def cnr_url(self) -> str | None: ...
    @property
    def cnr_ote_url(self) -> str | None: ...


def for_call(
    *, db: Database, settings: SyncSettings, config: ModuleConfig, client: Callable[[], RegistryCaller]
) -> tuple[SnapshotStore, HoldStore]:
    """The snapshot (none unless BRIDGE_SYNC_MODE=snapshot) and hold stores of the call's account."""
    account = account_of(config, settings)
    holds = SqlHolds(db, account)
    if settings.sync_mode != "snapshot":
        return NoSnapshots(), holds
    snapshots = SqlSnapshots(
        db, account, client, backend=config.backend, ttl_seconds=settings.snapshot_ttl_seconds
    )
    return snapshots, holds
