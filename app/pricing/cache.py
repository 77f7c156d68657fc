"""Computed pricing data per account in `cache_entry`, refreshed single-flight (docs/architecture.md decision
9).

    cache                      GetTLDPricing
    none                       refresh now (single-flight; a waiter waits for the running refresh)
    younger than the TTL       answer from the cache
    older                      answer from the cache, refresh in the background

The cached value is the registry data in each TLD's own currency plus the exchange rates; conversion
into the currency WHMCS asks for happens per request (cheap), so one cache serves every WHMCS currency.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from app.backends import build_registry
from app.dates import utcnow
from app.db import refresh_state
from app.db.models import CacheEntry
from app.db.prepared import Prepared
from app.db.session import Database
from app.errors import OperationFailed, UpstreamUnavailable
from app.module_config import ModuleConfig
from app.pricing.store import NOT_LOADED
from app.registry import Backend, RegistryCaller
from app.registry.catalogue import PricingData, Progress
from app.sync import lock

log = logging.getLogger(__name__)

KIND = "tld_pricing"
KEY = "data"
LEASE_SECONDS = 300.0
WAIT_SECONDS = 90.0  # the shim's GetTLDPricing read timeout is 120 s

_background = lock.BackgroundRefreshes("pricing")


@dataclass(frozen=True)
class Cached:
    data: PricingData
    fetched_at: datetime


def load(session: Session, *, account: str) -> Cached | None:
    row = session.execute(
        select(CacheEntry).where(
            CacheEntry.account_key == account, CacheEntry.kind == KIND, CacheEntry.key == KEY
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    return Cached(data=PricingData.from_json(json.loads(row.value)), fetched_at=row.fetched_at)


# Per process: the parsed cache of each account, reused while its row's fetched_at is unchanged, so
# a search or GetTLDPricing reads one timestamp instead of parsing about 1 MB of JSON.
_parsed: dict[str, Cached] = {}


# When the account's cache row was written: all a search or GetTLDPricing reads while the copy parsed in
# this process is current (`_parsed`).
_STAMP = Prepared(
    select(CacheEntry.fetched_at).where(
        CacheEntry.account_key == bindparam("account"), CacheEntry.kind == KIND, CacheEntry.key == KEY
    )
)


def _parsed_if_current(account: str, stamp: datetime) -> Cached | None:
    """This process's parsed copy of the account's row written at `stamp`; None when it has none that
    recent (the row must be loaded and parsed)."""
    known = _parsed.get(account)
    return known if known is not None and known.fetched_at == stamp else None


def _stamp_of(connection: Connection, *, account: str) -> datetime | None:
    """When the account's cache row was written; None when there is none."""
    found = _STAMP.first(connection, {"account": account})
    return None if found is None else cast(datetime, found.fetched_at)


def load_current(session: Session, *, account: str) -> Cached | None:
    stamp = _stamp_of(session.connection(), account=account)
    if stamp is None:
        return None
    known = _parsed_if_current(account, stamp)
    if known is not None:
        return known
    cached = load(session, account=account)
    if cached is not None:
        _parsed[account] = cached
    return cached


def warm(session: Session) -> int:
    """Parse every account's cached pricing into memory (start-up, in the background): the first
    search or TLD sync after a start then costs what later ones do. Returns the accounts loaded."""
    accounts = session.execute(
        select(CacheEntry.account_key).where(CacheEntry.kind == KIND, CacheEntry.key == KEY)
    ).scalars()
    return sum(1 for account in list(accounts) if load_current(session, account=account) is not None)


def store(session: Session, *, account: str, data: PricingData, now: datetime) -> None:
    value = json.dumps(data.to_json(), ensure_ascii=False, separators=(",", ":"))
    with session.begin():
        row = session.execute(
            select(CacheEntry).where(
                CacheEntry.account_key == account, CacheEntry.kind == KIND, CacheEntry.key == KEY
            )
        ).scalar_one_or_none()
        if row is None:
            session.add(CacheEntry(account_key=account, kind=KIND, key=KEY, value=value, fetched_at=now))
        else:
            row.value, row.fetched_at = value, now
        refresh_state.record_success(
            session, account=account, kind=KIND, now=now, rows=len(data.tlds), calls=data.calls
        )


