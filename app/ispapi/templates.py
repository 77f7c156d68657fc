"""The synthetic replies the SDKs substitute for a body that is not a reply (docs/ispapi-wire.md §2.3).

`parse_response` (the codec) never raises and answers these 423 templates, so code reading
`code`/`description` behaves as it would with the official clients. The client does not pass them on: it
raises `app.exchange.InvalidReply` carrying the same wording (see `invalid_reply`).
"""

from __future__ import annotations

from enum import Enum

from app.exchange import HTTP_ERROR, INVALID_REPLY, InvalidReply
from app.ispapi.response import Response

__all__ = ["Template", "empty_response", "invalid_reply", "invalid_response"]

_URL_PLACEHOLDER = "{CONNECTION_URL}"


class Template(Enum):
    """(CODE, DESCRIPTION) of each synthetic reply; HTTP_ERROR is the wording of `ExchangeError.summary`."""

    EMPTY = (423, "Empty API response. Probably unreachable API end point {CONNECTION_URL}")
    INVALID = INVALID_REPLY
    HTTP_ERROR = HTTP_ERROR

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
    """CODE/DESCRIPTION missing, DESCRIPTION empty, or CODE not three digits (docs/ispapi-wire.md §2.3,
    docs/ispapi-wire.md §7)."""
    return Response(code=Template.INVALID.code, description=Template.INVALID.description)


def invalid_reply(template: Response, *, command: str) -> InvalidReply:
    """The error the client raises instead of returning the 423 `template` that the codec produced."""
    invalid = template.description == Template.INVALID.description
    detail = "reply without a valid CODE and DESCRIPTION" if invalid else "empty reply body"
    return InvalidReply(detail, command=command, description=template.description)
