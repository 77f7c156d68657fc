"""DNS resource records of the sandbox's zones: parsing, validation, matching, zone updates (pure functions).

A record is kept as canonical text `owner ttl IN TYPE rdata` with an absolute lower-case owner ending in a dot
(docs/ispapi-wire.md §4.8). Input may use `@`, relative owners, and leave out TTL and class; a malformed
record is a 505 `resource record [<rr>]` (the description the PHP SDK rewrites, docs/ispapi-wire.md §2.7).
Targets of MX/CNAME/NS/SRV are kept as written (lower-cased): the module shows them back to the user unchanged
(docs/module-behaviour.md §9.1).

Pseudo records exist only in EXTENDED mode: X-HTTP web forwards (`/path REDIRECT|FRAME target`), X-SMTP mail
forwards (`prefix@ MAILFORWARD target`) and the web-app aliases X-ALIAS-MX-WEBAPP / X-ALIAS-TXT-WEBAPP
(docs/module-behaviour.md §9.1, §9.2, §9.5).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import idna

from sandbox.errors import CommandError, InvalidSyntax
from sandbox.numbers import is_whole_number

DEFAULT_TTL = 3600
MIN_TTL, MAX_TTL = 60, 86400
ISPAPI_NAMESERVERS = ("ns1.ispapi.net.", "ns2.ispapi.net.", "ns3.ispapi.net.")
ISPAPI_MX = "mx.ispapi.net."
PSEUDO_TYPES = frozenset({"X-HTTP", "X-SMTP", "X-ALIAS-MX-WEBAPP", "X-ALIAS-TXT-WEBAPP"})
ANY = "%"  # wildcard owner or type in DELRR / RR patterns ("% A", docs/module-behaviour.md §9.1)

_LABEL = r"(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)"
_HOST = re.compile(rf"^(?=.{{1,254}}$){_LABEL}(?:\.{_LABEL})*\.?$")
_OWNER = re.compile(rf"^(?:\*|{_LABEL})(?:\.{_LABEL})*\.?$")
_MAILBOX_PREFIX = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*@$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(?:https?://)?[^\s/]+\.[^\s/]+(?:/\S*)?$", re.IGNORECASE)
_CAA_TAG = re.compile(r"^[a-z0-9]{1,15}$", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    owner: str  # absolute, lower-case, trailing dot
    ttl: int
    rtype: str  # upper-case
    rdata: str  # normalised

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two records the same record (TTL is an RRset attribute, not part of identity)."""
        return (self.owner, self.rtype, self.rdata)

    @property
    def pseudo(self) -> bool:
        return self.rtype in PSEUDO_TYPES

    def text(self) -> str:
        return f"{self.owner} {self.ttl} IN {self.rtype} {self.rdata}"

    def short(self, zone: str) -> str:
        """The record with its owner relative to `zone` (`@` for the apex), as SHORT=1 shows it."""
        return f"{relative(self.owner, zone)} {self.ttl} IN {self.rtype} {self.rdata}"


@dataclass(frozen=True)
class Pattern:
    """A DELRR / RR search pattern: None (or `%` in the text) matches anything."""

    owner: str | None
    ttl: int | None
    rtype: str | None
    rdata: str | None

    def matches(self, record: Record) -> bool:
        return (
            (self.owner is None or self.owner == record.owner)
            and (self.ttl is None or self.ttl == record.ttl)
            and (self.rtype is None or self.rtype == record.rtype)
            and (self.rdata is None or self.rdata == record.rdata)
        )


class _Malformed(ValueError):
    """Internal: a record field is malformed (becomes the 505 at the parse boundary)."""


def zone_name(value: str, *, parameter: str = "DNSZONE") -> str:
    """`example.com`, `Example.COM.`, `bücher.de` -> `example.com.`, `xn--bcher-kva.de.`; 505 if malformed."""
    text = value.strip().rstrip(".").lower()
    try:
        ace = idna.encode(text, uts46=True).decode("ascii") if not text.isascii() else text
    except idna.IDNAError as exc:
        raise InvalidSyntax(f"Syntax error in Parameter {parameter} ({value})") from exc
    if "." not in ace or not _HOST.match(ace) or "_" in ace:
        raise InvalidSyntax(f"Syntax error in Parameter {parameter} ({value})")
    return ace + "."


def relative(owner: str, zone: str) -> str:
    if owner == zone:
        return "@"
    if owner.endswith("." + zone):
        return owner[: -len(zone) - 1]
    return owner


