"""The lifecycle family of the port (app/registry/lifecycle.py) in CentralNic Reseller commands
(docs/cnr-protocol.md, docs/cnr-renewals.md).

Renewals differ most from ISPAPI: `RenewDomain` names the current expiry year (`EXPIRATION`), so a renewal
sent twice cannot renew twice; zones the registry renews only through the renewal mode get
`SetDomainRenewalMode RENEWONCE` instead; a domain WHMCS renews is kept from renewing by itself
(`keep_renewals_with_whmcs`, docs/cnr-renewals.md).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from app.backends.replies import answered, call, ensure, succeeded, try_call
from app.backends.shared_lifecycle import SharedLifecycle
from app.backends.timestamps import api_timestamp
from app.backends.writes import checked, write
from app.errors import RegistryRejected
from app.exchange import ExchangeError
from app.registry.lifecycle import (
    EXPIRY,
    PAID_UNTIL,
    ApplicationState,
    BeforeSend,
    PremiumRenewal,
    Renewal,
    RenewalMode,
    RenewalState,
)

# Zones without explicit renewal: a paid renewal is the renewal mode RENEWONCE (docs/cnr-renewals.md).
RENEW_BY_MODE = frozenset(
    {
        "at", "be", "ch", "co.za", "de", "dk", "hu", "is", "it", "jp", "li", "lu", "my", "nl", "xn--p1ai",
        "ru", "sk", "su", "ua",
    }
)  # fmt: skip
# Modes under which the registry renews a domain by itself (DEFAULT follows the account, AUTORENEW unless the
# reseller changed it); a domain WHMCS bills is set to AUTOEXPIRE instead.
RENEWS_BY_ITSELF = frozenset({RenewalMode.DEFAULT, RenewalMode.AUTORENEW})
_DATE_COLUMNS = {EXPIRY: "REGISTRATION_EXPIRATION_DATE", PAID_UNTIL: "PAIDUNTIL_DATE"}
ONE_YEAR_ONLY = (
    "{domain} is renewed by the registry one year at a time; renew it for 1 year, not {years}. "
    "Nothing was renewed."
)
_NOT_AVAILABLE = 219  # CheckDomainTransfer: "Request is not available; <reason>"
_APPLICATION_STATES = {"SUCCESSFUL": ApplicationState.SUCCESSFUL, "FAILED": ApplicationState.FAILED}
_RENEWAL_LOGS = {False: frozenset({"RENEW"}), True: frozenset({"RENEW", "RESTORE"})}


def renews_by_mode(domain: str) -> bool:
    """Whether `domain`'s zone renews only through the renewal mode (its longest listed suffix)."""
    labels = domain.lower().rstrip(".").split(".")
    return any(".".join(labels[i:]) in RENEW_BY_MODE for i in range(1, len(labels)))


