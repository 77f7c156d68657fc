"""The table of commands the sandbox knows, with the parameters each one accepts.

Parameter checks are data (a `Param` per name), applied before a handler runs, in the registry's order:
unknown parameter -> 503, required parameter missing -> 504, malformed value -> 505
(docs/ispapi-wire.md §3). Command names are case-insensitive (docs/ispapi-wire.md §1.3 rule 2);
parameter keys arrive upper-cased.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sandbox.errors import InvalidAttribute, InvalidCommand, InvalidSyntax, MissingAttribute
from sandbox.numbers import is_whole_number

if TYPE_CHECKING:
    from sandbox.context import CommandContext
    from sandbox.protocol import Reply

Handler = Callable[["CommandContext"], "Reply"]

# Common value syntaxes (regex source, full match, case-insensitive).
DOMAIN_RE = r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})\.?"
HOST_RE = DOMAIN_RE
INT_RE = r"-?[0-9]+"
BOOL_RE = r"[01]"
PERIOD_RE = r"[0-9]{1,2}[YM]?"
DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?"
IPV4_RE = r"(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])"
CONTACT_HANDLE_RE = r"[A-Za-z0-9._-]{1,64}"

# Sub-fields of inline contact data (OWNERCONTACT0FIRSTNAME ...), docs/ispapi-wire.md §1.3 / §4.6.
CONTACT_FIELDS = (
    "FIRSTNAME", "LASTNAME", "NAME", "ORGANIZATION", "STREET", "CITY", "STATE", "ZIP", "COUNTRY",
    "PHONE", "FAX", "EMAIL", "NEW", "DISCLOSE", "TITLE",
)  # fmt: skip


@dataclass(frozen=True)
class Param:
    """One accepted parameter.

    `name` is literal (DOMAIN) or ends with `#` for an indexed family (NAMESERVER# accepts NAMESERVER and
    NAMESERVER0..NAMESERVER<max_index>). `pattern`/`choices` check the value (empty values pass unless
    `allow_empty` is False: ISPAPI treats KEY= as "unset").
    """

    name: str
    required: bool = False
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    max_index: int = 999
    allow_empty: bool = True
    # Made once: a CheckDomains batch checks ~160 values, each paid for a set and a pattern look-up before.
    _compiled: re.Pattern[str] | None = field(default=None, init=False, compare=False, repr=False)
    _upper_choices: frozenset[str] = field(default=frozenset(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.pattern is not None:
            object.__setattr__(self, "_compiled", re.compile(self.pattern, re.IGNORECASE))
        if self.choices is not None:
            object.__setattr__(self, "_upper_choices", frozenset(c.upper() for c in self.choices))

    def matches(self, key: str) -> bool:
        if not self.name.endswith("#"):
            return key == self.name
        stem = self.name[:-1]
        if key == stem:
            return True
        suffix = key[len(stem) :]
        return key.startswith(stem) and is_whole_number(suffix) and int(suffix) <= self.max_index

    def check(self, key: str, value: str) -> None:
        if value == "":
            if not self.allow_empty:
                raise InvalidSyntax(f"Parameter {key} must not be empty")
            return
        if self.choices is not None and value.upper() not in self._upper_choices:
            raise InvalidSyntax(f"Parameter {key} ({value}) must be one of {', '.join(self.choices)}")
        if self._compiled is not None and self._compiled.fullmatch(value) is None:
            raise InvalidSyntax(f"Syntax error in Parameter {key} ({value})")


def contact_params(*roles: str, required: bool = False) -> tuple[Param, ...]:
    """Handle or inline data for each role: OWNERCONTACT0 and OWNERCONTACT0FIRSTNAME ... (indexes 0-9)."""
    params: list[Param] = []
    for role in roles:
        params.append(Param(f"{role}#", required=required, max_index=9))
        params.extend(Param(f"{role}{i}{sub}") for i in range(10) for sub in CONTACT_FIELDS)
    return tuple(params)


# Keys a command spec remembers beyond its literal names: bounded, as keys come from callers.
_MAX_REMEMBERED = 4096


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: Handler
    params: tuple[Param, ...]
    allow_extensions: bool = False  # X-... registry extension parameters (TLD specific) accepted
    money: bool = False  # counted per domain by the money-operation counters (controls)
    mutating: bool = False  # changes state (a "reply lost" fault still applies it)
    _lookup: dict[str, Param] = field(default_factory=dict, compare=False, repr=False)

    def param_for(self, key: str) -> Param | None:
        found = self._lookup.get(key)
        if found is not None:
            return found
        for param in self.params:
            if param.matches(key):
                if len(self._lookup) < _MAX_REMEMBERED:
                    # An indexed key (DOMAIN17) found once is found at once next time: a CheckDomains
                    # batch of 32 names with fees has 160 of them, each scanned through the list before.
                    self._lookup[key] = param
                return param
        return None

    def validate(self, params: dict[str, str]) -> None:
        for key, value in params.items():
            param = self.param_for(key)
            if param is None:
                if self.allow_extensions and key.startswith("X-"):
                    continue
                raise InvalidAttribute(f"Parameter {key} is not supported by command {self.name}")
            param.check(key, value)
        for param in self.params:
            if not param.required:
                continue
            present = any(param.matches(key) and value != "" for key, value in params.items())
            if not present:
                raise MissingAttribute(param.name.rstrip("#"))


class CommandTable:
    """The commands of one wire dialect: name (case-insensitive) -> spec. ISPAPI's table is `ISPAPI` below;
    the CNR dialect keeps its own (sandbox/cnr/table.py), so each dialect knows only its own commands."""

    def __init__(self) -> None:
        self.commands: dict[str, CommandSpec] = {}

    def command(
        self,
        name: str,
        *params: Param,
        allow_extensions: bool = False,
        money: bool = False,
        mutating: bool = False,
    ) -> Callable[[Handler], Handler]:
        """Register `handler` for the command `name` (case-insensitive)."""

        def register(handler: Handler) -> Handler:
            key = name.upper()
            if key in self.commands:
                raise RuntimeError(f"command {name} registered twice")
            self.commands[key] = CommandSpec(
                name=name,
                handler=handler,
                params=tuple(params),
                allow_extensions=allow_extensions,
                money=money,
                mutating=mutating or money,
                _lookup={p.name: p for p in params if not p.name.endswith("#")},
            )
            return handler

        return register

    def lookup(self, name: str) -> CommandSpec:
        spec = self.commands.get(name.upper())
        if spec is None:
            raise InvalidCommand(f"{name}" if name else "")
        return spec


ISPAPI = CommandTable()
COMMANDS = ISPAPI.commands
command = ISPAPI.command
lookup = ISPAPI.lookup

# List commands accept paging parameters (docs/ispapi-wire.md §2.6).
PAGING = (Param("FIRST", pattern=INT_RE), Param("LIMIT", pattern=INT_RE), Param("ORDERBY"), Param("ORDER"))