def parse(text: str, zone: str, *, extended: bool) -> Record:
    """One record of `zone`; 505 `resource record [<text>]` when it is malformed or not allowed here."""
    try:
        owner, ttl, rtype, data = _split(text, zone)
        if rtype is None or rtype == ANY:
            raise _Malformed("type missing")
        if rtype in PSEUDO_TYPES and not extended:
            raise _Malformed("pseudo record outside EXTENDED mode")
        validator = _VALIDATORS.get(rtype)
        if validator is None:
            raise _Malformed(f"unsupported type {rtype}")
        rdata = validator(data)
        if ttl is None:
            ttl = DEFAULT_TTL
        if not MIN_TTL <= ttl <= MAX_TTL:
            raise _Malformed("TTL out of range")
        if owner is None:
            raise _Malformed("owner missing")
    except _Malformed as exc:
        raise InvalidSyntax(f"resource record [{text.strip()}]") from exc
    return Record(owner=owner, ttl=ttl, rtype=rtype, rdata=rdata)


def parse_pattern(text: str, zone: str) -> Pattern:
    """`% A`, `@ X-SMTP`, `www IN A`, `@ 3600 IN A 192.0.2.1`: owner, TTL/class, type, rdata (optional)."""
    try:
        owner, ttl, rtype, data = _split(text, zone)
        rdata: str | None = None
        if data:
            if rtype is None or rtype == ANY:
                raise _Malformed("data without type")
            validator = _VALIDATORS.get(rtype)
            if validator is None:
                raise _Malformed(f"unsupported type {rtype}")
            rdata = validator(data)
        elif rtype is not None and rtype not in (ANY, "SOA") and rtype not in _VALIDATORS:
            raise _Malformed(f"unsupported type {rtype}")
    except _Malformed as exc:
        raise InvalidSyntax(f"resource record [{text.strip()}]") from exc
    return Pattern(owner=owner, ttl=ttl, rtype=None if rtype == ANY else rtype, rdata=rdata)


def soa_text(
    zone: str,
    *,
    ttl: int,
    mname: str,
    rname: str,
    serial: int,
    refresh: int,
    retry: int,
    expire: int,
    minttl: int,
) -> str:
    return f"{zone} {ttl} IN SOA {mname} {rname} {serial} {refresh} {retry} {expire} {minttl}"


def default_zone_records(domain: str) -> list[str]:
    """The records of a zone the registry creates for a domain (INTERNALDNS=1): the ISPAPI nameservers and the
    ISPAPI mail exchanger that mail forwarding relies on (docs/module-behaviour.md §9.1, §9.2)."""
    zone = zone_name(domain, parameter="DOMAIN")
    records = [f"{zone} {DEFAULT_TTL} IN NS {ns}" for ns in ISPAPI_NAMESERVERS]
    records.append(f"{zone} {DEFAULT_TTL} IN MX 10 {ISPAPI_MX}")
    return records


def apply_update(
    records: list[Record],
    *,
    replace_with: list[Record] | None = None,
    delete: Iterable[Pattern] = (),
    add: Iterable[Record] = (),
    extended: bool,
    resolve_ttl_conflicts: bool,
) -> list[Record]:
    """The zone after an UpdateDNSZone: RR# replaces, then DELRR# removes, then ADDRR# adds (all or nothing).

    Without EXTENDED the pseudo records are invisible: neither replaced, deleted nor matched (they stay).
    541 for an exact duplicate, a CNAME next to other data at the same owner, or (without
    RESOLVETTLCONFLICTS) a TTL that differs from the rest of its RRset.
    """
    hidden = [] if extended else [r for r in records if r.pseudo]
    working = [r for r in records if extended or not r.pseudo]
    if replace_with is not None:
        working = _added([], replace_with, resolve_ttl_conflicts)
    patterns = list(delete)
    working = [r for r in working if not any(p.matches(r) for p in patterns)]
    return _added(working, add, resolve_ttl_conflicts) + hidden


def _added(working: list[Record], new: Iterable[Record], resolve_ttl_conflicts: bool) -> list[Record]:
    result = list(working)
    for record in new:
        if any(r.key == record.key for r in result):
            raise CommandError(f"duplicate record [{record.text()}]", code=541)
        same_owner = [r for r in result if r.owner == record.owner and not r.pseudo]
        if not record.pseudo and (
            (record.rtype == "CNAME" and same_owner) or any(r.rtype == "CNAME" for r in same_owner)
        ):
            raise CommandError(f"CNAME and other data at the same owner [{record.text()}]", code=541)
        rrset = [r for r in result if r.owner == record.owner and r.rtype == record.rtype]
        if any(r.ttl != record.ttl for r in rrset):
            if not resolve_ttl_conflicts:
                raise CommandError(f"TTL conflict within the RRset [{record.text()}]", code=541)
            # RESOLVETTLCONFLICTS: the newest record's TTL wins for its whole RRset.
            result = [
                replace(r, ttl=record.ttl) if r.owner == record.owner and r.rtype == record.rtype else r
                for r in result
            ]
        result.append(record)
    return result


