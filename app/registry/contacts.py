"""The contacts family of the registry port: contact details, owner changes and their trade costs, ID
protection and registry privacy.
"""

from __future__ import annotations

from typing import Protocol


class ContactsPort(Protocol):
    """Intents of this family: app/registrar/contacts/ calls them, app/backends/*/contacts.py
    implement them."""
