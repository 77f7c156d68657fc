"""Sync and TransferSync (docs/module-behaviour.md §7.2, §7.3): the WHMCS cron's view of a domain (per-domain
mode).

Fixed 5.1.12 defects: expiry dates per `dates.py` (no 1970 dates, always `YYYY-MM-DD`); a domain WHMCS
still has as pending (`whmcs_status`, sent by the shim) never gets `expired`/`transferredAway` from a 545,
it is simply still in progress (`{}`); docs/module-behaviour.md §13.3 the post-transfer nameserver update
compares the requested and current sets, and the contact update sends real contact data. Failed reads raise,
so the shim returns `{"error": ...}` for the cron report.

Snapshot mode (BRIDGE_SYNC_MODE=snapshot, the default): Sync first looks the domain up in the
account-wide snapshot (`app.sync`); a usable row answers without any registry call. Missing rows, rows
that need a closer look (also: the bridge renewed/transferred the domain after the refresh), WHMCS-pending
orders and rows that would put an expired domain on hold take the per-domain path below, unchanged.

After the expiry is known, both paths apply the same settings and keep the registry from renewing a domain
WHMCS renews (docs/cnr-renewals.md; nothing to do on HEXONET):
* Sync Id Protection (`SyncIDProtection`): X-ACCEPT-WHOISTRUSTEE-TAC follows WHMCS `idprotection` both
  ways; without the setting only the 5.1.12 one-way switch-on happens (docs/module-behaviour.md §7.2 step 5).
* Suspend after Expiration (`SuspendAfterExpiration`, docs/field-reports.md §1a): an expired domain gets
  clientHold once (remembered in the hold store, `ctx.holds`), and only a hold the bridge set is lifted
  when a renewal moves the expiry into the future.
* Renewal mode: a mode under which the registry would renew the domain by itself is set so it does not. From
  the snapshot this costs one registry call per such domain: the row is updated with the new mode, so the
  Syncs before the next refresh (which then lists the new mode) send nothing; a failed attempt is tried again
  at the next Sync.

The registry is asked through the status port (`ctx.registry.status`); the snapshot, the hold records and
the time come from the context's typed stores (app/sync/stores.py), so every path above runs in unit
tests with the in-memory ones. A domain the registry does not show in the account is, on a registry that
keeps no deleted-domain list (CentralNic Reseller), reported as transferred away, once, without an error
for the cron report.
"""

from __future__ import annotations

import re
from typing import Any

from app.contract.payloads import Result
from app.dates import ExpiryData, expiry_of, whmcs_date
from app.errors import InvalidInput, OperationFailed, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.contacts import details as contacts
from app.registrar.orders.renewals import MODE_NOT_SET, MODE_SET
from app.registrar.status.information import mark_expired, whmcs_pending
from app.registry.lifecycle import RenewalMode, RenewalState, failure_quote
from app.registry.status import (
    Absence,
    DeletedState,
    DomainStatus,
    Missing,
    TransferRequest,
)
from app.sync.stores import SnapshotRow

SYNC_DONE = "Domain Sync finished."
# Post-transfer contact update: only these registries create placeholder (AUTO-) contacts
# (docs/module-behaviour.md §7.3). Role -> the WHMCS contact it gets (owner: the client, others: admin).
_CONTACT_UPDATE_TLDS = {"com", "net", "cc", "tv"}
_CONTACT_SOURCES = (("owner", ""), ("admin", "admin"), ("tech", "admin"), ("billing", "admin"))
# Lines of a stored command that carry secrets (auth codes, passwords) never go into a cron e-mail.
_SECRET_LINE = re.compile(r"^\s*[A-Z0-9_-]*(AUTH|PASSWORD|PW)[A-Z0-9_-]*\s*=", re.IGNORECASE)


def _activity(ctx: RegistrarContext, domain: p.DomainName, message: str) -> None:
    ctx.activity(f"{domain.name}: {message}")


def _transferred_away(ctx: RegistrarContext, domain: p.DomainName) -> Result:
    _activity(ctx, domain, f"{SYNC_DONE} Status updated to `Transferred Away`")
    return array({"transferredAway": True})


