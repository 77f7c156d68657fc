"""The contacts family of the port (app/registry/contacts.py) in HEXONET ISPAPI commands
(docs/ispapi-wire.md): contacts go inline into the domain commands (`OWNERCONTACT0FIRSTNAME=...`), owner
changes by TradeDomain, trade prices from the account's StatusUser price relations, ID protection as
WHOISTRUSTEE (docs/module-behaviour.md §3.14, §6.2-§6.7)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.backends.replies import call, code_and_description, ensure, succeeded, try_call
from app.ispapi import Response
from app.registry import RegistryCaller
from app.registry.contacts import (
    CONTACT_FIELDS,
    ChangeOutcome,
    ContactData,
    DomainContacts,
    Irtp,
    OwnerChangeRule,
    RegistryContact,
    Role,
    TradePrice,
    TradePriceLookup,
    registry_flag,
)

TRUSTEE = "X-ACCEPT-WHOISTRUSTEE-TAC"
# Registry answers to TradeDomain that mean "this is an update, not a trade" (sandbox/commands/trade.py);
# 219 is a 2xx code, so the code is tested before success.
TRADE_NOT_NEEDED = frozenset({506, 219})
# Price classes that are not the TLD upper-cased without dots (sandbox catalogue,
# docs/module-behaviour.md §8.3 map).
_CLASS_OVERRIDES = {"name": "NAMESLD"}
_HEAD = "PRICE_CLASS_DOMAIN_"


def inline(contacts: Mapping[Role, ContactData]) -> dict[str, str]:
    """`<ROLE>0<FIELD>` params, empty values left out (an empty value means "unset" to ISPAPI)."""
    return {f"{role}0{key}": value for role, data in contacts.items() for key, value in data.items() if value}


def price_class(tld: str) -> str:
    """`co.uk` -> `COUK`, `com` -> `COM`, `name` -> `NAMESLD` (ACE TLD without leading dot)."""
    tld = tld.strip(".").lower()
    return _CLASS_OVERRIDES.get(tld, tld.replace(".", "").upper())


def trade_price(reply: Response, tld: str) -> TradePrice | None:
    """The owner-change price of `tld` from StatusUser relations; None when no TRADE relation exists.

    An empty relation value means "not offered" and is treated as no price; the currency is the class's
    CURRENCY relation, else the account currency (docs/module-behaviour.md §6.7, §8.2).
    """
    relations = dict(zip(reply.column("RELATIONTYPE"), reply.column("RELATIONVALUE"), strict=False))
    head = f"{_HEAD}{price_class(tld)}_"
    currency = relations.get(head + "CURRENCY") or reply.first("ACCOUNTCURRENCY") or ""
    return TradePrice.read(relations.get(head + "TRADE", ""), currency)


class IspapiContacts:
    registry_privacy = True

    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def _ensure(self, command: Mapping[str, object]) -> Response:
        return ensure(await call(self._caller, command))

    async def domain_contacts(self, domain: str) -> DomainContacts:
        status = await self._ensure({"COMMAND": "StatusDomain", "DOMAIN": domain})
        handles = {role: status.first(role) for role in Role if status.first(role)}
        return DomainContacts(handles, {column: status.first(column) for column in status.columns})

    async def contact(self, handle: str) -> RegistryContact:
        # Checked (fixed docs/module-behaviour.md §13.10: 5.1.12 used whatever came back).
        reply = ensure(
            await call(self._caller, {"COMMAND": "StatusContact", "CONTACT": handle}),
            message=lambda r: f"Loading contact {handle} failed ({code_and_description(r)}).",
        )
        fields = {key: reply.first(key) for key in CONTACT_FIELDS}
        return RegistryContact(handle, fields, tuple(reply.column("STREET")))

    async def owner_change_rule(self, domain: str) -> OwnerChangeRule:
        reply = await self._ensure({"COMMAND": "QueryDomainOptions", "DOMAIN0": domain})
        return OwnerChangeRule(
            change_by=reply.first("ZONEPOLICYREGISTRANTNAMECHANGEBY").strip().upper(),
            repository=reply.first("REPOSITORY"),
        )

    async def update_contacts(
        self,
        domain: str,
        contacts: Mapping[Role, ContactData],
        *,
        extensions: Mapping[str, str] | None = None,
    ) -> ChangeOutcome:
        command = {"COMMAND": "ModifyDomain", "DOMAIN": domain, **inline(contacts), **(extensions or {})}
        reply = await self._ensure(command)
        # A PENDING reply: the API's own IRTP workflow asks the registrant to confirm
        # (docs/module-behaviour.md §6.5).
        return ChangeOutcome(pending=reply.pending, description=reply.description)

    async def update_contact(self, handle: str, data: ContactData) -> None:
        values = {key: value for key, value in data.items() if value}
        await self._ensure({"COMMAND": "ModifyContact", "CONTACT": handle, **values})

    async def trade(
        self,
        domain: str,
        contacts: Mapping[Role, ContactData],
        *,
        extensions: Mapping[str, str] | None = None,
        irtp: Irtp | None = None,
        update_instead: bool = True,
    ) -> ChangeOutcome | None:
        command: dict[str, Any] = {"COMMAND": "TradeDomain", "DOMAIN": domain, **inline(contacts)}
        if irtp is not None:
            command["X-CONFIRM-DA-OLD-REGISTRANT"] = "1"
            command["X-CONFIRM-DA-NEW-REGISTRANT"] = "1"
            if irtp.opt_out is not None:
                command["X-REQUEST-OPT-OUT-TRANSFERLOCK"] = "1" if irtp.opt_out else "0"
        command.update(extensions or {})
        reply = await call(self._caller, command)
        if update_instead and reply.code in TRADE_NOT_NEEDED:
            return None
        ensure(reply)
        return ChangeOutcome(pending=reply.pending, description=reply.description)

    async def trade_price(self, tld: str) -> TradePriceLookup:
        reply = await try_call(self._caller, {"COMMAND": "StatusUser"})
        if not succeeded(reply):
            return TradePriceLookup(problem=code_and_description(reply))
        return TradePriceLookup(price=trade_price(reply, tld))

    async def set_id_protection(self, domain: str, enabled: bool) -> None:
        await self._ensure({"COMMAND": "ModifyDomain", "DOMAIN": domain, TRUSTEE: 1 if enabled else 0})

    async def id_protection(self, domain: str) -> bool:
        status = await self._ensure({"COMMAND": "StatusDomain", "DOMAIN": domain})
        return registry_flag(status.first(TRUSTEE))

    async def set_domain_properties(self, domain: str, properties: Mapping[str, str]) -> None:
        await self._ensure({"COMMAND": "ModifyDomain", "DOMAIN": domain, **properties})

    async def resend_registrant_verification(self, domain: str) -> None:
        # Fixed (docs/module-behaviour.md §13.4): 5.1.12 sent ResendDomainTransferConfirmationEmails, which
        # re-sends transfer mails instead.
        await self._ensure({"COMMAND": "ResendDomainRegistrantVerificationEmail", "DOMAIN": domain})
