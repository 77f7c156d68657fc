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

After the expiry is known, both paths apply the same two settings:
* Sync Id Protection (`SyncIDProtection`): X-ACCEPT-WHOISTRUSTEE-TAC follows WHMCS `idprotection` both
  ways; without the setting only the 5.1.12 one-way switch-on happens (docs/module-behaviour.md §7.2 step 5).
* Suspend after Expiration (`SuspendAfterExpiration`, docs/field-reports.md §1a): an expired domain gets
  clientHold once (remembered in cache_entry kind `expiry_hold`), and only a hold the bridge set is lifted
  when a renewal moves the expiry into the future.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.api.envelope import Result
from app.db.models import CacheEntry
from app.errors import InvalidInput, RegistryRejected
from app.ispapi import Response
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.contacts import details as contacts
from app.registrar.dates import (
    EXPIRY_FIELDS,
    ExpiryData,
    expiry_data,
    parse_api_datetime,
    utcnow,
    whmcs_date,
)
from app.registrar.orders.premium import premium_application_status
from app.registrar.replies import answered, code_and_description, count, firsts, send, succeeded, try_send
from app.registrar.status.information import mark_expired, whmcs_pending
from app.sync import service as snapshot_service, snapshot
from app.sync.account import account_for

SYNC_DONE = "Domain Sync finished."
# Post-transfer contact update: only these registries create placeholder (AUTO-) contacts
# (docs/module-behaviour.md §7.3).
_CONTACT_UPDATE_TLDS = {"com", "net", "cc", "tv"}
_CONTACT_HANDLES = (
    ("OWNERCONTACT", "OWNERCONTACT0", ""),
    ("ADMINCONTACT", "ADMINCONTACT0", "admin"),
    ("TECHCONTACT", "TECHCONTACT0", "admin"),
    ("BILLINGCONTACT", "BILLINGCONTACT0", "admin"),
)
_COMMAND_BLOCK = re.compile(r"\[COMMAND\](.*?)EOF", re.DOTALL)
_NAMESERVER_KEY = re.compile(r"^NAMESERVER(\d+)$")
# Lines of a stored command that carry secrets (auth codes, passwords) never go into a cron e-mail.
_SECRET_LINE = re.compile(r"^\s*[A-Z0-9_-]*(AUTH|PASSWORD|PW)[A-Z0-9_-]*\s*=", re.IGNORECASE)


def _activity(ctx: RegistrarContext, domain: p.DomainName, message: str) -> None:
    ctx.activity(f"{domain.name}: {message}")


def _transferred_away(ctx: RegistrarContext, domain: p.DomainName) -> Result:
    _activity(ctx, domain, f"{SYNC_DONE} Status updated to `Transferred Away`")
    return array({"transferredAway": True})


async def _align_id_protection(
    ctx: RegistrarContext, domain: p.DomainName, registry: bool | None, *, account: str | None
) -> None:
    """Bring the registry's WHOIS privacy in line with WHMCS `idprotection` (see module docstring)."""
    wanted = p.flag(ctx.params, "idprotection")
    if registry is None or wanted == registry or (not wanted and not ctx.config.sync_id_protection):
        return
    command = {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace, "X-ACCEPT-WHOISTRUSTEE-TAC": int(wanted)}
    reply = await try_send(ctx, command)
    state = "enabled" if wanted else "disabled"
    if succeeded(reply):
        _activity(ctx, domain, f"ID protection {state} at the registry.")
        await _snapshot_update(ctx, account, domain, {"whois_trustee": wanted})
    else:
        _activity(ctx, domain, f"ID protection could not be {state}. ({code_and_description(reply)})")


_HOLD_KIND = "expiry_hold"  # cache_entry kind: domains the bridge put on hold after expiry


def _account(ctx: RegistrarContext) -> str:
    """The account key of this call's credentials (snapshot rows and hold records are kept per account)."""
    return account_for(ctx.config, ispapi_url=ctx.services.settings.ispapi_url)


async def _held_by_us(ctx: RegistrarContext, domain: p.DomainName) -> bool:
    account = _account(ctx)

    def read(session: Session) -> bool:
        found = session.execute(
            select(CacheEntry.id).where(
                CacheEntry.account_key == account, CacheEntry.kind == _HOLD_KIND, CacheEntry.key == domain.ace
            )
        ).first()
        return found is not None

    result: bool = await ctx.services.db.run(read)
    return result


