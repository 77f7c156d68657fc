"""WHMCS DNS rows <-> the port's records and web forwards (docs/module-behaviour.md §9.1): planning a
submitted row and showing a zone entry, each a table by record type.

A WHMCS row is {hostname, type, address, priority, ttl}. Types: A, AAAA, CNAME, TXT, MX, SRV as records;
MXE (a mail exchanger given by IPv4 address) as an MX to a helper host plus that host's A record; URL and
FRAME as web forwards, whose hostname may carry a path (`go/docs`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.errors import InvalidInput
from app.numbers import is_whole_number
from app.registrar import params as p, validators as v
from app.registry.zone import DnsRecord, ForwardKind, WebForward, ZoneEntry

MXE_PREFIX = "mxe-host-for-ip-"
_MXE_HOST = re.compile(r"^mxe-host-for-ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.|$)")
_NA = {"", "n/a", "na", "-"}
DEFAULT_MX_PREFERENCE = 100  # 5.1.12's default when neither priority nor address names one
WEB_FORWARDS = {"URL": ForwardKind.REDIRECT, "FRAME": ForwardKind.FRAME}
_SHOWN_FORWARDS = {value: key for key, value in WEB_FORWARDS.items()}


# ---- planning: one submitted row -> entries ----------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A submitted row, its common fields checked: what each type's planner starts from."""

    owner: str
    ttl: int
    address: str
    priority: str
    path: str  # `/docs` of a web forward's hostname `go/docs`, else ""
    zone: str  # `example.com.`
    field: str  # `dnsrecords[3]`
    what: str  # `dnsrecords[3] (www A): address`, the start of an address error

    @property
    def addr_field(self) -> str:
        return f"{self.field}[address]"


def _mx_parts(address: str, priority: str, *, field: str) -> tuple[int, str]:
    """5.1.12's MX preference: 100, else a leading number in the address (`10 mx.host`), else `priority`."""
    words = address.split()
    preference = str(DEFAULT_MX_PREFERENCE)
    if len(words) == 2 and is_whole_number(words[0]):
        preference, words = words[0], words[1:]
    if priority:
        preference = priority
    if len(words) != 1:
        raise InvalidInput(f"{field}: the mail server must be one host name", field=f"{field}[address]")
    pref = v.number(
        preference, field=f"{field}[priority]", what=f"{field}: MX priority", low=0, high=v.MAX_UINT16
    )
    return pref, words[0]


def _a(row: Row) -> list[ZoneEntry]:
    return [DnsRecord(row.owner, row.ttl, "A", v.ipv4(row.address, field=row.addr_field, what=row.what))]


def _aaaa(row: Row) -> list[ZoneEntry]:
    return [DnsRecord(row.owner, row.ttl, "AAAA", v.ipv6(row.address, field=row.addr_field, what=row.what))]


def _cname(row: Row) -> list[ZoneEntry]:
    target = v.hostname(row.address, field=row.addr_field, what=row.what)
    return [DnsRecord(row.owner, row.ttl, "CNAME", target + ".")]


def _txt(row: Row) -> list[ZoneEntry]:
    if row.address.count('"') % 2:
        raise InvalidInput(f"{row.what} has an unbalanced quote", field=row.addr_field)
    return [DnsRecord(row.owner, row.ttl, "TXT", row.address)]


def _mx(row: Row) -> list[ZoneEntry]:
    pref, host = _mx_parts(row.address, row.priority, field=row.field)
    target = v.hostname(host, field=row.addr_field, what=row.what)
    return [DnsRecord(row.owner, row.ttl, "MX", f"{pref} {target}.")]


def _mxe(row: Row) -> list[ZoneEntry]:
    pref, host = _mx_parts(row.address, row.priority, field=row.field)
    ip = v.ipv4(host, field=row.addr_field, what=row.what)
    helper = MXE_PREFIX + ip.replace(".", "-")
    return [
        DnsRecord(row.owner, row.ttl, "MX", f"{pref} {helper}.{row.zone}"),
        DnsRecord(helper, row.ttl, "A", ip),
    ]


