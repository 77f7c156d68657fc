"""Sans-IO ISPAPI codec: commands to form fields, reply bodies to `Response` (docs/ispapi-wire.md §1.3,
docs/ispapi-wire.md §1.4, §2.2).

Pure functions over strings and bytes; no httpx, no asyncio, no logging.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from urllib.parse import quote_plus

from app.ispapi.errors import InvalidCommand
from app.ispapi.response import Response, normalise_column_name
from app.ispapi.templates import empty_response, invalid_response

__all__ = [
    "command_fields",
    "decode_body",
    "encode_command",
    "flatten_command",
    "parse_reply",
    "parse_response",
    "render_command",
]

# --- request side ---------------------------------------------------------------------------------

# docs/ispapi-wire.md §1.3 rule 4: CR and LF would start a new parameter line on the server.
_LINE_BREAKS = str.maketrans("", "", "\r\n")

Scalar = str | bool | int | float | Decimal


def _scalar_text(key: str, value: object) -> str:
    # bool before int: bool is an int subclass and must go out as 1/0 (docs/ispapi-wire.md §1.3, our
    # rule).
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return value.translate(_LINE_BREAKS)
    if isinstance(value, int | float | Decimal):
        return str(value).translate(_LINE_BREAKS)
    raise InvalidCommand(f"parameter {key}: cannot send a value of type {type(value).__name__}")


def _list_items(key: str, values: list[object] | tuple[object, ...]) -> Iterator[tuple[str, str]]:
    # The index is the position in the list, so a None keeps its slot empty (NAMESERVER2 stays 2).
    for index, item in enumerate(values):
        if item is None:
            continue
        if isinstance(item, list | tuple | Mapping):
            raise InvalidCommand(f"parameter {key}{index}: lists may only hold plain values")
        yield f"{key}{index}", _scalar_text(f"{key}{index}", item)


def _flatten(key: str, value: object, *, in_dict: bool) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if isinstance(value, list | tuple):
        yield from _list_items(key, value)
    elif isinstance(value, Mapping):
        # One level of KEY+SUBKEY (inline contact data, docs/ispapi-wire.md §1.3 flattening); a list
        # inside is indexed.
        if in_dict:
            raise InvalidCommand(f"parameter {key}: dictionaries nest only one level")
        for sub_key, sub_value in value.items():
            yield from _flatten(key + _key_text(sub_key, parent=key), sub_value, in_dict=True)
    else:
        yield key, _scalar_text(key, value)


def _key_text(key: object, *, parent: str = "") -> str:
    if not isinstance(key, str):
        raise InvalidCommand(f"parameter {parent}{key!r}: parameter names must be strings")
    name = key.translate(_LINE_BREAKS).upper()
    if "=" in name:
        raise InvalidCommand(f"parameter {parent}{name}: '=' is not allowed in a parameter name")
    if not name.strip() and not parent:
        raise InvalidCommand(f"parameter {key!r}: empty parameter name")
    return name


def flatten_command(command: Mapping[str, object]) -> dict[str, str]:
    """Upper-cased, flattened parameters sorted by key (docs/ispapi-wire.md §1.3 rules 3-6, §7); None
    dropped.

    Raises InvalidCommand (a TypeError) naming the key for values that cannot be sent, and for two
    parameters that end up with the same name (e.g. `domain` and `DOMAIN`, or `DOMAIN: [..]` and `DOMAIN0`).
    """
    flat: dict[str, str] = {}
    for raw_key, value in command.items():
        name = _top_key_text(raw_key) if isinstance(raw_key, str) else _key_text(raw_key)
        if type(value) is str:
            # The common case, a plain text, without the generators: a search batch has 160 of them.
            if name in flat:
                raise InvalidCommand(f"parameter {name}: given twice")
            flat[name] = value.translate(_LINE_BREAKS) if "\n" in value or "\r" in value else value
            continue
        for key, text in _flatten(name, value, in_dict=False):
            if key in flat:
                raise InvalidCommand(f"parameter {key}: given twice")
            flat[key] = text
    return dict(sorted(flat.items()))


@lru_cache(maxsize=4096)
def _top_key_text(key: str) -> str:
    """`_key_text` of a top-level name, remembered: commands use the same few hundred names again and
    again (a refused name raises every time; exceptions are not cached)."""
    return _key_text(key)


# Text made only of these needs a few replacements to be form-encoded; other text goes through urllib. The
# "*" is a search's PREMIUMCHANNELS=*: without it every search batch took urllib's way.
_PLAIN_FORM_TEXT = re.compile(r"[A-Za-z0-9_.~\-=\n *]*")
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _form_text(text: str) -> str:
    if _PLAIN_FORM_TEXT.fullmatch(text):
        return text.replace("=", "%3D").replace("\n", "%0A").replace(" ", "+").replace("*", "%2A")
    return quote_plus(text, safe="")


def form_body(fields: Mapping[str, str]) -> bytes:
    """The POST body of `fields`, byte for byte what `urllib.parse.urlencode` makes (the form of
    docs/ispapi-wire.md §1.2). Commands are KEY=VALUE lines of letters, digits, dots and dashes: for such
    text a few `replace` calls do what urllib does a byte at a time, in a tenth of the time for the 5 kB
    command of a search batch."""
    return "&".join(f"{_form_text(key)}={_form_text(value)}" for key, value in fields.items()).encode("ascii")


def render_command(fields: Mapping[str, str]) -> str:
    """`KEY=VALUE` lines joined by LF, no trailing LF (docs/ispapi-wire.md §1.3 rule 1); keys are taken as
    they are."""
    return "\n".join(f"{key}={value}" for key, value in fields.items())


def encode_command(mapping: Mapping[str, object]) -> str:
    """The `s_command` text for a command mapping (docs/ispapi-wire.md §1.3, §7)."""
    return render_command(flatten_command(mapping))


def command_fields(
    command: Mapping[str, object] | str,
    *,
    entity: str,
    login: str | None = None,
    password: str | None = None,
    role: str | None = None,
    subuser: str | None = None,
    session: str | None = None,
    otp: str | None = None,
    remote_addr: str | None = None,
) -> dict[str, str]:
    """The POST form fields in protocol order, empty ones omitted (docs/ispapi-wire.md §1.2, §1.4).

    A session replaces login, password and OTP; a role turns the login into `login!role`. A string
    command is sent unchanged (docs/ispapi-wire.md §1.3 rule 7, kept for compatibility).
    """
    text = command if isinstance(command, str) else encode_command(command)
    if session:
        login = password = otp = None
    if login and role:
        login = f"{login}!{role}"
    ordered = (
        ("s_entity", entity),
        ("s_login", login),
        ("s_otp", otp),
        ("s_pw", password),
        ("s_remoteaddr", remote_addr),
        ("s_session", session),
        ("s_user", subuser),
        ("s_command", text),
    )
    return {name: value for name, value in ordered if value}


# --- response side --------------------------------------------------------------------------------

# docs/ispapi-wire.md §2.2 rules 2-4 as ONE multi-line pattern so the whole body is scanned in C. Per
# line:
#   key    = everything before the first "=", trailing blanks/tabs dropped, must not end up empty
#   value  = everything after it, leading and trailing blanks/tabs dropped (later "=" stay); the
#            pattern drops the leading ones, `str.rstrip` the trailing ones (a regex that trims both
#            ends backtracks at every line end and costs about a tenth of the parse time)
# A key starting with `property[` (any case) and holding a "]" is a property; its name is the text
# between the brackets (group 1). Any other key is a scalar (group 2). The lookbehind demands that the
# key ends with a character other than blank, tab or "=", which is the SDK regex's `[^\t= ]`.
_LINE = re.compile(
    r"^(?:(?i:property)\[([^\]=\n]*)\][^=\n]*|([^=\n]*))(?<=[^\t= \n])[\t ]*=[\t ]*"
    r"([^\n]*)$",
    re.MULTILINE,
)
_CODE = re.compile(r"[0-9]{3}")
_NAME = itemgetter(0)
_BLANKS = "\t "


def decode_body(body: bytes | str) -> str:
    """UTF-8, or latin-1 when the bytes are not valid UTF-8 (docs/ispapi-wire.md §2.2 rule 1, as [PY])."""
    if isinstance(body, str):
        return body
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _seconds(text: str | None) -> float:
    # The SDKs crash on a malformed QUEUETIME/RUNTIME; we read it as 0.0 (also nan/inf, which would make
    # two equal replies compare unequal).
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def parse_response(text: str | bytes, *, url: str | None = None) -> Response:
    """Parse a reply body; never raises. Broken or empty bodies give the 423 templates
    (docs/ispapi-wire.md §2.3).

    `url` only fills the `{CONNECTION_URL}` placeholder of the empty-body template.
    """
    if not text:
        return empty_response(url)
    return parse_reply(text) or invalid_response()


def parse_reply(text: str | bytes) -> Response | None:
    """Parse a reply body, or None when it is not a reply (empty, CODE/DESCRIPTION missing or malformed).

    The template-free core of `parse_response`, for dialects that report a broken reply as an error
    instead of substituting the SDK templates.
    """
    if not text:
        return None
    body = decode_body(text).replace("\r\n", "\n")
    properties: dict[str, list[str]] = {}
    scalars: dict[str, str] = {}
    # Real replies list one column at a time, so consecutive lines share a property name and each run
    # is handled with one list extend instead of a Python step per line. Scalars (name "") go line by line.
    for name, group in groupby(_LINE.findall(body), _NAME):
        if not name:
            for _, key, value in group:
                if key:
                    scalars[key.upper()] = value.rstrip(_BLANKS)  # rule 4: last one wins
                else:
                    # `PROPERTY[]`: a column named ""
                    properties.setdefault("", []).append(value.rstrip(_BLANKS))
            continue
        values = [value.rstrip(_BLANKS) for _, _, value in group]
        column = normalise_column_name(name)
        existing = properties.get(column)
        if existing is None:
            properties[column] = values
        else:
            existing.extend(values)  # rule 3: the [i] index is ignored, values append in order
    code, description = scalars.get("CODE"), scalars.get("DESCRIPTION")
    if code is None or not description or not _CODE.fullmatch(code):
        return None
    return Response(
        code=int(code),
        description=description,
        queuetime=_seconds(scalars.get("QUEUETIME")),
        runtime=_seconds(scalars.get("RUNTIME")),
        pending=scalars.get("PENDING") == "1",
        properties={column: tuple(values) for column, values in properties.items()},
    )
