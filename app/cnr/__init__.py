"""The CentralNic Reseller (CNR, formerly RRPproxy) protocol library: codec, codes, async client.

It shares the sans-IO codec and the reply model with `app.ispapi` (same `KEY=VALUE` commands, same
`[RESPONSE]` replies) and adds what is CNR's own: endpoints chosen by host, `uid:role` logins, the
`SUBUSER` parameter, persistent sessions (`s_sessionid`, StopSession), the CNR code table, its IDN keys
and secrets, and errors (not synthetic replies) for failed exchanges. The wire facts are summarised in
docs/cnr-protocol.md.
"""

from __future__ import annotations

from app.cnr.client import CnrClient, System, check_endpoint
from app.cnr.codes import Code, CodeClass, classify, is_read_command, is_retryable
from app.cnr.errors import (
    CnrError,
    ExchangeError,
    HttpStatusError,
    InsecureEndpoint,
    InvalidCommand,
    InvalidReply,
    PaginationError,
    ReplyLost,
    RequestNotSent,
    SessionError,
    TransportError,
)
from app.cnr.idn import convert_idn_fields
from app.cnr.masking import is_secret_key, mask_command, mask_fields, mask_response_text
from app.cnr.wire import command_fields, flatten_command, login_name, parse_response
from app.exchange import TransportFailure, translate_transport_errors
from app.ispapi.client import merge_pages
from app.ispapi.response import Response

__all__ = [
    "CnrClient",
    "CnrError",
    "Code",
    "CodeClass",
    "ExchangeError",
    "HttpStatusError",
    "InsecureEndpoint",
    "InvalidCommand",
    "InvalidReply",
    "PaginationError",
    "ReplyLost",
    "RequestNotSent",
    "Response",
    "SessionError",
    "System",
    "TransportError",
    "TransportFailure",
    "check_endpoint",
    "classify",
    "command_fields",
    "convert_idn_fields",
    "flatten_command",
    "is_read_command",
    "is_retryable",
    "is_secret_key",
    "login_name",
    "mask_command",
    "mask_fields",
    "mask_response_text",
    "merge_pages",
    "parse_response",
    "translate_transport_errors",
]
