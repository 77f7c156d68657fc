"""The CNR wire format as the server sees it.

Requests: a form-encoded POST (or query string) with `s_login` (`uid` or `uid:role` for a role user), `s_pw`,
`s_sessionid`, `persistent=1` (open a session) and `s_command` (KEY=VALUE lines). The command may also
come as plain form fields (`command=CheckDomains&domain0=...`), as the HTTPS examples show. There is no
entity: the system is chosen by the endpoint. A subuser is the command parameter SUBUSER.

Replies: the ISPAPI shape with lower-case keys, `code = 200`, `description = ...`,
`property[name][i] = value` (property names lower case, some with spaces), `queuetime`, `runtime`, EOF.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sandbox.errors import CommandError
from sandbox.protocol import Reply, clean, clean_all, parse_command_text, parse_form

# The CNR code table where its wording differs from ISPAPI's (sandbox/errors.py holds the shared ones).
DESCRIPTIONS: dict[int, str] = {
    212: "Name server available",
    213: "Name server not available",
    214: "Contact available",
    215: "Contact not available",
    220: "Command completed successfully. Server closing connection",
    422: "Abuse detected! The account has been temporarily locked! Please standby some minutes.",
    423: "error (socket error)",
    508: "Missing required entity",
    509: "Missing command option",
    533: "Domain name has active name servers",
    534: "Domain name has not been flagged for transfer",
    535: "Restricted IP address",
    536: "Domain already flagged for transfer",
    542: "Invalid old value for an attribute",
    545: "Entity reference not found",
    548: "Domain is not up for renewal",
    550: "Parent domain not registered",
    551: "Parent domain status does not allow for operation",
    552: "Domain status does not allow for operation",
    553: "Operation not allowed. Domain pending transfer",
    554: "Domain already registered",
    555: "Domain already renewed",
    556: "Maximum registration period exceeded",
    557: "Object status prohibits operation",
    560: "Resource is disabled",
    561: "Resource still in use",
    562: "Email address already uses forwarding",
}
_TRANSPORT_KEYS = ("s_login", "s_pw", "s_sessionid", "s_command", "persistent", "s_opmode", "s_encode")


@dataclass(frozen=True)
class CnrRequest:
    login: str | None
    role: str | None
    password: str | None
    session: str | None
    persistent: bool
    command: str  # "" for a bare login (persistent=1 without a command)
    params: dict[str, str]


@lru_cache(maxsize=64)
def parse_cnr_request(body: bytes) -> CnrRequest:
    """The request in a body. Remembered for a few bodies: the HTTP layer reads the command name (for its
    latency and faults) before the engine runs the same body, and a search's batch is 160 parameters.
    Callers copy `params` before changing anything (the engine does)."""
    form = parse_form(body)
    command, params = _command_of(form)
    login = form.get("s_login") or None
    role = None
    if login and ":" in login:
        login, role = login.split(":", 1)
    return CnrRequest(
        login=login,
        role=role or None,
        password=form.get("s_pw"),
        session=form.get("s_sessionid") or None,
        persistent=form.get("persistent", "") == "1",
        command=command,
        params=params,
    )


def _command_of(form: dict[str, str]) -> tuple[str, dict[str, str]]:
    if form.get("s_command", "").strip():
        return parse_command_text(form["s_command"])
    params = {k.upper(): v for k, v in form.items() if k.lower() not in _TRANSPORT_KEYS}
    return params.pop("COMMAND", "").strip(), params


def command_name(body: bytes) -> str:
    """The command of a request, "" when it cannot be read (fault and latency lookups)."""
    try:
        return parse_cnr_request(body).command
    except CommandError:
        return ""


def describe(reply: Reply) -> str:
    """The reply's description in CNR wording: the CNR base text, then the detail after "; "."""
    base, sep, detail = reply.description.partition("; ")
    base = DESCRIPTIONS.get(reply.code, base)
    return f"{base}{sep}{detail}"


def render(reply: Reply) -> str:
    lines = ["[RESPONSE]", f"code = {reply.code}", f"description = {clean(describe(reply))}"]
    lines.append("queuetime = 0")
    lines.append(f"runtime = {reply.runtime:.3f}")
    for name, values in reply.properties.items():
        key = name.lower()
        lines.extend(f"property[{key}][{i}] = {v}" for i, v in enumerate(clean_all(values)))
    lines.append("EOF")
    return "\n".join(lines) + "\n"
