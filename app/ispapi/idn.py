"""Local IDN conversion of the parameters that carry domain names (docs/ispapi-wire.md §1.6, the [PHP11]
rule set).

The SDKs' extra `ConvertIDN` round trip is replaced by UTS #46 processing with the `idna` package, which
gives the same ACE form (`dömäin.example` -> `xn--dmin-moa0i.example`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import idna

__all__ = ["IDN_OBJECT_CLASSES", "convert_idn_fields", "to_ace"]

# Parameter names whose values are domain or host names (docs/ispapi-wire.md §1.6, case-insensitive like
# [PHP11]).
_IDN_KEY = re.compile(r"(?:DOMAIN|NAMESERVER|DNSZONE)[0-9]*", re.IGNORECASE)
# OBJECTID is converted only for these OBJECTCLASS values (docs/ispapi-wire.md §1.6; an SSLCERT OBJECTID
# stays as it is).
IDN_OBJECT_CLASSES: frozenset[str] = frozenset(
    {"DOMAIN", "DELETEDDOMAIN", "DOMAINAPPLICATION", "NAMESERVER", "DNSZONE"}
)
# Values that are already plain ASCII host names are left alone (no conversion when nothing needs it).
_ASCII_NAME = re.compile(r"[a-z0-9.\-]+", re.IGNORECASE)
# ConvertIDN itself must receive the names as given (docs/ispapi-wire.md §1.6 common rules).
_EXEMPT_COMMANDS = frozenset({"CONVERTIDN"})


def to_ace(value: str) -> str:
    """The ACE form of a name, or the value unchanged when it is empty, ASCII or not a valid IDN.

    An invalid name is sent as it is so that the registry answers with its own error (505).
    """
    if not value or _ASCII_NAME.fullmatch(value):
        return value
    try:
        return idna.encode(value, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return value


@lru_cache(maxsize=4096)
def _names_a_host(key: str) -> bool:
    """Whether the parameter `key` carries a domain or host name; remembered, since commands use the same
    few hundred names again and again (a search batch has 160 parameters)."""
    return _IDN_KEY.fullmatch(key) is not None


def convert_idn_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """A copy of flattened command parameters with the name-carrying values in ACE form."""
    converted = dict(fields)
    if fields.get("COMMAND", "").upper() in _EXEMPT_COMMANDS:
        return converted
    for key, value in fields.items():
        if _names_a_host(key):
            converted[key] = to_ace(value)
    if "OBJECTID" in fields and fields.get("OBJECTCLASS", "").upper() in IDN_OBJECT_CLASSES:
        converted["OBJECTID"] = to_ace(fields["OBJECTID"])
    return converted
