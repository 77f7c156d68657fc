"""The contacts family of the port (app/registry/contacts.py) in CentralNic Reseller commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class CnrContacts:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
