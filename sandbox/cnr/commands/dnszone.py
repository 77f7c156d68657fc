"""CNR DNS zones: AddDNSZone, ModifyDNSZone (RR# replaces, DELRR# removes, ADDRR# adds), QueryDNSZoneRRList,
StatusDNSZone (the SOA and state of one zone) and QueryDNSZoneList (the caller's zones, paged).
Zones are the world's (sandbox/world/zones.py), so a zone made here is the same object an ISPAPI call sees
in its own world."""

from __future__ import annotations

from sandbox import dns_records
from sandbox.cnr.commands._common import paged, transaction_ids
from sandbox.cnr.table import BOOL, PAGING, command
from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, CommandError, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import HOST_RE, INT_RE, IPV4_RE, Param
from sandbox.state import Zone
from sandbox.world.dates import fmt, pattern_matcher
from sandbox.world.zones import create_zone, records_of, soa_record

_UINT = r"[0-9]{1,10}"
SOA_PARAMS = (
    Param("SOATTL", pattern=_UINT),
    Param("SOAEXPIRE", pattern=_UINT),
    Param("SOAMINTTL", pattern=_UINT),
    Param("SOAMNAME", pattern=HOST_RE),
    Param("SOAREFRESH", pattern=_UINT),
    Param("SOARETRY", pattern=_UINT),
    Param("SOARNAME"),
    Param("SOASERIAL", pattern=_UINT),
)
_SOA_FIELDS = {
    "SOATTL": "soa_ttl", "SOAEXPIRE": "soa_expire", "SOAMINTTL": "soa_minttl", "SOAREFRESH": "soa_refresh",
    "SOARETRY": "soa_retry",
}  # fmt: skip
ZONE_OPTIONS = (
    Param("MASTERIPADDRESS#", pattern=IPV4_RE, max_index=14),
    Param("SIGNED", pattern=BOOL),
    Param("PREMIUMDNSSET"),
    Param("CLTRID"),
)


def _zone(ctx: CommandContext) -> Zone:
    name = dns_records.zone_name(ctx.require("DNSZONE"))
    zone = ctx.world.zones.get(name)
    if zone is None:
        raise ObjectNotFound(f"zone {name}")
    if zone.owner != ctx.login:
        raise AuthorizationFailed(name)
    return zone


def _apply_soa(ctx: CommandContext, zone: Zone) -> None:
    refresh = ctx.p("SOAREFRESH")
    if refresh and not 900 <= int(refresh) <= 86400:
        raise CommandError(f"SOAREFRESH {refresh} (900-86400)", code=541)
    for param, attr in _SOA_FIELDS.items():
        if ctx.p(param):
            setattr(zone, attr, int(ctx.p(param)))
    if ctx.p("SOAMNAME"):
        zone.soa_mname = ctx.p("SOAMNAME").rstrip(".").lower() + "."
    if ctx.p("SOARNAME"):
        zone.soa_rname = ctx.p("SOARNAME").replace("@", ".").rstrip(".").lower() + "."
    if ctx.flag("SIGNED") is not None:
        zone.dnssec_mode = "AUTO" if ctx.flag("SIGNED") else "DISABLED"


@command(
    "AddDNSZone", Param("DNSZONE", required=True), Param("RR#"), *SOA_PARAMS, *ZONE_OPTIONS, mutating=True
)
def add_dns_zone(ctx: CommandContext) -> Reply:
    name = dns_records.zone_name(ctx.require("DNSZONE"))
    records = [dns_records.parse(text, name, extended=False).text() for text in ctx.indexed("RR")]
    zone = create_zone(ctx.world, name, ctx.login, ctx.now, records=records if records else None)
    _apply_soa(ctx, zone)
    return transaction_ids(ctx, Reply.ok())


@command(
    "ModifyDNSZone",
    Param("DNSZONE", required=True),
    Param("RR#"),
    Param("ADDRR#"),
    Param("DELRR#"),
    *SOA_PARAMS,
    *ZONE_OPTIONS,
    *(
        Param(f"{op}{kind}IPADDRESS#", pattern=IPV4_RE, max_index=14)
        for op in ("ADD", "DEL")
        for kind in ("MASTER", "SLAVE")
    ),
    Param("SLAVEIPADDRESS#", pattern=IPV4_RE, max_index=14),
    mutating=True,
)
def modify_dns_zone(ctx: CommandContext) -> Reply:
    zone = _zone(ctx)
    replace = ctx.indexed("RR")
    updated = dns_records.apply_update(
        records_of(zone),
        replace_with=[dns_records.parse(t, zone.name, extended=False) for t in replace] if replace else None,
        delete=[dns_records.parse_pattern(t, zone.name) for t in ctx.indexed("DELRR")],
        add=[dns_records.parse(t, zone.name, extended=False) for t in ctx.indexed("ADDRR")],
        extended=False,
        resolve_ttl_conflicts=True,
    )
    _apply_soa(ctx, zone)
    zone.records = [r.text() for r in updated]
    zone.soa_serial += 1
    zone.updated_at = ctx.now
    return transaction_ids(ctx, Reply.ok())


