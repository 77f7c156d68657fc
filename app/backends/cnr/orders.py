"""The orders family of the port (app/registry/orders.py) in CentralNic Reseller commands
(docs/cnr-protocol.md).

What differs from ISPAPI: contacts are handles made before the order (app/backends/cnr/handles.py); our
additional fields' parameters go out in CNR spelling (app/backends/cnr/extensions.toml); a premium name is
registered directly with its fee (X-FEE-AMOUNT, the price CheckDomains quoted), not as an application;
WHOIS privacy is X-WHOISPRIVACY; the registrar's DNS zone is an object of its own (AddDNSZone), made after
the order, never at the cost of the order's outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.backends.cnr.extensions import cnr_params
from app.backends.cnr.handles import ContactHandles
from app.backends.cnr.zone import CnrZone
from app.backends.replies import answered, call, ensure
from app.backends.timestamps import older_than
from app.errors import OperationFailed, RegistryRejected
from app.numbers import to_decimal
from app.registry import RegistryCaller
from app.registry.contacts import Role
from app.registry.orders import PremiumQuote, Registered, Registration, Sending, TransferOrder

_TRANSFER_OK = 218
_PREMIUM = "premium"  # X-FEE-CLASS of a premium name in CheckDomains
_CREATED = "CREATED_DATE"  # StatusDomain's creation date (ISPAPI: CREATEDDATE)


def _common(domain: str, nameservers: Sequence[str], idn_language: str) -> dict[str, Any]:
    found: dict[str, Any] = {"DOMAIN": domain, **{f"NAMESERVER{i}": h for i, h in enumerate(nameservers)}}
    if idn_language:
        found["X-IDN-LANGUAGE"] = idn_language
    return found


class CnrOrders:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def premium_quote(self, domain: str, years: int) -> PremiumQuote | None:
        command = {
            "COMMAND": "CheckDomains",
            "DOMAIN0": domain,
            "X-FEE-COMMAND0": "create",
            "X-FEE-PERIOD0": years,
        }
        reply = ensure(await call(self._caller, command))
        if reply.first("X-FEE-CLASS").strip().lower() != _PREMIUM:
            return None
        quote = PremiumQuote(reply.first("X-FEE-AMOUNT"), reply.first("X-FEE-CURRENCY"), _PREMIUM)
        return quote if quote.price is not None else None

    async def register(self, order: Registration, sending: Sending) -> Registered:
        handles = await ContactHandles(self._caller).by_role(order.contacts)
        command: dict[str, Any] = {
            "COMMAND": "AddDomain",
            "PERIOD": order.years,
            **_common(order.domain, order.nameservers, order.idn_language),
            **handles,
            **cnr_params(order.domain, order.extension, order.contacts.get(Role.OWNER)),
        }
        if order.transfer_lock:
            command["TRANSFERLOCK"] = 1
        if order.whois_privacy:
            command["X-WHOISPRIVACY"] = 1
        if order.premium is not None:
            # the fee in the account's currency, CheckDomains' quote (a currency is not sent: the account's
            # is the default, any other one an error)
            command["X-FEE-AMOUNT"] = order.premium.amount
        await sending()
        ensure(await call(self._caller, command))
        if order.dns_zone:
            await self._zone_if_possible(order.domain)
        return Registered()

    async def registered_since(self, domain: str, since: datetime, *, premium: bool) -> Registered | None:  # noqa: ARG002
        # premium names are registered directly here, never as applications: StatusDomain says it all
        status = answered(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        if not status.is_success or older_than(status.first(_CREATED), since):
            return None
        return Registered()

    async def transfer(self, order: TransferOrder, sending: Sending) -> None:
        fee = await self._precheck(order)
        handles = await ContactHandles(self._caller).by_role(order.contacts)
        command: dict[str, Any] = {
            "COMMAND": "TransferDomain",
            "PERIOD": order.years,
            # no IDN tag: the registry has the name's language since its registration
            **_common(order.domain, order.nameservers, ""),
            **handles,
            **cnr_params(order.domain, order.extension, order.contacts.get(Role.OWNER)),
        }
        if order.auth:
            command["AUTH"] = order.auth
        if order.premium_cost is not None:
            if fee != order.premium_cost:
                shown = "unknown" if fee is None else f"{fee:.2f}"
                raise RegistryRejected(f"Price mismatch. Got {order.premium_cost}, but expected {shown}.")
            command["X-FEE-AMOUNT0"] = str(order.premium_cost)
        await sending()
        ensure(await call(self._caller, command))
        if order.dns_zone:
            # made now, so that DNS management works as soon as the transfer completes
            await self._zone_if_possible(order.domain)

    async def _precheck(self, order: TransferOrder) -> Decimal | None:
        """CheckDomainTransfer: the transfer fee it quotes, or the refusal WHMCS shows."""
        command = {"COMMAND": "CheckDomainTransfer", "DOMAIN": order.domain}
        if order.auth:
            command["AUTH"] = order.auth
        check = answered(await call(self._caller, command))
        if check.code != _TRANSFER_OK:
            raise RegistryRejected(check.description, registry_code=check.code, description=check.description)
        if check.first("TRANSFERLOCK") == "1":
            raise RegistryRejected("Transferlock is active. Therefore the Domain cannot be transferred.")
        return to_decimal(check.first("X-FEE-AMOUNT"))

    async def _zone_if_possible(self, domain: str) -> None:
        """The registrar's DNS zone after a successful order: a failure here must not turn the paid order
        into an error (WHMCS would retry it and be refused); the zone can still be made later."""
        try:
            await CnrZone(self._caller).ensure_zone(domain)
        except OperationFailed:
            return

    async def transfer_requested(self, domain: str) -> bool:
        pending = answered(await call(self._caller, {"COMMAND": "StatusDomainTransfer", "DOMAIN": domain}))
        if pending.is_success:
            return True
        status = answered(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return status.is_success  # done: the domain is in the account
