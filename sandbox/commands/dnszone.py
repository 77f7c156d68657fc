"""DNS zones: CreateDNSZone, StatusDNSZone, DeleteDNSZone, QueryDNSZoneList, QueryDNSZoneRRList, UpdateDNSZone
(docs/ispapi-wire.md §4.8; what the module sends and reads: docs/module-behaviour.md §9.1, §9.2, §9.5).

Zones are keyed by their ACE name with a trailing dot. The SOA record is not stored with the other records:
it is rendered from the zone's SOA fields as the first RR of QueryDNSZoneRRList, like the registry shows it.
"""

from __future__ import annotations

from datetime import datetime

import idna

from sandbox import dns_records
from sandbox.context import CommandContext
from sandbox.dns_records import Record
from sandbox.errors import AuthorizationFailed, CommandError, ObjectNotFound
from sandbox.listing import like, owners, page, parse_date
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, HOST_RE, PAGING, Param, command
from sandbox.state import Zone
from sandbox.world.dates import fmt
from sandbox.world.zones import create_zone, records_of, soa_record

_UINT = r"[0-9]{1,10}"
SOA_PARAMS = (
    Param("SOATTL", pattern=_UINT),
    Param("SOAMNAME", pattern=HOST_RE),
    Param("SOARNAME", pattern=HOST_RE),
    Param("SOASERIAL", pattern=_UINT),
    Param("SOAREFRESH", pattern=_UINT),
    Param("SOARETRY", pattern=_UINT),
    Param("SOAEXPIRE", pattern=_UINT),
    Param("SOAMINTTL", pattern=_UINT),
)
# SOA parameter -> Zone attribute; integer fields are converted, names get their trailing dot.
_SOA_FIELDS = {
    "SOATTL": "soa_ttl", "SOAMNAME": "soa_mname", "SOARNAME": "soa_rname", "SOASERIAL": "soa_serial",
    "SOAREFRESH": "soa_refresh", "SOARETRY": "soa_retry", "SOAEXPIRE": "soa_expire",
    "SOAMINTTL": "soa_minttl",
}  # fmt: skip
_DATE_FILTERS = (
    ("MINCREATEDDATE", "created_at", False),
    ("MAXCREATEDDATE", "created_at", True),
    ("MINUPDATEDDATE", "updated_at", False),
    ("MAXUPDATEDDATE", "updated_at", True),
)
_ZONE_ORDER = {"DNSZONE": "name", "CREATEDDATE": "created_at", "UPDATEDDATE": "updated_at"}


def _owned_zone(ctx: CommandContext) -> Zone:
    name = dns_records.zone_name(ctx.require("DNSZONE"))
    zone = ctx.world.zones.get(name)
    if zone is None:
        raise ObjectNotFound(f"zone {name}")
    if zone.owner != ctx.login:
        raise AuthorizationFailed(f"zone {name}")
    return zone


def _apply_soa(ctx: CommandContext, zone: Zone) -> None:
    for param, attribute in _SOA_FIELDS.items():
        value = ctx.p(param).strip()
        if not value:
            continue
        if attribute in ("soa_mname", "soa_rname"):
            setattr(zone, attribute, value.lower().rstrip(".") + ".")
        else:
            setattr(zone, attribute, int(value))


def _covering_domain_owner(ctx: CommandContext, zone_name: str) -> str | None:
    """The owner of the domain the zone belongs to (the zone itself or a parent), if the registry has one."""
    labels = zone_name.rstrip(".").split(".")
    for i in range(len(labels) - 1):
        domain = ctx.world.domains.get(".".join(labels[i:]))
        if domain is not None:
            return domain.owner
    return None


@command(
    "CreateDNSZone",
    Param("DNSZONE", required=True),
    *SOA_PARAMS,
    Param("RR#"),
    Param("EXTENDED", pattern=BOOL_RE),
    Param("EXTERNAL", pattern=BOOL_RE),
    Param("DOMAINTRANSFER", pattern=BOOL_RE),
    mutating=True,
)
def create_dns_zone(ctx: CommandContext) -> Reply:
    name = dns_records.zone_name(ctx.require("DNSZONE"))
    holder = _covering_domain_owner(ctx, name)
    if holder is not None and holder != ctx.login:
        raise AuthorizationFailed(f"domain of zone {name} belongs to another account")
    # A zone for a domain not managed here is an explicit, possibly charged choice (CreateDNSZone EXTERNAL).
    if holder is None and not ctx.flag("EXTERNAL") and not ctx.flag("DOMAINTRANSFER"):
        raise CommandError(f"no domain for zone {name} in your account; set EXTERNAL=1", code=541)
    if name in ctx.world.zones:
        raise CommandError(f"zone {name}", code=540)
    texts = ctx.indexed("RR")
    extended = bool(ctx.flag("EXTENDED"))
    # Parse first: a malformed record must not leave a half-created zone.
    records = dns_records.apply_update(
        [], add=[dns_records.parse(t, name, extended=extended) for t in texts],
        extended=True, resolve_ttl_conflicts=False,
    )  # fmt: skip
    zone = create_zone(
        ctx.world, name, ctx.login, ctx.now, records=[r.text() for r in records] if texts else None
    )
    _apply_soa(ctx, zone)
    ctx.log_object(
        object_class="DNSZONE", object_id=name, operation_type="CREATE", operation_status="SUCCESSFUL"
    )
    return Reply.ok()


