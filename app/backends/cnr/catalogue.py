"""The catalogue family of the port (app/registry/catalogue.py) in CentralNic Reseller commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class CnrCatalogue:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