async def _remember_hold(ctx: RegistrarContext, domain: p.DomainName, *, held: bool) -> None:
    account = _account(ctx)

    def write(session: Session) -> None:
        with session.begin():
            session.execute(
                delete(CacheEntry).where(
                    CacheEntry.account_key == account,
                    CacheEntry.kind == _HOLD_KIND,
                    CacheEntry.key == domain.ace,
                )
            )
            if held:
                session.add(
                    CacheEntry(
                        account_key=account, kind=_HOLD_KIND, key=domain.ace, value="{}", fetched_at=utcnow()
                    )
                )

    await ctx.services.db.run(write)


async def _suspension(
    ctx: RegistrarContext,
    domain: p.DomainName,
    expired: bool | None,
    status: list[str],
    *,
    account: str | None,
) -> None:
    """Suspend after Expiration: clientHold once when expired, lifted after a renewal (module docstring)."""
    if not ctx.config.suspend_after_expiration or expired is None or ctx.services is None:
        return
    on_hold = any(token.lower() == "clienthold" for token in status)
    try:
        if expired and not on_hold:
            flag, verb, held = "ADDSTATUS0", "suspended", True
        elif not expired and on_hold and await _held_by_us(ctx, domain):
            flag, verb, held = "DELSTATUS0", "unsuspended", False
        else:
            return
    except SQLAlchemyError:
        return  # without our record we cannot tell our hold from the registrar's: leave it
    reply = await try_send(ctx, {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace, flag: "clientHold"})
    if not succeeded(reply):
        _activity(ctx, domain, f"Domain could not be {verb}. ({code_and_description(reply)})")
        return
    _activity(ctx, domain, f"Domain {verb} at the registry (Suspend after Expiration).")
    tokens = [t for t in status if t.lower() != "clienthold"] + (["clientHold"] if held else [])
    try:
        await _remember_hold(ctx, domain, held=held)
    except SQLAlchemyError:
        pass  # the registry change is done; only the lift-later bookkeeping is lost
    await _snapshot_update(ctx, account, domain, {"status": " ".join(tokens)})


async def _snapshot_update(
    ctx: RegistrarContext, account: str | None, domain: p.DomainName, values: dict[str, Any]
) -> None:
    if account is None or ctx.services is None:
        return
    try:
        await ctx.services.db.run(
            lambda s: snapshot.update_row(s, account=account, domain=domain.ace, values=values)
        )
    except SQLAlchemyError:
        pass  # the next refresh brings the row in line anyway


def _expiry_result(ctx: RegistrarContext, domain: p.DomainName, expiry: ExpiryData) -> dict[str, Any]:
    result: dict[str, Any] = {"active": expiry.active}
    if expiry.expirydate is not None:
        result["expirydate"] = expiry.expirydate
        result["expired"] = expiry.expired(utcnow())
        _activity(ctx, domain, f"{SYNC_DONE} Updated expirydate: {expiry.expirydate}")
    else:
        _activity(
            ctx, domain, f"{SYNC_DONE} The registry gave no complete expiry data; expirydate unchanged."
        )
    return result


async def _snapshot_row(
    ctx: RegistrarContext, domain: p.DomainName
) -> tuple[str, snapshot.SnapshotRow] | None:
    """(account, row) when snapshot mode is on and the snapshot may answer for this domain."""
    services = ctx.services
    if services is None or services.settings.sync_mode != "snapshot" or whmcs_pending(ctx):
        return None
    account = _account(ctx)
    row = await snapshot_service.lookup(
        db=services.db,
        client_factory=lambda: services.client_factory(ctx.config),
        account=account,
        domain=domain.ace,
        ttl_seconds=services.settings.snapshot_ttl_seconds,
        names={domain.name, domain.name.lower()},
    )
    return None if row is None else (account, row)


def _hold_due(ctx: RegistrarContext, row: snapshot.SnapshotRow) -> bool:
    """Suspend after Expiration would put a hold on this domain going by the snapshot row.

    A hold is a write at the registry: it is decided on the registry's current dates (per-domain path),
    never on a row up to a TTL old; expired domains are few, so this costs next to nothing.
    """
    if not ctx.config.suspend_after_expiration:
        return False
    on_hold = any(token.lower() == "clienthold" for token in row.status_tokens)
    return not on_hold and bool(expiry_data(row.expiry_fields()).expired(utcnow()))