class CnrLifecycle(SharedLifecycle):
    # ---- renewal and restore

    async def renewal_state(self, domain: str) -> RenewalState:
        # X-FEE-COMMAND=renew: a premium name's status then carries its renewal fee.
        command = {"COMMAND": "StatusDomain", "DOMAIN": domain, "X-FEE-COMMAND": "renew"}
        status = answered(await call(self._caller, command))
        if not status.is_success:
            refusal = RegistryRejected(
                status.description, registry_code=status.code, description=status.description
            )
            return RenewalState(refusal=refusal)
        premium = status.first("X-FEE-CLASS").strip().lower() == "premium"
        return RenewalState(
            dates={key: status.first(name) for key, name in _DATE_COLUMNS.items() if status.first(name)},
            mode=RenewalMode.read(status.first("RENEWALMODE")),
            premium=status.first("X-FEE-AMOUNT").strip() if premium else "",
        )

    async def premium_renewal(self, domain: str, state: RenewalState) -> PremiumRenewal | None:  # noqa: ARG002
        if state.refusal is not None:
            raise state.refusal
        # The fee is the tag: a premium renewal accepts it by naming it (X-FEE-AMOUNT).
        return PremiumRenewal(price=state.premium, tag=state.premium) if state.premium else None

    async def restore(self, domain: str, *, before_send: BeforeSend) -> None:
        await before_send()
        await write(self._caller, {"COMMAND": "RestoreDomain", "DOMAIN": domain})

    async def renewal_periods(self, domain: str) -> list[str]:
        info = await try_call(self._caller, {"COMMAND": "GetZoneInfo", "DOMAIN": domain})
        if not succeeded(info):
            return []
        labels = ",".join(info.column("DOMAIN_RENEWAL")).split(",")
        return [label.strip().upper() for label in labels if label.strip()]

    async def renew(
        self, domain: str, years: int, *, state: RenewalState, premium_tag: str, before_send: BeforeSend
    ) -> Renewal:
        if renews_by_mode(domain):
            if years != 1:
                # RENEWONCE adds one term; WHMCS would book more than the registry renews.
                raise RegistryRejected(ONE_YEAR_ONLY.format(domain=domain, years=years))
            # One renewal, run by the registry at the renewal date; setting it twice still renews once.
            await before_send()
            await write(self._caller, _mode_command(domain, RenewalMode.RENEWONCE))
            return Renewal.SCHEDULED
        command: dict[str, object] = {
            "COMMAND": "RenewDomain",
            "DOMAIN": domain,
            "PERIOD": years,
            "EXPIRATION": await self._expiry_year(domain, state),
        }
        if premium_tag:
            command["X-FEE-AMOUNT"] = _fee(premium_tag, years)
            command["X-ACCEPT-PREMIUMPRICE"] = 1
        await before_send()
        checked(await try_call(self._caller, command))
        return Renewal.RENEWED

    async def _expiry_year(self, domain: str, state: RenewalState) -> int:
        """The current expiry year: from the state read before, else (a domain restored since) now."""
        expiry = state.dates.get(EXPIRY, "")
        if not expiry:
            status = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
            expiry = status.first(_DATE_COLUMNS[EXPIRY])
        year = expiry.strip()[:4]
        if not year.isdigit():
            raise RegistryRejected(f"The registry shows no expiry date for {domain}; it was not renewed.")
        return int(year)

    async def renewed_since(self, domain: str, since: datetime, *, restore: bool) -> bool:
        if renews_by_mode(domain):
            # The lost command was RENEWONCE: it took effect if the mode says so (or the renewal ran already).
            status = answered(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
            if status.is_success and RenewalMode.read(status.first("RENEWALMODE")) is RenewalMode.RENEWONCE:
                return True
        command = {
            "COMMAND": "QueryObjectLogList",
            "OBJECTCLASS": "DOMAIN",
            "OBJECTID": domain,
            "MINDATE": api_timestamp(since),
        }
        reply = ensure(await call(self._caller, command))
        wanted = _RENEWAL_LOGS[restore]
        rows = zip(reply.column("OPERATION_TYPE"), reply.column("OPERATION_STATUS"), strict=False)
        return any(kind.upper() in wanted and outcome.upper() == "SUCCESSFUL" for kind, outcome in rows)

    async def keep_renewals_with_whmcs(self, domain: str, state: RenewalState) -> RenewalMode | None:
        if state.refusal is not None or state.mode not in RENEWS_BY_ITSELF:
            return None  # RENEWONCE (a paid renewal pending), AUTOEXPIRE/AUTODELETE, others: as they are
        await write(self._caller, _mode_command(domain, RenewalMode.AUTOEXPIRE))
        return RenewalMode.AUTOEXPIRE

    # ---- end of life

    async def request_delete(self, domain: str) -> None:
        await write(self._caller, {"COMMAND": "DeleteDomain", "DOMAIN": domain, "ACTION": "INSTANT"})

    async def release_locked(self, domain: str) -> bool:
        reply = answered(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return reply.is_success and reply.first("TRANSFER_LOCK").strip() == "1"

    # ---- transfers in progress

    async def resend_transfer_confirmation(self, domain: str) -> None:
        await write(
            self._caller, {"COMMAND": "ResendNotification", "TYPE": "domaintransfer", "OBJECT": domain}
        )

    async def transfer_obstacle(self, domain: str, auth: str) -> str | None:
        command = {"COMMAND": "CheckDomainTransfer", "DOMAIN": domain}
        if auth:
            command["AUTH"] = auth
        reply = await try_call(self._caller, command)
        if isinstance(reply, ExchangeError) or reply.code != _NOT_AVAILABLE:
            return None
        return reply.description

    # ---- applications

    async def application_state(self, application: str) -> ApplicationState:
        command = {"COMMAND": "StatusDomainApplication", "APPLICATION": application}
        reply = ensure(await call(self._caller, command))
        return _APPLICATION_STATES.get(reply.first("STATUS").strip().upper(), ApplicationState.UNDECIDED)


def _mode_command(domain: str, mode: RenewalMode) -> dict[str, object]:
    return {"COMMAND": "SetDomainRenewalMode", "DOMAIN": domain, "RENEWALMODE": mode.value}


def _fee(yearly: str, years: int) -> str:
    """The fee a premium renewal of `years` accepts: the yearly fee times the years."""
    try:
        return f"{Decimal(yearly) * years:.2f}"
    except InvalidOperation:
        return yearly
