"""The masking every log line, module-log entry and journal row goes through (the log format and
handlers are set up in app/log_config.py).

Secrets (ISPAPI password, EPP/auth codes, session ids, the bridge secret) must never reach a log, an error
message or the database (docs/architecture.md decision 7). Two layers: values under secret-looking keys are
replaced, and any known secret value of the current request is replaced wherever it appears (a registry
echoing an auth code inside a description, a traceback quoting a parameter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

MASK = "***"
_MIN_SECRET_LENGTH = 4  # shorter values would mask innocent text ("on", "1") and hide nothing

# Keys whose values are secret in ISPAPI commands/replies and WHMCS params. ISPAPI: PASSWORD and
# NEWPASSWORD (docs/ispapi-wire.md §1.7), AUTH (EPP code in TransferDomain/StatusDomain), s_pw, s_session.
# WHMCS: Password, eppcode, transfersecret, BridgeSecret.
_SECRET_KEY = re.compile(
    r"(password|passwd|secret|session|eppcode|epp_code|authcode|authinfo|auth_code|^auth\d*$|^s_pw$|^pw$)",
    re.IGNORECASE,
)
# "KEY=VALUE" / "KEY = VALUE" lines, including "property[AUTH][0] = value" reply lines.
_LINE = re.compile(
    r"^(?P<key>\s*(?:property\[)?(?P<name>[A-Za-z0-9_.-]+)(?:\]\[\d+\])?\s*=)(?P<value>.*)$", re.IGNORECASE
)
# Every secret key, case-folded, holds one of these (no "i": re's IGNORECASE also takes the dotless "ı" for
# it). Lines whose text before "=" holds none are left alone without a Python-level look: a 25-row
# CheckDomains reply is ~250 lines, logged for every batch of every search.
_HINTS = ("pass", "secret", "sess", "epp", "auth", "pw")
_HINTED_LINE = re.compile(rf"^[^=\n]*?(?:{'|'.join(_HINTS)})[^=\n]*=[^\n]*", re.MULTILINE)
# A hint with an "=" after it on its line: what any line `_HINTED_LINE` matches must hold. A hint in a value
# only (a .pw name in a search batch) has none, and then no line needs the line pattern (127 -> 55 us for
# a 32-name CheckDomains reply).
_HINT_BEFORE_EQUALS = re.compile(rf"(?:{'|'.join(_HINTS)})[^=\n]*=")
# Line breaks str.splitlines() knows besides \n and \r\n: a text holding one is masked line by line.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _masked(body: str) -> str:
    """One line without its line break, masked if it assigns a value to a secret key."""
    match = _LINE.match(body)
    if match is None or not is_secret_key(match.group("name")):
        return body
    key = match.group("key")
    return f"{key} {MASK}" if key.endswith(" =") else f"{key}{MASK}"


def _mask_secret_lines(text: str) -> str:
    folded = text.casefold()  # same length unless a character folds to several ("ß" -> "ss")
    if not any(hint in folded for hint in _HINTS) or not _HINT_BEFORE_EQUALS.search(folded):
        # No line can assign to a secret key: a few substring searches instead of the line pattern, which
        # looks at every line (~150 us for one 25-row CheckDomains reply, 8 of them per domain search).
        return text
    plain_breaks = text.count("\r") == text.count("\r\n") and not any(c in text for c in _OTHER_BREAKS)
    if not plain_breaks or len(folded) != len(text):
        lines = zip(text.splitlines(keepends=True), text.splitlines(), strict=True)
        return "".join(_masked(body) + line[len(body) :] for line, body in lines)
    pieces, done = [], 0
    for match in _HINTED_LINE.finditer(folded):
        start, end = match.span()
        if text[end - 1 : end] == "\r":
            end -= 1
        pieces += [text[done:start], _masked(text[start:end])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


@lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    # Cached: a search's commands carry ~160 keys each (DOMAIN0.., X-FEE-DOMAIN0..), the same ones every
    # time, and each key was looked at by the pattern once per module-log entry.
    return bool(_SECRET_KEY.search(key))


class Masker:
    """Masks secret-looking keys and the given secret values."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = {s for s in secrets if isinstance(s, str) and len(s) >= _MIN_SECRET_LENGTH}
        # Longest first, so a secret containing another is replaced as a whole.
        self._values = sorted(values, key=len, reverse=True)

    def text(self, text: str) -> str:
        """Mask a free text: known values anywhere, and values of secret keys on KEY=VALUE lines."""
        for value in self._values:
            text = text.replace(value, MASK)
        return _mask_secret_lines(text)

    def command(self, command: Mapping[str, object]) -> str:
        """A command as `KEY=VALUE` lines, secrets masked (the form WHMCS's module log shows)."""
        lines = []
        for key, value in command.items():
            name = str(key)
            secret, name = is_secret_key(name), name.upper()
            # A list becomes NAME0, NAME1...; a plain value (the common case) one line without a list.
            items = enumerate(value) if isinstance(value, list | tuple) else (("", value),)
            for index, item in items:
                lines.append(f"{name}{index}={MASK if secret and item not in (None, '') else str(item)}")
        return self.text("\n".join(lines))

    def scrub(self, value: Any) -> Any:
        """A JSON-like structure with secret keys' values and known secret values masked."""
        if isinstance(value, Mapping):
            return {
                k: (MASK if is_secret_key(str(k)) and v not in (None, "") else self.scrub(v))
                for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.scrub(v) for v in value]
        if isinstance(value, str):
            for secret in self._values:
                value = value.replace(secret, MASK)
            return value
        return value


def request_secrets(config: Mapping[str, Any], params: Mapping[str, Any]) -> list[str]:
    """Secret values of one WHMCS call: every secret-keyed module setting and parameter."""
    found: list[str] = []

    def collect(mapping: Mapping[str, Any]) -> None:
        for key, value in mapping.items():
            if isinstance(value, Mapping):
                collect(value)
            elif is_secret_key(str(key)) and isinstance(value, str | int) and str(value):
                found.append(str(value))

    collect(config)
    collect(params)
    return found
