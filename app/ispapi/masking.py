"""Hide secrets in what the client logs (docs/ispapi-wire.md §1.7, extended to auth codes and session
ids).

Table-driven: a parameter or property is secret when its upper-cased name fully matches one of
`SECRET_KEY_PATTERNS`. The SDKs mask only PASSWORD and s_pw; the bridge also masks EPP auth codes
(AUTH, DOMAINAUTH, ...) and session ids, which are as good as a password while they live.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "MASK",
    "SECRET_KEY_PATTERNS",
    "SecretMasker",
    "is_secret_key",
    "mask_command",
    "mask_fields",
    "mask_response_text",
]

MASK = "***"

SECRET_KEY_PATTERNS: tuple[str, ...] = (
    r"S_PW",  # form field: account password
    r"S_OTP",  # form field: one-time password
    r"S_SESSION",  # form field: session id (works like a password until it expires)
    r".*PASSWORD[0-9]*",  # PASSWORD, NEWPASSWORD, OLDPASSWORD ([PY] masks every `...PASSWORD=` line)
    r".*AUTH[0-9]*",  # AUTH, DOMAINAUTH, TRANSFERAUTH, AUTH0: EPP authorisation codes
    r".*AUTHCODE.*",  # e.g. X-...-AUTHCODE parameters of registry extensions
    r".*-AUTH-.*",  # X-...-AUTH-KEY style extension parameters
    r"SESSION[0-9]*",  # StartSession reply: PROPERTY[SESSION][0]
)

# A reply line: `PROPERTY[NAME][i]=value` or `KEY=value` (same shape the parser accepts,
# docs/ispapi-wire.md §2.2).
_REPLY_LINE = re.compile(
    r"^(?P<head>(?:(?i:property)\[(?P<name>[^\]=\n]*)\][^=\n]*|(?P<key>[^=\n]*))[\t ]*=[\t ]*)"
    r"(?P<value>[^\n]*)$",
    re.MULTILINE,
)
# Some values embed stored commands (StatusObjectLog OPERATIONINFO lines are `KEY=VALUE` themselves).
_EMBEDDED = re.compile(r"^(?P<head>[\t ]*(?P<key>[^=\s]+)[\t ]*=)(?P<value>.*)$")


class SecretMasker:
    """The masking rules for one table of secret name patterns (each dialect has its own table)."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self._secret = re.compile("|".join(f"(?:{pattern})" for pattern in patterns))

    def is_secret_key(self, name: str) -> bool:
        """True when values under this parameter or column name must not be logged."""
        return self._secret.fullmatch(re.sub(r"\s", "", name.upper())) is not None

    def _mask_value(self, value: str) -> str:
        embedded = _EMBEDDED.match(value)
        if embedded and self.is_secret_key(embedded["key"]):
            return embedded["head"] + MASK
        return value

    def mask_fields(self, fields: Mapping[str, str]) -> dict[str, str]:
        """Form fields or flattened parameters with secret values replaced by `***`."""
        return {
            key: MASK if self.is_secret_key(key) and value else self._mask_value(value)
            for key, value in fields.items()
        }

    def mask_command(self, fields: Mapping[str, str]) -> str:
        """The human-readable `KEY = VALUE` form of a command (docs/ispapi-wire.md §1.7 getCommandPlain),
        secrets masked."""
        return "\n".join(f"{key} = {value}" for key, value in self.mask_fields(fields).items())

    def _mask_reply_line(self, match: re.Match[str]) -> str:
        name = match["name"] if match["name"] is not None else match["key"]
        if name is not None and self.is_secret_key(name) and match["value"]:
            return match["head"] + MASK
        return match["head"] + self._mask_value(match["value"])

    def mask_response_text(self, text: str) -> str:
        """A reply body with the values of secret properties (AUTH, SESSION, ...) replaced by `***`."""
        return _REPLY_LINE.sub(self._mask_reply_line, text.replace("\r\n", "\n"))


_ISPAPI = SecretMasker(SECRET_KEY_PATTERNS)
is_secret_key = _ISPAPI.is_secret_key
mask_fields = _ISPAPI.mask_fields
mask_command = _ISPAPI.mask_command
mask_response_text = _ISPAPI.mask_response_text
