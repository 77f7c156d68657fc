"""Pieces the CNR command families share: domain and contact parameters, owned objects, dates, paging.
Not a command module: it registers nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sandbox import contacts
from sandbox.cnr.table import CONTACT_HANDLE
from sandbox.context import CommandContext
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.protocol import Reply
from sandbox.registry import DOMAIN_RE, HOST_RE, Param
from sandbox.state import CONTACT_ROLES, Domain, World
from sandbox.world.dates import domain_name

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue

DOMAIN = Param("DOMAIN", required=True, pattern=DOMAIN_RE)
NAMESERVERS = (Param("NAMESERVER#", pattern=HOST_RE, max_index=12),)
# OWNERCONTACT0, ADMINCONTACT0..n, ... hold handles made by AddContact (no inline contact data in CNR).
CONTACT_PARAMS = tuple(Param(f"{role}#", pattern=CONTACT_HANDLE, max_index=9) for role in CONTACT_ROLES)
# DNSSEC# = "<flags> <protocol 3> <algorithm> <public key>", DNSSECDSDATA# = "<key tag> <algorithm>
# <digest type> <hex digest>" (the reference's AddDomain page).
DNSSEC_KEY_RE = r"[0-9]{1,5} 3 [0-9]{1,3} [A-Za-z0-9+/=]{16,1024}"
DNSSEC_DS_RE = r"[0-9]{1,5} [0-9]{1,3} [0-9]{1,3} [0-9A-Fa-f]{20,128}"
DNSSEC_PARAMS = (
    Param("DNSSEC#", pattern=DNSSEC_KEY_RE, max_index=7),
    Param("DNSSECDSDATA#", pattern=DNSSEC_DS_RE, max_index=7),
    Param("DNSSECDELETE", pattern=r"[01]"),
)
FEE_PARAMS = (
    Param("X-FEE-AMOUNT", pattern=r"[0-9]+(?:\.[0-9]+)?"),
    Param("X-FEE-APPLICATION", pattern=r"[0-9]+(?:\.[0-9]+)?"),
    Param("X-FEE-CURRENCY", pattern=r"[A-Za-z]{3}"),
    Param("X-ACCEPT-PREMIUMPRICE", pattern=r"[01]"),
)
RENEWAL_MODES = ("DEFAULT", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE")
CLIENT_STATUSES = (
    "clientHold", "clientTransferProhibited", "clientUpdateProhibited", "clientDeleteProhibited",
    "clientRenewProhibited",
)  # fmt: skip
# RENEWAL_DATE of a gTLD: 35 days after expiry (the 45-day auto-renew grace less 8 days ERRP and 2 days
# buffer); the date the reseller must observe. ccTLDs here renew on their expiry date.
GTLD_RENEWAL_GRACE = timedelta(days=35)
MAX_LIMIT = 10000
DEFAULT_LIMIT = 1000
# Property names of the contact roles in StatusDomain (OWNER_CONTACT, ...).
ROLE_PROPERTY = {role: f"{role[:-7]}_CONTACT" for role in CONTACT_ROLES}


def owned_domain(ctx: CommandContext) -> Domain:
    """The DOMAIN of the call: 545 when nobody holds it here, 531 when another account does."""
    return ctx.owned_domain(domain_name(ctx.require("DOMAIN")))


def role_handles(ctx: CommandContext, role: str) -> list[str]:
    """The caller's contact handles given for `role` (ROLE0..n); 545 for an unknown one."""
    return [contacts.owned(ctx, handle.strip()).handle for handle in ctx.indexed(role)]


def require_contacts(ctx: CommandContext, roles: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for role in CONTACT_ROLES:
        handles = role_handles(ctx, role)
        if not handles and role in roles:
            raise CommandError(f"{role}0", code=504)
        if handles:
            found[role] = handles
    return found


def roid(domain: Domain) -> str:
    digest = int(hashlib.sha256(domain.name.encode()).hexdigest()[:12], 16) % 10**13
    return f"{digest}_DOMAIN-SANDBOX"


def client_statuses(values: list[str]) -> list[str]:
    canon = {s.upper(): s for s in CLIENT_STATUSES}
    found: list[str] = []
    for value in values:
        status = canon.get(value.strip().upper())
        if status is None:
            raise InvalidSyntax(f"Syntax error in Parameter STATUS ({value})")
        found.append(status)
    return found


def page_bounds(ctx: CommandContext) -> tuple[int, int]:
    first = int(ctx.p("FIRST") or 0)
    limit = int(ctx.p("LIMIT") or DEFAULT_LIMIT)
    if first < 0 or limit < 1:
        raise InvalidSyntax("FIRST must not be negative and LIMIT must be at least 1")
    return first, min(limit, MAX_LIMIT)


def paged(
    ctx: CommandContext, rows: Sequence[Mapping[str, object]], columns: Sequence[str], *, listed: bool = True
) -> Reply:
    """A list reply of the requested page of `rows` (see `page_reply`)."""
    first, limit = page_bounds(ctx)
    return page_reply(
        rows[first : first + limit], columns, first=first, limit=limit, total=len(rows), listed=listed
    )


def page_reply(
    page: Sequence[Mapping[str, object]],
    columns: Sequence[str],
    *,
    first: int,
    limit: int,
    total: int,
    listed: bool = True,
) -> Reply:
    """A list reply: one page of rows as columns (named in COLUMN when `listed`), with FIRST, LAST, COUNT,
    LIMIT and TOTAL (all matches), as the reference's list commands show them."""
    reply = Reply.ok()
    if listed:
        reply.set("COLUMN", [c.lower() for c in columns])
    reply.add_rows(page, columns)
    reply.set("FIRST", first)
    reply.set("LAST", first + len(page) - 1 if page else max(first - 1, 0))
    reply.set("COUNT", len(page))
    reply.set("LIMIT", limit)
    reply.set("TOTAL", total)
    return reply


def transaction_ids(ctx: CommandContext, reply: Reply) -> Reply:
    """CLTRID given -> CLTRID and a server transaction id SVTRID in the reply."""
    if ctx.p("CLTRID"):
        reply.set("CLTRID", ctx.p("CLTRID"))
        reply.set("SVTRID", f"SANDBOX-{ctx.world.next_id()}")
    return reply


def logged(ctx: CommandContext, name: str, operation: str, status: str = "SUCCESSFUL") -> None:
    """One object-log entry for the domain `name` (the lists and logs of both dialects read them)."""
    ctx.log_object(object_class="DOMAIN", object_id=name, operation_type=operation, operation_status=status)


TRADE_LOCK = timedelta(days=60)  # ICANN: no transfer for 60 days after a change of registrant


_MATERIAL = ("FIRSTNAME", "LASTNAME", "ORGANIZATION", "EMAIL")


def material_change(world: World, old: str, new: str) -> bool:
    """A change of registrant: the new owner contact differs in name, organisation or e-mail."""
    before, after = world.contacts.get(old), world.contacts.get(new)
    if before is None or after is None:
        return old != new
    return any(before.fields.get(k, "").lower() != after.fields.get(k, "").lower() for k in _MATERIAL)


def renewal_date(domain: Domain, catalogue: Catalogue) -> datetime | None:
    """When the renewal system renews or deletes the domain (see GTLD_RENEWAL_GRACE)."""
    if domain.expiration_date is None:
        return None
    info = catalogue.for_domain(domain.name)
    gtld = info is not None and info.kind == "gtld"
    return domain.expiration_date + GTLD_RENEWAL_GRACE if gtld else domain.expiration_date
