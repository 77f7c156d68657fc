"""config_validate (docs/module-behaviour.md §2.1/§2.2): WHMCS calls it when the admin saves the registrar
settings."""

from __future__ import annotations

from app.contract.payloads import Result
from app.errors import RegistryRejected, UpstreamUnavailable
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.replies import code_and_description, succeeded, try_send, upstream_problem


@operation("config_validate")
async def config_validate(ctx: RegistrarContext) -> Result:
    environment = "OT&E" if ctx.config.test_mode else "LIVE"
    command = {
        "COMMAND": "CheckAuthentication",
        "SUBUSER": ctx.config.username,
        "PASSWORD": ctx.config.password,
    }
    reply = await try_send(ctx, command)
    if succeeded(reply):
        return array()
    message = f"Connecting to the {environment} Environment failed. ({code_and_description(reply)})"
    if upstream_problem(reply) is not None:
        raise UpstreamUnavailable(message)
    raise RegistryRejected(message, registry_code=reply.code, description=reply.description)