@command(
    "QueryDNSZoneRRList",
    Param("DNSZONE", required=True),
    Param("NAME"),
    Param("TYPE"),
    Param("CONTENT"),
    Param("TTL", pattern=INT_RE),
    Param("PRIO", pattern=INT_RE),
    *PAGING[:3],
    Param("ORDERBY", choices=("name", "type", "content", "prio", "ttl", "changed_date")),
    *PAGING[4:],
)
def query_dns_zone_rr_list(ctx: CommandContext) -> Reply:
    zone = _zone(ctx)
    owner, ttl, _, rtype, rdata = soa_record(zone).split(" ", 4)
    rows = [_row(zone, owner, int(ttl), rtype, rdata, locked=True)]
    rows += [_row(zone, r.owner, r.ttl, r.rtype, r.rdata, locked=r.rtype == "NS") for r in records_of(zone)]
    rows = [row for row in rows if _wanted(ctx, row)]
    key = (ctx.p("ORDERBY") or "").upper()
    if key in ("NAME", "TYPE", "CONTENT", "TTL", "PRIO"):
        rows.sort(key=lambda row: str(row[key]), reverse=ctx.p("ORDER").upper() == "DESC")
    wide = ("NAME", "TTL", "TYPE", "CONTENT", "PRIO", "LOCKED", "UPDATED DATE")
    columns = ("RR", *wide) if ctx.flag("WIDE") else ("RR",)
    return transaction_ids(ctx, paged(ctx, rows, columns, listed=False))


def _row(zone: Zone, owner: str, ttl: int, rtype: str, rdata: str, *, locked: bool) -> dict[str, object]:
    name = dns_records.relative(owner, zone.name)
    prio, _, content = rdata.partition(" ") if rtype in ("MX", "SRV") else ("", "", rdata)
    return {
        "RR": f"{name} {ttl} IN {rtype} {rdata}", "NAME": name, "TTL": ttl, "TYPE": rtype, "CONTENT": content,
        "PRIO": prio, "LOCKED": locked, "UPDATED DATE": fmt(zone.updated_at),
    }  # fmt: skip


def _wanted(ctx: CommandContext, row: dict[str, object]) -> bool:
    for param in ("NAME", "TYPE", "CONTENT", "TTL", "PRIO"):
        wanted = ctx.p(param)
        if wanted and str(row[param]).lower() != wanted.lower():
            return False
    return True


@command("StatusDNSZone", Param("DNSZONE", required=True), Param("CLTRID"))
def status_dns_zone(ctx: CommandContext) -> Reply:
    zone = _zone(ctx)
    _, ttl, _, _, mname, rname, serial, refresh, retry, expire, minttl = soa_record(zone).split()
    reply = Reply.ok(
        DNSZONE=zone.name.rstrip("."), SOAEXPIRE=expire, SOAMINTTL=minttl, SOAMNAME=mname, SOAREFRESH=refresh,
        SOARETRY=retry, SOARNAME=rname, SOASERIAL=serial, SOATTL=ttl, ZONETYPE="Master", STATUS=zone.status,
        SIGNED=int(zone.dnssec_mode == "AUTO"), EXTERNAL=0, PREMIUMDNSSET=0,
    )  # fmt: skip
    return transaction_ids(ctx, reply)


@command(
    "QueryDNSZoneList",
    Param("DNSZONE"),
    *PAGING[:3],
    Param("WIDE", pattern=r"[0-9]+"),
    Param("CLTRID"),
    Param("EXTERNAL", pattern=BOOL),
)
def query_dns_zone_list(ctx: CommandContext) -> Reply:
    """The caller's zones by name (DNSZONE filters, `*` wildcards), ORDER ASC/DESC; WIDE adds the zone type,
    the last update and EXTERNAL. The sandbox holds no external zones: EXTERNAL=1 lists none."""
    matcher = pattern_matcher(ctx.p("DNSZONE").rstrip("."))
    zones = sorted(
        (z for z in ctx.world.zones.values() if z.owner == ctx.login),
        key=lambda z: z.name,
        reverse=ctx.p("ORDER").upper() == "DESC",
    )
    rows = [
        {
            "DNSZONE": z.name.rstrip("."),
            "ZONETYPE": "Master",
            "UPDATED DATE": fmt(z.updated_at),
            "EXTERNAL": 0,
        }
        for z in zones
        if not ctx.flag("EXTERNAL") and (matcher is None or matcher.fullmatch(z.name.rstrip(".")))
    ]
    columns = ("DNSZONE", "ZONETYPE", "UPDATED DATE", "EXTERNAL") if ctx.flag("WIDE") else ("DNSZONE",)
    return transaction_ids(ctx, paged(ctx, rows, columns))
