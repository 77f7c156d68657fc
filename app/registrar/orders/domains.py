"""RegisterDomain, TransferDomain (docs/module-behaviour.md §3.5-§3.6): the money operations that create a
domain in the account (RenewDomain: app/registrar/orders/renewals.py).

Each validates its input (contacts, nameservers, additional fields) before any registry call, then runs
the order inside `ctx.run_money` (the journal) through the registry port (app/registry/orders.py), passing
`ctx.sending` for the adapter to await right before the money command leaves; its `reconcile` asks the port
whether an earlier attempt (reply lost) did take effect: the domain created (or applied for) since the
order started, the transfer pending. Fixed 5.1.12 defects (docs/module-behaviour.md §13):

* docs/module-behaviour.md §13.1 a premium registration whose registry price differs from WHMCS's
  `premiumCost` is refused instead of silently becoming a normal AddDomain; the premium transfer price check
  is reachable.
* `.swiss` (and premium) applications are returned as `{"pending": true}` with an `APPLICATION:<id>` note,
  instead of 5.1.12's "error that is not an error".
* "Invaild Authorization Code" typo.

A registration done leaves the domain in a renewal mode where WHMCS decides the renewals (on CentralNic
Reseller AUTOEXPIRE instead of the account's AUTORENEW; nothing on HEXONET), as a renewal does; a transfer
does so when TransferSync sees it completed (docs/cnr-renewals.md).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from app.additional_fields import AppliedFields, Operation as FieldsOperation
from app.contract.payloads import Result
from app.errors import RegistryRejected
from app.registrar import fields, params as p
from app.registrar.base import LostAttempt, RegistrarContext, array, operation
from app.registrar.contacts import details as c
from app.registrar.orders.renewals import NEW_DOMAIN, keep_renewals_with_whmcs
from app.registry.contacts import ContactData, Role
from app.registry.idn_language import language_tag
from app.registry.orders import (
    PremiumQuote,
    Registered,
    Registration,
    TransferOrder,
)

# Transfers of these TLDs take no contact data (registry keeps its own), docs/module-behaviour.md §3.6.
_NO_CONTACTS_ON_TRANSFER = re.compile(r"\.([a-z]{3,}|nu|dk|ca|us|pt|no|se|es)$")
# AFNIC zones take a transfer without the registrant and billing contacts.
_AFNIC = re.compile(r"\.(fr|pm|re|tf|wf|yt)$")
_AFNIC_STRIPPED = (Role.OWNER, Role.BILLING)


def _extension(ctx: RegistrarContext, op: FieldsOperation, domain: p.DomainName) -> AppliedFields:
    """The TLD's additional fields for `op` (docs/module-behaviour.md §5); the registrant country is the
    client's."""
    return fields.extension_params(
        ctx,
        op,
        tld=domain.tld,
        values=fields.submitted_values(ctx.params),
        registrant_country=p.text(p.contact_source(ctx.params), "country"),
    )


def _contacts(ctx: RegistrarContext, domain: p.DomainName) -> dict[Role, ContactData]:
    """The four roles of an order: the registrant from the client fields, the others from admin*
    (docs/module-behaviour.md §3.5), validated and in the script the zone's registry takes."""
    tld = c.tld_of(domain)
    owner = c.order_contact(ctx.params, prefix="", tld=tld)
    admin = c.order_contact(ctx.params, prefix="admin", tld=tld)
    return {role: owner if role is Role.OWNER else admin for role in Role}


def _without(contacts: dict[Role, ContactData], applied: AppliedFields) -> dict[Role, ContactData]:
    """The contacts less the sub-fields the additional fields remove (e.g. `.dk` INDIV: no organisation,
    docs/module-behaviour.md §5.3)."""
    removed = set(applied.remove_contact_fields)
    return {
        role: {key: value for key, value in data.items() if (f"{role}0", key) not in removed}
        for role, data in contacts.items()
    }


def _pending_application(ctx: RegistrarContext, domain: p.DomainName, application_id: str) -> Result:
    """WHMCS 8 "Pending Registration" plus the `APPLICATION:<id>` note the daily cron looks for
    (docs/module-behaviour.md §4)."""
    domainid = p.whmcs_id(ctx.params, "domainid")
    if application_id and domainid is not None:
        ctx.effects.whmcs_updates.append(
            {"type": "domain_notes", "domainid": domainid, "append": f"APPLICATION:{application_id}"}
        )
    ctx.activity(
        f"{domain.name}: Application {application_id or '(no id)'} submitted. "
        "Status set to Pending until the registration process is completed."
    )
    return array({"pending": True})


