"""The pricing store an operation reads the account's price list from (`RegistrarContext.pricing`).

The bridge's store is the database cache of app/pricing/cache.py (`SqlPricing`: single-flight refresh
through the registry port, background refresh when stale); unit tests give an operation `MemoryPricing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.errors import UpstreamUnavailable
from app.registry.catalogue import PricingData

NOT_LOADED = "TLD pricing is still being loaded by another request; please try again in a minute."


class PricingStore(Protocol):
    """The price list of the call's registry account (keyed by backend and account)."""

    async def current(self) -> PricingData:
        """The price list for GetTLDPricing: from the store, loading it first when there is none yet."""
        ...

    async def peek(self) -> PricingData | None:
        """What the store holds now, never waiting for the registry (domain searches); a missing or stale
        list is reloaded in the background."""
        ...


@dataclass
class MemoryPricing:
    """A price list held in memory: `data` as it is, None as a store that has nothing yet."""

    data: PricingData | None = None

    async def current(self) -> PricingData:
        if self.data is None:
            raise UpstreamUnavailable(NOT_LOADED)
        return self.data

    async def peek(self) -> PricingData | None:
        return self.data
