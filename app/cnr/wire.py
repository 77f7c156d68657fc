"""Sans-IO CNR codec: commands to form fields, reply bodies to `Response`.

The reply format and the `KEY=VALUE` command text are the ones ISPAPI uses, so both directions reuse
`app.ispapi.wire` (flattening, rendering, the one-pass parser with property-name normalisation:
`property[transfer status][0]` is the column `TRANSFERSTATUS`). What is CNR's own:

- form fields: `s_login` (`uid:role` for a role user), `s_pw`, `s_sessionid`, `persistent`, `s_command`;
  no entity field, the system is chosen by the URL;
- a sub-user is the `SUBUSER` command parameter, not a form field;
- a broken or empty reply is an `InvalidReply` error, not a synthetic 423;
- "pending" means an AddDomain whose STATUS is REQUESTED (the official client's rule).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from app.cnr.errors import InvalidCommand, InvalidReply
from app.ispapi import wire as codec
from app.ispapi.errors import InvalidCommand as CodecInvalidCommand
from app.ispapi.response import Response

__all__ = ["ROLE_SEPARATOR", "command_fields", "flatten_command", "login_name", "parse_response"]

ROLE_SEPARATOR = ":"


def flatten_command(command: Mapping[str, object], *, subuser: str | None = None) -> dict[str, str]:
    """Upper-cased, flattened parameters sorted by key; `subuser` becomes the SUBUSER parameter."""
    if subuser:
        command = {**{k: v for k, v in command.items() if str(k).upper() != "SUBUSER"}, "SUBUSER": subuser}
    try:
        return codec.flatten_command(command)
    except CodecInvalidCommand as exc:
        raise InvalidCommand(str(exc)) from exc


def login_name(login: str, role: str | None = None) -> str:
    """`uid:role` for a role user, the plain login otherwise."""
    return f"{login}{ROLE_SEPARATOR}{role}" if role else login


def command_fields(
    parameters: Mapping[str, str] | None,
    *,
    login: str,
    password: str | None = None,
    session: str | None = None,
    persistent: bool = False,
) -> dict[str, str]:
    """The POST form fields, empty ones omitted.

    With a session the password is not sent (the login stays: the API pairs it with the session id).
    `persistent` asks the API to open a session; a login request has no command at all.
    """
    if session:
        password, persistent = None, False
    ordered = (
        ("s_login", login),
        ("s_pw", password),
        ("s_sessionid", session),
        ("persistent", "1" if persistent else None),
        ("s_command", codec.render_command(parameters) if parameters else None),
    )
    return {name: value for name, value in ordered if value}


def _is_pending(response: Response, command_name: str) -> bool:
    return command_name.upper() == "ADDDOMAIN" and response.first("STATUS").upper() == "REQUESTED"


def parse_response(body: str | bytes, *, command: str = "") -> Response:
    """Parse a reply to `command` (its COMMAND name); raises InvalidReply for a body that is no reply.

    An empty body, a missing CODE or DESCRIPTION, or a CODE that is not three digits is an error here,
    where the SDKs substitute a synthetic 423: a caller must not confuse a broken exchange with an answer.
    """
    response = codec.parse_reply(body)
    if response is None:
        detail = "empty reply body" if not body else "reply without a valid CODE and DESCRIPTION"
        raise InvalidReply(detail, command=command)
    return dataclasses.replace(response, pending=_is_pending(response, command))
