"""The lifecycle family of the port (app/registry/lifecycle.py) in HEXONET ISPAPI commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class IspapiLifecycle:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
