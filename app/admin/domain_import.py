"""Domain import: which domains the registry account holds, and what WHMCS needs to take one over.

The WHMCS side (php-shim/modules/addons/ispapibridge/lib/Importer.php) compares the list with its own
`tbldomains`, asks for the details of the domains it does not know, matches each registrant to a client
by email (or makes a new client from the registrant's data) and inserts the domain rows.

    BridgeAdminDomains        the account's domain list (the snapshot's pages): [{domain (Unicode), ace,
                              status}]
    BridgeAdminDomainDetails  per chosen domain: its registry status (dates, nameservers, owner handle) and
                              the owner contact; a domain the registry refuses carries `error` instead of
                              failing the whole batch

Both read through the registry port (app/registry/status.py, contacts.py), so they work on either backend.
Expiry dates are the ones Sync reports (app/dates.py expiry_of), so an imported domain does
not move at its first Sync.
"""

from __future__ import annotations

import asyncio
from typing import Any

import idna

from app.backends import build_registry
from app.contract.payloads import Result
from app.dates import expiry_of, whmcs_date
from app.errors import InvalidInput, RegistryRejected
from app.registrar.base import IspapiCaller, RegistrarContext, array, operation
from app.registrar.contacts.details import split_street
from app.registry import Registry
from app.registry.contacts import RegistryContact
from app.registry.status import DomainStatus, Missing
from app.sync import snapshot

MAX_DETAILS = 50  # domains per details call: two registry calls each
CONCURRENCY = 4

# WHMCS client field -> contact field of the port (the street is split into two lines separately).
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
    client: IspapiCaller = ctx.shared().client_factory(ctx.config)
    return client


def _registry(ctx: RegistrarContext) -> Registry:
    """The port over the plain client (not `ctx.registry`: two reads per domain would flood the Module Log
    as much as the list does)."""
    return build_registry(ctx.config.backend, _client(ctx))


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


def registrant(contact: RegistryContact) -> dict[str, str]:
    values = {field: contact.fields.get(name, "").strip() for field, name in _REGISTRANT_FIELDS.items()}
    values["address1"], values["address2"] = split_street(list(contact.street))
    values["country"] = values["country"].upper()
    values["email"] = values["email"].lower()
    return values


def _dates(status: DomainStatus) -> dict[str, str | None]:
    expiry = expiry_of(status.dates).expirydate
    if expiry is None:
        registry_expiry = status.dates.expiration_date
        expiry = None if registry_expiry is None else whmcs_date(registry_expiry)
    created = status.created_date
    return {"created": None if created is None else whmcs_date(created), "expiry": expiry}


async def _details(registry: Registry, ace: str) -> dict[str, Any]:
    base: dict[str, Any] = {"domain": unicode_name(ace), "ace": ace}
    status = await registry.status.status(ace)
    if isinstance(status, Missing):
        return {**base, "ok": False, "error": str(status.refusal)}
    handle = status.contacts.get("owner", "")
    if not handle:
        return {**base, "ok": False, "error": "the registry names no registrant for this domain"}
    try:
        contact = await registry.contacts.contact(handle)
    except RegistryRejected as refused:  # an unreachable registry fails the whole batch, as for the status
        return {**base, "ok": False, "error": f"{refused.registry_code} {refused.description}"}
    hosts = [host.strip().lower().rstrip(".") for host in status.nameservers if host.strip()]
    return {
        **base,
        "ok": True,
        "error": None,
        "status": " ".join(status.statuses),
        **_dates(status),
        "nameservers": hosts,
        "registrant": registrant(contact),
    }


@operation("BridgeAdminDomainDetails")
async def domain_details(ctx: RegistrarContext) -> Result:
    wanted = _wanted(ctx)
    registry = _registry(ctx)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(ace: str) -> dict[str, Any]:
        async with gate:
            return await _details(registry, ace)

    found = await asyncio.gather(*(one(ace) for ace in wanted))
    return array({"domains": list(found)})
