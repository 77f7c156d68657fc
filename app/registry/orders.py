"""The orders family of the registry port: registering and transferring domains in (money), with their
contacts, extension parameters and premium fees, and the reads that settle an order whose reply was lost.

The operations (app/registrar/orders/domains.py) keep the money journal: they pass `sending`, which an
adapter awaits right before the one command that costs money leaves (and after every preparatory command,
e.g. creating contact handles), so the journal knows from when the order may be executing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

# Awaited right before the money command is sent (the journal's `RegistrarContext.sending`).
Sending = Callable[[], Awaitable[None]]


class ContactRole(StrEnum):
    """The four domain contact roles, named as both APIs name their parameters (`<ROLE>0`)."""

    OWNER = "OWNERCONTACT"
    ADMIN = "ADMINCONTACT"
    TECH = "TECHCONTACT"
    BILLING = "BILLINGCONTACT"


@dataclass(frozen=True)
class ContactData:
    """One contact as the registry is to store it: FIRSTNAME, LASTNAME, ORGANIZATION, STREET, CITY, STATE,
    ZIP, COUNTRY, PHONE (+CC.NNNN), FAX, EMAIL; empty values mean "not given".

    Already in the script the registry takes: the untransliterated text the client typed, or its ASCII
    spelling where the zone's registry needs it (`ascii_only`, decided by
    app/registrar/contacts/transliterate.py).
    """

    fields: Mapping[str, str]
    ascii_only: bool = False

    def given(self) -> dict[str, str]:
        """The non-empty fields (an empty value means "unset" to both APIs)."""
        return {key: value for key, value in self.fields.items() if value}

    def fingerprint(self) -> str:
        """A digest of the data (not the data): equal for contacts a registry would store identically."""
        text = "\n".join(f"{key}={value}" for key, value in sorted(self.given().items()))
        return hashlib.sha256(text.encode()).hexdigest()


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
    """RegisterDomain's order. `extension`: the zone's parameters from our additional fields
    (app/additional_fields, ISPAPI names; an adapter of another API maps them)."""

    domain: str  # ACE
    years: int
    contacts: Mapping[ContactRole, ContactData]
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
    contacts: Mapping[ContactRole, ContactData] = field(default_factory=dict)
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
