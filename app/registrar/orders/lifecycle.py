"""End of a domain's life at this registrar: RequestDelete, ReleaseDomain (docs/module-behaviour.md §3.17,
docs/module-behaviour.md §3.18) and the admin buttons Suspend / Unsuspend (docs/module-behaviour.md §3.20,
docs/module-behaviour.md §12: added in 6.3.0, "error details" in 6.3.1).

* RequestDelete: the registry deletes the domain; its wording is the error text (5.1.12).
* ReleaseDomain: refused while the registrar lock is on (checked first, as 5.1.12); then a push out of the
  account, to `<transfertag>` when WHMCS sends one (.uk tag, .de TRANSIT, .at REGISTRY ...). Every outcome
  is an activity-log line `<domain>: <message>`.
* Suspend / Unsuspend: the `clientHold` status flag; success is WHMCS's custom-button shape
  `{"message": ...}`, a failure names the registry code and description.

The registry commands are the adapters' (app/backends/*/lifecycle.py).

Errors: `InvalidInput` for a bad transfer tag (nothing sent), `RegistryRejected` for refusals, the
upstream errors of app/backends/replies.py for transport failures.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import NoReturn

from app.contract.payloads import Result
from app.errors import InvalidInput, OperationFailed, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registry.lifecycle import LifecyclePort, failure_description, failure_quote

RELEASE_LOCKED = "Releasing impossible. Please remove the Registrar Lock first."
RELEASE_OK = "Releasing succeeded."
RELEASE_FAILED = "Releasing failed. ({description})"
# A registry tag or push target: letters, digits, dot, dash, underscore (Nominet tags are "EXAMPLE-TAG").
_TRANSFER_TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Suspension button -> (hold on, success text, failure text) — data, not branches.
# An admin button's registry step: the lifecycle intent it runs for the domain (ACE).
ButtonIntent = Callable[[LifecyclePort, str], Awaitable[None]]

SUSPENSION: dict[str, tuple[ButtonIntent, str, str]] = {
    "SuspendDomain": (
        lambda port, domain: port.set_hold(domain, on=True),
        "Domain suspended.",
        "Suspending the domain failed.",
    ),
    "UnsuspendDomain": (
        lambda port, domain: port.set_hold(domain, on=False),
        "Domain unsuspended.",
        "Unsuspending the domain failed.",
    ),
}


@operation("RequestDelete")
async def request_delete(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    try:
        await ctx.registry.lifecycle.request_delete(domain.ace)
    except OperationFailed as exc:
        ctx.activity(f"{domain.name}: Deletion request failed. ({failure_quote(exc)})")
        raise
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


@operation("ReleaseDomain")
async def release_domain(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    tag = transfer_tag(ctx.params)
    # The lock first, as 5.1.12; a registry that will not say lets the push report the real problem.
    if await ctx.registry.lifecycle.release_locked(domain.ace):
        ctx.activity(f"{domain.name}: {RELEASE_LOCKED}")
        raise RegistryRejected(RELEASE_LOCKED)
    try:
        await ctx.registry.lifecycle.release(domain.ace, tag)
    except OperationFailed as exc:
        message = RELEASE_FAILED.format(description=failure_description(exc))
        ctx.activity(f"{domain.name}: {message}")
        reworded(exc, message)
    ctx.activity(f"{domain.name}: {RELEASE_OK}")
    return array({"success": "success"})


def reworded(exc: OperationFailed, message: str) -> NoReturn:
    """Raise `exc` again, a registry refusal with the operation's text (transport failures keep the bridge's
    own wording)."""
    if isinstance(exc, RegistryRejected):
        raise RegistryRejected(message, registry_code=exc.registry_code, description=exc.description) from exc
    raise exc


async def run_button(ctx: RegistrarContext, intent: ButtonIntent, done: str, failed: str) -> Result:
    """An admin button (suspension, transfer cancel/resend): the intent, then `done` in the activity log and
    the answer, or `failed` with the registry's reason in both."""
    domain = p.domain(ctx.params)
    try:
        await intent(ctx.registry.lifecycle, domain.ace)
    except OperationFailed as exc:
        message = f"{failed} ({failure_quote(exc)})"
        ctx.activity(f"{domain.name}: {message}")
        reworded(exc, message)
    ctx.activity(f"{domain.name}: {done}")
    return array({"message": done})


@operation("SuspendDomain")
async def suspend_domain(ctx: RegistrarContext) -> Result:
    return await run_button(ctx, *SUSPENSION[ctx.function])


@operation("UnsuspendDomain")
async def unsuspend_domain(ctx: RegistrarContext) -> Result:
    return await run_button(ctx, *SUSPENSION[ctx.function])
