"""SaveContactDetails (docs/module-behaviour.md §6.3): a contact update, or an owner change (trade) with its
costs, through the registry port (app/registry/contacts.py).

Which change (decided after reading the domain, its registrant and the zone's owner-change rule):

    registrant name/org/email changed?  owner-change rule of the zone      IRTP setting         change
    no                                  any                                any                  update
    yes                                 ICANN-TRADE                        Designated Agent     trade + IRTP
    yes                                 ICANN-TRADE                        API's IRTP (opt. 2)  update
    yes                                 TRADE (ccTLD owner change)         any                  trade
    yes                                 anything else (UPDATE ...)         any                  update

The TRADE row follows the product documentation ("Change of Registrant ... automatically executed when
Contact Information has changed"; 5.1.12 only traded for ICANN-TRADE and let the registry refuse the
update). A trade the registry answers with "this is no change of registrant" / "use the update" is done as
an update. An ICANN trade carries the Designated-Agent confirmations and the transfer-lock opt-out from
`irtpOptOut` (not for AFNIC repositories); every trade the TLD's trade additional fields. A pending
change returns `{"pending": true}` (WHMCS shows "contact change pending").

On ISPAPI the contacts go inline (ModifyDomain / TradeDomain, the rule from QueryDomainOptions); on CNR
they become handles (AddContact, which reuses an identical contact), the rule comes from GetZoneInfo, and a
ccTLD trade stays pending until the registry completes it (app/backends/*/contacts.py).

`.it .ch .li .se .sg .ca` keep the registrant's name/organisation (docs/module-behaviour.md §6.3 step 6; WHMCS
does not show them, app.registrar.contacts.details.NAME_LOCKED_TLDS). `.ca` with a registry handle
(not AUTO-) updates that contact in place and leaves the owner out of the domain update
(docs/module-behaviour.md §6.3 step 7).

Trade costs (docs/module-behaviour.md §6.7): after a successful trade the zone's trade price (the registry's
price list) is logged to the activity log and the ledger (`ctx.ledger`, app/ledger.py),
optionally as a WHMCS To-Do (setting TradeCostTodo). A trade is not retried through the money journal:
repeating it finds no material change and falls back to a harmless update.

Errors: InvalidInput (contact data, additional fields), RegistryRejected, UpstreamUnavailable, OutcomeUnknown.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from app.additional_fields import Operation
from app.additional_fields.engine import AppliedFields
from app.contract.payloads import Result
from app.errors import RegistryRejected
from app.ledger import TradeCostEntry
from app.registrar import fields, params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.contacts import details as c
from app.registry.contacts import ChangeOutcome, ContactData, Irtp, OwnerChangeRule, Role

log = logging.getLogger(__name__)

PENDING_TEXT = "The change of registrant is pending: the registrant has to confirm it by email."


def material_change(current: Mapping[str, str], new: Mapping[str, str]) -> bool:
    """IRTP material change: first/last name, organisation or email differ (email case-insensitive)."""
    for key in c.MATERIAL_FIELDS:
        old_value, new_value = current.get(key, "").strip(), new.get(key, "").strip()
        if key == "EMAIL":
            old_value, new_value = old_value.lower(), new_value.lower()
        if old_value != new_value:
            return True
    return False


def use_trade(policy: OwnerChangeRule, *, designated_agent: bool, tld: str) -> bool:
    if policy.change_by == "ICANN-TRADE":
        return designated_agent
    return policy.change_by == "TRADE" and tld not in c.NAME_LOCKED_TLDS


async def log_trade_cost(ctx: RegistrarContext, domain: p.DomainName, tld: str) -> None:
    """Log (activity, ledger, optional To-Do) what the trade cost; never fails the already-done trade."""
    lookup = await ctx.registry.contacts.trade_price(tld)
    if lookup.problem:
        ctx.activity(
            f"{domain.name}: Change of Registrant (trade) done; its cost could not be read "
            f"({lookup.problem})."
        )
        return
    price = lookup.price
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
    entry = TradeCostEntry(
        domain=domain.name,
        tld=tld,
        price=price,
        client_id=p.whmcs_id(ctx.params, "userid"),
        domain_id=p.whmcs_id(ctx.params, "domainid"),
        request_id=ctx.request_id,
    )
    try:
        await ctx.ledger.record(entry)
    except Exception:  # the trade happened; a ledger problem must not turn it into an error for WHMCS
        log.exception("trade cost of %s not recorded in the ledger", domain.name)


def contact_data(
    parsed: Mapping[str, c.ContactInput], *, skip_owner: bool = False, applied: AppliedFields | None = None
) -> dict[Role, ContactData]:
    """The parsed WHMCS tabs by registry role, without the contact fields the additional fields remove."""
    removed = applied.remove_contact_fields if applied is not None else ()
    out: dict[Role, ContactData] = {}
    for tab, contact in parsed.items():
        role = c.TAB_ROLES[tab]
        if skip_owner and role is Role.OWNER:
            continue
        out[role] = {k: v for k, v in contact.fields.items() if (f"{role}0", k) not in removed}
    return out


def trade_fields(
    ctx: RegistrarContext, domain: p.DomainName, registrant_country: str, values: Mapping[str, str]
) -> AppliedFields:
    """The TLD's trade additional fields, validated (InvalidInput before any upstream call)."""
    return fields.extension_params(
        ctx, Operation.TRADE, tld=domain.tld, values=values, registrant_country=registrant_country
    )


