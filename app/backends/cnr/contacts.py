"""The contacts family of the port (app/registry/contacts.py) in CentralNic Reseller commands
(docs/cnr-protocol.md).

    intent                     commands
    domain contacts, contact   StatusDomain (OWNER_CONTACT, ADMIN_CONTACT, ...), StatusContact
    owner change rule          GetZoneInfo CHANGE_OF_REGISTRANT (UPDATE, TRADE, ICANN-TRADE)
    update contacts            AddContact per distinct contact (app/backends/cnr/handles.py), ModifyDomain
    update one contact         ModifyContact
    trade                      AddContact, TradeDomain (X-REQUEST-OPT-OUT-TRANSFERLOCK for ICANN)
    trade price                QueryZoneList ZONE=<tld>: TRADE and CURRENCY
    ID protection              ModifyDomain / StatusDomain X-WHOISPRIVACY
    resend verification       ResendNotification TYPE=contactverification OBJECT=<registrant's email>

Zone extension parameters (the additional fields' X- parameters a trade, an update or a registrant page
sends, and those StatusDomain shows) are in our spelling at the port and in CNR's on the wire: the same
table as for orders (app/backends/cnr/extensions.toml, `cnr_params` out, `our_params` back).

Registry privacy of .ca/.se/.nz has no CNR parameter the knowledge base documents (sandbox/cnr/extensions.toml
lists se and nz as undocumented), so `registry_privacy` is False and the pages say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.backends.cnr.extensions import cnr_params, our_params
from app.backends.cnr.handles import ContactHandles, contact_params
from app.backends.replies import call, code_and_description, ensure, succeeded, try_call
from app.errors import RegistryRejected
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

PRIVACY = "X-WHOISPRIVACY"
OPT_OUT = "X-REQUEST-OPT-OUT-TRANSFERLOCK"
# StatusDomain's property per role (API/api-command/StatusDomain: OWNER_CONTACT, ADMIN_CONTACT, ...).
ROLE_PROPERTY = {role: f"{role.removesuffix('CONTACT')}_CONTACT" for role in Role}
# StatusContact's property per port field, where the names differ.
CONTACT_PROPERTY = {"FIRSTNAME": "FIRST_NAME", "LASTNAME": "LAST_NAME"}
# TradeDomain's answer when the new owner is no change of registrant (no material change): update instead.
NOT_A_TRADE = frozenset({506})
CHANGE_PROCESSES = ("ICANN-TRADE", "TRADE", "UPDATE")  # the most specific first: ICANN-TRADE contains TRADE


def change_process(reply: Response) -> str:
    """UPDATE, TRADE or ICANN-TRADE from GetZoneInfo: CHANGE_OF_REGISTRANT names it; otherwise
    TRADE_POSSIBLE tells a trade zone from an update zone."""
    text = " ".join(reply.column("CHANGE_OF_REGISTRANT")).upper()
    for process in CHANGE_PROCESSES:
        if process in text:
            return process
    return "TRADE" if registry_flag(reply.first("TRADE_POSSIBLE")) else "UPDATE"


def _extensions(
    domain: str, extensions: Mapping[str, str] | None, owner: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The additional fields' parameters of a change in CNR spelling (none given: none sent; a registrant
    change also repeats the new registrant's fields where the zone wants them, e.g. .au's organisation)."""
    return cnr_params(domain, extensions, owner) if extensions else {}


def _pending(reply: Response) -> bool:
    """A trade the registry still has to complete (a ccTLD trade runs for days): INFO says pending."""
    return reply.pending or "PENDING" in reply.first("INFO").upper()


