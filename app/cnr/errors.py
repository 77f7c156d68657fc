"""Errors of the CentralNic Reseller (CNR) client.

A registry answer with any CODE is a `Response`, never an exception. Everything else is an exception,
so a caller can never mistake a lost or broken exchange for a reply:

    CnrError                      root of everything this package raises on purpose
    ├── InvalidCommand            (also TypeError) a command value cannot be encoded; nothing was sent
    ├── InsecureEndpoint          (also ValueError) a custom URL is not https and not loopback
    ├── PaginationError           (also ValueError) a command cannot be paged (it carries LAST)
    ├── SessionError              login answered success but gave no session id
    └── ExchangeError             no usable reply; `.may_have_executed`, `.command`, `.detail`
        ├── TransportError        httpx failed; `.kind` says how (a `TransportFailure`)
        │   ├── RequestNotSent    the request cannot have reached the API (connect, TLS, proxy, pool...)
        │   └── ReplyLost         the request may have arrived, its reply did not (read timeout, drop)
        ├── HttpStatusError       a non-2xx HTTP status instead of a reply; `.status_code`
        └── InvalidReply          a 2xx body that is empty or not a reply (no CODE/DESCRIPTION)

`may_have_executed` decides whether a money operation must be reconciled before it is sent again: it is
False only when the request provably never reached the API.
"""

from __future__ import annotations

from app.ispapi.failures import TransportFailure

__all__ = [
    "CnrError",
    "ExchangeError",
    "HttpStatusError",
    "InsecureEndpoint",
    "InvalidCommand",
    "InvalidReply",
    "PaginationError",
    "ReplyLost",
    "RequestNotSent",
    "SessionError",
    "TransportError",
]


class CnrError(Exception):
    """Root of every error raised on purpose by `app.cnr`."""


class InvalidCommand(CnrError, TypeError):
    """A command parameter cannot be flattened into `KEY=VALUE` lines; the message names the key."""


class InsecureEndpoint(CnrError, ValueError):
    """The endpoint would carry credentials in clear text over a non-loopback network."""


class PaginationError(CnrError, ValueError):
    """The command cannot be paged with FIRST/LIMIT."""


class SessionError(CnrError):
    """A login reply was a success but carried no SESSIONID."""


class ExchangeError(CnrError):
    """No usable reply arrived for `command`. The message is secret-free (no password, no session id)."""

    may_have_executed: bool = True

    def __init__(self, detail: str, *, command: str = "", may_have_executed: bool | None = None) -> None:
        super().__init__(f"{command or 'request'}: {detail}")
        self.detail = detail
        self.command = command
        if may_have_executed is not None:
            self.may_have_executed = may_have_executed


class TransportError(ExchangeError):
    """The HTTP exchange itself failed (httpx raised)."""

    def __init__(
        self,
        detail: str,
        *,
        kind: TransportFailure,
        command: str = "",
        may_have_executed: bool | None = None,
    ) -> None:
        super().__init__(detail, command=command, may_have_executed=may_have_executed)
        self.kind = kind


class RequestNotSent(TransportError):
    """Connect failure, connect/pool/write timeout, TLS or proxy refusal: the API never ran the command."""

    may_have_executed = False


class ReplyLost(TransportError):
    """The request was (or may have been) delivered but no complete reply came back."""

    may_have_executed = True


class HttpStatusError(ExchangeError):
    """A gateway or proxy answered with a non-2xx status. 5xx may come after forwarding the request."""

    def __init__(self, status_code: int, *, command: str = "") -> None:
        super().__init__(f"HTTP {status_code}", command=command, may_have_executed=status_code >= 500)
        self.status_code = status_code


class InvalidReply(ExchangeError):
    """The API answered 2xx with a body that is not a reply; the command may have run."""

    may_have_executed = True
