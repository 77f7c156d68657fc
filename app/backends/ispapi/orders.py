"""The orders family of the port (app/registry/orders.py) in HEXONET ISPAPI commands."""

from __future__ import annotations

from app.registry import RegistryCaller


class IspapiOrders:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
