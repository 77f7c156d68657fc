"""The catalogue family of the port (app/registry/catalogue.py) in HEXONET ISPAPI commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class IspapiCatalogue:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
