"""The status family of the registry port: what the registry knows of a domain: status and dates for
Sync/TransferSync, the account's domain list for the snapshot, information, EPP code, lock, the admin
tab's WHOIS/ERRP settings, and the account itself: whether the module's login works and the balance.

Dates come in the four-date form of docs/module-behaviour.md §7.1 (expiration, finalization, paid-until,
failure): the WHMCS expiry is computed from them by `app.registrar.dates.expiry_of`. A registry without
paid time beyond its expiry (CentralNic Reseller) gives its expiry date as expiration, finalization and
paid-until alike, and a date it does not know as None, never as a 1970 date.

Refusals that an operation words itself (a domain not in the account, a failed step it only reports) come
back as `Refusal` values; everything else raises the `app.errors.OperationFailed` tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class Refusal:
    """The registry said no: its code and wording (quoted as `<code> <description>` in activity lines)."""

    code: int
    description: str

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Absence(StrEnum):
    """Why the registry shows no status for a domain."""

    ELSEWHERE = "elsewhere"  # another account or registrar holds it (ISPAPI/CNR code 531)
    NOT_FOUND = "not_found"  # not in the account at all (545)
    REFUSED = "refused"  # any other refusal


@dataclass(frozen=True)
class Missing:
    """The status look-up was refused."""

    absence: Absence
    refusal: Refusal


@dataclass(frozen=True)
class DomainDates:
    """The dates of docs/module-behaviour.md §7.1 and the status tokens (ACTIVE, clientHold, ...)."""

    status: str = ""
    expiration_date: datetime | None = None
    finalization_date: datetime | None = None
    paid_until_date: datetime | None = None
    failure_date: datetime | None = None

    @property
    def status_tokens(self) -> list[str]:
        return self.status.split()


@dataclass(frozen=True)
class DomainStatus:
    """The registry's record of a domain in the account."""

    dates: DomainDates  # `dates.status`: the first status row, which says whether the domain is active
    statuses: list[str] = field(default_factory=list)  # every status row (ACTIVE, clientHold, ...)
    nameservers: list[str] = field(default_factory=list)
    transfer_lock: bool | None = None  # None: the TLD has no transfer lock
    whois_privacy: bool | None = None  # None: the TLD offers no WHOIS privacy
    renewal_mode: str = ""  # as the registry words it (app.registry.lifecycle.RenewalMode reads it)
    # Contact handles per role: owner, admin, tech, billing (first handle of each).
    contacts: Mapping[str, str] = field(default_factory=dict)
    # The owner-change transfer lock: None without one; "" when its end is not given as a date.
    trade_lock_until: str | None = None
    # The admin tab's WHOIS output / ERRP settings (docs/module-behaviour.md §9.7), by parameter name.
    settings: Mapping[str, str] = field(default_factory=dict)
    created_date: datetime | None = None  # when the domain came into being at the registry


@dataclass(frozen=True)
class ListedDomain:
    """One row of the account's domain list, as the snapshot stores it (app/sync/snapshot.py)."""

    domain: str  # ACE, lower case
    dates: DomainDates
    created_date: datetime | None = None
    registration_expiration_date: datetime | None = None
    transfer_lock: bool | None = None
    renewal_mode: str = ""
    nameservers: str = ""
    whois_privacy: bool | None = None


@dataclass(frozen=True)
class DomainPage:
    rows: list[ListedDomain]
    size: int  # rows the registry sent on this page (a page shorter than asked is the last)
    total: int | None  # rows in the whole list when the registry says


class DeletedState(StrEnum):
    GONE = "gone"  # the registry knows no deleted domain of that name in the account (away or purged)
    LISTED = "listed"  # deleted, still in the account's deleted-domain list (restorable while it lasts)
    PURGED = "purged"  # the list answered without it: deleted and no longer restorable
    UNKNOWN = "unknown"  # the list was refused


@dataclass(frozen=True)
class DeletedDomain:
    state: DeletedState
    expiration: datetime | None = None  # LISTED: the expiry the registry keeps for it
    refusal: Refusal | None = None  # UNKNOWN: why


@dataclass(frozen=True)
class PendingTransfer:
    """An incoming transfer still in progress."""

    nameservers: list[str]
    status: str
    log: list[str]  # the registry's transfer log lines


@dataclass(frozen=True)
class TransferRequest:
    """The record of our transfer request: `reference` finds the request's details (its requested name
    servers), `since` when it was made. A registry without request records gives ("", None)."""

    reference: str
    since: str | None


