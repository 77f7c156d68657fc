"""SaveContactDetails (docs/module-behaviour.md §6.3): a contact update, or an owner change (TradeDomain) with
its costs.

Which command (decided after reading the domain, its registrant and the zone policy):

    registrant name/org/email changed?  ZONEPOLICYREGISTRANTNAMECHANGEBY  IRTP setting         command
    no                                  any                               any                  ModifyDomain
    yes                                 ICANN-TRADE                       Designated Agent     TradeDomain+DA
    yes                                 ICANN-TRADE                       API's IRTP (opt. 2)  ModifyDomain
    yes                                 TRADE (ccTLD owner change)        any                  TradeDomain
    yes                                 anything else (UPDATE ...)        any                  ModifyDomain

The TRADE row follows the product documentation ("Change of Registrant ... automatically executed when
Contact Information has changed"; 5.1.12 only traded for ICANN-TRADE and let the registry refuse the
update). A TradeDomain answered 506 "trade is only allowed for change of registrant" or 219 "please use
UPDATE method" is retried as ModifyDomain. TradeDomain carries X-CONFIRM-DA-OLD/NEW-REGISTRANT (DA only),
X-REQUEST-OPT-OUT-TRANSFERLOCK from `irtpOptOut` (not for AFNIC repositories) and the trade set of the
TLD's additional fields. A PENDING reply returns `{"pending": true}` (WHMCS shows "contact change
pending").

`.it .ch .li .se .sg .ca` keep the registrant's name/organisation (docs/module-behaviour.md §6.3 step 6; WHMCS
does not show them, app.registrar.contacts.details.NAME_LOCKED_TLDS). `.ca` with a registry handle
(not AUTO-) updates that handle with ModifyContact and leaves OWNERCONTACT0 out of the domain command
(docs/module-behaviour.md §6.3 step 7).

Trade costs (docs/module-behaviour.md §6.7): after a successful trade the TLD's TRADE price (StatusUser) is
logged to the activity log and the ledger (`app.registrar.contacts.ledger`), optionally as a WHMCS To-Do
(setting TradeCostTodo). A trade is not retried through the money journal: repeating it finds no material
change (506) and falls back to a harmless update.

Errors: InvalidInput (contact data, additional fields), RegistryRejected, UpstreamUnavailable, OutcomeUnknown.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.additional_fields import Operation
from app.api.envelope import Result
from app.errors import RegistryRejected
from app.ispapi import Response
from app.registrar import fields, params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.contacts import details as c, ledger
from app.registrar.replies import ensure, send, succeeded, try_send

log = logging.getLogger(__name__)

# Registry answers to TradeDomain that mean "this is an update, not a trade" (sandbox/commands/trade.py).
TRADE_NOT_NEEDED = frozenset({506, 219})
PENDING_TEXT = "The change of registrant is pending: the registrant has to confirm it by email."


@dataclass(frozen=True)
class ZonePolicy:
    change_by: str  # ZONEPOLICYREGISTRANTNAMECHANGEBY
    repository: str

    @property
    def afnic(self) -> bool:
        return "AFNIC" in self.repository.upper()


async def zone_policy(ctx: RegistrarContext, domain: p.DomainName) -> ZonePolicy:
    reply = ensure(await send(ctx, {"COMMAND": "QueryDomainOptions", "DOMAIN0": domain.ace}))
    return ZonePolicy(
        change_by=reply.first("ZONEPOLICYREGISTRANTNAMECHANGEBY").strip().upper(),
        repository=reply.first("REPOSITORY"),
    )


def material_change(current: Mapping[str, str], new: Mapping[str, str]) -> bool:
    """IRTP material change: first/last name, organisation or email differ (email case-insensitive)."""
    for key in c.MATERIAL_FIELDS:
        old_value, new_value = current.get(key, "").strip(), new.get(key, "").strip()
        if key == "EMAIL":
            old_value, new_value = old_value.lower(), new_value.lower()
        if old_value != new_value:
            return True
    return False


def use_trade(policy: ZonePolicy, *, designated_agent: bool, tld: str) -> bool:
    if policy.change_by == "ICANN-TRADE":
        return designated_agent
    return policy.change_by == "TRADE" and tld not in c.NAME_LOCKED_TLDS


def _current_fields(reply: Response) -> dict[str, str]:
    return {key: reply.first(key) for key in (*c.MATERIAL_FIELDS, "COUNTRY")}


async def log_trade_cost(ctx: RegistrarContext, domain: p.DomainName, tld: str) -> None:
    """Log (activity, ledger, optional To-Do) what the trade cost; never fails the already-done trade."""
    reply = await try_send(ctx, {"COMMAND": "StatusUser"})
    if not succeeded(reply):
        ctx.activity(
            f"{domain.name}: Change of Registrant (trade) done; its cost could not be read "
            f"({reply.code} {reply.description})."
        )
        return
    price = ledger.trade_price(reply, tld)
    if price is None or not price.billable:
        return
    message = (
        f"{domain.name}: Change of Registrant (trade) costs {price.text()} "
        "(charged by the registry; WHMCS does not invoice owner changes)."
    )
    ctx.activity(message)
    if ctx.config.trade_cost_todo:
        ctx.effects.whmcs_updates.append(
            {
                "type": "todo",
                "title": f"Invoice Change of Registrant: {domain.name} ({price.text()})",
                "description": message,
            }
        )
    services = ctx.services
    if services is None or getattr(services, "db", None) is None:
        return
    from app.sync.account import account_for  # local: app.sync imports registrar modules

    settings = getattr(services, "settings", None)
    try:
        await ledger.record(
            services.db,
            account_key=account_for(ctx.config, ispapi_url=getattr(settings, "ispapi_url", None)),
            domain=domain.name,
            tld=tld,
            price=price,
            client_id=p.whmcs_id(ctx.params, "userid"),
            domain_id=p.whmcs_id(ctx.params, "domainid"),
            request_id=ctx.request_id,
        )
    except Exception:  # the trade happened; a ledger problem must not turn it into an error for WHMCS
        log.exception("trade cost of %s not recorded in the ledger", domain.name)


def _contact_params(parsed: Mapping[str, c.ContactInput], *, skip_owner: bool = False) -> dict[str, str]:
    out: dict[str, str] = {}
    for tab, contact in parsed.items():
        role = c.ROLES[tab]
        if skip_owner and role == "OWNERCONTACT":
            continue
        out.update(contact.inline(role + "0"))
    return out


async def _modify(ctx: RegistrarContext, command: dict[str, Any]) -> Response:
    reply = await send(ctx, command)
    return ensure(reply)


def trade_command(
    ctx: RegistrarContext,
    domain: p.DomainName,
    parsed: Mapping[str, c.ContactInput],
    policy: ZonePolicy,
) -> dict[str, Any]:
    """TradeDomain with DA confirmations, opt-out and the trade additional fields (validated here)."""
    command: dict[str, Any] = {"COMMAND": "TradeDomain", "DOMAIN": domain.ace}
    command.update(_contact_params(parsed))
    if policy.change_by == "ICANN-TRADE":
        command["X-CONFIRM-DA-OLD-REGISTRANT"] = "1"
        command["X-CONFIRM-DA-NEW-REGISTRANT"] = "1"
        if not policy.afnic:
            command["X-REQUEST-OPT-OUT-TRANSFERLOCK"] = "1" if p.flag(ctx.params, "irtpOptOut") else "0"
    applied = fields.extension_params(
        ctx,
        Operation.TRADE,
        tld=domain.tld,
        values=fields.submitted_values(ctx.params),
        registrant_country=parsed["Registrant"].fields.get("COUNTRY", ""),
    )
    return fields.apply_to_command(command, applied)


async def run_trade(
    ctx: RegistrarContext, domain: p.DomainName, command: dict[str, Any], *, tld: str
) -> Response | None:
    """Send TradeDomain; None when the registry says it is not a trade (the caller updates instead)."""
    reply = await send(ctx, command)
    # 219 is a 2xx code: test the code first, not success.
    if reply.code in TRADE_NOT_NEEDED:
        return None
    ensure(reply)
    await log_trade_cost(ctx, domain, tld)
    return reply


def _pending_result(ctx: RegistrarContext, domain: p.DomainName, new_email: str) -> Result:
    ctx.activity(f"{domain.name}: {PENDING_TEXT}")
    return array({"success": True, "pending": True, "pendingData": {"registrant_email": new_email}})


@operation("SaveContactDetails")
async def save_contact_details(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    tld = c.tld_of(domain)
    parsed = c.parse_contacts(ctx.params, tld=tld)  # InvalidInput before any upstream call
    _status, handles = await c.domain_contacts(ctx, domain)
    owner_handle = handles.get("Registrant", "")
    current = _current_fields(await c.status_contact(ctx, owner_handle)) if owner_handle else {}
    registrant = dict(parsed["Registrant"].fields)
    if tld in c.NAME_LOCKED_TLDS:
        # docs/module-behaviour.md §6.3 step 6: name and organisation stay the registry's (changed on the
        # registrant pages).
        registrant.update({key: current.get(key, "") for key in c.NAME_FIELDS})
        parsed = {**parsed, "Registrant": c.ContactInput(role="Registrant", fields=registrant)}
    policy = await zone_policy(ctx, domain)
    material = material_change(current, registrant)

    if material and use_trade(policy, designated_agent=ctx.config.irtp_designated_agent, tld=tld):
        command = trade_command(ctx, domain, parsed, policy)
        traded = await run_trade(ctx, domain, command, tld=tld)
        if traded is not None:
            if traded.pending:
                return _pending_result(ctx, domain, registrant.get("EMAIL", ""))
            ctx.activity(f"{domain.name}: Change of Registrant (trade) completed.")
            return array({"success": True})

    modify: dict[str, Any] = {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace}
    skip_owner = False
    if tld == "ca" and owner_handle and not owner_handle.upper().startswith("AUTO-"):
        # docs/module-behaviour.md §6.3 step 7: a CIRA registrant handle is updated in place, without its name
        # fields.
        contact = {k: v for k, v in registrant.items() if k not in c.NAME_FIELDS and v}
        await _modify(ctx, {"COMMAND": "ModifyContact", "CONTACT": owner_handle, **contact})
        skip_owner = True
    modify.update(_contact_params(parsed, skip_owner=skip_owner))
    try:
        reply = await _modify(ctx, modify)
    except RegistryRejected as exc:
        ctx.activity(
            f"{domain.name}: Updating the contact details failed ({exc.description or exc.message})."
        )
        raise
    if reply.pending:
        # Option 2: the API's own IRTP workflow asks the registrant to confirm
        # (docs/module-behaviour.md §6.5).
        return _pending_result(ctx, domain, registrant.get("EMAIL", ""))
    return array({"success": True})