async def refresh(
    *,
    db: Database,
    client: RegistryCaller,
    account: str,
    backend: Backend = Backend.ISPAPI,
    wait_seconds: float = WAIT_SECONDS,
    progress: Progress | None = None,
) -> lock.FlightResult[PricingData]:
    """Load (through the registry port of `backend` over `client`) and store fresh pricing unless another
    caller does it right now (then wait for it)."""

    async def work() -> PricingData:
        before = await db.run(lambda s: load_current(s, account=account))
        previous = None if before is None else before.data
        try:
            catalogue = build_registry(backend, client).catalogue
            data = await catalogue.price_list(progress=progress, previous=previous)
        except OperationFailed as exc:
            reason = exc.message
            await db.run(lambda s: refresh_state.record_failure(s, account=account, kind=KIND, reason=reason))
            raise
        now = utcnow()
        await db.run(lambda s: store(s, account=account, data=data, now=now))
        return data

    return await lock.single_flight(
        db, f"{KIND}:{account}", work, lease_seconds=LEASE_SECONDS, wait_seconds=wait_seconds
    )


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
        lambda: refresh(db=db, client=client_factory(), account=account, backend=backend, wait_seconds=0),
    )


async def wait_for_background() -> None:
    """Let running background refreshes finish (tests, shutdown)."""
    await _background.wait()


@dataclass(frozen=True)
class SqlPricing:
    """The pricing store (app/pricing/store.py) of one registry account in the bridge database: the
    price list loaded through that account's registry port, with a client of its own (a refresh may
    outlive the WHMCS call that started it)."""

    db: Database
    account: str
    backend: Backend
    client_factory: Callable[[], RegistryCaller]
    ttl_seconds: int

    @classmethod
    def for_account(
        cls,
        config: ModuleConfig,
        *,
        account: str,
        db: Database,
        ttl_seconds: int,
        client_factory: Callable[[ModuleConfig], RegistryCaller],
    ) -> SqlPricing:
        """The store of the account in the module settings `config`; `account`: its key from
        app/sync/account.py (backend, system, endpoint and login), shared by everything kept per account."""
        return cls(
            db=db,
            account=account,
            backend=config.backend,
            client_factory=lambda: client_factory(config),
            ttl_seconds=ttl_seconds,
        )

    async def _cached(self) -> Cached | None:
        """`load_current`, with the timestamp read on `Database.quick`: no worker thread per search for what
        is mostly one indexed row's time (the value is parsed again only when the row changed)."""
        account = self.account
        stamp = await self.db.quick(lambda connection: _stamp_of(connection, account=account))
        if stamp is None:
            return None
        known = _parsed_if_current(account, stamp)
        if known is not None:
            return known
        return await self.db.run(lambda s: load_current(s, account=account))

    def _stale(self, cached: Cached) -> bool:
        return utcnow() - cached.fetched_at > timedelta(seconds=self.ttl_seconds)

    def _refresh_in_background(self) -> None:
        refresh_in_background(
            db=self.db, client_factory=self.client_factory, account=self.account, backend=self.backend
        )

    async def current(self) -> PricingData:
        """The account's pricing data for GetTLDPricing (see module docstring)."""
        account = self.account
        cached = await self._cached()
        if cached is not None:
            if self._stale(cached):
                self._refresh_in_background()
            return cached.data
        client = self.client_factory()
        result = await refresh(db=self.db, client=client, account=account, backend=self.backend)
        if result.value is not None:
            return result.value
        cached = await self.db.run(lambda s: load_current(s, account=account))
        if cached is None:
            raise UpstreamUnavailable(NOT_LOADED)
        return cached.data

    async def peek(self) -> PricingData | None:
        """What the cache holds now, never waiting for the registry (domain searches): a missing, stale or
        older-format entry starts a background refresh and the caller makes do with what is there."""
        cached = await self._cached()
        if cached is None or self._stale(cached) or cached.data.premium is None:
            self._refresh_in_background()
        return None if cached is None else cached.data
