"""What Sync keeps besides the registry, as typed ports the context carries (`RegistrarContext.snapshots`,
`.holds`, `.clock`): the account-wide domain snapshot, the holds the bridge set (Suspend after Expiration),
and the time.

The SQL implementations live in app/sync/sql_stores.py (built per call by app/api/dispatch.py, bound to the
call's account); the in-memory ones below are what a context gets by default, so unit tests run every path
of Sync without a database. Implementations never raise for a storage problem: a snapshot that cannot be
read answers "no row" (Sync asks the registry), a hold record that cannot be read answers "cannot tell"
(the hold is left alone), a failed write is dropped (the next refresh or Sync brings things in line).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from app.dates import utcnow


@dataclass(frozen=True)
class SnapshotRow:
    """What Sync reads of one snapshot row: the dates of docs/module-behaviour.md §7.1 and the state."""

    domain: str
    status: str
    expiration_date: datetime | None
    paid_until_date: datetime | None
    finalization_date: datetime | None
    failure_date: datetime | None
    whois_trustee: bool | None
    needs_check: bool
    # The registry's renewal mode as listed ("" when the list has none): Sync keeps it in line with WHMCS
    # (docs/cnr-renewals.md).
    renewal_mode: str = ""

    @property
    def status_tokens(self) -> list[str]:
        return self.status.split()

    def usable(self, now: datetime) -> bool:
        """False when Sync must ask the registry about this domain itself."""
        if self.needs_check:
            return False
        # A deletion that is due may already have happened: the domain is then restorable or gone.
        return not (self.failure_date is not None and self.failure_date <= now)


class SnapshotStore(Protocol):
    """The call's account's snapshot (app/sync/): refreshed as its freshness rules say."""

    async def row(self, domain: str, *, names: Collection[str] = ()) -> SnapshotRow | None:
        """The row Sync may answer from, else None (ask the registry). `names`: other forms of the name."""
        ...

    async def update(
        self,
        domain: str,
        *,
        whois_trustee: bool | None = None,
        status: str | None = None,
        renewal_mode: str | None = None,
    ) -> None:
        """Keep the row in line with a change Sync itself just made at the registry (so the Syncs before
        the next refresh neither repeat the change nor report the old state)."""
        ...


class HoldStore(Protocol):
    """Domains the bridge put on clientHold after expiry (only those holds are lifted by the bridge)."""

    async def held(self, domain: str) -> bool | None:
        """Whether the bridge holds it; None when the record cannot be read."""
        ...

    async def remember(self, domain: str, *, held: bool) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


@dataclass
class FixedClock:
    moment: datetime

    def now(self) -> datetime:
        return self.moment


class NoSnapshots:
    """Snapshot mode off: every Sync asks the registry."""

    async def row(self, domain: str, *, names: Collection[str] = ()) -> SnapshotRow | None:  # noqa: ARG002
        return None

    async def update(
        self,
        domain: str,  # noqa: ARG002
        *,
        whois_trustee: bool | None = None,  # noqa: ARG002
        status: str | None = None,  # noqa: ARG002
        renewal_mode: str | None = None,  # noqa: ARG002
    ) -> None:
        return None


@dataclass
class MemorySnapshots:
    """A snapshot held in a dict (unit tests): rows are answered while `usable`."""

    rows: dict[str, SnapshotRow] = field(default_factory=dict)
    clock: Clock = field(default_factory=SystemClock)

    async def row(self, domain: str, *, names: Collection[str] = ()) -> SnapshotRow | None:  # noqa: ARG002
        found = self.rows.get(domain)
        return found if found is not None and found.usable(self.clock.now()) else None

    async def update(
        self,
        domain: str,
        *,
        whois_trustee: bool | None = None,
        status: str | None = None,
        renewal_mode: str | None = None,
    ) -> None:
        found = self.rows.get(domain)
        if found is None:
            return
        if whois_trustee is not None:
            found = replace(found, whois_trustee=whois_trustee)
        if status is not None:
            found = replace(found, status=status)
        if renewal_mode is not None:
            found = replace(found, renewal_mode=renewal_mode)
        self.rows[domain] = found


@dataclass
class MemoryHolds:
    domains: set[str] = field(default_factory=set)

    async def held(self, domain: str) -> bool | None:
        return domain in self.domains

    async def remember(self, domain: str, *, held: bool) -> None:
        if held:
            self.domains.add(domain)
        else:
            self.domains.discard(domain)
