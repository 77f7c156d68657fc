"""Clock-driven transitions, run before every command as one of `Sandbox.tickers`.

Small collections (pending transfers, applications, trades) are checked on every call. The domain table
can hold 100,000 rows, so it is scanned only when the sandbox clock passes the earliest date found by the
previous scan, and at least once per simulated hour:

* REQUESTED (non-realtime registration) -> ACTIVE after ACTIVATE_AFTER;
* PENDINGDELETE -> deleted (restorable for the TLD's window) at its failure date;
* registry auto-renewal: when the registry expiry passes and paid-until lies beyond it, the registry adds
  a year (docs/module-behaviour.md §7.1: paid-until may run ahead of the registry expiry);
* an unpaid domain fails at FAILUREDATE and becomes a deleted (restorable) domain;
* registrant verification PENDING past its due date -> OVERDUE.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sandbox.state import Domain, World
from sandbox.world.applications import tick_applications
from sandbox.world.dates import add_months, refresh_dates
from sandbox.world.deletion import finish_delete
from sandbox.world.trades import tick_trades
from sandbox.world.transfers import tick_transfers
from sandbox.world.verification import tick_verifications

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue

ACTIVATE_AFTER = timedelta(hours=1)
SCAN_INTERVAL = timedelta(hours=1)
_NEVER = datetime.max.replace(tzinfo=UTC)


class Lifecycle:
    """The ticker; remembers per world when the next domain scan is due. `catalogue` is called when the
    catalogue is needed (it loads lazily)."""

    def __init__(self, catalogue: Callable[[], Catalogue]) -> None:
        self.catalogue = catalogue
        self._next_scan: dict[str, tuple[int, datetime]] = {}

    def __call__(self, world: World, now: datetime) -> None:
        tick_transfers(world, now)
        tick_applications(world, now, self.catalogue())
        tick_trades(world, now)
        known = self._next_scan.get(world.entity)
        if known is None or known[0] != id(world) or now >= known[1]:
            upcoming = self.scan(world, now)
            self._next_scan[world.entity] = (id(world), min(upcoming, now + SCAN_INTERVAL))

    def rescan(self) -> None:
        """Forget the schedule (after a clock jump or a reset): the next call scans every domain."""
        self._next_scan.clear()

    def scan(self, world: World, now: datetime) -> datetime:
        """Apply due domain transitions; return the earliest future date that needs another scan."""
        upcoming = _NEVER
        catalogue = self.catalogue()
        for domain in list(world.domains.values()):
            if "REQUESTED" in domain.status and domain.created_at is not None:
                due = domain.created_at + ACTIVATE_AFTER
                if now >= due:
                    domain.status = ["ACTIVE" if s == "REQUESTED" else s for s in domain.status]
                    _log(world, domain, "CREATE", "SUCCESSFUL", now)
                else:
                    upcoming = min(upcoming, due)
                continue
            if "PENDINGDELETE" in domain.status:
                due = domain.failure_date or now
                if now >= due:
                    info = catalogue.for_domain(domain.name)
                    finish_delete(world, domain, now, info.restorable_days if info else None)
                    _log(world, domain, "DELETE", "SUCCESSFUL", now)
                else:
                    upcoming = min(upcoming, due)
                continue
            upcoming = min(upcoming, _renew_or_fail(world, domain, now, catalogue))
        tick_verifications(world, now)
        return upcoming


def _renew_or_fail(world: World, domain: Domain, now: datetime, catalogue: Catalogue) -> datetime:
    expiry, paid = domain.expiration_date, domain.paid_until_date
    if expiry is None:
        return _NEVER
    if paid is not None and expiry <= now and paid > expiry:
        while expiry <= now and paid > expiry:
            expiry = add_months(expiry, 12)
        domain.expiration_date = expiry
        refresh_dates(domain)
    failure = domain.failure_date
    if failure is not None and now >= failure:
        info = catalogue.for_domain(domain.name)
        finish_delete(world, domain, now, info.restorable_days if info else None)
        _log(world, domain, "DELETE", "SUCCESSFUL", now)
        return _NEVER
    candidates = [d for d in (domain.expiration_date, domain.failure_date) if d is not None and d > now]
    return min(candidates, default=_NEVER)


def _log(world: World, domain: Domain, op: str, status: str, now: datetime) -> None:
    world.log_object(
        date=now, object_id=domain.name, operation_type=op, operation_status=status, user=domain.owner
    )
