"""Moving a HEXONET (ISPAPI) account's domains into a CentralNic Reseller (CNR) world, as CentralNic did
when it closed the HEXONET platform: the same names and dates, new contact handles in the CNR world, and
the domains gone from the ISPAPI world afterwards (with their host objects and DNS zones)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime

from sandbox.errors import ControlError
from sandbox.state import Contact, World


@dataclass
class Migration:
    domains: int = 0
    contacts: dict[str, str] = field(default_factory=dict)  # ISPAPI handle -> CNR handle


def migrate(source: World, target: World, *, login: str, cnr_login: str, now: datetime) -> Migration:
    """Move every domain `login` holds in `source` to `cnr_login` in `target`; ControlError (nothing moved)
    for an unknown account or a name the target world already holds."""
    if login not in source.accounts:
        raise ControlError(f"unknown account {login!r} in {source.entity}")
    if cnr_login not in target.accounts:
        raise ControlError(f"unknown account {cnr_login!r} in {target.entity}")
    names = sorted(name for name, domain in source.domains.items() if domain.owner == login)
    clash = [name for name in names if name in target.domains]
    if clash:
        raise ControlError(f"{target.entity} already holds {', '.join(clash[:5])}")
    result = Migration()
    for name in names:
        domain = source.domains.pop(name)
        contacts = {
            role: [_handle(source, target, handle, cnr_login, now, result) for handle in handles]
            for role, handles in domain.contacts.items()
        }
        target.domains[name] = dataclasses.replace(domain, owner=cnr_login, contacts=contacts)
        _move_dependents(source, target, name, cnr_login)
        source.log_object(
            date=now,
            object_id=name,
            operation_type="OUTBOUND_TRANSFER",
            operation_status="SUCCESSFUL",
            user=login,
        )
        target.log_object(
            date=now,
            object_id=name,
            operation_type="INBOUND_TRANSFER",
            operation_status="SUCCESSFUL",
            user=cnr_login,
        )
        result.domains += 1
    return result


def _handle(source: World, target: World, handle: str, owner: str, now: datetime, result: Migration) -> str:
    """The CNR handle standing for ISPAPI contact `handle` (made once per migration)."""
    if handle in result.contacts:
        return result.contacts[handle]
    old = source.contacts.get(handle)
    fields = dict(old.fields) if old is not None else {}
    letters = re.sub(r"[^A-Za-z]", "", fields.get("FIRSTNAME", "")[:1] + fields.get("LASTNAME", "")[:1])
    new = f"P-{(letters or 'XX').upper()}{target.next_id()}"
    target.contacts[new] = Contact(
        handle=new, owner=owner, fields=fields, created_at=now, updated_at=now,
        verified=old.verified if old is not None else False,
    )  # fmt: skip
    result.contacts[handle] = new
    return new


def _move_dependents(source: World, target: World, name: str, owner: str) -> None:
    for host_name in [h for h, host in source.hosts.items() if host.domain == name]:
        target.hosts[host_name] = dataclasses.replace(source.hosts.pop(host_name), owner=owner)
    zone = source.zones.pop(f"{name}.", None)
    if zone is not None:
        target.zones[zone.name] = dataclasses.replace(zone, owner=owner)
    source.transfers.pop(name, None)
