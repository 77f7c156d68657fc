"""Errors of the CentralNic Reseller (CNR) client.

A registry answer with any CODE is a `Response`, never an exception. Everything else is an exception,
so a caller can never mistake a lost or broken exchange for a reply:

    CnrError                      root of everything this package raises on purpose
    ├── InvalidCommand            (also TypeError) a command value cannot be encoded; nothing was sent
    ├── InsecureEndpoint          (also ValueError) a custom URL is not https and not loopback
    ├── PaginationError           (also ValueError) a command cannot be paged (it carries LAST)
    └── SessionError              login answered success but gave no session id

A lost or broken exchange raises the `ExchangeError` tree shared with `app.ispapi` (`app/exchange.py`:
`RequestNotSent`, `ReplyLost`, `HttpStatusError`, `InvalidReply`); it is re-exported here.
"""

from __future__ import annotations

from app.exchange import (
    ExchangeError,
    HttpStatusError,
    InvalidReply,
    ReplyLost,
    RequestNotSent,
    TransportError,
)

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
