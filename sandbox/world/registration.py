"""A newly registered domain as every dialect creates it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sandbox.state import Domain
from sandbox.world.dates import add_months, random_auth, refresh_dates

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo


def make_domain(
    name: str,
    info: TldInfo,
    *,
    owner: str,
    now: datetime,
    months: int,
    created: datetime | None = None,
    expiration: datetime | None = None,
) -> Domain:
    """A fresh domain object with its derived dates (sandbox/world/dates.py) and a random auth code."""
    domain = Domain(
        name=name,
        owner=owner,
        tld_class=info.tld_class,
        repository=info.repository,
        created_at=created or now,
        updated_at=now,
        expiration_date=expiration or add_months(now, months),
        auth_code=random_auth(),
        renewal_mode="DEFAULT",
    )
    refresh_dates(domain)
    return domain
