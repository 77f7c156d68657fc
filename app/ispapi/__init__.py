"""The ISPAPI protocol library: a sans-IO codec (`wire`), the reply model (`response`) and an async
httpx client (`client`). Imports neither FastAPI nor SQLAlchemy. A failed exchange raises the
`ExchangeError` tree of `app.exchange` (shared with `app.cnr`), re-exported here.

Reference: docs/ispapi-wire.md §1-§3 and §7.
"""

from __future__ import annotations

from app.exchange import (
    ExchangeError,
    HttpStatusError,
    InvalidReply,
    ReplyLost,
    RequestNotSent,
    TransportError,
    TransportFailure,
)
from app.ispapi.client import (
    DEFAULT_USER_AGENT,
    IspapiClient,
    System,
    is_read_only,
    make_http_client,
    merge_pages,
)
from app.ispapi.errors import InsecureEndpoint, InvalidCommand, IspapiError, PaginationError
from app.ispapi.idn import convert_idn_fields, to_ace
from app.ispapi.masking import is_secret_key, mask_command, mask_response_text
from app.ispapi.response import PAGINATION_COLUMNS, Response
from app.ispapi.templates import Template, empty_response, invalid_response
from app.ispapi.wire import command_fields, decode_body, encode_command, flatten_command, parse_response

__all__ = [
    "DEFAULT_USER_AGENT",
    "ExchangeError",
    "HttpStatusError",
    "InsecureEndpoint",
    "InvalidCommand",
    "InvalidReply",
    "IspapiClient",
    "IspapiError",
    "PAGINATION_COLUMNS",
    "PaginationError",
    "ReplyLost",
    "RequestNotSent",
    "Response",
    "System",
    "Template",
    "TransportError",
    "TransportFailure",
    "command_fields",
    "convert_idn_fields",
    "decode_body",
    "empty_response",
    "encode_command",
    "flatten_command",
    "invalid_response",
    "is_read_only",
    "is_secret_key",
    "make_http_client",
    "mask_command",
    "mask_response_text",
    "merge_pages",
    "parse_response",
    "to_ace",
]
