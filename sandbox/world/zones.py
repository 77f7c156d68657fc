"""DNS zones as objects of the world: a new zone with the registry's default records, the stored records
parsed, the SOA rendered from the zone's fields (the DNS zone commands and INTERNALDNS=1 share them)."""

from __future__ import annotations

from datetime import datetime

from sandbox import dns_records
from sandbox.dns_records import Record
from sandbox.errors import CommandError
from sandbox.state import Domain, World, Zone


def create_zone(
    world: World,
    name: str,
    owner: str,
    now: datetime,
    *,
    records: list[str] | None = None,
    exist_ok: bool = False,
) -> Zone:
    """A new zone `name` (domain or zone name, IDN allowed) with `records` or the registry defaults.

    Used by CreateDNSZone and by `ensure_zone` for INTERNALDNS=1. An existing zone is a 540 unless
    `exist_ok` (then it is returned as it is, if `owner` holds it).
    """
    zone_name = dns_records.zone_name(name)
    existing = world.zones.get(zone_name)
    if existing is not None:
        if exist_ok and existing.owner == owner:
            return existing
        raise CommandError(f"zone {zone_name}", code=540)
    texts = dns_records.default_zone_records(zone_name) if records is None else records
    zone = Zone(
        name=zone_name, owner=owner, created_at=now, updated_at=now,
        records=[dns_records.parse(text, zone_name, extended=True).text() for text in texts],
        soa_rname=f"hostmaster.{zone_name}",
    )  # fmt: skip
    world.zones[zone_name] = zone
    return zone


def records_of(zone: Zone) -> list[Record]:
    """The stored records, parsed. The SOA always comes from the zone's SOA fields: every writer
    (`create_zone`, UpdateDNSZone) stores parsed records, which never include one, so a stored SOA line can
    only come from a state written by hand (a test, an edited state file); it is skipped, not refused."""
    return [
        dns_records.parse(text, zone.name, extended=True)
        for text in zone.records
        if "SOA" not in text.upper().split()[1:4]  # owner [ttl] [IN] TYPE
    ]


def soa_record(zone: Zone) -> str:
    return dns_records.soa_text(
        zone.name, ttl=zone.soa_ttl, mname=zone.soa_mname, rname=zone.soa_rname or f"hostmaster.{zone.name}",
        serial=zone.soa_serial, refresh=zone.soa_refresh, retry=zone.soa_retry, expire=zone.soa_expire,
        minttl=zone.soa_minttl,
    )  # fmt: skip


def ensure_zone(world: World, domain: Domain, now: datetime) -> None:
    """INTERNALDNS=1: the DNS zone `<domain>.` with the registry's default records
    (docs/ispapi-wire.md §4.8).

    Built by the DNS zone family so the zone looks exactly like one made by CreateDNSZone. A zone the owner
    already has is kept; a zone another account holds is left alone (AddDomain and ModifyDomain refuse that
    case beforehand; a completed transfer has nobody to refuse).
    """
    if dns_records.zone_name(domain.name) not in world.zones:
        create_zone(world, domain.name, domain.owner, now)
    domain.internal_dns = True