@command("DeleteDNSZone", Param("DNSZONE", required=True), mutating=True)
def delete_dns_zone(ctx: CommandContext) -> Reply:
    zone = _owned_zone(ctx)
    del ctx.world.zones[zone.name]
    ctx.log_object(
        object_class="DNSZONE", object_id=zone.name, operation_type="DELETE", operation_status="SUCCESSFUL"
    )
    return Reply.ok()


def _www_target(zone: Zone, records: list[Record]) -> tuple[str, str]:
    www = f"www.{zone.name}"
    for rtype in ("CNAME", "X-HTTP", "A", "AAAA"):
        for record in records:
            if record.owner == www and record.rtype == rtype:
                return rtype, record.rdata
    return "", ""


@command("StatusDNSZone", Param("DNSZONE", required=True), Param("EXTENDED", pattern=BOOL_RE))
def status_dns_zone(ctx: CommandContext) -> Reply:
    zone = _owned_zone(ctx)
    records = records_of(zone)
    visible = [r for r in records if ctx.flag("EXTENDED") or not r.pseudo]
    target_type, target_data = _www_target(zone, records)
    reply = Reply.ok()
    for name, value in (
        ("CREATEDDATE", fmt(zone.created_at)),
        ("DNSSEC-MODE", zone.dnssec_mode),
        ("PEERUSER", ""),
        ("RRSTOTAL", len(visible) + 1),  # + the SOA record
        ("SOAEXPIRE", zone.soa_expire),
        ("SOAMINTTL", zone.soa_minttl),
        ("SOAMNAME", zone.soa_mname),
        ("SOAREFRESH", zone.soa_refresh),
        ("SOARETRY", zone.soa_retry),
        ("SOARNAME", zone.soa_rname or f"hostmaster.{zone.name}"),
        ("SOASERIAL", zone.soa_serial),
        ("SOATTL", zone.soa_ttl),
        ("STATUS", zone.status),
        ("UPDATEDDATE", fmt(zone.updated_at)),
        ("WWWTARGETDATA", target_data),
        ("WWWTARGETTYPE", target_type),
    ):
        reply.set(name, value)
    return reply


@command(
    "QueryDNSZoneRRList",
    Param("DNSZONE", required=True),
    Param("RR"),
    Param("RRTYPE"),
    Param("EXTENDED", pattern=BOOL_RE),
    Param("SHORT", pattern=BOOL_RE),
    *PAGING,
)
def query_dns_zone_rr_list(ctx: CommandContext) -> Reply:
    zone = _owned_zone(ctx)
    extended = bool(ctx.flag("EXTENDED"))
    rows = [_soa_as_record(zone)] + [r for r in records_of(zone) if extended or not r.pseudo]
    rrtype = ctx.p("RRTYPE").strip().upper()
    if rrtype:
        rows = [r for r in rows if r.rtype == rrtype]
    if ctx.p("RR").strip():
        pattern = dns_records.parse_pattern(ctx.p("RR"), zone.name)
        rows = [r for r in rows if pattern.matches(r)]
    reply = Reply.ok()
    chunk = page(ctx, reply, rows)
    return reply.set("RR", [r.short(zone.name) if ctx.flag("SHORT") else r.text() for r in chunk])


def _soa_as_record(zone: Zone) -> Record:
    owner, ttl, _, rtype, rdata = soa_record(zone).split(" ", 4)
    return Record(owner=owner, ttl=int(ttl), rtype=rtype, rdata=rdata)


@command(
    "UpdateDNSZone",
    Param("DNSZONE", required=True),
    *SOA_PARAMS,
    Param("INCSERIAL", pattern=r"-?[0-9]+"),
    Param("RESOLVETTLCONFLICTS", pattern=BOOL_RE),
    Param("RR#"),
    Param("ADDRR#"),
    Param("DELRR#"),
    Param("STATUS", choices=("ACTIVE", "INACTIVE", "HOLD")),
    Param("EXTENDED", pattern=BOOL_RE),
    Param("DNSSEC-MODE", choices=("DISABLED", "AUTO")),
    mutating=True,
)
def update_dns_zone(ctx: CommandContext) -> Reply:
    zone = _owned_zone(ctx)
    extended = bool(ctx.flag("EXTENDED"))
    replace_texts = ctx.indexed("RR")
    records = dns_records.apply_update(
        records_of(zone),
        replace_with=[dns_records.parse(t, zone.name, extended=extended) for t in replace_texts]
        if replace_texts
        else None,
        delete=[dns_records.parse_pattern(t, zone.name) for t in ctx.indexed("DELRR")],
        add=[dns_records.parse(t, zone.name, extended=extended) for t in ctx.indexed("ADDRR")],
        extended=extended,
        resolve_ttl_conflicts=bool(ctx.flag("RESOLVETTLCONFLICTS")),
    )
    # Everything is checked: now change the zone.
    zone.records = [r.text() for r in records]
    _apply_soa(ctx, zone)
    if ctx.flag("INCSERIAL"):
        zone.soa_serial += 1
    if ctx.p("STATUS"):
        zone.status = ctx.p("STATUS").upper()
    if ctx.p("DNSSEC-MODE"):
        zone.dnssec_mode = ctx.p("DNSSEC-MODE").upper()
    zone.updated_at = ctx.now
    ctx.log_object(
        object_class="DNSZONE", object_id=zone.name, operation_type="UPDATE", operation_status="SUCCESSFUL"
    )
    return Reply.ok(SOASERIAL=zone.soa_serial)


