"""The orders family of the registry port: registering and transferring domains in (money), with their
contacts, extension parameters and premium fees, and the reads that settle an order whose reply was lost.

The operations (app/registrar/orders/domains.py) keep the money journal: they pass `sending`, which an
adapter awaits right before the one command that costs money leaves (and after every preparatory command,
e.g. creating contact handles), so the journal knows from when the order may be executing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from app.registry.contacts import ContactData, Role

# Awaited right before the money command is sent (the journal's `RegistrarContext.sending`).
Sending = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class PremiumQuote:
    """A premium name's registration price as the registry quotes it (`amount` as the registry wrote it)."""

    amount: str
    currency: str
    premium_class: str

    @property
    def price(self) -> Decimal | None:
        try:
            value = Decimal(self.amount.strip())
        except ArithmeticError:
            return None
        return value if value.is_finite() else None


@dataclass(frozen=True)
class Registration:
    """RegisterDomain's order. `contacts`: every role as data (app/registry/contacts.py), validated and in
    the script the zone's registry takes (the untransliterated text, or its ASCII spelling where the registry
    needs it, app/registrar/contacts/transliterate.py). `extension`: the zone's parameters from our
    additional fields (app/additional_fields, ISPAPI names; an adapter of another API maps them)."""

    domain: str  # ACE
    years: int
    contacts: Mapping[Role, ContactData]
    nameservers: Sequence[str] = ()
    extension: Mapping[str, str] = field(default_factory=dict)
    idn_language: str = ""  # the IDN language tag, "" for an ASCII name
    transfer_lock: bool = False
    dns_zone: bool = False  # create the registrar's DNS zone with the domain (DNS management ordered)
    whois_privacy: bool = False  # ID protection ordered
    premium: PremiumQuote | None = None  # the accepted premium price (the operation compared it)


@dataclass(frozen=True)
class Registered:
    """The outcome of a registration: done, or an application the registry decides on later."""

    application_id: str | None = None  # None: registered; "" or an id: an application is pending

    @property
    def pending(self) -> bool:
        return self.application_id is not None


@dataclass(frozen=True)
class TransferOrder:
    """TransferDomain's order. `contacts` holds only the roles the zone takes on a transfer (the operation
    leaves out the others); `auth` is a secret: never logged or echoed."""

    domain: str  # ACE
    years: int
    auth: str = field(default="", repr=False)
    contacts: Mapping[Role, ContactData] = field(default_factory=dict)
    nameservers: Sequence[str] = ()
    extension: Mapping[str, str] = field(default_factory=dict)
    idn_language: str = ""
    dns_zone: bool = False
    premium_cost: Decimal | None = None  # WHMCS's premium transfer price; the registry's must equal it


class OrdersPort(Protocol):
    """Intents of this family: app/registrar/orders/ calls them, app/backends/*/orders.py implement them."""

    async def premium_quote(self, domain: str, years: int) -> PremiumQuote | None:
        """The registry's premium registration price for `domain`, None when it is no premium name."""
        ...

    async def register(self, order: Registration, sending: Sending) -> Registered:
        """Register (or apply for) the domain; awaits `sending` right before the money command."""
        ...

    async def registered_since(self, domain: str, since: datetime, *, premium: bool) -> Registered | None:
        """Reconciliation: the registration (or application) an order started at `since` made, if the
        registry shows one; None when it shows none (an older domain of the account is not the order's)."""
        ...

    async def transfer(self, order: TransferOrder, sending: Sending) -> None:
        """Check that the transfer can go through, then request it; awaits `sending` right before the money
        command. A refusal (wrong auth code, lock, price) is RegistryRejected before anything is charged."""
        ...

    async def transfer_requested(self, domain: str) -> bool:
        """Reconciliation: whether the registry shows a transfer of `domain` pending or done."""
        ...
