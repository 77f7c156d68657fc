"""The lifecycle family of the port (app/registry/lifecycle.py) in CentralNic Reseller commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class CnrLifecycle:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