async def _align_id_protection(
    ctx: RegistrarContext, domain: p.DomainName, registry: bool | None, *, from_snapshot: bool
) -> None:
    """Bring the registry's WHOIS privacy in line with WHMCS `idprotection` (see module docstring)."""
    wanted = p.flag(ctx.params, "idprotection")
    if registry is None or wanted == registry or (not wanted and not ctx.config.sync_id_protection):
        return
    refusal = await ctx.registry.status.set_whois_privacy(domain.ace, wanted)
    state = "enabled" if wanted else "disabled"
    if refusal is None:
        _activity(ctx, domain, f"ID protection {state} at the registry.")
        if from_snapshot:
            await ctx.snapshots.update(domain.ace, whois_trustee=wanted)
    else:
        _activity(ctx, domain, f"ID protection could not be {state}. ({refusal})")


async def _suspension(
    ctx: RegistrarContext,
    domain: p.DomainName,
    expired: bool | None,
    status: list[str],
    *,
    from_snapshot: bool,
) -> None:
    """Suspend after Expiration: clientHold once when expired, lifted after a renewal (module docstring)."""
    if not ctx.config.suspend_after_expiration or expired is None:
        return
    on_hold = any(token.lower() == "clienthold" for token in status)
    if expired and not on_hold:
        verb, held = "suspended", True
    elif not expired and on_hold and await ctx.holds.held(domain.ace):
        verb, held = "unsuspended", False
    else:
        return  # also: our hold record cannot be read, so our hold cannot be told from the registrar's
    refusal = await ctx.registry.status.set_client_hold(domain.ace, held)
    if refusal is not None:
        _activity(ctx, domain, f"Domain could not be {verb}. ({refusal})")
        return
    _activity(ctx, domain, f"Domain {verb} at the registry (Suspend after Expiration).")
    tokens = [t for t in status if t.lower() != "clienthold"] + (["clientHold"] if held else [])
    await ctx.holds.remember(domain.ace, held=held)
    if from_snapshot:
        await ctx.snapshots.update(domain.ace, status=" ".join(tokens))


async def _keep_renewals(
    ctx: RegistrarContext, domain: p.DomainName, mode: str, *, from_snapshot: bool
) -> None:
    """WHMCS renews the domain: a registry renewal mode that would renew it by itself as well is changed
    (docs/cnr-renewals.md: CentralNic's own module left WHMCS's auto-renew and the registry's mode apart).
    The adapter decides which modes need it; on HEXONET none does, and nothing is sent.

    A failure never fails the Sync (activity line); from the snapshot, a change is written to the row, so
    it is made once per domain, not once per Sync until the next refresh (module docstring)."""
    state = RenewalState(mode=RenewalMode.read(mode))
    try:
        changed = await ctx.registry.lifecycle.keep_renewals_with_whmcs(domain.ace, state)
    except OperationFailed as exc:
        _activity(ctx, domain, MODE_NOT_SET.format(reason=failure_quote(exc)))
        return
    if changed is None:
        return
    _activity(ctx, domain, MODE_SET.format(mode=changed.value))
    if from_snapshot:
        await ctx.snapshots.update(domain.ace, renewal_mode=changed.value)


def _expiry_result(ctx: RegistrarContext, domain: p.DomainName, expiry: ExpiryData) -> dict[str, Any]:
    result: dict[str, Any] = {"active": expiry.active}
    if expiry.expirydate is not None:
        result["expirydate"] = expiry.expirydate
        result["expired"] = expiry.expired(ctx.clock.now())
        _activity(ctx, domain, f"{SYNC_DONE} Updated expirydate: {expiry.expirydate}")
    else:
        _activity(
            ctx, domain, f"{SYNC_DONE} The registry gave no complete expiry data; expirydate unchanged."
        )
    return result


async def _snapshot_row(ctx: RegistrarContext, domain: p.DomainName) -> SnapshotRow | None:
    """The snapshot row when the snapshot may answer for this domain."""
    if whmcs_pending(ctx):
        return None
    return await ctx.snapshots.row(domain.ace, names={domain.name, domain.name.lower()})


def _privacy_unlisted(ctx: RegistrarContext, row: SnapshotRow) -> bool:
    """The row cannot say WHOIS privacy (the registry's list has no such column) while Sync might align it:
    the registry's own record decides (per-domain path)."""
    if row.whois_trustee is not None or ctx.registry.status.lists_whois_privacy:
        return False
    return p.flag(ctx.params, "idprotection") or ctx.config.sync_id_protection


