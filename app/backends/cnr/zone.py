"""The zone family of the port (app/registry/zone.py) in CentralNic Reseller commands
(docs/cnr-protocol.md)."""

from __future__ import annotations

from collections.abc import Sequence

from app.backends.replies import answered, call, ensure
from app.cnr.codes import Code
from app.registry import RegistryCaller


class CnrZone:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def nameservers(self, domain: str) -> list[str]:
        reply = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return reply.column("NAMESERVER")

    async def set_nameservers(self, domain: str, hosts: Sequence[str], *, create_zone: bool | None) -> None:
        command = {
            "COMMAND": "ModifyDomain",
            "DOMAIN": domain,
            **{f"NAMESERVER{i}": host for i, host in enumerate(hosts)},
        }
        ensure(await call(self._caller, command))
        if create_zone:
            # CNR has no INTERNALDNS switch on ModifyDomain: the zone is its own object (AddDNSZone).
            await self._ensure_zone(domain)

    async def _ensure_zone(self, domain: str) -> None:
        status = answered(await call(self._caller, {"COMMAND": "StatusDNSZone", "DNSZONE": domain}))
        if status.code == Code.ENTITY_REFERENCE_NOT_FOUND:  # no zone yet
            ensure(await call(self._caller, {"COMMAND": "AddDNSZone", "DNSZONE": domain}))
        else:
            ensure(status)