def _srv(row: Row) -> list[ZoneEntry]:
    field, addr_field, words = row.field, row.addr_field, row.address.split()
    prio = v.number(
        row.priority or "0",
        field=f"{field}[priority]",
        what=f"{field}: SRV priority",
        low=0,
        high=v.MAX_UINT16,
    )
    if len(words) != 3:
        raise InvalidInput(f"{field}: SRV address must be 'weight port target'", field=addr_field)
    weight = v.number(words[0], field=addr_field, what=f"{field}: SRV weight", low=0, high=v.MAX_UINT16)
    port = v.number(words[1], field=addr_field, what=f"{field}: SRV port", low=0, high=v.MAX_UINT16)
    target = "." if words[2] == "." else v.hostname(words[2], field=addr_field, what=row.what) + "."
    return [DnsRecord(row.owner, row.ttl, "SRV", f"{prio} {weight} {port} {target}")]


def _web(kind: ForwardKind) -> Callable[[Row], list[ZoneEntry]]:
    def plan(row: Row) -> list[ZoneEntry]:
        target = v.web_target(row.address, field=row.addr_field, what=row.what)
        return [WebForward(row.owner, kind, target, path=row.path, ttl=row.ttl)]

    return plan


PLANNERS: dict[str, Callable[[Row], list[ZoneEntry]]] = {
    "A": _a,
    "AAAA": _aaaa,
    "MX": _mx,
    "MXE": _mxe,
    "CNAME": _cname,
    "TXT": _txt,
    "SRV": _srv,
    **{rtype: _web(kind) for rtype, kind in WEB_FORWARDS.items()},
}


def _web_path(raw_host: str, field: str) -> tuple[str, str]:
    """`go/docs` -> (`go`, `/docs`): a web forward's hostname may name a path below the host."""
    if "/" not in raw_host:
        return raw_host, ""
    host, path = raw_host.split("/", 1)
    path = "/" + v.plain(path, field=f"{field}[hostname]", what=f"{field}: path")
    if " " in path:
        raise InvalidInput(f"{field}: the path must not contain blanks", field=f"{field}[hostname]")
    return host, path


def plan_record(row: Mapping[str, Any], *, zone: str, field: str) -> list[ZoneEntry]:
    """The entries for one submitted DNS row (MXE gives two); InvalidInput names row and field."""
    raw_host = p.text(row, "hostname")
    address = v.plain(p.text(row, "address"), field=f"{field}[address]", what=f"{field}: address")
    rtype = p.text(row, "type").upper()
    priority = "" if p.text(row, "priority").strip().lower() in _NA else p.text(row, "priority").strip()
    ttl = v.ttl(p.text(row, "ttl"), field=f"{field}[ttl]", what=f"{field}: TTL")
    raw_host, path = _web_path(raw_host, field) if rtype in WEB_FORWARDS else (raw_host, "")
    owner = v.record_owner(
        raw_host, zone=zone.rstrip("."), field=f"{field}[hostname]", what=f"{field}: hostname"
    )
    what = f"{field} ({raw_host} {rtype}): address"
    if not address.strip():
        # plan_zone skips blank rows (WHMCS's "new" row); a row that reaches here must say something.
        raise InvalidInput(f"{what} is empty", field=f"{field}[address]")
    planner = PLANNERS.get(rtype)
    if planner is None:
        raise InvalidInput(
            f"{field}: unknown record type {rtype[:20]!r} (one of {', '.join(PLANNERS)})",
            field=f"{field}[type]",
        )
    return planner(Row(owner, ttl, address, priority, path, zone, field, what))


def _identity(entry: ZoneEntry) -> tuple[str, str, str]:
    """What makes two planned entries the same (TTL is not part of it)."""
    if isinstance(entry, DnsRecord):
        return (entry.owner, entry.rtype, entry.rdata.lower())
    return (entry.host, "X-HTTP", " ".join(x for x in (entry.path, entry.kind, entry.target) if x).lower())


