"""RegisterDomain, TransferDomain (docs/module-behaviour.md §3.5-§3.6): the money operations that create a
domain in the account (RenewDomain: app/registrar/orders/renewals.py).

Each runs its upstream work inside `ctx.run_money` (the journal), calls `ctx.sending()` right before each
money command leaves (so the journal knows it may be executing, and what the registry showed before it), and
has a `reconcile` that asks the registry whether an earlier attempt (reply lost) did take effect: the domain
created since the order started, the transfer pending. Fixed 5.1.12 defects (docs/module-behaviour.md §13):

* docs/module-behaviour.md §13.1 a premium registration whose registry price differs from WHMCS's
  `premiumCost` is refused instead of silently becoming a normal AddDomain; the premium transfer price check
  is reachable.
* `.swiss` (and premium) applications are returned as `{"pending": true}` with an `APPLICATION:<id>` note,
  instead of 5.1.12's "error that is not an error".
* "Invaild Authorization Code" typo.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.additional_fields import AppliedFields, Operation as FieldsOperation
from app.api.envelope import Result
from app.errors import RegistryRejected
from app.registrar import fields, params as p
from app.registrar.base import LostAttempt, RegistrarContext, array, operation
from app.registrar.contacts import details as c
from app.registrar.dates import parse_api_datetime
from app.registrar.idn_language import tag_params
from app.registrar.orders.premium import load_relations, relation
from app.registrar.replies import (
    answered,
    ensure,
    send,
)

if TYPE_CHECKING:
    from app.ispapi import Response

# Not allowed on applications (AddDomainApplication), docs/module-behaviour.md §3.5.
_REGISTRATION_EXTRAS = ("TRANSFERLOCK", "INTERNALDNS", "X-ACCEPT-WHOISTRUSTEE-TAC")
# Transfers of these TLDs take no contact data (registry keeps its own), docs/module-behaviour.md §3.6.
_NO_CONTACTS_ON_TRANSFER = re.compile(r"\.([a-z]{3,}|nu|dk|ca|us|pt|no|se|es)$")
_AFNIC = re.compile(r"\.(fr|pm|re|tf|wf|yt)$")
_AFNIC_STRIPPED = ("OWNERCONTACT0", "BILLINGCONTACT0")
_TRANSFER_OK = 218
# An application's CREATEDDATE may be a little older than our own clock's start time.
_CLOCK_SLACK = timedelta(minutes=5)


def _drop_contact_role(command: dict[str, Any], role: str) -> None:
    for key in [k for k in command if k.startswith(role)]:
        del command[key]


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


async def _premium_application(ctx: RegistrarContext, domain: p.DomainName, cost: Decimal) -> dict[str, str]:
    """CheckDomains for the registry price; only an exact match becomes an application
    (docs/module-behaviour.md §3.5, §13.1)."""
    reply = ensure(
        await send(ctx, {"COMMAND": "CheckDomains", "DOMAIN0": domain.ace, "PREMIUMCHANNELS": "*"})
    )
    price_text, currency = reply.first("PRICE"), reply.first("CURRENCY")
    channel = reply.first("PREMIUMCHANNEL")
    cls = reply.first("CLASS") or (f"AFTERMARKET_PURCHASE_{channel}" if channel else "")
    price = p.to_decimal(price_text)
    if not cls or price is None:
        raise RegistryRejected(
            f"Premium price mismatch for {domain.name}: WHMCS has a premium cost of {cost}, "
            "but the registry reports no premium price. The domain was not registered."
        )
    if price != cost:
        raise RegistryRejected(
            f"Premium price mismatch for {domain.name}: WHMCS has {cost}, the registry asks {price_text} "
            f"{currency}. The domain was not registered."
        )
    return {"COMMAND": "AddDomainApplication", "CLASS": cls, "PRICE": price_text, "CURRENCY": currency}


@operation("RegisterDomain")
async def register_domain(ctx: RegistrarContext) -> Result:
    params = ctx.params
    domain = p.domain(params)
    period = p.regperiod(params)
    hosts = p.nameservers(params)
    contacts = c.order_contact_params(params, tld=c.tld_of(domain))
    premium_cost = p.premium_cost(params)
    swiss = domain.ace.endswith(".swiss")
    # docs/module-behaviour.md §5: validated before any upstream call; a bad or missing field is an
    # InvalidInput naming it
    extension = _extension(ctx, FieldsOperation.REGISTER, domain)

    command: dict[str, Any] = {
        "COMMAND": "AddDomain",
        "DOMAIN": domain.ace,
        "PERIOD": period,
        **p.nameserver_params(hosts),
        **contacts,
        # IDN language, WHMCS's idnLanguage first (docs/module-behaviour.md §9.6)
        **tag_params(domain.ace, params),
    }
    if ctx.config.transfer_lock:
        command["TRANSFERLOCK"] = 1
    if p.flag(params, "dnsmanagement"):
        command["INTERNALDNS"] = 1
    if p.flag(params, "idprotection"):
        command["X-ACCEPT-WHOISTRUSTEE-TAC"] = 1
    fields.apply_to_command(command, extension)
    application = swiss or premium_cost is not None

    def as_application(extra: dict[str, str]) -> dict[str, Any]:
        applied = {k: v for k, v in command.items() if k not in _REGISTRATION_EXTRAS}
        applied.update(extra)
        return applied

    async def execute() -> Result:
        if premium_cost is not None:
            final = as_application(await _premium_application(ctx, domain, premium_cost))
        elif swiss:
            final = as_application({"COMMAND": "AddDomainApplication", "CLASS": "GOLIVE"})
        else:
            final = command
        await ctx.sending()
        reply = ensure(await send(ctx, final))
        if application:
            return _pending_application(ctx, domain, reply.first("APPLICATION"))
        return array({"success": True})

    async def reconcile(attempt: LostAttempt) -> Result | None:
        started_at = attempt.started_at
        status = await send(ctx, {"COMMAND": "StatusDomain", "DOMAIN": domain.ace})
        if status.is_success:
            # In our account since this order started: the lost AddDomain did it. An older domain of the
            # account is not this order's (the registry refuses a second AddDomain for it anyway).
            created = parse_api_datetime(status.first("CREATEDDATE"))
            return (
                None
                if created is not None and created < started_at - _CLOCK_SLACK
                else array({"success": True})
            )
        answered(status)
        if not application:
            return None
        listed = await send(
            ctx,
            {
                "COMMAND": "QueryDomainList",
                "OBJECTCLASS": "DOMAINAPPLICATION",
                "DOMAIN": domain.ace,
                "VERSION": 2,
                "WIDE": 1,
                "NOTOTAL": 1,
                "ORDERBY": "CREATEDDATEDESC",
                "LIMIT": 1,
            },
        )
        application_id = ensure(listed).first("APPLICATION") or listed.first("OBJECTID")
        if not application_id:
            return None
        created = parse_api_datetime(listed.first("CREATEDDATE"))
        if created is not None and created < started_at - _CLOCK_SLACK:
            return None  # an older application, not ours
        return _pending_application(ctx, domain, application_id)

    return await ctx.run_money(domain.name, execute=execute, reconcile=reconcile)


def _zone_periods(options: Response, key: str) -> list[str]:
    """A QueryDomainOptions period list ("1Y,2Y, 10Y") as ["1Y", "2Y", "10Y"]."""
    return [x.strip().upper() for x in options.first(key).split(",") if x.strip()]


async def _transfer_period(ctx: RegistrarContext, domain: p.DomainName, period: int) -> int | str:
    """`0Y` when the registry offers only a free transfer for this TLD (docs/module-behaviour.md §3.6), else
    the period."""
    reply = await send(ctx, {"COMMAND": "QueryDomainOptions", "DOMAIN0": domain.ace})
    answered(reply)
    if not reply.is_success:
        return period
    periods = _zone_periods(reply, "ZONETRANSFERPERIODS")
    return "0Y" if f"{period}Y" not in periods and "0Y" in periods else period


async def _premium_transfer_class(ctx: RegistrarContext, cls: str, cost: Decimal | None) -> str:
    """The premium CLASS to send when WHMCS's cost equals the class's transfer price
    (docs/module-behaviour.md §3.6, §13.1)."""
    relations = await load_relations(ctx)
    expected = relation(relations, cls, "TRANSFER")
    if cost is None or p.to_decimal(expected) != cost:
        got = "nothing" if cost is None else str(cost)
        raise RegistryRejected(f"Price mismatch. Got {got}, but expected {expected or 'unknown'}.")
    return cls


@operation("TransferDomain")
async def transfer_domain(ctx: RegistrarContext) -> Result:
    params = ctx.params
    domain = p.domain(params)
    period = p.regperiod(params)
    hosts = p.nameservers(params)
    eppcode = p.text(params, "eppcode")
    premium_cost = p.premium_cost(params)
    ace = domain.ace
    strip_all = bool(_NO_CONTACTS_ON_TRANSFER.search(ace))
    contacts = {} if strip_all else c.order_contact_params(params, tld=c.tld_of(domain))
    dns_management = p.flag(params, "dnsmanagement")
    # only the transfer set's fields (docs/module-behaviour.md §5.4): registration-only data (.hk documents)
    # is not sent, docs/field-reports.md §2c
    extension = _extension(ctx, FieldsOperation.TRANSFER, domain)

    precheck: dict[str, Any] = {"COMMAND": "CheckDomainTransfer", "DOMAIN": ace}
    if eppcode:
        precheck["AUTH"] = eppcode

    async def execute() -> Result:
        check = await send(ctx, precheck)
        answered(check)
        if check.code != _TRANSFER_OK:
            raise RegistryRejected(check.description, registry_code=check.code, description=check.description)
        if eppcode and check.first("AUTHISVALID").strip().upper() in {"NO", "0"}:
            raise RegistryRejected("Invalid Authorization Code", registry_code=check.code)
        if check.first("TRANSFERLOCK") == "1":
            raise RegistryRejected("Transferlock is active. Therefore the Domain cannot be transferred.")

        command: dict[str, Any] = {
            "COMMAND": "TransferDomain",
            "DOMAIN": ace,
            "PERIOD": period,
            **p.nameserver_params(hosts),
            **contacts,
            # IDN language, WHMCS's idnLanguage first (docs/module-behaviour.md §9.6)
            **tag_params(ace, params),
        }
        if eppcode:
            command["AUTH"] = eppcode
        if dns_management:
            # the product documentation's "zone created when needed": TransferDomain takes INTERNALDNS like
            # AddDomain (API reference), so an ordered DNS management works as soon as the transfer is done
            command["INTERNALDNS"] = 1
        if check.first("USERTRANSFERREQUIRED") == "1":
            command["ACTION"] = "USERTRANSFER"
        if _AFNIC.search(ace):
            for role in _AFNIC_STRIPPED:
                _drop_contact_role(command, role)
        fields.apply_to_command(command, extension)
        command["PERIOD"] = await _transfer_period(ctx, domain, period)
        cls = check.first("CLASS").strip()
        if cls and (premium_cost is not None or cls.upper().startswith("PREMIUM")):
            command["CLASS"] = await _premium_transfer_class(ctx, cls, premium_cost)
        await ctx.sending()
        ensure(await send(ctx, command))
        return array({"success": True})

    async def reconcile(_attempt: LostAttempt) -> Result | None:
        for probe in ("StatusDomainTransfer", "StatusDomain"):
            reply = await send(ctx, {"COMMAND": probe, "DOMAIN": ace})
            if reply.is_success:
                return array({"success": True})
            answered(reply)
        return None

    return await ctx.run_money(domain.name, execute=execute, reconcile=reconcile)
