"""GetEPPCode (docs/module-behaviour.md §3.12): the transfer auth code, obtained the way the registry wants
(the status port knows the per-TLD ways: a command that makes or e-mails one, a fresh code where the registry
needs one made).

The code itself is returned to WHMCS only; activity lines never contain it.
"""

from __future__ import annotations

from app.contract.payloads import Result
from app.errors import RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation

LOCKED = (
    "Failed loading the epp code. Please unlock this domain name first. "
    "A new epp code will then be generated and provided here."
)
NO_AUTH = "Failed loading the epp code (No authcode assigned to this domain name. Contact Support)."
LOADED = "Successfully loaded the epp code."


def _fail(
    ctx: RegistrarContext, domain: p.DomainName, message: str, code: int | None = None
) -> RegistryRejected:
    ctx.activity(f"{domain.name}: {message}")
    return RegistryRejected(message, registry_code=code)


@operation("GetEPPCode")
async def get_epp_code(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    found = await ctx.registry.status.epp_code(domain.ace)
    if found.refusal is not None:
        raise _fail(
            ctx, domain, f"Failed loading the epp code ({found.refusal.description}).", found.refusal.code
        )
    if found.locked:
        raise _fail(ctx, domain, LOCKED)
    if found.emailed:
        ctx.activity(f"{domain.name}: {LOADED}")
        return array({})  # WHMCS tells the user the code was e-mailed to the registrant
    if not found.code:
        raise _fail(ctx, domain, NO_AUTH)
    ctx.activity(f"{domain.name}: {LOADED}")
    return array({"eppcode": found.code})
