"""Validation of the values resellers and clients type into DNS, DNSSEC, mail-forward and glue forms.

Every check runs before the first upstream call and raises `app.errors.InvalidInput` naming the field
(`field=` is the WHMCS form field, the message says which record and what is wrong). Other registrar
modules may import these helpers; they hold no state and talk to nothing.

Besides malformed values, every text is checked for control characters: an ISPAPI command is a list of
`KEY=VALUE` lines, so a line break inside a value must never reach the wire (docs/ispapi-wire.md §1.3).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

import idna

from app.errors import InvalidInput
from app.numbers import is_whole_number

DEFAULT_TTL = 3600
# what the ISPAPI name servers accept (docs/module-behaviour.md §12, bundle 21.0.0 TTL field)
MIN_TTL, MAX_TTL = 60, 86400
MAX_UINT16 = 65535
MAX_SIGLIFE = 2_147_483_647  # RFC 5910 maxSigLife is an unsigned 31-bit number of seconds

# IANA "DNS Security Algorithm Numbers" usable for zone signing (RSAMD5 .. ECC-GOST12).
DNSSEC_ALGORITHMS = frozenset({1, 3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16, 17, 23})
# IANA "Delegation Signer (DS) Resource Record Digest Algorithms": type -> hex length of the digest.
DS_DIGEST_HEX_LENGTHS = {1: 40, 2: 64, 4: 96}  # SHA-1, SHA-256, SHA-384
DNSKEY_FLAGS = frozenset({256, 257})  # ZSK, KSK (RFC 4034 §2.1.1)
DNSKEY_PROTOCOL = 3  # RFC 4034 §2.1.2: MUST be 3

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Owner labels of DNS records may also be service labels (`_sip`, `_dmarc`) and a leading wildcard.
_OWNER_LABEL = re.compile(r"^(?:\*|_?[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?|_[a-z0-9])$")
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_MAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def plain(value: str, *, field: str, what: str) -> str:
    """`value` stripped; InvalidInput if it holds a line break or another control character."""
    text = value.strip()
    if _CONTROL.search(text):
        raise InvalidInput(f"{what} contains a line break or control character", field=field)
    return text


def _ace(name: str) -> str | None:
    """The ASCII (punycode) form of a host name, None when it cannot be one."""
    if name.isascii():
        return name
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None


def hostname(value: str, *, field: str, what: str = "host name", min_labels: int = 2) -> str:
    """A host name (IDN allowed) in ASCII form, lower-cased, without the trailing dot."""
    raw = plain(value, field=field, what=what)
    host = _ace(raw.rstrip(".").lower())
    labels = host.split(".") if host else []
    if (
        not host
        or len(host) > 253
        or len(labels) < min_labels
        or not all(_LABEL.match(label) for label in labels)
    ):
        raise InvalidInput(f"{what} is not a valid host name: {raw[:80]!r}", field=field)
    return host


def record_owner(value: str, *, zone: str, field: str, what: str) -> str:
    """A record's host relative to `zone` (`@` for the apex): `www`, `_sip._tcp`, `*.dev`, `www.zone.`."""
    raw = plain(value, field=field, what=what)
    name = raw.lower()
    if name in ("@", zone, zone + "."):
        return "@"
    if name.endswith(("." + zone + ".", "." + zone)):
        name = name[: name.rindex("." + zone)]
    name = name.rstrip(".") if name.endswith(".") else name
    ace = _ace(name)
    labels = ace.split(".") if ace else []
    if (
        not ace
        or len(ace) + len(zone) > 252
        or not all(_OWNER_LABEL.match(label) for label in labels)
        or "*" in labels[1:]
    ):
        raise InvalidInput(f"{what} is not a valid host name: {raw[:80]!r}", field=field)
    return ace


# The address families the forms take, each with its parser (all raise ValueError on bad input).
_ADDRESS_PARSERS: dict[str, Callable[[str], ipaddress.IPv4Address | ipaddress.IPv6Address]] = {
    "IPv4": ipaddress.IPv4Address,
    "IPv6": ipaddress.IPv6Address,
    "IP": ipaddress.ip_address,
}


def _address(value: str, family: str, *, field: str, what: str) -> str:
    raw = plain(value, field=field, what=what)
    try:
        return str(_ADDRESS_PARSERS[family](raw))
    except ValueError as exc:
        raise InvalidInput(f"{what} is not a valid {family} address: {raw[:60]!r}", field=field) from exc


def ipv4(value: str, *, field: str, what: str = "address") -> str:
    return _address(value, "IPv4", field=field, what=what)


def ipv6(value: str, *, field: str, what: str = "address") -> str:
    return _address(value, "IPv6", field=field, what=what)


def ip_address(value: str, *, field: str, what: str = "IP address") -> str:
    """An IPv4 or IPv6 address in normal form (glue records may be either)."""
    return _address(value, "IP", field=field, what=what)


def number(value: object, *, field: str, what: str, low: int, high: int, default: int | None = None) -> int:
    """A whole number in low..high (`default` when empty, if given)."""
    raw = "" if value is None else str(value).strip()
    if raw == "" and default is not None:
        return default
    if not is_whole_number(raw) or not low <= int(raw) <= high:
        raise InvalidInput(
            f"{what} must be a whole number from {low} to {high}, got {raw[:20]!r}", field=field
        )
    return int(raw)


