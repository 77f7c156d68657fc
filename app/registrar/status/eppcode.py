"""GetEPPCode (docs/module-behaviour.md §3.12): registry-specific ways to obtain the transfer auth code.

The code itself is returned to WHMCS only; activity lines never contain it.
"""

from __future__ import annotations

from app.api.envelope import Result
from app.errors import RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.replies import answered, send

# TLD -> command that yields (or e-mails) the auth code; everything else reads StatusDomain AUTH.
_AUTH_COMMANDS = {"de": "DENIC_CreateAuthInfo1", "eu": "RequestDomainAuthInfo"}
# Registries that hand out no code while the domain is locked (unlocking generates one).
_LOCKED_NO_CODE = {"fi", "nz"}
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
    tld = domain.ace.rsplit(".", 1)[-1]
    command = _AUTH_COMMANDS.get(tld, "StatusDomain")
    reply = await send(ctx, {"COMMAND": command, "DOMAIN": domain.ace})
    answered(reply)
    if not reply.is_success:
        raise _fail(ctx, domain, f"Failed loading the epp code ({reply.description}).", reply.code)
    if command == "StatusDomain" and tld in _LOCKED_NO_CODE and reply.first("TRANSFERLOCK") == "1":
        raise _fail(ctx, domain, LOCKED)
    if "AUTH" not in reply.columns:
        ctx.activity(f"{domain.name}: {LOADED}")
        return array({})  # WHMCS tells the user the code was e-mailed to the registrant
    code = reply.first("AUTH")
    if not code:
        raise _fail(ctx, domain, NO_AUTH)
    ctx.activity(f"{domain.name}: {LOADED}")
    return array({"eppcode": code})
