"""GetRegistrarLock / SaveRegistrarLock (docs/module-behaviour.md §3.10).

Unlocking a `.fi` domain also sets a fresh random auth code (FICORA requires one for transfers). It is made
with `secrets`, sent once, and never logged or returned.
"""

from __future__ import annotations

import secrets

from app.contract.payloads import Result, ResultKind
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registry.status import LockState

_LOCK_VALUES = {"locked": True, "unlocked": False}
# The 5.1.12 recipe: 3 digits, 3 lower, 3 upper, 2 specials, shuffled.
_AUTH_PARTS = (
    ("0123456789", 3),
    ("abcdefghijklmnopqrstuvwxyz", 3),
    ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3),
    ("@#$*[]{}=+", 2),
)


def random_fi_auth() -> str:
    chars = [secrets.choice(alphabet) for alphabet, n in _AUTH_PARTS for _ in range(n)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


# What WHMCS is told for each lock state: the answer, or the error.
_LOCK_ANSWERS = {LockState.LOCKED: "locked", LockState.UNLOCKED: "unlocked"}
_LOCK_ERRORS = {
    LockState.NOT_FOUND: "Domain Name not found.",
    LockState.UNSUPPORTED: "Registrar Lock unsupported for this TLD.",
}


@operation("GetRegistrarLock")
async def get_registrar_lock(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    state = await ctx.registry.status.transfer_lock(domain.ace)
    if state in _LOCK_ERRORS:
        raise RegistryRejected(_LOCK_ERRORS[state])
    return Result(kind=ResultKind.STRING, value=_LOCK_ANSWERS[state])


@operation("SaveRegistrarLock")
async def save_registrar_lock(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    wanted = p.text(ctx.params, "lockenabled").lower()
    if wanted not in _LOCK_VALUES:
        raise InvalidInput("lockenabled must be 'locked' or 'unlocked'", field="lockenabled")
    lock = _LOCK_VALUES[wanted]
    new_code = random_fi_auth() if not lock and domain.ace.endswith(".fi") else None
    verb = "set" if lock else "remove"
    try:
        await ctx.registry.status.set_transfer_lock(domain.ace, lock, new_code=new_code)
    except RegistryRejected as exc:
        message = f"{domain.name}: Unable to {verb} registrar lock. [{exc.description}]"
        ctx.activity(message)
        raise RegistryRejected(
            message, registry_code=exc.registry_code, description=exc.description
        ) from None
    message = f"{domain.name}: Successfully {'set' if lock else 'removed'} registrar lock."
    ctx.activity(message)
    return Result(kind=ResultKind.ARRAY, value={"success": message})
