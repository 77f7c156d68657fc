"""A domain leaving the world: PENDINGDELETE (or an unpaid domain) -> a deleted, possibly restorable one."""

from __future__ import annotations

from datetime import datetime, timedelta

from sandbox.state import DeletedDomain, Domain, World

DELETE_DELAY = timedelta(days=1)  # PENDINGDELETE -> deleted (lifecycle)


def finish_delete(world: World, domain: Domain, now: datetime, restorable_days: int | None) -> None:
    """PENDINGDELETE -> deleted (restorable for the TLD's window); used by the lifecycle."""
    world.domains.pop(domain.name, None)
    until = now + timedelta(days=restorable_days) if restorable_days else None
    world.deleted[domain.name] = DeletedDomain(
        name=domain.name,
        owner=domain.owner,
        deleted_at=now,
        restorable_until=until,
        expiration_date=until or now,
        snapshot=domain,
    )
    zone = world.zones.get(f"{domain.name}.")
    if zone is not None and zone.owner == domain.owner:
        del world.zones[zone.name]
