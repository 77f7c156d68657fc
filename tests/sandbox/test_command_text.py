"""The sandbox reads `s_command` by the rule of docs/ispapi-wire.md §7 (blanks around "=" and any key case
accepted). The parser splits lines instead of matching a pattern; here the pattern is the oracle."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from sandbox.errors import CommandError
from sandbox.protocol import parse_command_text

_RULE = re.compile(r"^\s*([^=]*?[^\t= ])[\t ]*=[\t ]*(.*?)[\t ]*$")
_PIECES = [
    "a",
    "B",
    "1",
    "=",
    " ",
    "\t",
    "\v",
    "\f",
    "\x1c",
    "\xa0",
    "\x85",
    "\u2028",
    "\r",
    "\n",
    "é",
    "EOF",
]


def _by_rule(text: str) -> tuple[str, dict[str, str]] | None:
    params: dict[str, str] = {}
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line or line in ("[COMMAND]", "EOF"):
            continue
        match = _RULE.match(raw)
        if match is None:
            return None
        params[match.group(1).strip().upper()] = match.group(2)
    command = params.pop("COMMAND", "").strip()
    return (command, params) if command else None


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join), st.booleans())
def test_the_parser_reads_every_text_as_the_rule_does(tail: str, with_command: bool) -> None:
    text = f"COMMAND=CheckDomains\n{tail}" if with_command else tail
    expected = _by_rule(text)
    if expected is None:
        with pytest.raises(CommandError):
            parse_command_text(text)
    else:
        assert parse_command_text(text) == expected


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [("domain0 = a.com", "DOMAIN0", "a.com"), ("\tX-FEE-COMMAND0\t=\tcreate \t", "X-FEE-COMMAND0", "create"),
     ("NOTE=a=b", "NOTE", "a=b"), ("EMPTY=", "EMPTY", "")],
)  # fmt: skip
def test_blanks_around_the_equals_sign_and_key_case(line: str, key: str, value: str) -> None:
    assert parse_command_text(f"COMMAND=Check\n{line}") == ("Check", {key: value})


@pytest.mark.parametrize("line", ["no equals sign", " \t= value", "=value"])
def test_a_line_without_a_key_is_refused(line: str) -> None:
    with pytest.raises(CommandError, match="line without KEY=VALUE"):
        parse_command_text(f"COMMAND=Check\n{line}")
