"""Registrant verifications running out: PENDING past the due date -> OVERDUE (the domain is suspended)."""

from __future__ import annotations

from datetime import datetime

from sandbox.state import World
from sandbox.world.dates import DATE_FORMAT


def tick_verifications(world: World, now: datetime) -> None:
    """PENDING past the due date -> OVERDUE (the registry suspends the domain: clientHold)."""
    stamp = now.strftime(DATE_FORMAT)
    for domain in world.domains.values():
        data = domain.registrant_verification
        if data and data.get("STATUS") == "PENDING" and data.get("DUEDATE", "9999") < stamp:
            data["STATUS"] = "OVERDUE"
            domain.suspended = True
