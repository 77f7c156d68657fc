"""GetDomainInformation (docs/module-behaviour.md §3.8): the WHMCS 7.6+ domain details, or an exception-worthy
error.

Fixed (docs/module-behaviour.md §13.6): the ID-protection status is read from `X-ACCEPT-WHOISTRUSTEE-TAC`; the
registration status is set; the IRTP due date comes from the verification list (5.1.12 tested one array and
read another); a deleted but still restorable domain is reported as "Pending Delete Restorable" (5.1.12's
branch for it tested a key that was never set). The WHMCS domain status (`whmcs_status`, sent by the shim)
replaces the database lookup for orders still pending. Messages are plain text (5.1.12 embedded
`<br/><small>`).
"""

from __future__ import annotations

from app.contract.payloads import DomainInformation, Result, ResultKind
from app.dates import expiry_of, parse_api_datetime, whmcs_date
from app.errors import RegistryRejected, UpstreamUnavailable
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registrar.contacts.details import LABELS, MATERIAL_FIELDS
from app.registry.status import Absence, DeletedState, Missing

RETRY = "Loading Domain information failed. You may retry in few minutes."
TRANSFERRED_AWAY = "Domain no longer in management - probably transferred away."
NOT_FOUND = "Domain not found in Registrar's System. "
# Availability of a name the registry no longer holds (docs/module-behaviour.md §3.8 deleted-domain branch).
NOT_FOUND_BY_STATUS = {
    "available": NOT_FOUND + "Available for registration.",
    "reserved": NOT_FOUND + "Reserved Domain Name.",
    "tld_not_supported": NOT_FOUND + "TLD not supported.",
    "registered": NOT_FOUND + "Not available for registration.",
    "unknown": "Eventually available for registration.",
}
PREMIUM_ORDER = {
    "FAILED": "Premium Domain order failed.",
    "ACTIVE": "Premium Domain order succeeded. Will be soon in your Account.",
    "SUCCESSFUL": "Premium Domain order succeeded. Will be soon in your Account.",
}
PREMIUM_PENDING = "Premium Domain order is pending. Check back again later."
PENDING_WHMCS_STATUSES = {"pending", "pending registration", "pending transfer"}
# The IRTP material fields under the labels GetContactDetails returns (docs/whmcs.md §1.6).
IRTP_TRIGGER_FIELDS = {"Registrant": [LABELS[key] for key in MATERIAL_FIELDS]}


def domain_information(info: DomainInformation) -> Result:
    return Result(kind=ResultKind.DOMAIN_INFORMATION, value=info.model_dump(exclude_none=True))


def nameserver_map(hosts: list[str]) -> dict[str, str] | None:
    return {f"ns{i}": host for i, host in enumerate(hosts, start=1)} or None


def whmcs_pending(ctx: RegistrarContext) -> bool:
    return p.text(ctx.params, "whmcs_status").lower() in PENDING_WHMCS_STATUSES


def mark_expired(ctx: RegistrarContext) -> None:
    """Ask the shim to set the WHMCS domain status to Expired (a deleted domain that cannot be restored)."""
    domainid = p.whmcs_id(ctx.params, "domainid")
    if domainid is not None:
        ctx.effects.whmcs_updates.append({"type": "domain_status", "domainid": domainid, "status": "Expired"})


async def _name_availability(ctx: RegistrarContext, domain: p.DomainName) -> str:
    try:
        (check,) = await ctx.registry.catalogue.check([domain.ace], premium=False)
    except UpstreamUnavailable:
        return "unknown"
    return check.status


async def _not_in_account(ctx: RegistrarContext, domain: p.DomainName, missing: Missing) -> Result:
    """StatusDomain failed: explain why (raise), or report what is known (docs/module-behaviour.md §3.8 steps
    on 531/545)."""
    refusal = missing.refusal
    if missing.absence is Absence.ELSEWHERE:
        raise RegistryRejected(TRANSFERRED_AWAY, registry_code=refusal.code, description=refusal.description)
    if missing.absence is not Absence.NOT_FOUND:
        raise RegistryRejected(
            f"{RETRY} (Loading domain status failed. ({refusal}))",
            registry_code=refusal.code,
            description=refusal.description,
        )
    application = await ctx.registry.status.premium_application(domain.ace)
    if application:
        raise RegistryRejected(PREMIUM_ORDER.get(application, PREMIUM_PENDING), registry_code=545)
    if whmcs_pending(ctx):
        return domain_information(DomainInformation(domain=domain.name))
    deleted = await ctx.registry.status.deleted(domain.ace)
    if deleted.state is DeletedState.GONE:
        raise RegistryRejected(TRANSFERRED_AWAY, registry_code=545)
    if deleted.refusal is not None:
        raise RegistryRejected(
            RETRY, registry_code=deleted.refusal.code, description=deleted.refusal.description
        )
    if deleted.state is DeletedState.LISTED:
        expiration = deleted.expiration
        if expiration is not None and expiration > ctx.clock.now():
            return domain_information(
                DomainInformation(
                    domain=domain.name,
                    registration_status="Pending Delete Restorable",
                    restorable=True,
                    expiry_date=whmcs_date(expiration),
                )
            )
    else:
        mark_expired(ctx)
    availability = await _name_availability(ctx, domain)
    raise RegistryRejected(NOT_FOUND_BY_STATUS[availability], registry_code=545)


async def _irtp(ctx: RegistrarContext, domain: p.DomainName, info: DomainInformation) -> None:
    """IRTP state when the reseller acts as Designated Agent on an ICANN-TRADE TLD
    (docs/module-behaviour.md §3.8, §6.5).

    Optional decoration: failed look-ups leave the IRTP fields unset rather than failing the page.
    """
    if not ctx.config.irtp_designated_agent:
        return
    verification = await ctx.registry.status.verification(domain.ace)
    if verification is None:
        return
    info.is_irtp_enabled = True
    if verification.pending:
        info.contact_change_pending = True
        info.pending_suspension = True
        if verification.due is not None:
            info.contact_change_expiry_date = whmcs_date(verification.due)


@operation("GetDomainInformation")
async def get_domain_information(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    transfer = await ctx.registry.status.pending_transfer(domain.ace)
    if transfer is not None:
        # An incoming transfer is pending: only the requested nameservers are known.
        return domain_information(
            DomainInformation(domain=domain.name, nameservers=nameserver_map(transfer.nameservers))
        )
    status = await ctx.registry.status.status(domain.ace)
    if isinstance(status, Missing):
        return await _not_in_account(ctx, domain, status)

    expiry = expiry_of(status.dates)
    expired = expiry.expired(ctx.clock.now())
    registration_status = "Expired" if expired else "Active" if expiry.active else None
    info = DomainInformation(
        domain=domain.name,
        nameservers=nameserver_map(status.nameservers),
        registration_status=registration_status,
        transfer_lock=status.transfer_lock,
        expiry_date=expiry.expirydate,
        id_protection=status.whois_privacy is True,
        irtp_verification_trigger_fields=IRTP_TRIGGER_FIELDS,
    )
    if status.trade_lock_until is not None:
        info.irtp_transfer_lock = True
        trade_lock = parse_api_datetime(status.trade_lock_until)
        if trade_lock is not None:
            info.irtp_transfer_lock_expiry_date = whmcs_date(trade_lock)
    await _irtp(ctx, domain, info)
    return domain_information(info)
