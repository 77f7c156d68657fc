"""Resource-record lines as both registry APIs list them (`owner [ttl] [IN] TYPE rdata...`), read into the
port's `DnsRecord` with the owner made relative to the zone."""

from __future__ import annotations

from app.numbers import is_whole_number
from app.registry.zone import DnsRecord


def relative_owner(owner: str, zone: str) -> str:
    """`zone.` -> `@`, `www.zone.` -> `www`; relative owners (SHORT replies) stay as they are."""
    name = owner.lower()
    if name in (zone, zone.rstrip("."), "@"):
        return "@"
    for suffix in ("." + zone, "." + zone.rstrip(".")):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def split_rr(line: str) -> tuple[str, str, str, list[str]] | None:
    """`owner [ttl] [IN] TYPE rdata...` -> (owner, ttl, TYPE, rdata tokens); None if unreadable."""
    tokens = line.split()
    if len(tokens) < 2:
        return None
    owner, rest, ttl = tokens[0], tokens[1:], ""
    while rest and (is_whole_number(rest[0]) or rest[0].upper() == "IN"):
        token = rest.pop(0)
        if is_whole_number(token):
            ttl = token
    if not rest:
        return None
    return owner, ttl, rest[0].upper(), rest[1:]


def parse_rr(line: str, zone: str) -> DnsRecord | None:
    """One listed line as a record of `zone` (`example.com.`); None if unreadable. The rdata keeps the
    registry's tokens, joined by single blanks."""
    parts = split_rr(line)
    if parts is None:
        return None
    owner, ttl, rtype, data = parts
    return DnsRecord(relative_owner(owner, zone), int(ttl) if ttl else None, rtype, " ".join(data))