def ttl(value: object, *, field: str, what: str = "TTL") -> int:
    """A record TTL in seconds; WHMCS sends none by default, so empty means the registry default."""
    return number(value, field=field, what=what, low=MIN_TTL, high=MAX_TTL, default=DEFAULT_TTL)


def email(value: str, *, field: str, what: str = "e-mail address") -> str:
    raw = plain(value, field=field, what=what)
    local, at, domain = raw.rpartition("@")
    if not at or not local or len(raw) > 254 or not _MAIL_LOCAL.match(local):
        raise InvalidInput(f"{what} is not a valid e-mail address: {raw[:80]!r}", field=field)
    try:
        host = hostname(domain, field=field, what=what)
    except InvalidInput as exc:
        raise InvalidInput(f"{what} is not a valid e-mail address: {raw[:80]!r}", field=field) from exc
    return f"{local}@{host}"


def mail_prefix(value: str, *, field: str, what: str = "mailbox") -> str:
    """The part before `@` of a forwarded address; `*` (or empty) is the catch-all."""
    raw = plain(value, field=field, what=what)
    if raw in ("", "*"):
        return ""
    if len(raw) > 64 or not _MAIL_LOCAL.match(raw):
        raise InvalidInput(f"{what} is not a valid mailbox name: {raw[:80]!r}", field=field)
    return raw.lower()


def web_target(value: str, *, field: str, what: str = "forwarding target") -> str:
    """A URL/frame forwarding target: http(s) only; a bare host name means http://."""
    raw = plain(value, field=field, what=what)
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "http", raw
    if scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"{what} must be an http:// or https:// address: {raw[:80]!r}", field=field)
    host, slash, path = rest.partition("/")
    problem = InvalidInput(f"{what} must be an http:// or https:// address: {raw[:80]!r}", field=field)
    name, colon, port = host.partition(":")
    if " " in rest or "@" in host or (colon and not is_whole_number(port)):
        raise problem
    try:
        hostname(name, field=field, what=what)
    except InvalidInput as exc:
        raise problem from exc
    return f"{scheme.lower()}://{host}{slash}{path}"


# ---- DNSSEC ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DsRecord:
    keytag: int
    algorithm: int
    digest_type: int
    digest: str  # upper-case hex

    def text(self) -> str:
        return f"{self.keytag} {self.algorithm} {self.digest_type} {self.digest}"


@dataclass(frozen=True)
class DnsKey:
    flags: int
    protocol: int
    algorithm: int
    public_key: str  # base64 without blanks

    def text(self) -> str:
        return f"{self.flags} {self.protocol} {self.algorithm} {self.public_key}"


def _algorithm(value: object, *, field: str) -> int:
    alg = number(value, field=field, what="algorithm", low=0, high=255)
    if alg not in DNSSEC_ALGORITHMS:
        known = ", ".join(str(a) for a in sorted(DNSSEC_ALGORITHMS))
        raise InvalidInput(f"algorithm {alg} is not a DNSSEC signing algorithm (one of {known})", field=field)
    return alg


def ds_record(keytag: object, alg: object, digest_type: object, digest: object, *, field: str) -> DsRecord:
    """One DS record from its four form fields; `field` is the row prefix, e.g. `SECDNS-DS[0]`."""
    tag = number(keytag, field=f"{field}[keytag]", what="key tag", low=0, high=MAX_UINT16)
    algorithm = _algorithm(alg, field=f"{field}[alg]")
    kind = number(digest_type, field=f"{field}[digesttype]", what="digest type", low=0, high=255)
    length = DS_DIGEST_HEX_LENGTHS.get(kind)
    if length is None:
        raise InvalidInput(
            f"digest type {kind} is not supported (1 = SHA-1, 2 = SHA-256, 4 = SHA-384)",
            field=f"{field}[digesttype]",
        )
    hexdigest = "".join(str(digest or "").split())
    if not _HEX.match(hexdigest) or len(hexdigest) != length:
        raise InvalidInput(
            f"digest must be {length} hexadecimal characters for digest type {kind}",
            field=f"{field}[digest]",
        )
    return DsRecord(tag, algorithm, kind, hexdigest.upper())


def dnskey(flags: object, protocol: object, alg: object, pubkey: object, *, field: str) -> DnsKey:
    """One DNSKEY record from its four form fields; `field` is the row prefix, e.g. `SECDNS-KEY[0]`."""
    flag = number(flags, field=f"{field}[flags]", what="flags", low=0, high=MAX_UINT16)
    if flag not in DNSKEY_FLAGS:
        raise InvalidInput("flags must be 256 (ZSK) or 257 (KSK)", field=f"{field}[flags]")
    proto = number(protocol, field=f"{field}[protocol]", what="protocol", low=0, high=255)
    if proto != DNSKEY_PROTOCOL:
        raise InvalidInput("protocol must be 3", field=f"{field}[protocol]")
    algorithm = _algorithm(alg, field=f"{field}[alg]")
    key = "".join(str(pubkey or "").split())
    try:
        decoded = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("public key must be base64", field=f"{field}[pubkey]") from exc
    if len(decoded) < 16 or len(key) > 4096:
        raise InvalidInput("public key is too short or too long", field=f"{field}[pubkey]")
    return DnsKey(flag, proto, algorithm, key)