async def _registered(ctx: RegistrarContext, domain: p.DomainName, outcome: Registered) -> Result:
    if outcome.application_id is not None:
        return _pending_application(ctx, domain, outcome.application_id)
    # WHMCS bills the renewals: a new domain must not renew by itself (docs/cnr-renewals.md)
    await keep_renewals_with_whmcs(ctx, domain, NEW_DOMAIN)
    return array({"success": True})


async def _accepted_premium(
    ctx: RegistrarContext, domain: p.DomainName, years: int, cost: Decimal
) -> PremiumQuote:
    """The registry's premium price, only when it is exactly WHMCS's (docs/module-behaviour.md §3.5 and
    docs/module-behaviour.md §13.1)."""
    quote = await ctx.registry.orders.premium_quote(domain.ace, years)
    if quote is None:
        raise RegistryRejected(
            f"Premium price mismatch for {domain.name}: WHMCS has a premium cost of {cost}, "
            "but the registry reports no premium price. The domain was not registered."
        )
    if quote.price != cost:
        raise RegistryRejected(
            f"Premium price mismatch for {domain.name}: WHMCS has {cost}, the registry asks {quote.amount} "
            f"{quote.currency}. The domain was not registered."
        )
    return quote


@operation("RegisterDomain")
async def register_domain(ctx: RegistrarContext) -> Result:
    params = ctx.params
    domain = p.domain(params)
    # validated in this order before any upstream call; a bad or missing additional field
    # (docs/module-behaviour.md §5) is an InvalidInput naming it
    years, hosts = p.regperiod(params), p.nameservers(params)
    contacts = _contacts(ctx, domain)
    premium_cost = p.premium_cost(params)
    extension = _extension(ctx, FieldsOperation.REGISTER, domain)
    order = Registration(
        domain=domain.ace,
        years=years,
        contacts=_without(contacts, extension),
        nameservers=hosts,
        extension=extension.params,
        # IDN language, WHMCS's idnLanguage first (docs/module-behaviour.md §9.6)
        idn_language=language_tag(domain.ace, whmcs_code=params.get("idnLanguage")) or "",
        transfer_lock=ctx.config.transfer_lock,
        dns_zone=p.flag(params, "dnsmanagement"),
        whois_privacy=p.flag(params, "idprotection"),
    )
    orders = ctx.registry.orders

    async def execute() -> Result:
        premium = (
            None if premium_cost is None else await _accepted_premium(ctx, domain, order.years, premium_cost)
        )
        outcome = await orders.register(replace(order, premium=premium), ctx.sending)
        return await _registered(ctx, domain, outcome)

    async def reconcile(attempt: LostAttempt) -> Result | None:
        found = await orders.registered_since(
            domain.ace, attempt.started_at, premium=premium_cost is not None
        )
        return None if found is None else await _registered(ctx, domain, found)

    return await ctx.run_money(domain.name, execute=execute, reconcile=reconcile)


def _transfer_contacts(ctx: RegistrarContext, domain: p.DomainName) -> dict[Role, ContactData]:
    """The roles the zone takes on a transfer (docs/module-behaviour.md §3.6): none where the registry
    keeps its own, no registrant and billing contact at AFNIC."""
    if _NO_CONTACTS_ON_TRANSFER.search(domain.ace):
        return {}
    contacts = _contacts(ctx, domain)
    if _AFNIC.search(domain.ace):
        for role in _AFNIC_STRIPPED:
            del contacts[role]
    return contacts


@operation("TransferDomain")
async def transfer_domain(ctx: RegistrarContext) -> Result:
    params = ctx.params
    domain = p.domain(params)
    years = p.regperiod(params)
    hosts = p.nameservers(params)
    premium_cost = p.premium_cost(params)
    contacts = _transfer_contacts(ctx, domain)
    # only the transfer set's fields (docs/module-behaviour.md §5.4): registration-only data (.hk documents)
    # is not sent, docs/field-reports.md §2c
    extension = _extension(ctx, FieldsOperation.TRANSFER, domain)
    order = TransferOrder(
        domain=domain.ace,
        years=years,
        auth=p.text(params, "eppcode"),
        contacts=_without(contacts, extension),
        nameservers=hosts,
        extension=extension.params,
        # IDN language, WHMCS's idnLanguage first (docs/module-behaviour.md §9.6)
        idn_language=language_tag(domain.ace, whmcs_code=params.get("idnLanguage")) or "",
        dns_zone=p.flag(params, "dnsmanagement"),
        premium_cost=premium_cost,
    )
    orders = ctx.registry.orders

    async def execute() -> Result:
        await orders.transfer(order, ctx.sending)
        return array({"success": True})

    async def reconcile(_attempt: LostAttempt) -> Result | None:
        return array({"success": True}) if await orders.transfer_requested(domain.ace) else None

    return await ctx.run_money(domain.name, execute=execute, reconcile=reconcile)
