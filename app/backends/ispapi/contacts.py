"""The contacts family of the port (app/registry/contacts.py) in HEXONET ISPAPI commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class IspapiContacts:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
