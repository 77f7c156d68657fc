"""GetRegistrarLock / SaveRegistrarLock (docs/module-behaviour.md §3.10).

Unlocking a `.fi` domain also sets a fresh random auth code (FICORA requires one for transfers). It is made
with `secrets`, sent once, and never logged or returned.
"""

from __future__ import annotations

import secrets

from app.api.envelope import Result, ResultKind
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registrar.replies import answered, ensure, send

LOCK_STATES = {"1": "locked", "0": "unlocked"}
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


@operation("GetRegistrarLock")
async def get_registrar_lock(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    command = {"COMMAND": "QueryDomainList", "VERSION": 2, "NOTOTAL": 1, "DOMAIN": domain.ace, "WIDE": 1}
    reply = ensure(await send(ctx, command))
    if "TRANSFERLOCK" not in reply.columns:
        raise RegistryRejected("Domain Name not found.")
    state = LOCK_STATES.get(reply.first("TRANSFERLOCK").strip())
    if state is None:
        raise RegistryRejected("Registrar Lock unsupported for this TLD.")
    return Result(kind=ResultKind.STRING, value=state)


@operation("SaveRegistrarLock")
async def save_registrar_lock(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    wanted = p.text(ctx.params, "lockenabled").lower()
    if wanted not in _LOCK_VALUES:
        raise InvalidInput("lockenabled must be 'locked' or 'unlocked'", field="lockenabled")
    lock = _LOCK_VALUES[wanted]
    command: dict[str, object] = {
        "COMMAND": "ModifyDomain",
        "DOMAIN": domain.ace,
        "TRANSFERLOCK": 1 if lock else 0,
    }
    if not lock and domain.ace.endswith(".fi"):
        command["AUTH"] = random_fi_auth()
    verb = "set" if lock else "remove"
    reply = await send(ctx, command)
    if not reply.is_success:
        answered(reply)
        message = f"{domain.name}: Unable to {verb} registrar lock. [{reply.description}]"
        ctx.activity(message)
        raise RegistryRejected(message, registry_code=reply.code, description=reply.description)
    message = f"{domain.name}: Successfully {'set' if lock else 'removed'} registrar lock."
    ctx.activity(message)
    return Result(kind=ResultKind.ARRAY, value={"success": message})