def _hold_due(ctx: RegistrarContext, row: SnapshotRow) -> bool:
    """Suspend after Expiration would put a hold on this domain going by the snapshot row.

    A hold is a write at the registry: it is decided on the registry's current dates (per-domain path),
    never on a row up to a TTL old; expired domains are few, so this costs next to nothing.
    """
    if not ctx.config.suspend_after_expiration:
        return False
    on_hold = any(token.lower() == "clienthold" for token in row.status_tokens)
    return not on_hold and bool(expiry_of(row).expired(ctx.clock.now()))


async def _sync_from_snapshot(ctx: RegistrarContext, domain: p.DomainName, row: SnapshotRow) -> Result:
    await _align_id_protection(ctx, domain, row.whois_trustee, from_snapshot=True)
    result = _expiry_result(ctx, domain, expiry_of(row))
    await _suspension(ctx, domain, result.get("expired"), row.status_tokens, from_snapshot=True)
    await _keep_renewals(ctx, domain, row.renewal_mode, from_snapshot=True)
    return array(result)


async def _deleted_domain(ctx: RegistrarContext, domain: p.DomainName) -> Result:
    """A domain the account no longer holds: transferred away, restorable, or gone
    (docs/module-behaviour.md §7.1 sync mode)."""
    deleted = await ctx.registry.status.deleted(domain.ace)
    if deleted.state is DeletedState.GONE:
        return _transferred_away(ctx, domain)
    if deleted.state is DeletedState.LISTED and deleted.expiration is not None:
        date = whmcs_date(deleted.expiration)
        _activity(ctx, domain, f"{SYNC_DONE} Updated expirydate: {date}")
        return array({"expirydate": date, "expired": ctx.clock.now() > deleted.expiration})
    if deleted.state is DeletedState.PURGED:
        mark_expired(ctx)
        _activity(ctx, domain, f"{SYNC_DONE} Status updated to `Expired` (not restorable).")
        return array({"expired": True})
    _activity(ctx, domain, f"{SYNC_DONE} Status Detection failed - probably a temporary issue.")
    return array({})


async def _not_found(ctx: RegistrarContext, domain: p.DomainName) -> Result:
    """StatusDomain 545 (docs/module-behaviour.md §7.2 step 3)."""
    pending = whmcs_pending(ctx)
    if not pending and await ctx.registry.status.transferred_out(domain.ace):
        return _transferred_away(ctx, domain)
    application = await ctx.registry.status.premium_application(domain.ace)
    if application == "FAILED":
        _activity(ctx, domain, "Premium Domain Order failed.")
        raise RegistryRejected("Premium Domain Order failed.", registry_code=545)
    if application in {"ACTIVE", "SUCCESSFUL"}:
        _activity(ctx, domain, "Premium Domain Order succeeded. Waiting for completion.")
        return array({"active": True})
    if application:
        _activity(ctx, domain, "Premium Domain Order is pending.")
        return array({} if pending else {"active": True})
    if pending:
        # Registration/transfer still in progress: a 545 is expected, never "expired" or "transferred away".
        _activity(ctx, domain, f"{SYNC_DONE} Not yet in the registrar account; order still in progress.")
        return array({})
    return await _deleted_domain(ctx, domain)


async def _missing(ctx: RegistrarContext, domain: p.DomainName, missing: Missing) -> Result:
    if missing.absence is Absence.ELSEWHERE:
        return array({}) if whmcs_pending(ctx) else _transferred_away(ctx, domain)
    if missing.absence is Absence.NOT_FOUND:
        return await _not_found(ctx, domain)
    _activity(ctx, domain, "Domain Sync failed. See Module Log.")
    raise RegistryRejected(
        f"Loading domain status failed. ({missing.refusal})",
        registry_code=missing.refusal.code,
        description=missing.refusal.description,
    )


