"""End of a domain's life at this registrar: RequestDelete, ReleaseDomain (docs/module-behaviour.md §3.17,
docs/module-behaviour.md §3.18) and the admin buttons Suspend / Unsuspend (docs/module-behaviour.md §3.20,
docs/module-behaviour.md §12: added in 6.3.0, "error details" in 6.3.1).

* RequestDelete: `DeleteDomain`; the registry's DESCRIPTION is the error text (5.1.12).
* ReleaseDomain: refused while the registrar lock is on (checked first, as 5.1.12); then `PushDomain` with
  `TARGET=<transfertag>` when WHMCS sends one (.uk tag, .de TRANSIT, .at REGISTRY ...). Every outcome is an
  activity-log line `<domain>: <message>`.
* Suspend / Unsuspend: the `clientHold` status flag through `ModifyDomain ADDSTATUS0 / DELSTATUS0`; success
  is WHMCS's custom-button shape `{"message": ...}`, a failure names the registry code and description.

Errors: `InvalidInput` for a bad transfer tag (nothing sent), `RegistryRejected` for refusals, the
`replies.upstream_problem` family for transport failures.
"""

from __future__ import annotations

import re

from app.api.envelope import Result
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.replies import answered, code_and_description, ensure, send, succeeded, try_send

RELEASE_LOCKED = "Releasing impossible. Please remove the Registrar Lock first."
RELEASE_OK = "Releasing succeeded."
RELEASE_FAILED = "Releasing failed. ({description})"
# A registry tag or push target: letters, digits, dot, dash, underscore (Nominet tags are "EXAMPLE-TAG").
_TRANSFER_TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
HOLD = "clientHold"
# Suspension button -> (ModifyDomain key, success text, failure text) — data, not branches.
SUSPENSION = {
    "SuspendDomain": ("ADDSTATUS0", "Domain suspended.", "Suspending the domain failed."),
    "UnsuspendDomain": ("DELSTATUS0", "Domain unsuspended.", "Unsuspending the domain failed."),
}


@operation("RequestDelete")
async def request_delete(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    reply = await try_send(ctx, {"COMMAND": "DeleteDomain", "DOMAIN": domain.ace})
    if not succeeded(reply):
        ctx.activity(f"{domain.name}: Deletion request failed. ({code_and_description(reply)})")
    ensure(reply)
    ctx.activity(f"{domain.name}: Deletion requested.")
    return array({"success": True})


def transfer_tag(params: p.Params) -> str:
    """`transfertag` (empty = the registry's default target); InvalidInput when it is not a plain token."""
    tag = p.text(params, "transfertag")
    if tag and not _TRANSFER_TAG.match(tag):
        raise InvalidInput(
            "transfertag must be letters, digits, '.', '-' or '_' (at most 64 characters)",
            field="transfertag",
        )
    return tag


async def _is_locked(ctx: RegistrarContext, domain: p.DomainName) -> bool:
    """The registrar lock as GetRegistrarLock reads it; a registry error means "not known to be locked"
    (5.1.12 then tried the push, and PushDomain reports the real problem)."""
    reply = await send(
        ctx, {"COMMAND": "QueryDomainList", "VERSION": 2, "NOTOTAL": 1, "DOMAIN": domain.ace, "WIDE": 1}
    )
    answered(reply)
    return reply.is_success and reply.first("TRANSFERLOCK").strip() == "1"


@operation("ReleaseDomain")
async def release_domain(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    tag = transfer_tag(ctx.params)
    if await _is_locked(ctx, domain):
        ctx.activity(f"{domain.name}: {RELEASE_LOCKED}")
        raise RegistryRejected(RELEASE_LOCKED)
    command: dict[str, object] = {"COMMAND": "PushDomain", "DOMAIN": domain.ace}
    if tag:
        command["TARGET"] = tag
    reply = await try_send(ctx, command)
    if not succeeded(reply):
        message = RELEASE_FAILED.format(description=reply.description)
        ctx.activity(f"{domain.name}: {message}")
        ensure(reply, message=message)
    ctx.activity(f"{domain.name}: {RELEASE_OK}")
    return array({"success": "success"})


async def _suspension(ctx: RegistrarContext) -> Result:
    key, done, failed = SUSPENSION[ctx.function]
    domain = p.domain(ctx.params)
    reply = await try_send(ctx, {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace, key: HOLD})
    if not succeeded(reply):
        message = f"{failed} ({code_and_description(reply)})"
        ctx.activity(f"{domain.name}: {message}")
        ensure(reply, message=message)
    ctx.activity(f"{domain.name}: {done}")
    return array({"message": done})


@operation("SuspendDomain")
async def suspend_domain(ctx: RegistrarContext) -> Result:
    return await _suspension(ctx)


@operation("UnsuspendDomain")
async def unsuspend_domain(ctx: RegistrarContext) -> Result:
    return await _suspension(ctx)
