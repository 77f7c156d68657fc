"""The synthetic replies the SDKs substitute when there is no usable API reply (protocol §2.3).

Only the three situations our client can meet are modelled; their codes and texts are the SDKs', so code
that reads `code`/`description` behaves as it would with the official clients.
"""

from __future__ import annotations

from enum import Enum

from app.ispapi.failures import MAY_HAVE_EXECUTED, TransportFailure
from app.ispapi.response import Response

__all__ = ["Template", "empty_response", "invalid_response", "transport_failure_response"]

_URL_PLACEHOLDER = "{CONNECTION_URL}"


class Template(Enum):
    """(CODE, DESCRIPTION) of each synthetic reply."""

    EMPTY = (423, "Empty API response. Probably unreachable API end point {CONNECTION_URL}")
    INVALID = (423, "Invalid API response. Contact Support")
    HTTP_ERROR = (421, "Command failed due to HTTP communication error")

    @property
    def code(self) -> int:
        return self.value[0]

    @property
    def description(self) -> str:
        return self.value[1]


def empty_response(url: str | None = None) -> Response:
    """Empty HTTP body; the placeholder becomes the URL called, or disappears (`...end point`)."""
    description = Template.EMPTY.description.replace(_URL_PLACEHOLDER, url or "").rstrip()
    return Response(code=Template.EMPTY.code, description=description)


def invalid_response() -> Response:
    """CODE/DESCRIPTION missing, DESCRIPTION empty, or CODE not three digits (§2.3, §7)."""
    return Response(code=Template.INVALID.code, description=Template.INVALID.description)


def transport_failure_response(
    kind: TransportFailure, detail: str = "", *, may_have_executed: bool | None = None
) -> Response:
    """The 421 for a failed HTTP exchange; `may_have_executed` defaults to the table for `kind`."""
    executed = MAY_HAVE_EXECUTED[kind] if may_have_executed is None else may_have_executed
    return Response(
        code=Template.HTTP_ERROR.code,
        description=Template.HTTP_ERROR.description,
        transport_failure=kind,
        detail=detail,
        may_have_executed=executed,
    )
