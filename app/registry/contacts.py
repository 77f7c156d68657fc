"""The contacts family of the registry port: contact details, owner changes and their trade costs, ID
protection and registry privacy.

Contacts travel as data: a mapping of the field names FIRSTNAME, LASTNAME, ORGANIZATION, EMAIL, STREET
(address lines joined with " , "), CITY, STATE, ZIP, COUNTRY, PHONE (+CC.NNNN) and FAX; an empty value means
"not set". An adapter whose API wants contact handles makes (or reuses) them; one that takes contacts inline
sends them so. `extensions` are the TLD's extension parameters from the additional-fields engine, passed
through as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from app.numbers import to_decimal


class Role(StrEnum):
    """A domain's contact roles; the value is the command parameter's stem in both APIs."""

    OWNER = "OWNERCONTACT"
    ADMIN = "ADMINCONTACT"
    TECH = "TECHCONTACT"
    BILLING = "BILLINGCONTACT"


ContactData = Mapping[str, str]
CONTACT_FIELDS = (
    "FIRSTNAME", "LASTNAME", "ORGANIZATION", "EMAIL", "STREET", "CITY", "STATE", "ZIP", "COUNTRY", "PHONE",
    "FAX",
)  # fmt: skip


def registry_flag(value: str) -> bool:
    """A yes/no property of a registry reply (1, true, yes, on)."""
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class RegistryContact:
    """One contact as the registry holds it: `fields` by the names of the module docstring (STREET is the
    first line), `street` every address line."""

    handle: str
    fields: Mapping[str, str]
    street: tuple[str, ...] = ()


@dataclass(frozen=True)
class DomainContacts:
    """The handle of each role a domain names (the first one per role), and the first value of every other
    property the registry shows for the domain (extension values such as a legal type, in its own names)."""

    handles: Mapping[Role, str]
    properties: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnerChangeRule:
    """How the zone changes its registrant: `change_by` is UPDATE, TRADE (a ccTLD owner change, often
    charged) or ICANN-TRADE (the ICANN change-of-registrant process); `repository` names the registry."""

    change_by: str
    repository: str = ""

    @property
    def afnic(self) -> bool:
        return "AFNIC" in self.repository.upper()


@dataclass(frozen=True)
class Irtp:
    """An ICANN change of registrant: the registrar confirms as Designated Agent for both registrants;
    `opt_out` asks to skip the 60-day transfer lock (None: not asked, as for the AFNIC registries)."""

    opt_out: bool | None


@dataclass(frozen=True)
class ChangeOutcome:
    """A contact update or trade the registry took: `pending` when someone still has to confirm it."""

    pending: bool = False
    description: str = ""


@dataclass(frozen=True)
class TradePrice:
    amount: Decimal
    currency: str

    @classmethod
    def read(cls, amount: str, currency: str) -> TradePrice | None:
        """A price from the registry's texts; None when `amount` is empty or no number (not offered)."""
        value = to_decimal(amount)
        return None if value is None else cls(value, currency.strip().upper()[:3] or "USD")

    @property
    def billable(self) -> bool:
        return self.amount > 0

    def text(self) -> str:
        return f"{self.amount.quantize(Decimal('0.01'))} {self.currency}"


@dataclass(frozen=True)
class TradePriceLookup:
    """The owner-change price of a zone: `price` None when the registry lists none; `problem` (the reply's
    code and description) when it could not be read."""

    price: TradePrice | None = None
    problem: str = ""


class ContactsPort(Protocol):
    """Intents of this family: app/registrar/contacts/ calls them, app/backends/*/contacts.py
    implement them."""

    async def domain_contacts(self, domain: str) -> DomainContacts:
        """The domain's contact handles (and other properties)."""
        ...

    async def contact(self, handle: str) -> RegistryContact:
        """One contact; a refusal says "Loading contact <handle> failed (<code> <description>)."."""
        ...

    async def owner_change_rule(self, domain: str) -> OwnerChangeRule:
        """How the domain's zone changes its registrant."""
        ...

    async def update_contacts(
        self,
        domain: str,
        contacts: Mapping[Role, ContactData],
        *,
        extensions: Mapping[str, str] | None = None,
    ) -> ChangeOutcome:
        """Set the domain's contacts of the given roles (an owner change by update where the zone allows)."""
        ...

    async def update_contact(self, handle: str, data: ContactData) -> None:
        """Change one registry contact in place (the fields given; every domain naming it sees the change)."""
        ...

    async def trade(
        self,
        domain: str,
        contacts: Mapping[Role, ContactData],
        *,
        extensions: Mapping[str, str] | None = None,
        irtp: Irtp | None = None,
        update_instead: bool = True,
    ) -> ChangeOutcome | None:
        """Change the registrant by trade. With `update_instead`, None when the registry answers that this is
        no trade (no material change, or the zone wants an update), so the caller updates instead; without
        it, such an answer is an error like any refusal."""
        ...

    async def trade_price(self, tld: str) -> TradePriceLookup:
        """What an owner change of the zone costs the reseller (never raises)."""
        ...

    async def set_id_protection(self, domain: str, enabled: bool) -> None:
        """Switch the registrar's ID protection (WHOIS privacy service) of the domain."""
        ...

    async def id_protection(self, domain: str) -> bool:
        """Whether the domain's ID protection is on."""
        ...

    @property
    def registry_privacy(self) -> bool:
        """Whether the registry's own WHOIS privacy (.ca, .se, .nz) can be set through this API with the
        additional-fields engine's parameter (`set_domain_properties`)."""
        ...

    async def set_domain_properties(self, domain: str, properties: Mapping[str, str]) -> None:
        """Set extension properties of the domain (names and values as the registry spells them)."""
        ...

    async def resend_registrant_verification(self, domain: str) -> None:
        """Send the registrant's contact-verification email again."""
        ...
