"""Kinds of transport failure, and which of them may have reached the API (protocol §2.3).

A transport failure never raises: the client answers the SDKs' synthetic `421 Command failed due to HTTP
communication error` with the kind attached. Whether the command may have run on the server decides if a
money operation must be reconciled before it is retried, so the table below is conservative: when the
request could have been delivered completely, the answer is "may have executed".
"""

from __future__ import annotations

from enum import StrEnum, auto

__all__ = ["MAY_HAVE_EXECUTED", "TransportFailure"]


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


# Default per kind. HTTP_STATUS is decided per status by the client (5xx: maybe, a gateway or proxy
# failed after forwarding; other statuses such as 404/407: the request never reached the API).
MAY_HAVE_EXECUTED: dict[TransportFailure, bool] = {
    TransportFailure.CONNECT: False,
    TransportFailure.CONNECT_TIMEOUT: False,
    TransportFailure.TLS: False,
    TransportFailure.PROXY: False,
    TransportFailure.POOL_TIMEOUT: False,
    TransportFailure.WRITE_TIMEOUT: False,
    TransportFailure.WRITE_ERROR: False,
    TransportFailure.READ_TIMEOUT: True,
    TransportFailure.DISCONNECTED: True,
    TransportFailure.PROTOCOL: True,
    TransportFailure.HTTP_STATUS: True,
}
