"""Reading WHMCS `$params` (as the shim sends them, docs/whmcs.md §1.2/§4.3) defensively.

Values may be strings or numbers, booleans may be "on"/""/1/0/true, and any key may be missing. Every
reader here either returns a clean value or raises `InvalidInput` naming the field, so operations can
validate everything before the first upstream call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import idna

from app.errors import InvalidInput
from app.module_config import Params as Params, flag as flag, text as text
from app.numbers import is_whole_number

_YEARS = re.compile(r"^\s*(\d{1,2})(?:\.0+)?\s*$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# ISPAPI inline contact fields (docs/module-behaviour.md §6.1) and the WHMCS param names feeding them.
_CONTACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("FIRSTNAME", "firstname"),
    ("LASTNAME", "lastname"),
    ("ORGANIZATION", "companyname"),
    ("STREET", "address1"),
    ("CITY", "city"),
    ("STATE", "state"),
    ("ZIP", "postcode"),
    ("COUNTRY", "country"),
    ("PHONE", "phonenumber"),
    ("EMAIL", "email"),
)
CONTACT_PARAMS: dict[str, str] = dict(_CONTACT_FIELDS)
CONTACT_ROLES = ("OWNERCONTACT0", "ADMINCONTACT0", "TECHCONTACT0", "BILLINGCONTACT0")


def whmcs_id(params: Params, key: str) -> int | None:
    """A WHMCS record id (`domainid`, `userid`) as int; None when missing or not a number."""
    value = text(params, key)
    return int(value) if is_whole_number(value) else None


def money(params: Params, key: str) -> Decimal | None:
    """A price such as `premiumCost` ("249.00", 249, "") as Decimal; None when empty."""
    raw = text(params, key).replace(",", ".") if not isinstance(params.get(key), float) else repr(params[key])
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise InvalidInput(f"{key} is not a price: {raw[:20]!r}", field=key) from exc
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"{key} is not a price: {raw[:20]!r}", field=key)
    return value


def premium_cost(params: Params) -> Decimal | None:
    """WHMCS's premium price for the order (`premiumCost`), None unless `premiumEnabled` says it is one."""
    return money(params, "premiumCost") if flag(params, "premiumEnabled") else None


@dataclass(frozen=True)
class DomainName:
    sld: str
    tld: str  # without leading dot
    name: str  # as WHMCS shows it (may be Unicode): for messages and activity lines
    ace: str  # punycode form, sent to ISPAPI

    @property
    def lower_tld(self) -> str:
        return self.tld.lower()


def domain(params: Params) -> DomainName:
    """The domain of the call: `sld + "." + tld`, with the punycode form from `domain_obj` when present."""
    obj = params.get("domain_obj")
    obj = obj if isinstance(obj, Mapping) else {}
    sld = text(params, "sld") or text(obj, "sld")
    tld = (text(params, "tld") or text(obj, "tld")).lstrip(".")
    if not sld or not tld:
        raise InvalidInput("domain is missing (sld and tld are required)", field="domain")
    name = f"{sld}.{tld}"
    if any(ch.isspace() for ch in name) or ".." in name or len(name) > 253:
        raise InvalidInput(f"domain is not a valid domain name: {name[:80]!r}", field="domain")
    ace = text(obj, "domain_punycode") or text(params, "domain_punycode")
    if not ace and name.isascii():
        # For ASCII the IDNA encoding is the lower-cased name whether idna accepts it or refuses it (the
        # fallback below): every Sync of an ASCII name spared the idna package's checks.
        ace = name
    if not ace:
        try:
            ace = idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError:
            ace = name  # leave exotic names to the registry (and the client's own IDN conversion)
    return DomainName(sld=sld, tld=tld, name=name, ace=ace.lower())


def regperiod(params: Params) -> int:
    """`regperiod`: whole years 1..10 (an int, "2", "2.0"); InvalidInput otherwise."""
    raw = params.get("regperiod")
    years = 0
    if isinstance(raw, int) and not isinstance(raw, bool):
        years = raw
    elif isinstance(raw, float) and raw.is_integer():
        years = int(raw)
    elif isinstance(raw, str) and (match := _YEARS.match(raw)):
        years = int(match.group(1))
    if not 1 <= years <= 10:
        shown = str(raw)[:10] if raw is not None else "nothing"
        raise InvalidInput(
            f"regperiod must be a whole number of years from 1 to 10, got {shown}", field="regperiod"
        )
    return years


def hostname(value: str, *, field: str) -> str:
    """A nameserver host name (IDN allowed), lower-cased, without trailing dot; InvalidInput otherwise."""
    host = value.strip().rstrip(".").lower()
    try:
        ace = idna.encode(host, uts46=True).decode("ascii") if not host.isascii() else host
    except idna.IDNAError as exc:
        raise InvalidInput(f"{field} is not a valid host name: {value[:80]!r}", field=field) from exc
    labels = ace.split(".")
    if len(ace) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidInput(f"{field} is not a valid host name: {value[:80]!r}", field=field)
    return host


def nameservers(params: Params, *, minimum: int = 0) -> list[str]:
    """`ns1`..`ns5` (WHMCS may send up to 13 via the API): empty ones skipped, the rest validated."""
    hosts = []
    for index in range(1, 14):
        key = f"ns{index}"
        value = text(params, key)
        if value:
            hosts.append(hostname(value, field=key))
    if len(hosts) < minimum:
        raise InvalidInput(f"at least {minimum} nameserver(s) required (ns1..ns5)", field="ns1")
    return hosts


def nameserver_params(hosts: list[str]) -> dict[str, str]:
    return {f"NAMESERVER{i}": host for i, host in enumerate(hosts)}


def contact_source(params: Params) -> Params:
    """Contact data: the untransliterated `original` copy when WHMCS sent one
    (docs/module-behaviour.md §6.6)."""
    original = params.get("original")
    if isinstance(original, Mapping) and any(text(original, k) for k in ("firstname", "lastname", "email")):
        return original
    return params


def inline_contact(source: Params, *, prefix: str = "") -> dict[str, str]:
    """One ISPAPI inline contact from the client (`prefix=""`) or admin (`prefix="admin"`) fields
    (docs/module-behaviour.md §6.1)."""
    contact = {api: text(source, prefix + whmcs) for api, whmcs in _CONTACT_FIELDS}
    address2 = text(source, prefix + "address2")
    if address2:
        contact["STREET"] = f"{contact['STREET']} , {address2}"
    return contact