async def _sync_from_snapshot(
    ctx: RegistrarContext, domain: p.DomainName, account: str, row: snapshot.SnapshotRow
) -> Result:
    expiry = expiry_data(row.expiry_fields())
    await _align_id_protection(ctx, domain, row.whois_trustee, account=account)
    result = _expiry_result(ctx, domain, expiry)
    await _suspension(ctx, domain, result.get("expired"), row.status_tokens, account=account)
    return array(result)


async def _deleted_domain(ctx: RegistrarContext, domain: p.DomainName) -> Result:
    """A domain the account no longer holds: transferred away, restorable, or gone
    (docs/module-behaviour.md §7.1 sync mode)."""
    reply = await send(
        ctx, {"COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN", "OBJECTID": domain.ace}
    )
    answered(reply)
    if reply.code == 545:
        return _transferred_away(ctx, domain)
    if reply.is_success and count(reply) > 0:
        expiration = parse_api_datetime(reply.first("EXPIRATIONDATE"))
        if expiration is not None:
            date = whmcs_date(expiration)
            _activity(ctx, domain, f"{SYNC_DONE} Updated expirydate: {date}")
            return array({"expirydate": date, "expired": utcnow() > expiration})
    elif reply.is_success:
        mark_expired(ctx)
        _activity(ctx, domain, f"{SYNC_DONE} Status updated to `Expired` (not restorable).")
        return array({"expired": True})
    _activity(ctx, domain, f"{SYNC_DONE} Status Detection failed - probably a temporary issue.")
    return array({})


async def _not_found(ctx: RegistrarContext, domain: p.DomainName) -> Result:
    """StatusDomain 545 (docs/module-behaviour.md §7.2 step 3)."""
    pending = whmcs_pending(ctx)
    if not pending:
        log = await send(
            ctx,
            {
                "COMMAND": "QueryObjectLogList",
                "OBJECTCLASS": "DOMAIN",
                "OBJECTID": domain.ace,
                "ORDERBY": "LOGDATEDESC",
                "USERDEPTH": "SELF",
                "LIMIT": 1,
            },
        )
        answered(log)
        if (
            log.is_success
            and log.first("OPERATIONTYPE") == "OUTBOUND_TRANSFER"
            and log.first("OPERATIONSTATUS") == "SUCCESSFUL"
        ):
            return _transferred_away(ctx, domain)
    application = await premium_application_status(ctx, domain)
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


