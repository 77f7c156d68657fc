"""The wire protocol as the server sees it (docs/ispapi-wire.md §1-§2), written independently of
`app.ispapi`.

Requests: a form-encoded POST with s_entity, s_login (`account!role` for role users), s_pw, s_session, s_user,
s_otp, s_remoteaddr and s_command (KEY=VALUE lines). Replies: `[RESPONSE]`, `PROPERTY[NAME][i]=value` lines,
DESCRIPTION, CODE, QUEUETIME, RUNTIME, `EOF`, CRLF line ends (docs/ispapi-wire.md §2.1, §7).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl

from sandbox.errors import CommandError, describe

ENTITY_LIVE = "54cd"
ENTITY_OTE = "1234"

# Lenient like the real gateway: blanks around "=" and any key case are accepted (docs/ispapi-wire.md §7).
# As a pattern: ^\s*([^=]*?[^\t= ])[\t ]*=[\t ]*(.*?)[\t ]*$ (the key stripped and upper-cased); the parser
# splits instead, which is the same and costs a CheckDomains batch of 160 lines a third of the time.
_BLANKS = "\t "


@dataclass(frozen=True)
class CallRequest:
    """One decoded API call."""

    entity: str
    login: str | None
    role: str | None
    password: str | None
    session: str | None
    subuser: str | None
    command: str
    params: dict[str, str]


class RequestFormatError(CommandError):
    """The HTTP body or the command text could not be decoded."""

    default_code = 507


def parse_form(body: bytes) -> dict[str, str]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestFormatError("request body is not valid UTF-8") from exc
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise RequestFormatError("request body is not form-encoded") from exc
    return dict(pairs)


def parse_command_text(text: str) -> tuple[str, dict[str, str]]:
    """`COMMAND=Name` plus KEY=VALUE lines -> (command name, upper-cased params without COMMAND)."""
    params: dict[str, str] = {}
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line or line in ("[COMMAND]", "EOF"):
            continue
        # Split at the first "=" rather than by a regex: a search batch has ~160 lines (_LINE says it).
        key, equals, value = raw.partition("=")
        if not equals or not key.rstrip(_BLANKS):
            raise RequestFormatError(f"line without KEY=VALUE in s_command: {line[:40]!r}")
        params[key.strip().upper()] = value.strip(_BLANKS)
    command = params.pop("COMMAND", "").strip()
    if not command:
        raise CommandError("parameter COMMAND missing in s_command", code=504)
    return command, params


@lru_cache(maxsize=64)
def parse_request(body: bytes) -> CallRequest:
    """The call in a body. Remembered for a few bodies: the HTTP layer reads the command name (for its
    latency and faults) before the engine runs the same body. Callers copy `params` before changing
    anything (the engine does)."""
    form = parse_form(body)
    if "s_command" not in form:
        raise CommandError("form field s_command missing", code=504)
    command, params = parse_command_text(form["s_command"])
    login = form.get("s_login") or None
    role = None
    if login and "!" in login:
        login, role = login.split("!", 1)
    return CallRequest(
        entity=form.get("s_entity", "") or ENTITY_LIVE,
        login=login,
        role=role or None,
        password=form.get("s_pw"),
        session=form.get("s_session") or None,
        subuser=form.get("s_user") or None,
        command=command,
        params=params,
    )


@dataclass
class Reply:
    """An ISPAPI reply. Properties keep insertion order; each value list is one column."""

    code: int = 200
    description: str = ""
    properties: dict[str, list[str]] = field(default_factory=dict)
    pending: bool = False
    runtime: float = 0.0

    def __post_init__(self) -> None:
        if not self.description:
            self.description = describe(self.code)

    @classmethod
    def ok(cls, detail: str = "", *, code: int = 200, pending: bool = False, **columns: object) -> Reply:
        reply = cls(code=code, description=describe(code, detail), pending=pending)
        for name, value in columns.items():
            reply.set(name.replace("_", "-") if name.startswith("X_") else name, value)
        return reply

    @classmethod
    def from_error(cls, error: CommandError) -> Reply:
        return cls(code=error.code, description=error.description)

    def set(self, name: str, value: object) -> Reply:
        """One property: a scalar becomes a one-row column, a list/tuple a column, None nothing."""
        if value is None:
            return self
        values = list(value) if isinstance(value, list | tuple) else [value]
        self.properties[name.upper()] = [_text(v) for v in values]
        return self

    def add_rows(self, rows: Iterable[Mapping[str, object]], columns: Iterable[str]) -> Reply:
        """Append rows as columns (every listed column gets one value per row, so rows stay aligned)."""
        names = [c.upper() for c in columns]
        for name in names:
            self.properties.setdefault(name, [])
        for row in rows:
            for name in names:
                self.properties[name].append(_text(row.get(name, "")))
        return self

    def render(self) -> str:
        lines = ["[RESPONSE]"]
        for name, values in self.properties.items():
            lines.extend(f"PROPERTY[{name}][{i}]={v}" for i, v in enumerate(clean_all(values)))
        lines.append(f"DESCRIPTION={clean(self.description)}")
        lines.append(f"CODE={self.code}")
        if self.pending:
            lines.append("PENDING=1")
        lines.append("QUEUETIME=0")
        lines.append(f"RUNTIME={self.runtime:.3f}")
        lines.append("EOF")
        return "\r\n".join(lines) + "\r\n"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def clean_all(values: list[str]) -> list[str]:
    """`values` with line breaks made blanks; the list itself when none has one (nearly always: one scan
    of the joined text instead of two replaces per value)."""
    joined = "".join(values)
    if "\n" not in joined and "\r" not in joined:
        return values
    return [clean(v) for v in values]


def clean(value: str) -> str:
    """A value with line breaks made blanks: it can never carry one on the wire (both dialects)."""
    return value.replace("\r", " ").replace("\n", " ")
