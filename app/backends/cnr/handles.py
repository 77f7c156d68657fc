"""Contact handles for CentralNic Reseller orders: CNR names contacts in domain commands by handle only, so
the contact data of an order becomes handles first.

One AddContact per distinct contact (an order whose four roles hold the same person makes one call). CNR's
AddContact hands back the existing handle of an identical contact of the account instead of a new one
(unless asked for NEW=1, which we never send), so a repeated order reuses the handle the registry already
has: no local cache can go stale, and no contact data is kept here.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.backends.replies import call, ensure
from app.errors import RegistryRejected
from app.registry import RegistryCaller
from app.registry.orders import ContactData, ContactRole

# ISPAPI-style inline contacts carry both address lines in STREET, joined like this
# (docs/module-behaviour.md §6.1); CNR takes them as STREET0..STREET2.
_STREET_JOIN = " , "
_MAX_STREETS = 3


def add_contact_command(contact: ContactData) -> dict[str, str]:
    """AddContact for `contact`: its non-empty fields, the address lines as STREET0..n."""
    fields = contact.given()
    street = fields.pop("STREET", "")
    lines = [line.strip() for line in street.split(_STREET_JOIN, _MAX_STREETS - 1) if line.strip()]
    return {"COMMAND": "AddContact", **fields, **{f"STREET{i}": line for i, line in enumerate(lines)}}


async def contact_handles(
    caller: RegistryCaller, contacts: Mapping[ContactRole, ContactData]
) -> dict[ContactRole, str]:
    """A handle per role, one AddContact per distinct contact."""
    made: dict[str, str] = {}  # fingerprint -> handle
    handles: dict[ContactRole, str] = {}
    for role, contact in contacts.items():
        key = contact.fingerprint()
        if key not in made:
            reply = ensure(await call(caller, add_contact_command(contact)))
            handle = reply.first("CONTACT")
            if not handle:
                raise RegistryRejected("The registry created the contact but named no handle for it.")
            made[key] = handle
        handles[role] = made[key]
    return handles


def role_params(handles: Mapping[ContactRole, str]) -> dict[str, str]:
    """`OWNERCONTACT0=<handle>`, ... for a domain command."""
    return {f"{role}0": handle for role, handle in handles.items()}
