"""Inbound transfers completing: by the sandbox clock (`tick_transfers`) or a control call."""

from __future__ import annotations

from datetime import datetime

from sandbox.errors import ObjectNotFound
from sandbox.state import CONTACT_ROLES, ObjectLogEntry, Transfer, World
from sandbox.world.dates import add_months, fmt, period_months, random_auth, refresh_dates
from sandbox.world.zones import ensure_zone


def _log(world: World, *, user: str, domain: str, op: str, status: str, now: datetime) -> ObjectLogEntry:
    return world.log_object(date=now, object_id=domain, operation_type=op, operation_status=status, user=user)


def complete_transfer(world: World, transfer: Transfer, now: datetime) -> None:
    """Finish a pending transfer by its outcome (sandbox clock or control call)."""
    world.transfers.pop(transfer.domain, None)
    domain = world.domains.get(transfer.domain)
    if transfer.outcome != "SUCCESS" or domain is None:
        transfer.status = "FAILED"
        transfer.log.append(f"{fmt(now)} [FAILED] {transfer.failure_reason or 'domain transfer failed'}")
        entry = _log(
            world, user=transfer.requester, domain=transfer.domain, op="TRANSFER", status="FAILED", now=now
        )
        entry.info = list(transfer.log)
        # The gaining side's log also gets INBOUND_TRANSFER/FAILED, as it gets INBOUND_TRANSFER/SUCCESSFUL:
        # TransferSync of the module looks for exactly that entry to give the reason
        # (docs/module-behaviour.md §7.3 step 5).
        inbound = _log(
            world,
            user=transfer.requester,
            domain=transfer.domain,
            op="INBOUND_TRANSFER",
            status="FAILED",
            now=now,
        )
        inbound.info = list(transfer.log)
        return
    loser = domain.owner
    months = period_months(transfer.period or "1Y")
    domain.owner = transfer.requester
    if months and domain.expiration_date is not None:
        domain.expiration_date = add_months(domain.expiration_date, months)
        domain.paid_until_date = max(domain.paid_until_date or domain.expiration_date, domain.expiration_date)
    if transfer.nameservers:
        domain.nameservers = list(transfer.nameservers)
    requested = {role: transfer.params[role].split() for role in CONTACT_ROLES if transfer.params.get(role)}
    domain.contacts = {**domain.contacts, **requested}
    domain.auth_code = random_auth()
    domain.transfer_lock = False
    domain.updated_at = now
    domain.renewal_mode = "DEFAULT"
    refresh_dates(domain)
    transfer.status = "SUCCESSFUL"
    transfer.log.append(f"{fmt(now)} [SUCCESSFUL] domain transfer completed")
    _log(
        world,
        user=transfer.requester,
        domain=domain.name,
        op="INBOUND_TRANSFER",
        status="SUCCESSFUL",
        now=now,
    )
    _log(world, user=loser, domain=domain.name, op="OUTBOUND_TRANSFER", status="SUCCESSFUL", now=now)
    _log(world, user=transfer.requester, domain=domain.name, op="TRANSFER", status="SUCCESSFUL", now=now)
    if transfer.params.get("INTERNALDNS") == "1":
        ensure_zone(world, domain, now)


def answer_transfer(world: World, name: str, *, login: str, approve: bool, now: datetime) -> Transfer:
    """The losing registrar (`login`) approves or denies an inbound request for one of its domains; the
    transfer completes at once by that answer (both dialects: ISPAPI Approve/DenyDomainTransfer, CNR
    TransferDomain ACTION=APPROVE/DENY). Raises ObjectNotFound when there is no such request for `login`."""
    transfer = world.transfers.get(name)
    domain = world.domains.get(name)
    if transfer is None or domain is None or domain.owner != login:
        raise ObjectNotFound(f"no pending transfer of {name}")
    transfer.outcome = "SUCCESS" if approve else "FAIL"
    transfer.failure_reason = "" if approve else "domain transfer denied by the losing registrar"
    complete_transfer(world, transfer, now)
    return transfer


FOREIGN = "_foreign"  # owner of domains "at another registrar" (control API add_foreign_domain)


def tick_transfers(world: World, now: datetime) -> None:
    """Lifecycle: pending transfers whose time has come complete (or fail) by their outcome."""
    due = [t for t in world.transfers.values() if t.completes_at is not None and now >= t.completes_at]
    for transfer in due:
        complete_transfer(world, transfer, now)