@operation("Sync")
async def sync(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    found = await _snapshot_row(ctx, domain)
    if found is not None and not _hold_due(ctx, found[1]):
        return await _sync_from_snapshot(ctx, domain, *found)
    status = await send(ctx, {"COMMAND": "StatusDomain", "DOMAIN": domain.ace})
    answered(status)
    if status.code == 531:
        if whmcs_pending(ctx):
            return array({})
        return _transferred_away(ctx, domain)
    if status.code == 545:
        return await _not_found(ctx, domain)
    if not status.is_success:
        _activity(ctx, domain, "Domain Sync failed. See Module Log.")
        raise RegistryRejected(
            f"Loading domain status failed. ({code_and_description(status)})",
            registry_code=status.code,
            description=status.description,
        )
    trustee = status.first("X-ACCEPT-WHOISTRUSTEE-TAC").strip()
    # "" = the TLD has no WHOIS privacy at all: nothing to align.
    await _align_id_protection(ctx, domain, None if trustee == "" else trustee == "1", account=None)
    result = _expiry_result(ctx, domain, expiry_data(firsts(status, EXPIRY_FIELDS)))
    await _suspension(ctx, domain, result.get("expired"), status.column("STATUS"), account=None)
    return array(result)


# ---- TransferSync ----------------------------------------------------------------------------------------


def requested_nameservers(operation_info: list[str]) -> list[str]:
    """NAMESERVERn of the stored transfer command (StatusObjectLog OPERATIONINFO lines), in index order."""
    match = _COMMAND_BLOCK.search("\r\n".join(operation_info))
    if match is None:
        return []
    found: dict[int, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition("=")
        index = _NAMESERVER_KEY.match(key.strip().upper())
        if sep and index and value.strip():
            found[int(index.group(1))] = value.strip()
    return [found[i] for i in sorted(found)]


def _host_set(hosts: list[str]) -> set[str]:
    return {h.strip().rstrip(".").lower() for h in hosts if h.strip()}


async def _update_nameservers(
    ctx: RegistrarContext, domain: p.DomainName, logindex: str, current: list[str]
) -> None:
    """NSUpdTransfer: set the nameservers requested with the transfer if they differ
    (docs/module-behaviour.md §7.3, §13.3)."""
    stored = await try_send(ctx, {"COMMAND": "StatusObjectLog", "LOGINDEX": logindex})
    if not succeeded(stored):
        return
    requested = requested_nameservers(stored.column("OPERATIONINFO"))
    if not requested or _host_set(requested) == _host_set(current):
        return
    command = {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace, **p.nameserver_params(requested)}
    reply = await try_send(ctx, command)
    if succeeded(reply):
        _activity(ctx, domain, "Nameserver update requested.")
    else:
        _activity(ctx, domain, f"Nameserver update failed. ({code_and_description(reply)})")


async def _update_contacts(ctx: RegistrarContext, domain: p.DomainName, status: Response) -> None:
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
    command: dict[str, Any] = {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace}
    for column, role, prefix in _CONTACT_HANDLES:
        handle = status.first(column).strip()
        contact = data[prefix]
        if (not handle or handle.upper().startswith("AUTO-")) and contact["EMAIL"]:
            command.update({role + key: value for key, value in contact.items()})
    if "OWNERCONTACT0EMAIL" not in command and len(command) == 2:
        return
    reply = await try_send(ctx, command)
    if succeeded(reply):
        _activity(ctx, domain, "Contact update requested.")
    else:
        _activity(ctx, domain, f"Contact update failed. ({code_and_description(reply)})")


def _failure_reason(lines: list[str]) -> str:
    kept = [line for line in lines if not _SECRET_LINE.match(line)]
    return "\n".join(["Transfer Failed", *kept])


@operation("TransferSync")
async def transfer_sync(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    ace = domain.ace
    pending = await send(ctx, {"COMMAND": "StatusDomainTransfer", "DOMAIN": ace})
    answered(pending)
    if pending.is_success:
        _activity(ctx, domain, "Domain Transfer is still pending (Existing Request).")
        return array({})
    request_log = await send(
        ctx,
        {
            "COMMAND": "QueryObjectLogList",
            "OBJECTCLASS": "DOMAIN",
            "OBJECTID": ace,
            "ORDERBY": "LOGDATEDESC",
            "OPERATIONTYPE": "TRANSFER",
            "OPERATIONSTATUS": "REQUEST",
            "USERDEPTH": "SELF",
            "LIMIT": 1,
        },
    )
    answered(request_log)
    if not request_log.is_success or count(request_log) == 0:
        _activity(ctx, domain, "Domain Transfer is still pending (No Request Log found).")
        return array({})
    logdate, logindex = request_log.first("LOGDATE"), request_log.first("LOGINDEX")

    status = await send(ctx, {"COMMAND": "StatusDomain", "DOMAIN": ace})
    answered(status)
    if status.is_success:
        if ctx.config.ns_update_after_transfer and logindex:
            await _update_nameservers(ctx, domain, logindex, status.column("NAMESERVER"))
        if ctx.config.contact_update_after_transfer and ace.rsplit(".", 1)[-1] in _CONTACT_UPDATE_TLDS:
            await _update_contacts(ctx, domain, status)
        expiry = expiry_data(firsts(status, EXPIRY_FIELDS))
        result: dict[str, Any] = {"completed": True}
        if expiry.expirydate is not None:
            result["expirydate"] = expiry.expirydate
        _activity(ctx, domain, f"Domain Transfer finished. expirydate: {expiry.expirydate or 'unknown'}")
        return array(result)

    failed = await send(
        ctx,
        {
            "COMMAND": "QueryObjectLogList",
            "OBJECTCLASS": "DOMAIN",
            "OBJECTID": ace,
            "MINDATE": logdate,
            "OPERATIONTYPE": "INBOUND_TRANSFER",
            "OPERATIONSTATUS": "FAILED",
            "ORDERBY": "LOGDATEDESC",
            "LIMIT": 1,
        },
    )
    answered(failed)
    if failed.is_success and count(failed) > 0:
        info = await try_send(ctx, {"COMMAND": "StatusObjectLog", "LOGINDEX": failed.first("LOGINDEX")})
        lines = info.column("OPERATIONINFO") if succeeded(info) else []
        _activity(ctx, domain, "Domain Transfer failed.")
        return array({"failed": True, "reason": _failure_reason(lines)})
    _activity(ctx, domain, "Domain Transfer is still pending.")
    return array({})
