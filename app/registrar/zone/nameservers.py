"""GetNameservers / SaveNameservers (docs/module-behaviour.md §3.9).

Fixed (docs/module-behaviour.md §13.5): a registry that wants complete contacts before a nameserver change
gets the message 5.1.12 meant to show ("Please update contact data first ..."), which never fired there;
the adapter recognises that refusal (app/backends/*/zone.py).
"""

from __future__ import annotations

from app.contract.payloads import Result
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation


@operation("GetNameservers")
async def get_nameservers(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    hosts = await ctx.registry.zone.nameservers(domain.ace)
    return array({f"ns{i}": host for i, host in enumerate(hosts, start=1)})


@operation("SaveNameservers")
async def save_nameservers(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    hosts = p.nameservers(ctx.params, minimum=1)
    # DNS management add-on on: the registrar's zone comes with the change (docs/module-behaviour.md §3.9).
    await ctx.registry.zone.set_nameservers(
        domain.ace, hosts, create_zone=p.flag(ctx.params, "dnsmanagement")
    )
    return array({"success": True})
