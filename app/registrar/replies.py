"""`send`/`try_send`: an operation's own client call, for the operations not yet behind the registry port.

Transitional: an operation that still builds ISPAPI commands itself sends them through here. Once every
family speaks to `ctx.registry` (app/registry/), command building lives only in the adapters
(app/backends/) and this module goes. The reply rules are in app/backends/replies.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from app.backends.replies import (
    UNKNOWN_OUTCOME,
    UNREACHABLE,
    answered,
    call,
    changes_state,
    code_and_description,
    count,
    ensure,
    firsts,
    succeeded,
    try_call,
    upstream_error,
    upstream_problem,
)
from app.exchange import ExchangeError

if TYPE_CHECKING:
    from app.ispapi import Response
    from app.registrar.base import RegistrarContext

__all__ = [
    "UNKNOWN_OUTCOME",
    "UNREACHABLE",
    "answered",
    "call",
    "changes_state",
    "code_and_description",
    "count",
    "ensure",
    "firsts",
    "send",
    "succeeded",
    "try_call",
    "try_send",
    "upstream_error",
    "upstream_problem",
]


async def send(ctx: RegistrarContext, command: Mapping[str, object]) -> Response:
    """`call` through the operation's client: a failed exchange raises UpstreamUnavailable/OutcomeUnknown."""
    return await call(ctx.client, command)


async def try_send(ctx: RegistrarContext, command: Mapping[str, object]) -> Response | ExchangeError:
    """`try_call` through the operation's client."""
    return await try_call(ctx.client, command)
