"""The orders family of the port (app/registry/orders.py) in HEXONET ISPAPI commands (docs/ispapi-wire.md).

Contacts travel inline (`OWNERCONTACT0FIRSTNAME=...`); a premium name or a `.swiss` name is ordered as an
application (AddDomainApplication), which the registry decides on later (docs/module-behaviour.md §3.5).
A transfer is checked first (CheckDomainTransfer), takes the zone's free `0Y` period where only that is
offered, and a premium class only at WHMCS's price (docs/module-behaviour.md §3.6, §13.1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.backends.replies import answered, call, ensure
from app.backends.timestamps import older_than
from app.errors import RegistryRejected
from app.numbers import to_decimal
from app.registry import RegistryCaller
from app.registry.contacts import ContactData, Role
from app.registry.orders import (
    PremiumQuote,
    Registered,
    Registration,
    Sending,
    TransferOrder,
)

# Not allowed on applications (AddDomainApplication), docs/module-behaviour.md §3.5.
_REGISTRATION_EXTRAS = ("TRANSFERLOCK", "INTERNALDNS", "X-ACCEPT-WHOISTRUSTEE-TAC")
# Zones whose registrations are applications even at the standard price, and the class they go in.
_APPLICATION_ZONES = {".swiss": "GOLIVE"}
_TRANSFER_OK = 218
_RELATION = "PRICE_CLASS_DOMAIN_{cls}_TRANSFER"
_APPLICATION_LIST = {
    "COMMAND": "QueryDomainList",
    "OBJECTCLASS": "DOMAINAPPLICATION",
    "VERSION": 2,
    "WIDE": 1,
    "NOTOTAL": 1,
    "ORDERBY": "CREATEDDATEDESC",
    "LIMIT": 1,
}


def _inline(contacts: Mapping[Role, ContactData]) -> dict[str, str]:
    """`<ROLE>0<FIELD>` parameters, every field the contact has (ISPAPI takes an empty one as "unset")."""
    return {f"{role}0{key}": value for role, data in contacts.items() for key, value in data.items()}


def _common(domain: str, nameservers: Sequence[str], idn_language: str) -> dict[str, Any]:
    found: dict[str, Any] = {"DOMAIN": domain, **{f"NAMESERVER{i}": h for i, h in enumerate(nameservers)}}
    if idn_language:
        found["X-IDN-LANGUAGE"] = idn_language
    return found


def _application_zone(domain: str) -> str | None:
    return next((cls for zone, cls in _APPLICATION_ZONES.items() if domain.endswith(zone)), None)


def _add_domain(order: Registration) -> dict[str, Any]:
    command: dict[str, Any] = {
        "COMMAND": "AddDomain",
        "PERIOD": order.years,
        **_common(order.domain, order.nameservers, order.idn_language),
        **_inline(order.contacts),
    }
    flags = {
        "TRANSFERLOCK": order.transfer_lock,
        "INTERNALDNS": order.dns_zone,
        "X-ACCEPT-WHOISTRUSTEE-TAC": order.whois_privacy,
    }
    command.update({key: 1 for key, wanted in flags.items() if wanted})
    command.update(order.extension)
    return command


def _as_application(command: dict[str, Any], extra: Mapping[str, str]) -> dict[str, Any]:
    applied = {k: v for k, v in command.items() if k not in _REGISTRATION_EXTRAS}
    applied.update({"COMMAND": "AddDomainApplication", **extra})
    return applied


class IspapiOrders:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def premium_quote(self, domain: str, years: int) -> PremiumQuote | None:  # noqa: ARG002
        # CheckDomains quotes the premium price as WHMCS's premiumCost holds it, whatever the period.
        command = {"COMMAND": "CheckDomains", "DOMAIN0": domain, "PREMIUMCHANNELS": "*"}
        reply = ensure(await call(self._caller, command))
        channel = reply.first("PREMIUMCHANNEL")
        cls = reply.first("CLASS") or (f"AFTERMARKET_PURCHASE_{channel}" if channel else "")
        quote = PremiumQuote(reply.first("PRICE"), reply.first("CURRENCY"), cls)
        return quote if cls and quote.price is not None else None

    async def register(self, order: Registration, sending: Sending) -> Registered:
        command = _add_domain(order)
        zone_class = _application_zone(order.domain)
        if order.premium is not None:
            premium = order.premium
            extra = {"CLASS": premium.premium_class, "PRICE": premium.amount, "CURRENCY": premium.currency}
            command = _as_application(command, extra)
        elif zone_class is not None:
            command = _as_application(command, {"CLASS": zone_class})
        await sending()
        reply = ensure(await call(self._caller, command))
        if command["COMMAND"] == "AddDomainApplication":
            return Registered(application_id=reply.first("APPLICATION"))
        return Registered()

    async def registered_since(self, domain: str, since: datetime, *, premium: bool) -> Registered | None:
        status = await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain})
        if status.is_success:
            # In the account since the order started: the lost order did it. An older domain of the
            # account is not this order's (the registry refuses a second AddDomain for it anyway).
            return None if older_than(status.first("CREATEDDATE"), since) else Registered()
        answered(status)
        if not (premium or _application_zone(domain)):
            return None
        listed = ensure(await call(self._caller, {**_APPLICATION_LIST, "DOMAIN": domain}))
        application_id = listed.first("APPLICATION") or listed.first("OBJECTID")
        if not application_id or older_than(listed.first("CREATEDDATE"), since):
            return None  # none, or an older application, not ours
        return Registered(application_id=application_id)

    async def transfer(self, order: TransferOrder, sending: Sending) -> None:
        check = await self._precheck(order)
        command: dict[str, Any] = {
            "COMMAND": "TransferDomain",
            "PERIOD": order.years,
            **_common(order.domain, order.nameservers, order.idn_language),
            **_inline(order.contacts),
        }
        if order.auth:
            command["AUTH"] = order.auth
        if order.dns_zone:
            # the product documentation's "zone created when needed": TransferDomain takes INTERNALDNS like
            # AddDomain (API reference), so an ordered DNS management works as soon as the transfer is done
            command["INTERNALDNS"] = 1
        if check.get("USERTRANSFERREQUIRED") == "1":
            command["ACTION"] = "USERTRANSFER"
        command.update(order.extension)
        command["PERIOD"] = await self._transfer_period(order.domain, order.years)
        cls = check.get("CLASS", "").strip()
        if cls and (order.premium_cost is not None or cls.upper().startswith("PREMIUM")):
            command["CLASS"] = await self._premium_transfer_class(cls, order.premium_cost)
        await sending()
        ensure(await call(self._caller, command))

    async def _precheck(self, order: TransferOrder) -> dict[str, str]:
        """CheckDomainTransfer: its answer columns, or the refusal WHMCS shows."""
        command = {"COMMAND": "CheckDomainTransfer", "DOMAIN": order.domain}
        if order.auth:
            command["AUTH"] = order.auth
        check = answered(await call(self._caller, command))
        if check.code != _TRANSFER_OK:
            raise RegistryRejected(check.description, registry_code=check.code, description=check.description)
        if order.auth and check.first("AUTHISVALID").strip().upper() in {"NO", "0"}:
            raise RegistryRejected("Invalid Authorization Code", registry_code=check.code)
        if check.first("TRANSFERLOCK") == "1":
            raise RegistryRejected("Transferlock is active. Therefore the Domain cannot be transferred.")
        return {name: check.first(name) for name in ("USERTRANSFERREQUIRED", "CLASS")}

    async def _transfer_period(self, domain: str, years: int) -> int | str:
        """`0Y` when the registry offers only a free transfer for this zone, else the period."""
        reply = answered(await call(self._caller, {"COMMAND": "QueryDomainOptions", "DOMAIN0": domain}))
        if not reply.is_success:
            return years
        periods = [x.strip().upper() for x in reply.first("ZONETRANSFERPERIODS").split(",") if x.strip()]
        return "0Y" if f"{years}Y" not in periods and "0Y" in periods else years

    async def _premium_transfer_class(self, cls: str, cost: Decimal | None) -> str:
        """The premium CLASS to send when WHMCS's cost equals the class's transfer price in the account's
        price relations (StatusUser)."""
        reply = ensure(await call(self._caller, {"COMMAND": "StatusUser"}))
        relations = dict(zip(reply.column("RELATIONTYPE"), reply.column("RELATIONVALUE"), strict=False))
        expected = relations.get(_RELATION.format(cls=cls), "").strip()
        if cost is None or to_decimal(expected) != cost:
            got = "nothing" if cost is None else str(cost)
            raise RegistryRejected(f"Price mismatch. Got {got}, but expected {expected or 'unknown'}.")
        return cls

    async def transfer_requested(self, domain: str) -> bool:
        for probe in ("StatusDomainTransfer", "StatusDomain"):
            reply = await call(self._caller, {"COMMAND": probe, "DOMAIN": domain})
            if reply.is_success:
                return True
            answered(reply)
        return False
