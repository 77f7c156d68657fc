"""A registry exchange that gave no usable reply: the one error tree of both registry clients.

`app.ispapi` and `app.cnr` speak the same HTTP form protocol over httpx, so a lost or broken exchange means
the same thing for both and is reported with the same exceptions. A registry answer with any CODE is a
`Response`, never an exception; everything else is one of these:

    ExchangeError                 no usable reply; `.may_have_executed`, `.command`, `.detail`, `.summary`
    ├── TransportError            httpx failed; `.kind` says how (a `TransportFailure`)
    │   ├── RequestNotSent        the request cannot have reached the API (connect, TLS, proxy, pool...)
    │   └── ReplyLost             the request may have arrived, its reply did not (read timeout, drop)
    ├── HttpStatusError           a non-2xx HTTP status instead of a reply; `.status_code`
    └── InvalidReply              a 2xx body that is empty or not a reply (no CODE/DESCRIPTION)

`may_have_executed` decides whether a write must be reconciled before it is sent again: it is False only
when the request provably never reached the API. `summary` is how the registry SDKs word the failure (their
synthetic `421`/`423` replies); the bridge quotes it to the WHMCS admin and in the module log.

`translate_transport_errors` is the one place where httpx exceptions become `TransportError`s; the bridge
maps this tree to its own errors in one place too (`app/backends/replies.py`).
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum, auto

import httpx

__all__ = [
    "HTTP_ERROR",
    "INVALID_REPLY",
    "TRANSPORT_FAILURES",
    "ExchangeError",
    "HttpStatusError",
    "InvalidReply",
    "ReplyLost",
    "RequestNotSent",
    "TransportError",
    "TransportFailure",
    "caused_by_tls",
    "error_detail",
    "translate_transport_errors",
]

# (CODE, DESCRIPTION) the SDKs substitute for a failed exchange and for a body that is not a reply.
HTTP_ERROR = (421, "Command failed due to HTTP communication error")
INVALID_REPLY = (423, "Invalid API response. Contact Support")


class TransportFailure(StrEnum):
    """Why no usable HTTP reply arrived."""

    CONNECT = auto()  # refused, unreachable, DNS failure, unsupported URL: nothing was sent
    CONNECT_TIMEOUT = auto()  # no TCP connection within the connect timeout: nothing was sent
    TLS = auto()  # TLS handshake failed: the request was never written
    PROXY = auto()  # the proxy refused the CONNECT tunnel: the API never saw the request
    POOL_TIMEOUT = auto()  # no free connection in the pool: nothing was sent
    WRITE_TIMEOUT = auto()  # the body was not fully written: the gateway cannot run a partial form
    WRITE_ERROR = auto()  # connection broke while sending: the body was incomplete
    READ_TIMEOUT = auto()  # request sent, no reply in time: the command may be running right now
    DISCONNECTED = auto()  # request sent, connection dropped before/while reading the reply
    PROTOCOL = auto()  # the peer broke HTTP after the request was sent (garbled or truncated reply)
    HTTP_STATUS = auto()  # a non-2xx HTTP status (gateway or proxy error page) instead of an API reply


class ExchangeError(Exception):
    """No usable reply arrived for `command`. The message is secret-free (no password, no session id)."""

    may_have_executed: bool = True
    code, description = HTTP_ERROR

    def __init__(self, detail: str, *, command: str = "", may_have_executed: bool | None = None) -> None:
        super().__init__(f"{command or 'request'}: {detail}")
        self.detail = detail
        self.command = command
        if may_have_executed is not None:
            self.may_have_executed = may_have_executed

    @property
    def summary(self) -> str:
        """`<CODE> <DESCRIPTION>` of the SDKs' synthetic reply for this failure."""
        return f"{self.code} {self.description}"


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
        self.kind = TransportFailure.HTTP_STATUS


class InvalidReply(ExchangeError):
    """The API answered 2xx with a body that is not a reply; the command may have run.

    `description` replaces the SDK wording when a dialect words this case its own way (ISPAPI names the
    endpoint of an empty body).
    """

    may_have_executed = True
    code, description = INVALID_REPLY

    def __init__(self, detail: str, *, command: str = "", description: str | None = None) -> None:
        super().__init__(detail, command=command)
        if description is not None:
            self.description = description


# httpx exception -> (failure kind, error class), most specific first (httpx's own tree: timeouts, then
# network errors). The error class says whether the request can have reached the API.
TRANSPORT_FAILURES: tuple[tuple[type[Exception], TransportFailure, type[TransportError]], ...] = (
    (httpx.ConnectTimeout, TransportFailure.CONNECT_TIMEOUT, RequestNotSent),
    (httpx.ReadTimeout, TransportFailure.READ_TIMEOUT, ReplyLost),
    (httpx.WriteTimeout, TransportFailure.WRITE_TIMEOUT, RequestNotSent),
    (httpx.PoolTimeout, TransportFailure.POOL_TIMEOUT, RequestNotSent),
    (httpx.ProxyError, TransportFailure.PROXY, RequestNotSent),
    (httpx.ConnectError, TransportFailure.CONNECT, RequestNotSent),
    (httpx.UnsupportedProtocol, TransportFailure.CONNECT, RequestNotSent),
    (httpx.ReadError, TransportFailure.DISCONNECTED, ReplyLost),
    (httpx.WriteError, TransportFailure.WRITE_ERROR, RequestNotSent),
    (httpx.RemoteProtocolError, TransportFailure.PROTOCOL, ReplyLost),
    (httpx.LocalProtocolError, TransportFailure.PROTOCOL, RequestNotSent),
    (httpx.DecodingError, TransportFailure.PROTOCOL, ReplyLost),
    # Anything else from httpx: we cannot tell how far the request got, so assume it arrived.
    (httpx.TimeoutException, TransportFailure.READ_TIMEOUT, ReplyLost),
    (httpx.RequestError, TransportFailure.PROTOCOL, ReplyLost),
)
_USERINFO = re.compile(r"//[^/@\s]*@")


def caused_by_tls(exc: BaseException) -> bool:
    """True when an SSL error is anywhere in the exception's cause/context chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def error_detail(exc: Exception) -> str:
    """`ExceptionName: message` of a transport error, short and without URL credentials."""
    # httpx messages carry OS errors or proxy status lines; strip URL credentials to be safe.
    message = _USERINFO.sub("//***@", str(exc))[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _classify(exc: httpx.RequestError) -> tuple[TransportFailure, type[TransportError]]:
    for exc_type, kind, error in TRANSPORT_FAILURES:
        if isinstance(exc, exc_type):
            if kind is TransportFailure.CONNECT and caused_by_tls(exc):
                return TransportFailure.TLS, error
            return kind, error
    return TransportFailure.PROTOCOL, ReplyLost  # unreachable: RequestError closes the table


@contextmanager
def translate_transport_errors(command: str) -> Iterator[None]:
    """Re-raise an httpx failure inside the block as `RequestNotSent` or `ReplyLost` for `command`."""
    try:
        yield
    except httpx.RequestError as exc:
        kind, error = _classify(exc)
        raise error(error_detail(exc), kind=kind, command=command) from exc