async def run_trade(
    ctx: RegistrarContext,
    domain: p.DomainName,
    parsed: Mapping[str, c.ContactInput],
    policy: OwnerChangeRule,
    *,
    tld: str,
) -> ChangeOutcome | None:
    """The trade with IRTP confirmations, opt-out and the trade additional fields; None when the registry
    says it is not a trade (the caller updates instead)."""
    applied = trade_fields(
        ctx, domain, parsed["Registrant"].fields.get("COUNTRY", ""), fields.submitted_values(ctx.params)
    )
    irtp = None
    if policy.change_by == "ICANN-TRADE":
        # AFNIC repositories take no transfer-lock opt-out.
        irtp = Irtp(opt_out=None if policy.afnic else p.flag(ctx.params, "irtpOptOut"))
    traded = await ctx.registry.contacts.trade(
        domain.ace, contact_data(parsed, applied=applied), extensions=applied.params, irtp=irtp
    )
    if traded is not None:
        await log_trade_cost(ctx, domain, tld)
    return traded


def _pending_result(ctx: RegistrarContext, domain: p.DomainName, new_email: str) -> Result:
    ctx.activity(f"{domain.name}: {PENDING_TEXT}")
    return array({"success": True, "pending": True, "pendingData": {"registrant_email": new_email}})


async def _current_registrant(ctx: RegistrarContext, domain: p.DomainName) -> tuple[str, dict[str, str]]:
    """The registrant's handle and its material fields and country ({} when the domain names none)."""
    _found, handles = await c.domain_contacts(ctx, domain)
    owner_handle = handles.get("Registrant", "")
    if not owner_handle:
        return "", {}
    contact = await c.contact_of(ctx, owner_handle)
    return owner_handle, {key: contact.fields.get(key, "") for key in (*c.MATERIAL_FIELDS, "COUNTRY")}


@operation("SaveContactDetails")
async def save_contact_details(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    tld = c.tld_of(domain)
    parsed = c.parse_contacts(ctx.params, tld=tld)  # InvalidInput before any upstream call
    owner_handle, current = await _current_registrant(ctx, domain)
    registrant = dict(parsed["Registrant"].fields)
    if tld in c.NAME_LOCKED_TLDS:
        # docs/module-behaviour.md §6.3 step 6: name and organisation stay the registry's (changed on the
        # registrant pages).
        registrant.update({key: current.get(key, "") for key in c.NAME_FIELDS})
        parsed = {**parsed, "Registrant": c.ContactInput(role="Registrant", fields=registrant)}
    policy = await ctx.registry.contacts.owner_change_rule(domain.ace)
    material = material_change(current, registrant)

    if material and use_trade(policy, designated_agent=ctx.config.irtp_designated_agent, tld=tld):
        traded = await run_trade(ctx, domain, parsed, policy, tld=tld)
        if traded is not None:
            if traded.pending:
                return _pending_result(ctx, domain, registrant.get("EMAIL", ""))
            ctx.activity(f"{domain.name}: Change of Registrant (trade) completed.")
            return array({"success": True})

    skip_owner = False
    if tld == "ca" and owner_handle and not owner_handle.upper().startswith("AUTO-"):
        # docs/module-behaviour.md §6.3 step 7: a CIRA registrant handle is updated in place, without its name
        # fields.
        contact = {k: v for k, v in registrant.items() if k not in c.NAME_FIELDS and v}
        await ctx.registry.contacts.update_contact(owner_handle, contact)
        skip_owner = True
    try:
        outcome = await ctx.registry.contacts.update_contacts(
            domain.ace, contact_data(parsed, skip_owner=skip_owner)
        )
    except RegistryRejected as exc:
        ctx.activity(
            f"{domain.name}: Updating the contact details failed ({exc.description or exc.message})."
        )
        raise
    if outcome.pending:
        # Option 2: the API's own IRTP workflow asks the registrant to confirm
        # (docs/module-behaviour.md §6.5).
        return _pending_result(ctx, domain, registrant.get("EMAIL", ""))
    return array({"success": True})
