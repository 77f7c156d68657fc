"""Domain import: which domains the registry account holds, and what WHMCS needs to take one over.

The WHMCS side (php-shim/modules/addons/ispapibridge/lib/Importer.php) compares the list with its own
`tbldomains`, asks for the details of the domains it does not know, matches each registrant to a client
by email (or makes a new client from the registrant's data) and inserts the domain rows.

    BridgeAdminDomains        QueryDomainList, every page: [{domain (Unicode), ace, status}]
    BridgeAdminDomainDetails  per chosen domain: StatusDomain (dates, nameservers, owner handle) and
                              StatusContact of the owner; a domain the registry refuses carries `error`
                              instead of failing the whole batch

Expiry dates are the ones Sync reports (app/registrar/dates.py expiry_data), so an imported domain does
not move at its first Sync.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import idna

from app.api.envelope import Result
from app.errors import InvalidInput
from app.ispapi import Response
from app.registrar.base import IspapiCaller, RegistrarContext, array, operation
from app.registrar.contacts.details import split_street
from app.registrar.dates import expiry_data, parse_api_datetime, whmcs_date
from app.registrar.replies import answered, code_and_description, ensure, try_call
from app.sync import snapshot

MAX_DETAILS = 50  # domains per details call: two registry calls each
CONCURRENCY = 4

# WHMCS client field -> StatusContact property (the street is split into two lines separately).
_REGISTRANT_FIELDS = {
    "firstname": "FIRSTNAME",
    "lastname": "LASTNAME",
    "companyname": "ORGANIZATION",
    "email": "EMAIL",
    "city": "CITY",
    "state": "STATE",
    "postcode": "ZIP",
    "country": "COUNTRY",
    "phonenumber": "PHONE",
}


def unicode_name(ace: str) -> str:
    """The name as WHMCS stores it (Unicode for IDNs); the ACE form when it does not decode."""
    try:
        return idna.decode(ace)
    except (idna.IDNAError, UnicodeError):
        return ace


def ace_name(name: str) -> str:
    try:
        return idna.encode(name.strip().lower(), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise InvalidInput(f"not a domain name: {name[:80]!r}", field="domains") from exc


def _client(ctx: RegistrarContext) -> IspapiCaller:
    # The plain client: a full domain list in the Module Log would bury everything else there.
    client: IspapiCaller = ctx.services.client_factory(ctx.config)
    return client


@operation("BridgeAdminDomains")
async def account_domains(ctx: RegistrarContext) -> Result:
    fetched = await snapshot.fetch(_client(ctx), backend=ctx.config.backend)
    domains = sorted({row.domain: row.dates.status for row in fetched.rows}.items())
    return array(
        {
            "domains": [
                {"domain": unicode_name(ace), "ace": ace, "status": status} for ace, status in domains
            ],
            "total": len(domains),
        }
    )


def _wanted(ctx: RegistrarContext) -> list[str]:
    raw = ctx.params.get("domains")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_DETAILS:
        raise InvalidInput(f"domains must be a list of 1 to {MAX_DETAILS} domain names", field="domains")
    if not all(isinstance(name, str) and 0 < len(name) <= 253 for name in raw):
        raise InvalidInput("domains must hold domain names", field="domains")
    return list(dict.fromkeys(ace_name(name) for name in raw))


def registrant(contact: Response) -> dict[str, str]:
    values = {field: contact.first(prop).strip() for field, prop in _REGISTRANT_FIELDS.items()}
    values["address1"], values["address2"] = split_street(list(contact.column("STREET")))
    values["country"] = values["country"].upper()
    values["email"] = values["email"].lower()
    return values


def _dates(status: Response) -> dict[str, str | None]:
    fields: Mapping[str, str] = {
        name: status.first(name)
        for name in ("EXPIRATIONDATE", "FINALIZATIONDATE", "PAIDUNTILDATE", "FAILUREDATE", "STATUS")
    }
    expiry = expiry_data(fields).expirydate
    if expiry is None:
        registry_expiry = parse_api_datetime(fields["EXPIRATIONDATE"])
        expiry = None if registry_expiry is None else whmcs_date(registry_expiry)
    created = parse_api_datetime(status.first("CREATEDDATE"))
    return {"created": None if created is None else whmcs_date(created), "expiry": expiry}


async def _details(client: IspapiCaller, ace: str) -> dict[str, Any]:
    base: dict[str, Any] = {"domain": unicode_name(ace), "ace": ace}
    status = answered(await try_call(client, {"COMMAND": "StatusDomain", "DOMAIN": ace}))
    if not status.is_success:
        return {**base, "ok": False, "error": code_and_description(status)}
    handle = status.first("OWNERCONTACT")
    if not handle:
        return {**base, "ok": False, "error": "the registry names no registrant for this domain"}
    contact = await try_call(client, {"COMMAND": "StatusContact", "CONTACT": handle})
    if not answered(contact).is_success:
        return {**base, "ok": False, "error": code_and_description(contact)}
    hosts = [host.strip().lower().rstrip(".") for host in status.column("NAMESERVER") if host.strip()]
    return {
        **base,
        "ok": True,
        "error": None,
        "status": " ".join(status.column("STATUS")),
        **_dates(status),
        "nameservers": hosts,
        "registrant": registrant(ensure(contact)),
    }


@operation("BridgeAdminDomainDetails")
async def domain_details(ctx: RegistrarContext) -> Result:
    wanted = _wanted(ctx)
    client = _client(ctx)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(ace: str) -> dict[str, Any]:
        async with gate:
            return await _details(client, ace)

    found = await asyncio.gather(*(one(ace) for ace in wanted))
    return array({"domains": list(found)})
