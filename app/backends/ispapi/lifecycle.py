"""The lifecycle family of the port (app/registry/lifecycle.py) in HEXONET ISPAPI commands
(docs/ispapi-wire.md, docs/module-behaviour.md §3.7, §3.17, §3.18, §3.20, §4)."""

from __future__ import annotations

from datetime import datetime

from app.backends.replies import answered, call, count, ensure, succeeded, try_call
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

# StatusDomain columns of the dates a renewal moves (RenewDomain: expiration; PayDomainRenewal, restore:
# paid-until).
_DATE_COLUMNS = {EXPIRY: "EXPIRATIONDATE", PAID_UNTIL: "PAIDUNTILDATE"}
_NOT_RENEWABLE_EXPLICITLY = 510  # a TLD without explicit renewal: PayDomainRenewal instead
_NOT_AVAILABLE = 219  # CheckDomainTransfer: "Request is not available; <reason>"
_RELATION = "PRICE_CLASS_DOMAIN_{cls}_ANNUAL"  # StatusUser relation: a premium class's yearly price
_APPLICATION_STATES = {"SUCCESSFUL": ApplicationState.SUCCESSFUL, "FAILED": ApplicationState.FAILED}


class IspapiLifecycle(SharedLifecycle):
    # ---- renewal and restore

    async def renewal_state(self, domain: str) -> RenewalState:
        status = answered(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        if not status.is_success:
            refusal = RegistryRejected(
                status.description, registry_code=status.code, description=status.description
            )
            return RenewalState(refusal=refusal)
        return RenewalState(
            dates={key: status.first(name) for key, name in _DATE_COLUMNS.items() if status.first(name)},
            mode=RenewalMode.read(status.first("RENEWALMODE")),
            premium=status.first("SUBCLASS").strip(),
        )

    async def premium_renewal(self, domain: str, state: RenewalState) -> PremiumRenewal | None:  # noqa: ARG002
        if state.refusal is not None:
            raise state.refusal
        if not state.premium:
            return None
        reply = ensure(await call(self._caller, {"COMMAND": "StatusUser"}))
        relations = dict(zip(reply.column("RELATIONTYPE"), reply.column("RELATIONVALUE"), strict=False))
        price = relations.get(_RELATION.format(cls=state.premium), "").strip()
        # No price of its own: not a premium class with a renewal price.
        return PremiumRenewal(price=price, tag=state.premium) if price else None

    async def restore(self, domain: str, *, before_send: BeforeSend) -> None:
        await before_send()
        await write(self._caller, {"COMMAND": "RestoreDomain", "DOMAIN": domain})

    async def renewal_periods(self, domain: str) -> list[str]:
        # Optional: a failed look-up only means the periods are unknown.
        options = await try_call(self._caller, {"COMMAND": "QueryDomainOptions", "DOMAIN0": domain})
        if not succeeded(options):
            return []
        return [x.strip().upper() for x in options.first("ZONERENEWALPERIODS").split(",") if x.strip()]

    async def renew(
        self,
        domain: str,
        years: int,
        *,
        state: RenewalState,  # noqa: ARG002
        premium_tag: str,
        before_send: BeforeSend,
    ) -> Renewal:
        command: dict[str, object] = {"COMMAND": "RenewDomain", "DOMAIN": domain, "PERIOD": years}
        if premium_tag:
            command["CLASS"] = premium_tag
        await before_send()
        reply = await try_call(self._caller, command)
        if not isinstance(reply, ExchangeError) and reply.code == _NOT_RENEWABLE_EXPLICITLY:
            await before_send()
            await write(self._caller, {**command, "COMMAND": "PayDomainRenewal"})
            return Renewal.RENEWED
        checked(reply)
        return Renewal.RENEWED

    async def renewed_since(self, domain: str, since: datetime, *, restore: bool) -> bool:
        for operation in ("RENEW", "RESTORE") if restore else ("RENEW",):
            command = {
                "COMMAND": "QueryObjectLogList",
                "OBJECTCLASS": "DOMAIN",
                "OBJECTID": domain,
                "OPERATIONTYPE": operation,
                "OPERATIONSTATUS": "SUCCESSFUL",
                "MINDATE": api_timestamp(since),
                "USERDEPTH": "SELF",
            }
            if count(ensure(await call(self._caller, command))) > 0:
                return True
        return False

    async def keep_renewals_with_whmcs(
        self,
        domain: str,  # noqa: ARG002
        state: RenewalState,  # noqa: ARG002
    ) -> RenewalMode | None:
        # The original module never touched HEXONET's renewal mode; neither do we (behaviour unchanged).
        return None

    # ---- end of life

    async def request_delete(self, domain: str) -> None:
        await write(self._caller, {"COMMAND": "DeleteDomain", "DOMAIN": domain})

    async def release_locked(self, domain: str) -> bool:
        command = {"COMMAND": "QueryDomainList", "VERSION": 2, "NOTOTAL": 1, "DOMAIN": domain, "WIDE": 1}
        reply = answered(await call(self._caller, command))
        return reply.is_success and reply.first("TRANSFERLOCK").strip() == "1"

    # ---- transfers in progress

    async def resend_transfer_confirmation(self, domain: str) -> None:
        await write(self._caller, {"COMMAND": "ResendDomainTransferConfirmationEmails", "DOMAIN": domain})

    async def transfer_obstacle(self, domain: str, auth: str) -> str | None:
        command = {"COMMAND": "CheckDomainTransfer", "DOMAIN": domain}
        if auth:
            command["AUTH"] = auth
        reply = await try_call(self._caller, command)
        # A failed exchange says nothing about the transfer.
        if isinstance(reply, ExchangeError) or reply.code != _NOT_AVAILABLE:
            return None
        return reply.description

    # ---- applications

    async def application_state(self, application: str) -> ApplicationState:
        command = {"COMMAND": "StatusDomainApplication", "APPLICATION": application}
        reply = ensure(await call(self._caller, command))
        return _APPLICATION_STATES.get(reply.first("STATUS").strip().upper(), ApplicationState.UNDECIDED)
