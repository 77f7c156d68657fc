"""Contact data -> CentralNic Reseller contact handle.

CNR names contacts in domain commands by handle only (docs/cnr-protocol.md); a handle is made with AddContact,
which hands back the caller's existing handle when a contact with identical data exists (a new one only with
NEW=1), so asking again for the same data costs one call and makes no duplicate. `ContactHandles` also
remembers the handles of one operation, so a contact used in several roles is added once.

Contact data comes in the port's field names (app/registry/contacts.py); STREET holds the address lines
joined with " , ", which CNR takes as STREET0, STREET1, ...
"""

from __future__ import annotations

from collections.abc import Mapping

from app.backends.replies import call, ensure
from app.registry import RegistryCaller
from app.registry.contacts import ContactData, Role

STREET_JOIN = " , "
MAX_STREET_LINES = 3  # STREET0..STREET2


def contact_params(data: ContactData) -> dict[str, str]:
    """AddContact/ModifyContact parameters of `data`: empty values left out, the street split into lines."""
    params = {key: value for key, value in data.items() if value and key != "STREET"}
    lines = [line.strip() for line in data.get("STREET", "").split(STREET_JOIN) if line.strip()]
    if len(lines) > MAX_STREET_LINES:  # keep every word: the rest joins the last line
        lines = [*lines[: MAX_STREET_LINES - 1], STREET_JOIN.join(lines[MAX_STREET_LINES - 1 :])]
    params.update({f"STREET{i}": line for i, line in enumerate(lines)})
    return params


class ContactHandles:
    """The handle of each distinct contact data, made once per operation."""

    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller
        self._made: dict[frozenset[tuple[str, str]], str] = {}

    async def handle(self, data: ContactData) -> str:
        params = contact_params(data)
        key = frozenset(params.items())
        if key not in self._made:
            reply = ensure(await call(self._caller, {"COMMAND": "AddContact", **params}))
            self._made[key] = reply.first("CONTACT")
        return self._made[key]

    async def by_role(self, contacts: Mapping[Role, ContactData]) -> dict[str, str]:
        """`<ROLE>0=<handle>` params for the domain command."""
        return {f"{role}0": await self.handle(data) for role, data in contacts.items()}
