"""httpx failures translated, in one place, into the `ExchangeError` tree of `app.cnr.errors`.

`translate_transport_errors` wraps the one `post` of an exchange; the table says, per httpx exception
(most specific first), what kind of failure it is and whether the request can have reached the API
(`RequestNotSent`) or may have (`ReplyLost`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from app.cnr.errors import ReplyLost, RequestNotSent, TransportError
from app.ispapi.client import TRANSPORT_FAILURES, caused_by_tls, error_detail
from app.ispapi.failures import TransportFailure

__all__ = ["FAILURES", "translate_transport_errors"]

_Failure = tuple[type[Exception], TransportFailure, type[TransportError]]

# The classification is the ISPAPI client's (same httpx, same question); only the outcome differs: an
# exception class instead of a synthetic reply.
FAILURES: tuple[_Failure, ...] = tuple(
    (exc_type, kind, ReplyLost if may_have_executed else RequestNotSent)
    for exc_type, kind, may_have_executed in TRANSPORT_FAILURES
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
