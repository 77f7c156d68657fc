"""The lifecycle family of the registry port: renewal and restore (money), the renewal mode, deletion,
release (push) to another registrar, transfers in progress (cancel, resend, pre-check), applications.

Writes return nothing and raise the `app.errors.OperationFailed` tree (RegistryRejected with the registry's
code and wording); `failure_quote` words any of them the way the activity log quotes a failed command.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from app.errors import OperationFailed, RegistryRejected

# The keys of `RenewalState.dates`: the journal records them before a renewal's money command and compares
# them afterwards, whichever backend wrote them (a renewal started before a switch of backend is settled by
# the other one). Values are registry timestamps, UTC "YYYY-MM-DD HH:MM:SS".
EXPIRY, PAID_UNTIL = "expiry", "paid_until"

# Called by an adapter right before each money command leaves (the journal's `sending` with its evidence).
BeforeSend = Callable[[], Awaitable[None]]


class RenewalMode(StrEnum):
    """What the registry does by itself when a domain's term ends (CNR's names; HEXONET's are the same)."""

    DEFAULT = "DEFAULT"  # the account's setting, which may be AUTORENEW
    AUTORENEW = "AUTORENEW"
    AUTOEXPIRE = "AUTOEXPIRE"
    AUTODELETE = "AUTODELETE"
    RENEWONCE = "RENEWONCE"  # one renewal at the next renewal date, then DEFAULT again
    OTHER = "OTHER"  # a mode the bridge does not act on (monthly, auction, unknown)

    @classmethod
    def read(cls, raw: str) -> RenewalMode:
        """The mode a registry column shows (any case); OTHER for one the bridge does not know."""
        try:
            return cls(raw.strip().upper())
        except ValueError:
            return cls.OTHER


@dataclass(frozen=True)
class RenewalState:
    """A domain as a renewal sees it before anything is sent.

    `refusal`: the registry's answer when it would not show the domain (not in the account, deleted); the
    other fields are then empty. `premium`: what marks a premium renewal at this registry (ISPAPI: the
    premium class, CNR: the yearly renewal fee); "" for a standard name.
    """

    dates: Mapping[str, str] = field(default_factory=dict)
    mode: RenewalMode = RenewalMode.OTHER
    premium: str = ""
    refusal: RegistryRejected | None = None


@dataclass(frozen=True)
class PremiumRenewal:
    """What the registry charges per year to renew a premium name, and the tag a renewal must carry."""

    price: str  # as the registry states it (the operation compares it with WHMCS's cost as a decimal)
    tag: str  # what the renewal names to accept that price (ISPAPI: the class, CNR: the fee)


class Renewal(StrEnum):
    """How a renewal was carried out."""

    RENEWED = "renewed"  # the expiry moved now (explicit renewal or paid-until renewal)
    SCHEDULED = "scheduled"  # the zone renews only through the renewal mode: one renewal is now due


class ApplicationState(StrEnum):
    SUCCESSFUL = "SUCCESSFUL"
    FAILED = "FAILED"
    UNDECIDED = "UNDECIDED"  # requested, in progress: the registry has not decided


class LifecyclePort(Protocol):
    """Intents of this family: app/registrar/orders/ (renewals, lifecycle, transfers, applications) calls
    them, app/backends/*/lifecycle.py implement them. Domain names in ACE form."""

    # ---- renewal and restore (money: the operation runs them inside the journal)

    async def renewal_state(self, domain: str) -> RenewalState:
        """Read before a renewal: dates, renewal mode, premium class. Raises only when the registry could
        not be asked (a refusal comes back as `RenewalState.refusal`)."""
        ...

    async def premium_renewal(self, domain: str, state: RenewalState) -> PremiumRenewal | None:
        """The registry's yearly renewal price of a premium name; None for a standard one."""
        ...

    async def restore(self, domain: str, *, before_send: BeforeSend) -> None:
        """Bring a deleted domain back (redemption)."""
        ...

    async def renewal_periods(self, domain: str) -> list[str]:
        """The zone's renewal periods as labels ("1Y", "2Y", ...), [] when the registry does not say."""
        ...

    async def renew(
        self, domain: str, years: int, *, state: RenewalState, premium_tag: str, before_send: BeforeSend
    ) -> Renewal:
        """Renew by `years` (zones that renew only through the renewal mode: one renewal, scheduled)."""
        ...

    async def renewed_since(self, domain: str, since: datetime, *, restore: bool) -> bool:
        """Whether the registry logged a successful renewal (or, with `restore`, a restore) of `domain`
        since `since`: how a lost reply is settled when the dates do not show it."""
        ...

    async def keep_renewals_with_whmcs(self, domain: str, state: RenewalState) -> RenewalMode | None:
        """WHMCS bills this domain's renewals and sends them: make sure the registry will not renew it by
        itself as well. Returns the mode set, None when nothing had to change (a backend whose renewals
        never run by themselves changes nothing)."""
        ...

    # ---- end of life at this registrar

    async def request_delete(self, domain: str) -> None: ...

    async def release_locked(self, domain: str) -> bool:
        """True when the registrar lock is known to be on (a refusal to say counts as "not known")."""
        ...

    async def release(self, domain: str, target: str) -> None:
        """Push the domain out of the account, to `target` ("" = the registry's default)."""
        ...

    async def set_hold(self, domain: str, *, on: bool) -> None:
        """Set or clear the clientHold status (WHMCS's suspension buttons)."""
        ...

    # ---- transfers in progress

    async def cancel_transfer(self, domain: str) -> None: ...

    async def resend_transfer_confirmation(self, domain: str) -> None: ...

    async def transfer_obstacle(self, domain: str, auth: str) -> str | None:
        """The registry's reason why a transfer request would be refused now (its own wording, e.g.
        "Request is not available; clientTransferProhibited"); None when it would go through or the
        registry could not say. Never raises for the registry's answer or a failed exchange."""
        ...

    # ---- applications

    async def application_state(self, application: str) -> ApplicationState:
        """Where a domain application stands."""
        ...


def _failure(exc: OperationFailed) -> tuple[int, str] | None:
    """The code and wording behind a failed command: the registry's for a refusal, the SDK's for a failed
    exchange (both kept as the error's cause by the adapters); None for an error of the bridge's own."""
    if isinstance(exc, RegistryRejected) and exc.registry_code is not None:
        return exc.registry_code, exc.description
    cause = exc.__cause__
    code, description = getattr(cause, "code", None), getattr(cause, "description", None)
    if isinstance(code, int) and isinstance(description, str):
        return code, description
    return None


def failure_quote(exc: OperationFailed) -> str:
    """`<code> <description>` of a failed command, as 5.1.12 quoted it in activity lines (the bridge's
    message when there is no reply behind the failure)."""
    found = _failure(exc)
    return exc.message if found is None else f"{found[0]} {found[1]}"


def failure_description(exc: OperationFailed) -> str:
    """The wording alone (`failure_quote` without the code)."""
    found = _failure(exc)
    return exc.message if found is None else found[1]