class CnrContacts:
    registry_privacy = False

    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
        # One per registry port, that is per WHMCS call: a trade that falls back to an update reuses its
        # handles.
        self._handles = ContactHandles(caller)

    async def _ensure(self, command: Mapping[str, object]) -> Response:
        return ensure(await call(self._caller, command))

    async def domain_contacts(self, domain: str) -> DomainContacts:
        status = await self._ensure({"COMMAND": "StatusDomain", "DOMAIN": domain})
        handles = {role: status.first(name) for role, name in ROLE_PROPERTY.items() if status.first(name)}
        properties = our_params(domain, {column: status.first(column) for column in status.columns})
        return DomainContacts(handles, properties)

    async def contact(self, handle: str) -> RegistryContact:
        reply = ensure(
            await call(self._caller, {"COMMAND": "StatusContact", "CONTACT": handle}),
            message=lambda r: f"Loading contact {handle} failed ({code_and_description(r)}).",
        )
        fields = {key: reply.first(CONTACT_PROPERTY.get(key, key)) for key in CONTACT_FIELDS}
        return RegistryContact(handle, fields, tuple(reply.column("STREET")))

    async def owner_change_rule(self, domain: str) -> OwnerChangeRule:
        reply = await self._ensure({"COMMAND": "GetZoneInfo", "DOMAIN": domain})
        return OwnerChangeRule(change_by=change_process(reply), repository=reply.first("REGISTRY"))

    async def update_contacts(
        self,
        domain: str,
        contacts: Mapping[Role, ContactData],
        *,
        extensions: Mapping[str, str] | None = None,
    ) -> ChangeOutcome:
        handles = await self._handles.by_role(contacts)
        command = {"COMMAND": "ModifyDomain", "DOMAIN": domain, **handles}
        command.update(_extensions(domain, extensions, contacts.get(Role.OWNER)))
        reply = await self._ensure(command)
        return ChangeOutcome(pending=reply.pending, description=reply.description)

    async def update_contact(self, handle: str, data: ContactData) -> None:
        await self._ensure({"COMMAND": "ModifyContact", "CONTACT": handle, **contact_params(data)})

    async def trade(
        self,
        domain: str,
        contacts: Mapping[Role, ContactData],
        *,
        extensions: Mapping[str, str] | None = None,
        irtp: Irtp | None = None,
        update_instead: bool = True,
    ) -> ChangeOutcome | None:
        handles = await self._handles.by_role(contacts)
        command: dict[str, Any] = {"COMMAND": "TradeDomain", "DOMAIN": domain, **handles}
        # CNR acts as Designated Agent by account setting (no confirmation parameters); only the opt-out of
        # the 60-day transfer lock travels with the command.
        if irtp is not None and irtp.opt_out is not None:
            command[OPT_OUT] = "1" if irtp.opt_out else "0"
        command.update(_extensions(domain, extensions, contacts.get(Role.OWNER)))
        reply = await call(self._caller, command)
        if update_instead and reply.code in NOT_A_TRADE:
            return None
        ensure(reply)
        return ChangeOutcome(pending=_pending(reply), description=reply.description)

    async def trade_price(self, tld: str) -> TradePriceLookup:
        reply = await try_call(self._caller, {"COMMAND": "QueryZoneList", "ZONE": tld})
        if not succeeded(reply):
            return TradePriceLookup(problem=code_and_description(reply))
        for row in reply.records:
            if row.get("ZONE", "").lower() == tld.lower():
                return TradePriceLookup(price=TradePrice.read(row.get("TRADE", ""), row.get("CURRENCY", "")))
        return TradePriceLookup()

    async def set_id_protection(self, domain: str, enabled: bool) -> None:
        await self._ensure({"COMMAND": "ModifyDomain", "DOMAIN": domain, PRIVACY: 1 if enabled else 0})

    async def id_protection(self, domain: str) -> bool:
        status = await self._ensure({"COMMAND": "StatusDomain", "DOMAIN": domain})
        return registry_flag(status.first(PRIVACY))

    async def set_domain_properties(self, domain: str, properties: Mapping[str, str]) -> None:
        await self._ensure({"COMMAND": "ModifyDomain", "DOMAIN": domain, **cnr_params(domain, properties)})

    async def resend_registrant_verification(self, domain: str) -> None:
        """CNR verifies email addresses, not domains: the mail goes to the registrant's address."""
        contacts = await self.domain_contacts(domain)
        owner = contacts.handles.get(Role.OWNER, "")
        email = (await self.contact(owner)).fields.get("EMAIL", "") if owner else ""
        if not email:
            raise RegistryRejected(f"{domain} has no registrant email address to verify")
        command = {"COMMAND": "ResendNotification", "TYPE": "contactverification", "OBJECT": email}
        await self._ensure(command)
