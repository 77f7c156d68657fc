"""Turning an ISPAPI reply into either data or the right `app.errors.OperationFailed` subclass.

Every operation sends commands through `send()` and checks the reply with `ensure()`; this is the one
place that decides what a failed reply means for WHMCS:

    reply                                               read                 write (money or not)
    transport failure, request certainly not sent       UpstreamUnavailable  UpstreamUnavailable
    transport failure, request may have executed        UpstreamUnavailable  OutcomeUnknown
    4xx temporary error (421, 423, 425 ...)             UpstreamUnavailable  UpstreamUnavailable
    5xx (and any other non-2xx) registry error          RegistryRejected(message, code, description)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from app.errors import OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.numbers import is_whole_number

if TYPE_CHECKING:
    from app.ispapi import Response
    from app.registrar.base import RegistrarContext

# What the admin reads when the registry could not be reached (no URL, no credentials in it).
UNREACHABLE = "The registrar API could not be reached ({code} {description}); please retry later."
UNKNOWN_OUTCOME = (
    "No reply from the registrar API for {command}; the command may have been executed. "
    "Check the domain before retrying."
)


async def send(ctx: RegistrarContext, command: Mapping[str, object]) -> Response:
    """Send one command; never raises for registry replies (transport failures come back as replies)."""
    return await ctx.client.call(command)


def upstream_problem(reply: Response, *, write: bool, command: str = "") -> Exception | None:
    """The exception for a reply that says nothing about the registry's decision, else None.

    `write` matters only for transport failures: a lost reply to a write may hide an executed command.
    """
    if reply.transport_failure is not None:
        if write and reply.may_have_executed:
            return OutcomeUnknown(UNKNOWN_OUTCOME.format(command=command or "the command"))
        return UpstreamUnavailable(UNREACHABLE.format(code=reply.code, description=reply.description))
    if reply.is_temporary_error:
        return UpstreamUnavailable(UNREACHABLE.format(code=reply.code, description=reply.description))
    return None


def answered(reply: Response, *, write: bool, command: str = "") -> Response:
    """Return `reply` when it carries the registry's decision (success or refusal), else raise its problem."""
    problem = upstream_problem(reply, write=write, command=command)
    if problem is not None:
        raise problem
    return reply


def ensure(
    reply: Response,
    *,
    write: bool = False,
    command: str = "",
    message: str | Callable[[Response], str] | None = None,
) -> Response:
    """Return `reply` if it is a success (2xx), else raise the matching OperationFailed.

    `message` is the text WHMCS shows for a registry error: a fixed string, a function of the reply, or
    (default) the registry's DESCRIPTION, as 5.1.12 returned `{"error": DESCRIPTION}`.
    """
    if answered(reply, write=write, command=command).is_success:
        return reply
    if message is None:
        text = reply.description
    elif isinstance(message, str):
        text = message
    else:
        text = message(reply)
    raise RegistryRejected(text, registry_code=reply.code, description=reply.description)


def code_and_description(reply: Response) -> str:
    """`<CODE> <DESCRIPTION>`, the way 5.1.12 quotes a reply inside its messages."""
    return f"{reply.code} {reply.description}"


def firsts(reply: Response, names: tuple[str, ...]) -> dict[str, str]:
    """The first value of each named column (missing columns give "")."""
    return {name: reply.first(name) for name in names}


def count(reply: Response) -> int:
    """Rows of a list reply: the COUNT property, else the number of records."""
    raw = reply.first("COUNT")
    if is_whole_number(raw.strip()):
        return int(raw)
    return len(reply.records)
