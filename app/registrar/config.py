"""config_validate (docs/module-behaviour.md §2.1/§2.2): WHMCS calls it when the admin saves the registrar
settings."""

from __future__ import annotations

from app.api.envelope import Result
from app.errors import RegistryRejected, UpstreamUnavailable
from app.registrar.base import RegistrarContext, array, operation


@operation("config_validate")
async def config_validate(ctx: RegistrarContext) -> Result:
    environment = "OT&E" if ctx.config.test_mode else "LIVE"
    refused = await ctx.registry.status.check_login(ctx.config.username, ctx.config.password)
    if refused is None:
        return array()
    message = f"Connecting to the {environment} Environment failed. ({refused.refusal})"
    if refused.temporary:
        raise UpstreamUnavailable(message)
    reason = refused.refusal
    raise RegistryRejected(message, registry_code=reason.code, description=reason.description)