@command(
    "QueryDNSZoneList",
    Param("WIDE", choices=("0", "1", "DNSNODE")),
    Param("NOTOTAL", pattern=BOOL_RE),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    Param("DNSZONE"),
    Param("SUBCLASS"),
    Param("SOAMNAME"),
    Param("STATUS", choices=("ACTIVE", "INACTIVE", "HOLD")),
    Param("MINCREATEDDATE"),
    Param("MAXCREATEDDATE"),
    Param("MINUPDATEDDATE"),
    Param("MAXUPDATEDDATE"),
    *PAGING,
)
def query_dns_zone_list(ctx: CommandContext) -> Reply:
    visible = owners(ctx, ctx.p("USERDEPTH"))
    zones = [z for z in ctx.world.zones.values() if z.owner in visible]
    zones = _filter_zones(ctx, zones)
    order = ctx.p("ORDERBY").strip().upper()
    if order:
        descending = order.endswith("DESC")
        attribute = _ZONE_ORDER.get(order.removesuffix("DESC"))
        if attribute is None:
            raise CommandError(f"Syntax error in Parameter ORDERBY ({order})", code=505)
        zones.sort(key=lambda z: str(getattr(z, attribute) or ""), reverse=descending)
    reply = Reply.ok()
    chunk = page(ctx, reply, zones)
    if ctx.p("WIDE") not in ("1", "DNSNODE", "dnsnode"):
        return reply.set("DNSZONE", [z.name for z in chunk])
    accounts = ctx.world.accounts
    rows = [
        {
            "DNSZONE": z.name,
            "DNSZONECREATEDDATE": fmt(z.created_at),
            "DNSZONERRSTOTAL": len([r for r in records_of(z) if not r.pseudo]) + 1,
            "DNSZONESOAEXPIRE": z.soa_expire,
            "DNSZONESOAMINTTL": z.soa_minttl,
            "DNSZONESOAMNAME": z.soa_mname,
            "DNSZONESOAREFRESH": z.soa_refresh,
            "DNSZONESOARETRY": z.soa_retry,
            "DNSZONESOARNAME": z.soa_rname or f"hostmaster.{z.name}",
            "DNSZONESOASERIAL": z.soa_serial,
            "DNSZONESOATTL": z.soa_ttl,
            "DNSZONESUBCLASS": "MASTER",
            "DNSZONEUMLAUT": _umlaut(z.name),
            "DNSZONEUPDATEDDATE": fmt(z.updated_at),
            "PARENTUSER": (accounts[z.owner].parent or "") if z.owner in accounts else "",
            "PEERUSER": "",
            "STATUS": z.status,
            "USER": z.owner,
        }
        for z in chunk
    ]
    columns = list(rows[0]) if rows else ["DNSZONE"]
    return reply.add_rows(rows, columns)


def _filter_zones(ctx: CommandContext, zones: list[Zone]) -> list[Zone]:
    pattern = ctx.p("DNSZONE").strip()
    if pattern:
        zones = [z for z in zones if like(pattern, z.name) or like(pattern, z.name.rstrip("."))]
    subclass = ctx.p("SUBCLASS").strip()
    if subclass:
        zones = [z for z in zones if subclass.upper() == "MASTER"]
    if ctx.p("SOAMNAME").strip():
        zones = [z for z in zones if like(ctx.p("SOAMNAME").strip(), z.soa_mname)]
    if ctx.p("STATUS"):
        zones = [z for z in zones if z.status == ctx.p("STATUS").upper()]
    for param, attribute, end in _DATE_FILTERS:
        if ctx.p(param).strip():
            bound = parse_date(param, ctx.p(param), end_of_day=end)
            zones = [z for z in zones if _within(getattr(z, attribute), bound, upper=end)]
    return zones


def _within(value: datetime | None, bound: datetime, *, upper: bool) -> bool:
    if value is None:
        return False
    return value <= bound if upper else value >= bound


def _umlaut(name: str) -> str:
    try:
        return idna.decode(name.rstrip(".")) + "."
    except idna.IDNAError:
        return name