@operation("Sync")
async def sync(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    row = await _snapshot_row(ctx, domain)
    if row is not None and not _hold_due(ctx, row) and not _privacy_unlisted(ctx, row):
        return await _sync_from_snapshot(ctx, domain, row)
    status = await ctx.registry.status.status(domain.ace)
    if isinstance(status, Missing):
        return await _missing(ctx, domain, status)
    await _align_id_protection(ctx, domain, status.whois_privacy, from_snapshot=False)
    result = _expiry_result(ctx, domain, expiry_of(status.dates))
    await _suspension(ctx, domain, result.get("expired"), status.statuses, from_snapshot=False)
    await _keep_renewals(ctx, domain, status.renewal_mode, from_snapshot=False)
    return array(result)


# ---- TransferSync ----------------------------------------------------------------------------------------


def _host_set(hosts: list[str]) -> set[str]:
    return {h.strip().rstrip(".").lower() for h in hosts if h.strip()}


async def _update_nameservers(
    ctx: RegistrarContext, domain: p.DomainName, request: TransferRequest, current: list[str]
) -> None:
    """NSUpdTransfer: set the nameservers requested with the transfer if they differ
    (docs/module-behaviour.md §7.3, §13.3). A registry that keeps no copy of the request gets the name
    servers WHMCS passes (docs/whmcs.md §1.5; CentralNic's own module never set them after a transfer)."""
    requested = await ctx.registry.status.requested_nameservers(request)
    if requested is None:
        try:
            requested = p.nameservers(ctx.params)
        except InvalidInput:
            return  # WHMCS's own list is unusable: leave the registry's alone
    if not requested or _host_set(requested) == _host_set(current):
        return
    try:
        await ctx.registry.zone.set_nameservers(domain.ace, requested, create_zone=None)
    except OperationFailed as exc:
        _activity(ctx, domain, f"Nameserver update failed. ({failure_quote(exc)})")
    else:
        _activity(ctx, domain, "Nameserver update requested.")


async def _update_contacts(ctx: RegistrarContext, domain: p.DomainName, status: DomainStatus) -> None:
    """CHUpdTransfer: replace empty/AUTO- contacts of a thin-registry transfer with WHMCS data
    (docs/module-behaviour.md §7.3)."""
    tld = contacts.tld_of(domain)
    try:
        # the same contact treatment as RegisterDomain (phone +CC.NNNN, ASCII where the registry needs it)
        data = {
            prefix: contacts.order_contact(ctx.params, prefix=prefix, tld=tld) for prefix in ("", "admin")
        }
    except InvalidInput as exc:
        # the transfer itself succeeded: report why the contacts were left alone instead of failing the sync
        _activity(ctx, domain, f"Contact update skipped: {exc.message}")
        return
    replaced = {}
    for role, prefix in _CONTACT_SOURCES:
        handle = status.contacts.get(role, "")
        if (not handle or handle.upper().startswith("AUTO-")) and data[prefix]["EMAIL"]:
            replaced[role] = data[prefix]
    if not replaced:
        return
    refusal = await ctx.registry.status.replace_contacts(domain.ace, replaced)
    if refusal is None:
        _activity(ctx, domain, "Contact update requested.")
    else:
        _activity(ctx, domain, f"Contact update failed. ({refusal})")


def _failure_reason(lines: list[str]) -> str:
    kept = [line for line in lines if not _SECRET_LINE.match(line)]
    return "\n".join(["Transfer Failed", *kept])


async def _completed(
    ctx: RegistrarContext, domain: p.DomainName, request: TransferRequest, status: DomainStatus
) -> Result:
    if ctx.config.ns_update_after_transfer:
        await _update_nameservers(ctx, domain, request, status.nameservers)
    if ctx.config.contact_update_after_transfer and domain.ace.rsplit(".", 1)[-1] in _CONTACT_UPDATE_TLDS:
        await _update_contacts(ctx, domain, status)
    await _keep_renewals(ctx, domain, status.renewal_mode, from_snapshot=False)
    expiry = expiry_of(status.dates)
    result: dict[str, Any] = {"completed": True}
    if expiry.expirydate is not None:
        result["expirydate"] = expiry.expirydate
    _activity(ctx, domain, f"Domain Transfer finished. expirydate: {expiry.expirydate or 'unknown'}")
    return array(result)


@operation("TransferSync")
async def transfer_sync(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    port = ctx.registry.status
    if await port.pending_transfer(domain.ace) is not None:
        _activity(ctx, domain, "Domain Transfer is still pending (Existing Request).")
        return array({})
    request = await port.transfer_request(domain.ace)
    if request is None:
        _activity(ctx, domain, "Domain Transfer is still pending (No Request Log found).")
        return array({})
    status = await port.status(domain.ace)
    if isinstance(status, DomainStatus):
        return await _completed(ctx, domain, request, status)
    lines = await port.transfer_failure(domain.ace, request)
    if lines is not None:
        _activity(ctx, domain, "Domain Transfer failed.")
        return array({"failed": True, "reason": _failure_reason(lines)})
    _activity(ctx, domain, "Domain Transfer is still pending.")
    return array({})
