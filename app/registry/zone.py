"""The zone family of the registry port: nameservers, private nameservers (hosts), DNS records, forwards,
DNSSEC."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ZonePort(Protocol):
    """Intents of this family (app/registrar/zone/ calls them; app/backends/*/zone.py implement them)."""

    async def nameservers(self, domain: str) -> list[str]:
        """The domain's delegation, in the registry's order."""
        ...

    async def set_nameservers(self, domain: str, hosts: Sequence[str], *, create_zone: bool | None) -> None:
        """Replace the delegation; `create_zone`: also make sure the registrar's DNS zone exists (WHMCS's
        DNS management add-on is on); None: say nothing about the zone (the registry's default). A
        registry that first wants complete contacts says so in its refusal (CONTACTS_FIRST)."""
        ...


CONTACTS_FIRST = "Please update contact data first to be able to update nameserver data."
