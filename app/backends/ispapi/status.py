"""The status family of the port (app/registry/status.py) in HEXONET ISPAPI commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class IspapiStatus:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
