"""The status family of the port (app/registry/status.py) in CentralNic Reseller commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class CnrStatus:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
