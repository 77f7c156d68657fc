"""The status family of the registry port: what the registry knows of a domain: status and dates for
Sync/TransferSync, information, EPP code, lock.
"""

from __future__ import annotations

from typing import Protocol


class StatusPort(Protocol):
    """Intents of this family: app/registrar/status/ calls them, app/backends/*/status.py implement them."""
