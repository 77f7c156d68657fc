"""GetNameservers / SaveNameservers (docs/module-behaviour.md §3.9).

Fixed (docs/module-behaviour.md §13.5): a 504 `TOO FEW ... CONTACTS` reply to the nameserver update gives the
message 5.1.12 meant to show ("Please update contact data first ..."), which never fired there.
"""

from __future__ import annotations

import re

from app.api.envelope import Result
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.replies import ensure, send

_MISSING_CONTACTS = re.compile(r"TOO FEW .*CONTACTS", re.IGNORECASE)
CONTACTS_FIRST = "Please update contact data first to be able to update nameserver data."


@operation("GetNameservers")
async def get_nameservers(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    reply = ensure(await send(ctx, {"COMMAND": "StatusDomain", "DOMAIN": domain.ace}))
    return array({f"ns{i}": host for i, host in enumerate(reply.column("NAMESERVER"), start=1)})


@operation("SaveNameservers")
async def save_nameservers(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    hosts = p.nameservers(ctx.params, minimum=1)
    command = {
        "COMMAND": "ModifyDomain",
        "DOMAIN": domain.ace,
        **p.nameserver_params(hosts),
        # Creates the DNS zone when the DNS management add-on is on (docs/module-behaviour.md §3.9).
        "INTERNALDNS": 1 if p.flag(ctx.params, "dnsmanagement") else 0,
    }
    reply = await send(ctx, command)
    ensure(
        reply,
        message=lambda r: (
            CONTACTS_FIRST if r.code == 504 and _MISSING_CONTACTS.search(r.description) else r.description
        ),
    )
    return array({"success": True})
