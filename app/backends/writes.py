"""A write whose failure an operation quotes: the raised error keeps the registry's code and wording.

The activity log of the lifecycle buttons says "<what> failed. (<code> <description>)" for every failure,
a temporary reply (4xx) included (docs/module-behaviour.md §13.9). `ensure` raises the bridge's error for
such a reply without a cause; `write` chains the reply's code and wording to it, so
`app.registry.lifecycle.failure_quote` can quote any failure the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from app.backends.replies import ensure, try_call
from app.errors import OperationFailed
from app.exchange import ExchangeError

if TYPE_CHECKING:
    from app.ispapi import Response
    from app.registry import RegistryCaller


class FailedReply(Exception):
    """The reply behind a failed write (the raised error's `__cause__`)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description


def checked(reply: Response | ExchangeError) -> Response:
    """`reply` when it is a success, else the bridge's error with the reply (or exchange) as cause."""
    try:
        return ensure(reply)
    except OperationFailed as exc:
        if exc.__cause__ is None and not isinstance(reply, ExchangeError):
            raise exc from FailedReply(reply.code, reply.description)
        raise


async def write(caller: RegistryCaller, command: Mapping[str, object]) -> Response:
    """Send `command`: its success reply, else the error `checked` raises."""
    return checked(await try_call(caller, command))
