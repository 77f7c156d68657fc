"""The orders family of the registry port: register, transfer, renew and restore (money), transfer
management, deletion, applications.
"""

from __future__ import annotations

from typing import Protocol


class OrdersPort(Protocol):
    """Intents of this family: app/registrar/orders/ calls them, app/backends/*/orders.py implement them."""