def _split(text: str, zone: str) -> tuple[str | None, int | None, str | None, list[str]]:
    """owner (None for `%`), TTL, type (upper-case, None if absent), data tokens; TTL and class any order."""
    tokens = text.split()
    if not tokens:
        raise _Malformed("empty record")
    owner = None if tokens[0] == ANY else _owner(tokens[0], zone)
    rest = tokens[1:]
    ttl: int | None = None
    seen_class = False
    while rest:
        if ttl is None and is_whole_number(rest[0]):
            ttl = int(rest.pop(0))
        elif not seen_class and rest[0].upper() == "IN":
            seen_class = True
            rest.pop(0)
        else:
            break
    rtype = rest[0].upper() if rest else None
    return owner, ttl, rtype, rest[1:]


def _owner(token: str, zone: str) -> str:
    name = token.lower()
    if name == "@":
        return zone
    if not _OWNER.match(name):
        raise _Malformed("bad owner")
    if name.endswith("."):
        if name != zone and not name.endswith("." + zone):
            raise _Malformed("owner outside the zone")
        return name
    return f"{name}.{zone}"


def _host(token: str) -> str:
    name = token.lower()
    if not _HOST.match(name):
        raise _Malformed("bad host name")
    return name


def _one(data: list[str]) -> str:
    if len(data) != 1:
        raise _Malformed("exactly one value expected")
    return data[0]


def _number(token: str, high: int) -> int:
    if not is_whole_number(token) or int(token) > high:
        raise _Malformed("bad number")
    return int(token)


def _a(data: list[str]) -> str:
    try:
        return str(ipaddress.IPv4Address(_one(data)))
    except ipaddress.AddressValueError as exc:
        raise _Malformed("bad IPv4 address") from exc


def _aaaa(data: list[str]) -> str:
    try:
        return str(ipaddress.IPv6Address(_one(data)))
    except ipaddress.AddressValueError as exc:
        raise _Malformed("bad IPv6 address") from exc


def _hostname(data: list[str]) -> str:
    return _host(_one(data))


def _mx(data: list[str]) -> str:
    if len(data) != 2:
        raise _Malformed("MX needs preference and host")
    return f"{_number(data[0], 65535)} {_host(data[1])}"


def _srv(data: list[str]) -> str:
    if len(data) != 4:
        raise _Malformed("SRV needs priority, weight, port and target")
    numbers = " ".join(str(_number(token, 65535)) for token in data[:3])
    target = "." if data[3] == "." else _host(data[3])
    return f"{numbers} {target}"


def _txt(data: list[str]) -> str:
    text = " ".join(data)
    if not text or text.count('"') % 2:
        raise _Malformed("empty text or unbalanced quotes")
    return text


def _caa(data: list[str]) -> str:
    if len(data) < 3 or not _CAA_TAG.match(data[1]):
        raise _Malformed("CAA needs flags, tag and value")
    return f"{_number(data[0], 255)} {data[1].lower()} {_txt(data[2:])}"


def _x_http(data: list[str]) -> str:
    # `/path REDIRECT target`; SaveDNS sends an empty path as a double blank, so the path may be missing.
    tokens = list(data)
    path = tokens.pop(0) if tokens and tokens[0].startswith("/") else ""
    if len(tokens) != 2 or tokens[0].upper() not in ("REDIRECT", "FRAME") or not _URL.match(tokens[1]):
        raise _Malformed("X-HTTP needs [/path] REDIRECT|FRAME target")
    return " ".join(part for part in (path, tokens[0].upper(), tokens[1]) if part)


def _x_smtp(data: list[str]) -> str:
    if len(data) != 3 or not _MAILBOX_PREFIX.match(data[0]) or data[1].upper() != "MAILFORWARD":
        raise _Malformed("X-SMTP needs prefix@ MAILFORWARD target")
    if not _EMAIL.match(data[2]):
        raise _Malformed("bad forward target")
    return f"{data[0].lower()} MAILFORWARD {data[2]}"


_VALIDATORS: dict[str, Callable[[list[str]], str]] = {
    "A": _a,
    "AAAA": _aaaa,
    "CNAME": _hostname,
    "NS": _hostname,
    "PTR": _hostname,
    "MX": _mx,
    "SRV": _srv,
    "TXT": _txt,
    "CAA": _caa,
    "X-HTTP": _x_http,
    "X-SMTP": _x_smtp,
    "X-ALIAS-MX-WEBAPP": _hostname,
    "X-ALIAS-TXT-WEBAPP": _txt,
}
