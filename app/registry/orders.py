"""The orders family of the registry port: registering and transferring domains in (money), with their
contacts, extension parameters and premium fees."""

from __future__ import annotations

from typing import Protocol


class OrdersPort(Protocol):
    """Intents of this family: app/registrar/orders/ calls them, app/backends/*/orders.py implement them."""
