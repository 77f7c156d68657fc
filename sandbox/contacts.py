"""Contact data shared by every command that takes contacts: handles or inline data
(docs/ispapi-wire.md §1.3, §4.6).

A contact parameter (OWNERCONTACT0, ADMINCONTACT0, ...) is either an existing handle of the caller or the
inline sub-fields OWNERCONTACT0FIRSTNAME ...; inline data is turned into a handle, reusing an identical
existing contact of the caller unless NEW=1 (AddContact semantics).
"""

from __future__ import annotations

import re

from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, InvalidSyntax, MissingAttribute, ObjectNotFound
from sandbox.numbers import is_whole_number
from sandbox.state import Contact

# Sub-fields stored on a contact; STREET may come as STREET or STREET0..n.
FIELDS = ("FIRSTNAME", "LASTNAME", "ORGANIZATION", "CITY", "STATE", "ZIP", "COUNTRY", "PHONE", "FAX", "EMAIL")
REQUIRED = ("FIRSTNAME", "LASTNAME", "STREET", "CITY", "ZIP", "COUNTRY", "PHONE", "EMAIL")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{1,4}[. ]?[0-9 ().-]{3,20}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def fields_from(params: dict[str, str], prefix: str) -> dict[str, str]:
    """The contact sub-fields found under `prefix` (e.g. "OWNERCONTACT0" or "" for AddContact)."""
    data: dict[str, str] = {}
    streets: list[tuple[int, str]] = []
    for key, value in params.items():
        if not key.startswith(prefix):
            continue
        sub = key[len(prefix) :]
        if sub in FIELDS:
            data[sub] = value.strip()
        elif sub == "NAME" and value.strip():
            first, _, last = value.strip().partition(" ")
            data.setdefault("FIRSTNAME", first)
            data.setdefault("LASTNAME", last or first)
        elif sub == "STREET":
            streets.append((-1, value.strip()))
        elif sub.startswith("STREET") and is_whole_number(sub[6:]):
            streets.append((int(sub[6:]), value.strip()))
    lines = [v for _, v in sorted(streets) if v]
    for i, line in enumerate(lines):
        data[f"STREET{i}"] = line
    if "COUNTRY" in data:
        data["COUNTRY"] = data["COUNTRY"].upper()
    return data


def validate(data: dict[str, str], *, where: str) -> None:
    """Registry-style checks: 504 for a missing field, 505 for a malformed one, naming the parameter."""
    for name in REQUIRED:
        present = any(k.startswith("STREET") for k in data) if name == "STREET" else bool(data.get(name))
        if not present:
            raise MissingAttribute(f"{where}{name}")
    if not _EMAIL.match(data["EMAIL"]):
        raise InvalidSyntax(f"Syntax error in Parameter {where}EMAIL ({data['EMAIL']})")
    if not _PHONE.match(data["PHONE"]):
        raise InvalidSyntax(f"Syntax error in Parameter {where}PHONE ({data['PHONE']})")
    if not _COUNTRY.match(data["COUNTRY"]):
        raise InvalidSyntax(f"Syntax error in Parameter {where}COUNTRY ({data['COUNTRY']})")


def create(
    ctx: CommandContext, data: dict[str, str], *, prefix: str = "P-", force_new: bool = False
) -> Contact:
    """A handle for `data`: an identical contact of the caller is reused unless `force_new`."""
    if not force_new:
        for contact in ctx.world.contacts.values():
            if contact.owner == ctx.login and contact.fields == data:
                return contact
    handle = f"{prefix}{_initials(data)}{ctx.world.next_id()}"
    contact = Contact(
        handle=handle, owner=ctx.login, fields=dict(data), created_at=ctx.now, updated_at=ctx.now
    )
    ctx.world.contacts[handle] = contact
    return contact


def owned(ctx: CommandContext, handle: str) -> Contact:
    contact = ctx.world.contacts.get(handle)
    if contact is None:
        raise ObjectNotFound(f"contact {handle}")
    if contact.owner != ctx.login:
        raise AuthorizationFailed(f"contact {handle}")
    return contact


def resolve(ctx: CommandContext, role: str, *, required: bool) -> list[str]:
    """Handles for a role parameter family (OWNERCONTACT0..n as handles or inline data).

    Returns [] when the role is absent and not required; inline data is validated and stored
    as an AUTO- handle.
    """
    handles: list[str] = []
    for index in range(10):
        key = f"{role}{index}"
        inline = fields_from(ctx.params, key)
        if inline:
            validate(inline, where=key)
            handles.append(create(ctx, inline, prefix="AUTO-").handle)
        elif ctx.params.get(key):
            handles.append(owned(ctx, ctx.params[key].strip()).handle)
    if not handles and ctx.params.get(role):
        handles.append(owned(ctx, ctx.params[role].strip()).handle)
    if required and not handles:
        raise MissingAttribute(f"{role}0")
    return handles


def properties(contact: Contact) -> dict[str, list[str]]:
    """StatusContact-style properties (STREET as one value per line)."""
    data = contact.fields
    streets = [data[k] for k in sorted(k for k in data if k.startswith("STREET"))]
    name = " ".join(p for p in (data.get("FIRSTNAME", ""), data.get("LASTNAME", "")) if p)
    props = {field: [data.get(field, "")] for field in FIELDS}
    props["NAME"] = [name]
    props["STREET"] = streets or [""]
    return props


def _initials(data: dict[str, str]) -> str:
    letters = "".join(part[:1] for part in (data.get("FIRSTNAME", ""), data.get("LASTNAME", "")))
    clean = re.sub(r"[^A-Za-z]", "", letters).upper()
    return (clean or "XX")[:3]
