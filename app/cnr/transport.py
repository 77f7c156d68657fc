"""httpx failures translated, in one place, into the `ExchangeError` tree of `app.cnr.errors`.

`translate_transport_errors` wraps the one `post` of an exchange; the table says, per httpx exception
(most specific first), what kind of failure it is and whether the request can have reached the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from app.cnr.errors import ReplyLost, RequestNotSent, TransportError
from app.ispapi.client import caused_by_tls, error_detail
from app.ispapi.failures import TransportFailure

__all__ = ["FAILURES", "translate_transport_errors"]

_Failure = tuple[type[Exception], TransportFailure, type[TransportError]]

FAILURES: tuple[_Failure, ...] = (
    (httpx.ConnectTimeout, TransportFailure.CONNECT_TIMEOUT, RequestNotSent),
    (httpx.ReadTimeout, TransportFailure.READ_TIMEOUT, ReplyLost),
    (httpx.WriteTimeout, TransportFailure.WRITE_TIMEOUT, RequestNotSent),
    (httpx.PoolTimeout, TransportFailure.POOL_TIMEOUT, RequestNotSent),
    (httpx.ProxyError, TransportFailure.PROXY, RequestNotSent),
    (httpx.ConnectError, TransportFailure.CONNECT, RequestNotSent),
    (httpx.UnsupportedProtocol, TransportFailure.CONNECT, RequestNotSent),
    (httpx.ReadError, TransportFailure.DISCONNECTED, ReplyLost),
    # A body cut off while sending cannot be run: the gateway only acts on a complete form.
    (httpx.WriteError, TransportFailure.WRITE_ERROR, RequestNotSent),
    (httpx.RemoteProtocolError, TransportFailure.PROTOCOL, ReplyLost),
    (httpx.LocalProtocolError, TransportFailure.PROTOCOL, RequestNotSent),
    (httpx.DecodingError, TransportFailure.PROTOCOL, ReplyLost),
    # Anything else from httpx: we cannot tell how far the request got, so assume it arrived.
    (httpx.TimeoutException, TransportFailure.READ_TIMEOUT, ReplyLost),
    (httpx.RequestError, TransportFailure.PROTOCOL, ReplyLost),
)


def _classify(exc: httpx.RequestError) -> tuple[TransportFailure, type[TransportError]]:
    for exc_type, kind, error in FAILURES:
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
