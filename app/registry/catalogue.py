"""The catalogue family of the registry port: what can be sold and at what price: availability checks,
suggestions, zone prices, premium fees.
"""

from __future__ import annotations

from typing import Protocol


class CataloguePort(Protocol):
    """Intents of this family: app/registrar/catalogue/ calls them, app/backends/*/catalogue.py
    implement them."""
