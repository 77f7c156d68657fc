"""The zone family of the port (app/registry/zone.py) in HEXONET ISPAPI commands (docs/ispapi-wire.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.backends.replies import call, ensure
from app.registry import RegistryCaller
from app.registry.zone import CONTACTS_FIRST

# 504 "TOO FEW ... CONTACTS": the registry wants complete contacts before a nameserver change
# (docs/module-behaviour.md §13.5: the message meant for it never fired in the original module).
_MISSING_CONTACTS = re.compile(r"TOO FEW .*CONTACTS", re.IGNORECASE)


class IspapiZone:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def nameservers(self, domain: str) -> list[str]:
        reply = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return reply.column("NAMESERVER")

    async def set_nameservers(self, domain: str, hosts: Sequence[str], *, create_zone: bool | None) -> None:
        command: dict[str, object] = {
            "COMMAND": "ModifyDomain",
            "DOMAIN": domain,
            **{f"NAMESERVER{i}": host for i, host in enumerate(hosts)},
        }
        if create_zone is not None:
            # INTERNALDNS=1 creates the registrar's DNS zone with the change (docs/module-behaviour.md §3.9).
            command["INTERNALDNS"] = 1 if create_zone else 0
        ensure(
            await call(self._caller, command),
            message=lambda r: (
                CONTACTS_FIRST if r.code == 504 and _MISSING_CONTACTS.search(r.description) else r.description
            ),
        )
