"""The request body: read within the size cap (`read_capped_body`, before its signature is checked) and
parsed as JSON within limits the envelope never needs to exceed (`load_json`).

Python's json module recurses once per nesting level (a body nested ~1,000 deep raises RecursionError), turns
any digit string into an int (over 4,300 digits raises ValueError), accepts NaN and Infinity, which are not
JSON, and reads an unpaired surrogate escape into a string nothing can write as UTF-8 later. A signed body is
still untrusted input: the shim's own envelopes are a few levels deep with PHP-sized numbers and real text, so
anything else is refused as malformed (depth and numbers before json.loads builds anything).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.requests import Request

from app.errors import MalformedEnvelope, PayloadTooLarge, RequestRejected
from app.numbers import is_whole_number

# The envelope itself is depth 1, params 2, contactdetails 3, a contact 4; 32 leaves room for any WHMCS param.
MAX_DEPTH = 32
# PHP integers have at most 19 digits and json_encode writes floats in their shortest form (about 24
# characters); a number written with more characters than this is no number WHMCS sends.
MAX_NUMBER_CHARS = 40

# A JSON string (escapes included) and the brackets outside strings: all the depth count needs.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]++")
_OPENING = frozenset(b"[{")
# Where a surrogate can come from: a \uD800-\uDFFF escape, or its UTF-8-style encoding (0xED 0xA0-0xBF), which
# json.loads accepts from bytes. Only bodies that have one are checked in full (pairs are fine).
_SURROGATE_HINT = re.compile(rb"\\u[dD][89abcdefABCDEF]|\xed[\xa0-\xbf]")


class _OutOfBounds(ValueError):
    """Raised by the number hooks inside json.loads; carries the envelope's message."""


def nesting_depth(body: bytes) -> int:
    """The deepest bracket nesting of a JSON text, without recursion (strings are skipped, not parsed)."""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", body))
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in _OPENING else -1
        deepest = max(deepest, depth)
    return deepest


def _bounded_text(text: str) -> str:
    if len(text) > MAX_NUMBER_CHARS:
        raise _OutOfBounds(f"a number in the request body is longer than {MAX_NUMBER_CHARS} characters")
    return text


def _parse_int(text: str) -> int:
    return int(_bounded_text(text))


def _parse_float(text: str) -> float:
    value = float(_bounded_text(text))
    if not math.isfinite(value):  # 1e999 reads as inf
        raise _OutOfBounds("a number in the request body is out of range")
    return value


def _parse_constant(name: str) -> Any:
    raise _OutOfBounds(f"{name} is not a JSON number")


# Built once: json.loads with hooks builds a new decoder on every call.
_DECODER = json.JSONDecoder(parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)


def load_json(body: bytes) -> Any:
    """The parsed body; MalformedEnvelope (HTTP 422) for invalid JSON or a body beyond the limits above."""
    # Fewer opening brackets than the limit (anywhere, strings included) cannot nest deeper than it: two
    # byte counts spare most bodies the full count.
    if body.count(b"{") + body.count(b"[") > MAX_DEPTH and nesting_depth(body) > MAX_DEPTH:
        raise MalformedEnvelope(f"request body is nested more than {MAX_DEPTH} levels deep")
    try:
        # As json.loads reads bytes: UTF-8, -16 or -32 by its first bytes, surrogates passed through.
        data = _DECODER.decode(body.decode(json.detect_encoding(body), "surrogatepass"))
    except _OutOfBounds as exc:
        raise MalformedEnvelope(str(exc)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedEnvelope("request body is not valid JSON") from exc
    if _SURROGATE_HINT.search(body) and not _is_text(data):
        raise MalformedEnvelope("request body has a string with an unpaired UTF-16 surrogate (not text)")
    return data


def _is_text(data: Any) -> bool:
    """False when a string holds a lone surrogate: json reads "\\ud800" (and, from bytes, even an encoded
    surrogate) into a str that no UTF-8 writer (log, database, response) can write later."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The raw body, refusing more than `limit` bytes by Content-Length AND by what actually arrives
    (a client can lie about or omit the length with chunked encoding)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not is_whole_number(declared.strip()):
            raise RequestRejected("invalid Content-Length header")
        if int(declared) > limit:
            raise PayloadTooLarge(f"request body larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"request body larger than {limit} bytes")
    return bytes(body)
