"""Role users of an account: the ACL grammar of CreateRoleUser (docs/ispapi-wire.md §4.1) and the role it
makes. Below the handlers, so the control API (sandbox/controls.py) makes roles without a command handler."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sandbox.errors import InvalidSyntax
from sandbox.state import RoleUser

# ACL lines: `Command():ALLOW`, `Command[]:DENY`, or a block opened by `Command[` (USER/CREATEROLEUSER.md).
_ACL_SIMPLE = re.compile(r"^\s*([A-Za-z_0-9]+)\s*[\[(].*?[\])]\s*:\s*(ALLOW|DENY)\s*$", re.IGNORECASE)
_ACL_OPEN = re.compile(r"^\s*([A-Za-z_0-9]+)\s*[\[(]\s*$")
_ACL_CLOSE = re.compile(r"^\s*[\])]\s*:\s*(ALLOW|DENY)\s*$", re.IGNORECASE)


def _parse_acl(lines: list[str]) -> tuple[set[str], set[str]]:
    """ACL entries -> (allowed, denied) upper-case command names; bracket blocks apply to their command."""
    allowed: set[str] = set()
    denied: set[str] = set()
    open_command: str | None = None
    for line in lines:
        if open_command is not None:
            close = _ACL_CLOSE.match(line)
            if close:
                (allowed if close.group(1).upper() == "ALLOW" else denied).add(open_command)
                open_command = None
            continue
        simple = _ACL_SIMPLE.match(line)
        if simple:
            (allowed if simple.group(2).upper() == "ALLOW" else denied).add(simple.group(1).upper())
            continue
        opened = _ACL_OPEN.match(line)
        if opened:
            open_command = opened.group(1).upper()
            continue
        raise InvalidSyntax(f"Syntax error in Parameter ACL ({line})")
    if open_command is not None:
        raise InvalidSyntax(f"ACL block for {open_command} not closed")
    return allowed, denied


def make_role(
    name: str,
    password: str,
    acl: list[str],
    *,
    known_commands: Iterable[str],
    default_policy: str = "DENY",
    description: str = "",
    status: str = "ACTIVE",
    created_at: datetime | None = None,
) -> RoleUser:
    """A role user from ACL lines. DEFAULTPOLICY=ALLOW grants every command of `known_commands` not denied."""
    allowed, denied = _parse_acl(acl)
    if default_policy.upper() == "ALLOW":
        allowed = {name for name in known_commands if name not in denied}
    return RoleUser(
        name=name,
        password=password,
        allowed_commands=allowed,
        acl=list(acl),
        default_policy=default_policy.upper(),
        status=status.upper(),
        description=description,
        created_at=created_at,
    )
