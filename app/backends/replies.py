"""Turning a registry exchange into either data or the right `app.errors.OperationFailed` subclass.

Both adapters send their commands through `call()` and check the reply with `ensure()` (CNR replies have
the same shape and code classes as ISPAPI's, docs/cnr-protocol.md); this is the one place that decides what
a failed exchange or reply means for WHMCS (`upstream_error` for the exceptions of
`app/exchange.py`, `upstream_problem` for replies):

    outcome                                             read                 write (money or not)
    RequestNotSent, HttpStatusError 4xx (never arrived) UpstreamUnavailable  UpstreamUnavailable
    ReplyLost, HttpStatusError 5xx (may have executed)  UpstreamUnavailable  OutcomeUnknown
    InvalidReply (a 2xx body that is no reply)          UpstreamUnavailable  UpstreamUnavailable
    4xx temporary error reply (421, 423, 425 ...)       UpstreamUnavailable  UpstreamUnavailable
    5xx (and any other non-2xx) registry error reply    RegistryRejected(message, code, description)

A command is a write unless its name says it only reads (Status*, Query*, Check*, Get*, Convert*). A broken
reply body counts as "unreachable" even for a write, as the SDKs' 423 template it replaces always did.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeGuard

from app.errors import OperationFailed, OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.exchange import ExchangeError, InvalidReply
from app.numbers import is_whole_number

if TYPE_CHECKING:
    from app.ispapi import Response
    from app.registry import RegistryCaller

# What the admin reads when the registry could not be reached (no URL, no credentials in it).
UNREACHABLE = "The registrar API could not be reached ({code} {description}); please retry later."
UNKNOWN_OUTCOME = (
    "No reply from the registrar API for {command}; the command may have been executed. "
    "Check the domain before retrying."
)


# Commands that only read: a lost reply to one of them hides nothing that happened at the registry.
_READS = re.compile(r"(?:status|query|check|get|convert)", re.IGNORECASE)


def changes_state(command: str) -> bool:
    """True unless the command's name says it only reads (Status*, Query*, Check*, Get*, Convert*)."""
    return not _READS.match(command)


def upstream_error(exc: ExchangeError) -> OperationFailed:
    """The bridge's error for an exchange that gave no usable reply (the table in the module docstring)."""
    if exc.may_have_executed and changes_state(exc.command) and not isinstance(exc, InvalidReply):
        return OutcomeUnknown(UNKNOWN_OUTCOME.format(command=exc.command or "the command"))
    return UpstreamUnavailable(UNREACHABLE.format(code=exc.code, description=exc.description))


async def call(caller: RegistryCaller, command: Mapping[str, object]) -> Response:
    """Send one command: the registry's reply (any code), or the bridge's error for a failed exchange."""
    try:
        return await caller.call(command)
    except ExchangeError as exc:
        raise upstream_error(exc) from exc


async def try_call(caller: RegistryCaller, command: Mapping[str, object]) -> Response | ExchangeError:
    """For steps that report a failure and go on: the reply, or the failed exchange (returned, not raised).

    Both have `code` and `description` (the SDK wording for a failed exchange), so `code_and_description`
    quotes either, and `answered`/`ensure` raise the bridge's error for either.
    """
    try:
        return await caller.call(command)
    except ExchangeError as exc:
        return exc


def succeeded(outcome: Response | ExchangeError) -> TypeGuard[Response]:
    """True for a 2xx reply; False for a refusal or a failed exchange."""
    return not isinstance(outcome, ExchangeError) and outcome.is_success


def upstream_problem(reply: Response | ExchangeError) -> OperationFailed | None:
    """The error for an outcome without the registry's decision (failed exchange, 4xx reply), else None."""
    if isinstance(reply, ExchangeError):
        return upstream_error(reply)
    if reply.is_temporary_error:
        return UpstreamUnavailable(UNREACHABLE.format(code=reply.code, description=reply.description))
    return None


def answered(reply: Response | ExchangeError) -> Response:
    """Return `reply` when it carries the registry's decision (success or refusal), else raise its problem.

    A failed exchange (from `try_call`) raises its `upstream_error`.
    """
    problem = upstream_problem(reply)
    if problem is not None:
        raise problem from (reply if isinstance(reply, ExchangeError) else None)
    assert not isinstance(reply, ExchangeError)  # upstream_problem answers every failed exchange
    return reply


def ensure(
    reply: Response | ExchangeError, *, message: str | Callable[[Response], str] | None = None
) -> Response:
    """Return `reply` if it is a success (2xx), else raise the matching OperationFailed.

    `message` is the text WHMCS shows for a registry error: a fixed string, a function of the reply, or
    (default) the registry's DESCRIPTION, as 5.1.12 returned `{"error": DESCRIPTION}`.
    """
    reply = answered(reply)
    if reply.is_success:
        return reply
    if message is None:
        text = reply.description
    elif isinstance(message, str):
        text = message
    else:
        text = message(reply)
    raise RegistryRejected(text, registry_code=reply.code, description=reply.description)


def code_and_description(reply: Response | ExchangeError) -> str:
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
