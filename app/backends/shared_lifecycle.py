"""The lifecycle commands HEXONET ISPAPI and CentralNic Reseller spell alike (both descend from the same
command set): release (PushDomain), the clientHold suspension and cancelling a transfer request. Each
adapter's lifecycle class starts from this one and adds what differs (docs/cnr-renewals.md)."""

from __future__ import annotations

from app.backends.writes import write
from app.registry import RegistryCaller

_HOLD = "clientHold"  # the EPP status a registrar sets to suspend a domain


class SharedLifecycle:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def release(self, domain: str, target: str) -> None:
        command: dict[str, object] = {"COMMAND": "PushDomain", "DOMAIN": domain}
        if target:
            command["TARGET"] = target
        await write(self._caller, command)

    async def set_hold(self, domain: str, *, on: bool) -> None:
        key = "ADDSTATUS0" if on else "DELSTATUS0"
        await write(self._caller, {"COMMAND": "ModifyDomain", "DOMAIN": domain, key: _HOLD})

    async def cancel_transfer(self, domain: str) -> None:
        await write(self._caller, {"COMMAND": "TransferDomain", "ACTION": "CANCEL", "DOMAIN": domain})
