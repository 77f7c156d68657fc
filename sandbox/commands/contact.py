"""Contacts: AddContact, ModifyContact, StatusContact, DeleteContact, QueryContactList, CloneContact,
ValidateContact (docs/ispapi-wire.md §4.6; API/DOMAIN/CONTACT/*.md).

Contact data lives in `sandbox.contacts` (shared with the domain commands' inline contacts); this module only
adds the commands. Empty values mean "unset" (docs/ispapi-wire.md §1.3), so they are never stored.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sandbox import contacts
from sandbox.context import CommandContext
from sandbox.errors import CommandError, MissingAttribute
from sandbox.listing import like, owners, page, parse_date
from sandbox.numbers import is_whole_number
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, CONTACT_HANDLE_RE, PAGING, Param, command
from sandbox.state import Contact
from sandbox.world.dates import fmt

# Stored in addition to the address fields that `sandbox.contacts` knows.
EXTRA_FIELDS = ("TITLE", "MIDDLENAME", "VATID", "IDNUMBER", "IDAUTHORITY")
_DISCLOSE_ELEMENTS = r"(?:(?:NAME|ORG|ADDR|VOICE|FAX|EMAIL) )*(?:NAME|ORG|ADDR|VOICE|FAX|EMAIL)"
DATA_PARAMS = (
    Param("NAME"),
    *(Param(name) for name in contacts.FIELDS),
    *(Param(name) for name in EXTRA_FIELDS),
    Param("STREET#"),
    Param("AUTH"),
    Param("DISCLOSE", pattern=BOOL_RE),
    Param("DISCLOSE-ELEMENTS", pattern=_DISCLOSE_ELEMENTS),
)
# QueryContactList: search parameter -> stored field (patterns with * / %).
_SEARCH_FIELDS = (*contacts.FIELDS, "TITLE", "MIDDLENAME", "STREET")
_WIDE_COLUMNS = (
    "CITY", "COUNTRY", "CREATEDDATE", "EMAIL", "FAX", "FIRSTNAME", "LASTNAME", "MIDDLENAME", "ORGANIZATION",
    "PHONE", "STATE", "STREET", "TITLE", "UPDATEDDATE", "ZIP",
)  # fmt: skip
_ORDER = {"CONTACT": lambda c: c.handle, "USER": lambda c: c.owner}
# .au validation rules (ValidateContact): ID type -> parameters it needs.
_AU_REQUIRED = {
    "1": ("X-AU-OWNER-IDNUMBER", "X-AU-OWNER-IDDATE"),
    "2": ("X-AU-OWNER-IDNUMBER", "X-AU-OWNER-IDDATE"),
    "3": ("X-AU-OWNER-IDNUMBER", "X-AU-OWNER-IDISSUER"),
    "4": ("X-AU-OWNER-IDNUMBER",),
    "5": ("X-AU-OWNER-IDNUMBER",),
    "6": ("X-AU-OWNER-IDISSUER",),
}
_AU_CARD_ISSUERS = ("ACT", "NSW", "NT", "SA", "TAS", "WA")
AU_VALIDITY = timedelta(days=365)


def _data(params: dict[str, str]) -> dict[str, str]:
    """Contact fields from top-level parameters (AddContact style), without empty values."""
    data = contacts.fields_from(params, "")
    for name in EXTRA_FIELDS:
        if params.get(name, "").strip():
            data[name] = params[name].strip()
    return {k: v for k, v in data.items() if v}


def _new_auth() -> str:
    return secrets.token_urlsafe(9)


def _create(ctx: CommandContext, data: dict[str, str], *, force_new: bool) -> tuple[Contact, bool]:
    """Validate and store (or reuse) a contact; returns (contact, created)."""
    contacts.validate(data, where="")
    wanted = ctx.p("CONTACT").strip()
    if wanted:
        if wanted in ctx.world.contacts:
            raise CommandError(f"contact {wanted}", code=540)
        contact = Contact(handle=wanted, owner=ctx.login, fields=data, created_at=ctx.now, updated_at=ctx.now)
        ctx.world.contacts[wanted] = contact
        created = True
    else:
        before = len(ctx.world.contacts)
        contact = contacts.create(ctx, data, force_new=force_new)
        created = len(ctx.world.contacts) > before
    if created:
        contact.auth = ctx.p("AUTH") or _new_auth()
        ctx.log_object(
            object_class="CONTACT",
            object_id=contact.handle,
            operation_type="CREATE",
            operation_status="SUCCESSFUL",
        )
    return contact, created


@command(
    "AddContact",
    *DATA_PARAMS,
    Param("CONTACT", pattern=CONTACT_HANDLE_RE),
    Param("NEW", pattern=BOOL_RE),
    allow_extensions=True,
    mutating=True,
)
def add_contact(ctx: CommandContext) -> Reply:
    contact, created = _create(ctx, _data(ctx.params), force_new=bool(ctx.flag("NEW")))
    return Reply.ok(CONTACT=contact.handle, NEW=created, STATUS=contact.status)


@command(
    "CloneContact",
    Param("CONTACT", required=True, pattern=CONTACT_HANDLE_RE),
    *DATA_PARAMS,
    allow_extensions=True,
    mutating=True,
)
def clone_contact(ctx: CommandContext) -> Reply:
    source = contacts.owned(ctx, ctx.require("CONTACT").strip())
    data = _merged(source.fields, ctx.params)
    contacts.validate(data, where="")
    clone = contacts.create(ctx, data, force_new=True)
    clone.auth = ctx.p("AUTH") or _new_auth()
    ctx.log_object(
        object_class="CONTACT", object_id=clone.handle, operation_type="CREATE", operation_status="SUCCESSFUL"
    )
    return Reply.ok(CONTACT=clone.handle, STATUS=clone.status)


def _merged(current: dict[str, str], params: dict[str, str]) -> dict[str, str]:
    """`current` with the given parameters applied: a given STREET (any line) replaces all street lines,
    an empty value removes the field."""
    data = dict(current)
    given = contacts.fields_from(params, "")
    if any(k == "STREET" or (k.startswith("STREET") and is_whole_number(k[6:])) for k in params):
        data = {k: v for k, v in data.items() if not k.startswith("STREET")}
    data.update(given)
    for name in EXTRA_FIELDS:
        if name in params:
            data[name] = params[name].strip()
    return {k: v for k, v in data.items() if v}


@command(
    "ModifyContact",
    Param("CONTACT", required=True, pattern=CONTACT_HANDLE_RE),
    *DATA_PARAMS,
    allow_extensions=True,
    mutating=True,
)
def modify_contact(ctx: CommandContext) -> Reply:
    contact = contacts.owned(ctx, ctx.require("CONTACT").strip())
    data = _merged(contact.fields, ctx.params)
    contacts.validate(data, where="")
    contact.fields = data
    if ctx.p("AUTH"):
        contact.auth = ctx.p("AUTH")
    contact.updated_at = ctx.now
    ctx.log_object(
        object_class="CONTACT",
        object_id=contact.handle,
        operation_type="UPDATE",
        operation_status="SUCCESSFUL",
    )
    return Reply.ok()


@command("StatusContact", Param("CONTACT", required=True, pattern=CONTACT_HANDLE_RE))
def status_contact(ctx: CommandContext) -> Reply:
    contact = contacts.owned(ctx, ctx.require("CONTACT").strip())
    props = _properties(contact)
    reply = Reply.ok()
    for name in sorted(props):
        reply.set(name, props[name])
    return reply


def _streets(contact: Contact) -> list[str]:
    keys = [k for k in contact.fields if k.startswith("STREET") and is_whole_number(k[6:])]
    return [contact.fields[k] for k in sorted(keys, key=lambda k: int(k[6:]))]


def _properties(contact: Contact) -> dict[str, list[str] | str]:
    data = contact.fields
    props: dict[str, list[str] | str] = {
        name: data.get(name, "") for name in (*contacts.FIELDS, *EXTRA_FIELDS)
    }
    props.update(
        AUTH=contact.auth,
        CLASS="CONTACT",
        CREATEDBY="SYSTEM",
        CREATEDDATE=fmt(contact.created_at),
        DESCRIPTION=contact.handle,
        ID=contact.handle,
        NAME=" ".join(p for p in (data.get("FIRSTNAME", ""), data.get("LASTNAME", "")) if p),
        PEERUSER="",
        REGISTRAR="SYSTEM",
        STATUS=contact.status,
        STREET=_streets(contact) or [""],
        TRANSFERDATE="0000-00-00 00:00:00",
        UPDATEDBY="SYSTEM",
        UPDATEDDATE=fmt(contact.updated_at),
        USER=contact.owner,
    )
    return props


@command("DeleteContact", Param("CONTACT", required=True, pattern=CONTACT_HANDLE_RE), mutating=True)
def delete_contact(ctx: CommandContext) -> Reply:
    contact = contacts.owned(ctx, ctx.require("CONTACT").strip())
    users = sorted(
        domain.name
        for domain in ctx.world.domains.values()
        if any(contact.handle in handles for handles in domain.contacts.values())
    )
    if users:
        # The reference's own wording for this refusal (DELETECONTACT.md: 506 Object is in use).
        return Reply(
            code=506, description=f"Object is in use; contact {contact.handle} used by {', '.join(users[:5])}"
        )
    del ctx.world.contacts[contact.handle]
    ctx.log_object(
        object_class="CONTACT",
        object_id=contact.handle,
        operation_type="DELETE",
        operation_status="SUCCESSFUL",
    )
    return Reply.ok()


@command(
    "QueryContactList",
    Param("WIDE", pattern=BOOL_RE),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    Param("CONTACT"),
    *(Param(name) for name in _SEARCH_FIELDS),
    Param("STATUS"),
    Param("MINCREATEDDATE"),
    Param("MAXCREATEDDATE"),
    Param("MINUPDATEDDATE"),
    Param("MAXUPDATEDDATE"),
    *PAGING,
)
def query_contact_list(ctx: CommandContext) -> Reply:
    visible = owners(ctx, ctx.p("USERDEPTH"))
    found = [c for c in ctx.world.contacts.values() if c.owner in visible and _wanted(ctx, c)]
    order = ctx.p("ORDERBY").strip().upper()
    if order:
        key = _ORDER.get(order.removesuffix("DESC"))
        if key is None:
            raise CommandError(f"Syntax error in Parameter ORDERBY ({order})", code=505)
        found.sort(key=key, reverse=order.endswith("DESC"))
    reply = Reply.ok()
    chunk = page(ctx, reply, found)
    wide = bool(ctx.flag("WIDE"))
    rows = []
    for contact in chunk:
        row: dict[str, object] = {
            "CONTACT": contact.handle,
            "CONTACTSTATUS": contact.status,
            "USER": contact.owner,
        }
        if wide:
            props = _properties(contact)
            for column in _WIDE_COLUMNS:
                value = props.get(column, "")
                row[f"CONTACT{column}"] = " , ".join(value) if isinstance(value, list) else value
            parent = ctx.world.accounts.get(contact.owner)
            row["PARENTUSER"] = (parent.parent or "") if parent is not None else ""
            row["PEERUSER"] = ""
        rows.append(row)
    columns = ["CONTACT", *(f"CONTACT{c}" for c in _WIDE_COLUMNS if wide), "CONTACTSTATUS"]
    columns += ["PARENTUSER", "PEERUSER", "USER"] if wide else ["USER"]
    return reply.add_rows(rows, columns)


def _wanted(ctx: CommandContext, contact: Contact) -> bool:
    if ctx.p("CONTACT") and not like(ctx.p("CONTACT"), contact.handle):
        return False
    for name in _SEARCH_FIELDS:
        pattern = ctx.p(name)
        if not pattern:
            continue
        values = _streets(contact) if name == "STREET" else [contact.fields.get(name, "")]
        if not any(like(pattern, value) for value in values):
            return False
    if ctx.p("STATUS") and ctx.p("STATUS").upper() != contact.status:
        return False
    for param, stamp_of, end in (
        ("MINCREATEDDATE", contact.created_at, False),
        ("MAXCREATEDDATE", contact.created_at, True),
        ("MINUPDATEDDATE", contact.updated_at, False),
        ("MAXUPDATEDDATE", contact.updated_at, True),
    ):
        if ctx.p(param).strip():
            bound = parse_date(param, ctx.p(param), end_of_day=end)
            if stamp_of is None or (stamp_of > bound if end else stamp_of < bound):
                return False
    return True


@command(
    "ValidateContact",
    Param("REGISTRY", required=True, choices=("AU",)),
    Param("X-AU-OWNER-ACCEPT-VALIDATION-TERMS"),
    Param("X-AU-OWNER-IDTYPE", choices=("1", "2", "3", "4", "5", "6")),
    Param("X-AU-OWNER-DOB", pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    Param("X-AU-OWNER-IDNUMBER"),
    Param("X-AU-OWNER-IDDATE"),
    Param("X-AU-OWNER-IDISSUER"),
    Param("X-AU-OWNER-CARDNUMBER"),
    Param("CONTACT", pattern=CONTACT_HANDLE_RE),
    Param("NEW", pattern=BOOL_RE),
    *DATA_PARAMS,
    mutating=True,
)
def validate_contact(ctx: CommandContext) -> Reply:
    if ctx.p("X-AU-OWNER-ACCEPT-VALIDATION-TERMS").strip() != "1":
        raise CommandError("X-AU-OWNER-ACCEPT-VALIDATION-TERMS must be 1", code=541)
    id_type = ctx.require("X-AU-OWNER-IDTYPE")
    for name in _AU_REQUIRED[id_type]:
        ctx.require(name)
    issuer = ctx.p("X-AU-OWNER-IDISSUER").strip().upper()
    if id_type == "3" and issuer in _AU_CARD_ISSUERS and not ctx.p("X-AU-OWNER-CARDNUMBER"):
        raise MissingAttribute("X-AU-OWNER-CARDNUMBER")
    data = _data(ctx.params)
    existing = (
        contacts.owned(ctx, ctx.p("CONTACT").strip()) if ctx.p("CONTACT").strip() and not data else None
    )
    if existing is None and not data:
        raise MissingAttribute("CONTACT")
    # .au validation is for private individuals from Australia (VALIDATECONTACT.md): checked before any
    # contact is created from inline data.
    country = existing.fields.get("COUNTRY") if existing is not None else data.get("COUNTRY")
    if country != "AU":
        raise CommandError(f"contact country {country or '(none)'} is not AU", code=541)
    contact = existing or _create(ctx, data, force_new=bool(ctx.flag("NEW")))[0]
    contact.verified = True
    until = (ctx.now + AU_VALIDITY).replace(hour=0, minute=0, second=0)
    return Reply.ok(CONTACT=contact.handle, X_AU_VALIDATED=True, X_AU_VALIDATED_UNTIL=fmt(until))