def plan_zone(rows: list[Any], zone: str) -> list[ZoneEntry]:
    """Every submitted row validated, rows WHMCS adds empty skipped, duplicates dropped, CNAMEs checked."""
    planned: list[ZoneEntry] = []
    seen: set[tuple[str, str, str]] = set()
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InvalidInput(f"dnsrecords[{index}] is not a record", field=f"dnsrecords[{index}]")
        # The empty "new" row, and rows the client blanked to delete them (docs/module-behaviour.md §9.1:
        # hostname or address empty).
        if not p.text(row, "hostname") or not p.text(row, "address"):
            continue
        for entry in plan_record(row, zone=zone, field=f"dnsrecords[{index}]"):
            if _identity(entry) not in seen:
                seen.add(_identity(entry))
                planned.append(entry)
    per_owner: dict[str, list[str]] = {}
    for entry in planned:
        if isinstance(entry, DnsRecord):  # web forwards are served beside real data
            per_owner.setdefault(entry.owner, []).append(entry.rtype)
    for owner, types in per_owner.items():
        if "CNAME" in types and len(types) > 1:
            raise InvalidInput(
                f"{owner}: a CNAME record cannot share its host name with other records", field="dnsrecords"
            )
    return planned


# ---- showing: one zone entry -> a WHMCS row ------------------------------------------------------------


def _row(hostname: str, rtype: str, address: str, priority: str, ttl: str) -> dict[str, str]:
    return {"hostname": hostname, "type": rtype, "address": address, "priority": priority, "ttl": ttl}


def _host_shown(target: str) -> str:
    """Targets are sent absolute (`mx.example.net.`); the form shows them as typed, without the root dot."""
    return target if target == "." else target.rstrip(".")


def _show_address(record: DnsRecord, data: list[str], ttl: str) -> dict[str, str] | None:
    if len(data) != 1 or (record.rtype == "A" and record.owner.startswith(MXE_PREFIX)):
        return None  # an MXE row's helper record is shown as the MXE row itself
    return _row(record.owner, record.rtype, data[0], "", ttl)


def _show_cname(record: DnsRecord, data: list[str], ttl: str) -> dict[str, str] | None:
    return _row(record.owner, "CNAME", _host_shown(data[0]), "", ttl) if len(data) == 1 else None


def _show_txt(record: DnsRecord, data: list[str], ttl: str) -> dict[str, str] | None:
    return _row(record.owner, "TXT", " ".join(data), "", ttl) if data else None


def _show_srv(record: DnsRecord, data: list[str], ttl: str) -> dict[str, str] | None:
    if len(data) != 4:
        return None
    return _row(record.owner, "SRV", " ".join([*data[1:3], _host_shown(data[3])]), data[0], ttl)


def _show_mx(record: DnsRecord, data: list[str], ttl: str) -> dict[str, str] | None:
    if len(data) != 2:
        return None
    match = _MXE_HOST.match(data[1].lower())
    if match:
        return _row(record.owner, "MXE", ".".join(match.groups()), data[0], ttl)
    return _row(record.owner, "MX", _host_shown(data[1]), data[0], ttl)


SHOWN: dict[str, Callable[[DnsRecord, list[str], str], dict[str, str] | None]] = {
    "A": _show_address,
    "AAAA": _show_address,
    "CNAME": _show_cname,
    "TXT": _show_txt,
    "SRV": _show_srv,
    "MX": _show_mx,
}


def shown_entry(entry: ZoneEntry) -> dict[str, str] | None:
    """One zone entry as a WHMCS DNS row; None for what the DNS page does not manage (NS, SOA, CAA ...)."""
    ttl = str(v.DEFAULT_TTL if entry.ttl is None else entry.ttl)
    if isinstance(entry, WebForward):
        return _row(entry.host + entry.path, _SHOWN_FORWARDS[entry.kind], entry.target, "", ttl)
    show = SHOWN.get(entry.rtype)
    return show(entry, entry.rdata.split(), ttl) if show is not None else None