@dataclass(frozen=True)
class EppCode:
    """What the registry gives for a transfer code: the code, or a refusal, or that it went by e-mail, or
    that the domain must be unlocked first (the registry makes a new code on unlocking)."""

    code: str | None = None
    refusal: Refusal | None = None
    emailed: bool = False
    locked: bool = False


class LockState(StrEnum):
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    UNSUPPORTED = "unsupported"  # the TLD has no transfer lock
    NOT_FOUND = "not_found"  # the domain is not in the account's list


@dataclass(frozen=True)
class Verification:
    """IRTP registrant verification of an ICANN-TRADE TLD (docs/module-behaviour.md §3.8, §6.5)."""

    pending: bool
    due: datetime | None


@dataclass(frozen=True)
class LoginRefused:
    """The login check failed: the registry's answer, or the SDK wording of a failed exchange."""

    refusal: Refusal
    temporary: bool  # no decision about the login (unreachable, a temporary 4xx error): try again later


@dataclass(frozen=True)
class AccountBalance:
    """The account's money as the registry words it (decimal strings, ISO currency)."""

    amount: str  # the balance
    credit_limit: str  # how far the balance may go below zero
    currency: str


class StatusPort(Protocol):
    """Intents of this family: app/registrar/status/ calls them, app/backends/*/status.py implement them."""

    @property
    def lists_whois_privacy(self) -> bool:
        """Whether `domain_page` rows say WHOIS privacy (else their None means "not listed", not "none")."""
        ...

    async def status(self, domain: str) -> DomainStatus | Missing:
        """The domain's record, or why there is none."""
        ...

    async def domain_page(self, *, first: int, limit: int) -> DomainPage:
        """One page of the account's domains in a stable order (the snapshot pages through all of them)."""
        ...

    async def transferred_out(self, domain: str) -> bool:
        """Whether the registry recorded a successful outgoing transfer as the domain's last event."""
        ...

    async def premium_application(self, domain: str) -> str:
        """STATUS of the newest premium application for the domain in the last 30 days (upper case), ""
        when there is none (docs/module-behaviour.md §8.3; registries that register premium names at once
        have none)."""
        ...

    async def deleted(self, domain: str) -> DeletedDomain:
        """What the registry keeps of a domain that is no longer in the account."""
        ...

    async def set_whois_privacy(self, domain: str, enabled: bool) -> Refusal | None:
        """Switch WHOIS privacy (ID protection); a refusal is returned (Sync only reports it)."""
        ...

    async def set_client_hold(self, domain: str, held: bool) -> Refusal | None:
        """Add or lift the clientHold status; a refusal is returned (Sync only reports it)."""
        ...

    async def pending_transfer(self, domain: str) -> PendingTransfer | None:
        """The incoming transfer in progress, None when there is none."""
        ...

    async def transfer_request(self, domain: str) -> TransferRequest | None:
        """Our latest transfer request for the domain; None when the registry has no record of one yet."""
        ...

    async def requested_nameservers(self, request: TransferRequest) -> list[str] | None:
        """The name servers asked for with the transfer, in order; None when the registry cannot say."""
        ...

    async def transfer_failure(self, domain: str, request: TransferRequest) -> list[str] | None:
        """Why the transfer failed (the registry's lines, unfiltered), None when it did not (yet)."""
        ...

    async def replace_contacts(
        self, domain: str, contacts: Mapping[str, Mapping[str, str]]
    ) -> Refusal | None:
        """Set inline contact data for the roles given (owner, admin, tech, billing: contact fields in the
        form of app.registrar.contacts.details.order_contact) after a transfer."""
        ...

    async def epp_code(self, domain: str) -> EppCode:
        """The transfer code (a new one where the registry needs one made)."""
        ...

    async def transfer_lock(self, domain: str) -> LockState: ...

    async def set_transfer_lock(self, domain: str, locked: bool, *, new_code: str | None) -> None:
        """Lock or unlock; `new_code`: a fresh transfer code to set with it (registries that want one)."""
        ...

    async def verification(self, domain: str) -> Verification | None:
        """IRTP state when the TLD follows ICANN-TRADE; None otherwise or when it cannot be read."""
        ...

    async def save_settings(self, domain: str, changes: Mapping[str, str]) -> None:
        """Store the admin tab's WHOIS output / ERRP settings (parameter name -> value)."""
        ...

    async def check_login(self, username: str, password: str) -> LoginRefused | None:
        """Whether the module settings' login (the one the caller is built with) is accepted; None if so."""
        ...

    async def account_balance(self) -> AccountBalance | Refusal:
        """The account's balance; any failure (a failed exchange too) comes back as a Refusal."""
        ...
