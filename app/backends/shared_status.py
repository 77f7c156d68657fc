"""What both status adapters do alike: read a reply or keep a refusal as the port's `Refusal` value
(docs/architecture.md: refusals an operation words itself come back as values, the rest raises)."""

from __future__ import annotations

from collections.abc import Mapping

from app.backends.replies import answered, call, succeeded, try_call
from app.exchange import ExchangeError
from app.ispapi import Response
from app.registry import RegistryCaller
from app.registry.status import Refusal


def refusal(reply: Response | ExchangeError) -> Refusal:
    return Refusal(reply.code, reply.description)


class SharedStatus:
    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def _send(self, command: Mapping[str, object]) -> Response:
        """The registry's reply, success or refusal; a failed exchange raises."""
        return answered(await call(self._caller, command))

    async def _try(self, command: Mapping[str, object]) -> Refusal | None:
        """None on success, else the refusal (a failed exchange included)."""
        reply = await try_call(self._caller, command)
        return None if succeeded(reply) else refusal(reply)
