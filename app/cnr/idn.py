"""IDN conversion of the CNR parameters that carry domain or host names.

Converted keys: DOMAIN, NAMESERVER, NS, DNSZONE, each optionally numbered (DOMAIN0..DOMAIN31 of
CheckDomains, NAMESERVER0..), and OBJECTID when OBJECTCLASS names a domain-like object. The official
client converts the same keys except DOMAIN (the API accepts a Unicode DOMAIN); we convert it too, so
every name leaves the bridge in one form and the registry reports the ACE name back.

Deviation characters (ß, ς, ZWJ, ZWNJ) are kept for every TLD (non-transitional UTS #46): the official
client asks for transitional processing outside a list of TLDs, but UTS #46 has withdrawn it and the
`idna` package ignores the request, so its real output is the non-transitional form we produce. The
conversion itself (`to_ace`) is the ISPAPI one: invalid names such as `*.com` patterns go out unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from app.ispapi.idn import to_ace

__all__ = ["IDN_KEY", "IDN_OBJECT_CLASSES", "convert_idn_fields", "to_ace"]

IDN_KEY = re.compile(r"(?:DOMAIN|NAMESERVER|NS|DNSZONE)[0-9]*", re.IGNORECASE)
IDN_OBJECT_CLASSES: frozenset[str] = frozenset(
    {"DOMAIN", "DOMAINAPPLICATION", "DOMAINBLOCKING", "NAMESERVER", "NS", "DNSZONE"}
)


@lru_cache(maxsize=4096)
def _names_a_host(key: str) -> bool:
    # Remembered, as app/ispapi/idn.py does: a search batch asks it of the same 160 names each time.
    return IDN_KEY.fullmatch(key) is not None


def convert_idn_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """A copy of flattened command parameters with the name-carrying values in ACE form."""
    converted = {key: to_ace(value) if _names_a_host(key) else value for key, value in fields.items()}
    if "OBJECTID" in fields and fields.get("OBJECTCLASS", "").upper() in IDN_OBJECT_CLASSES:
        converted["OBJECTID"] = to_ace(fields["OBJECTID"])
    return converted
