"""GetDNS / SaveDNS and GetEmailForwarding / SaveEmailForwarding (docs/module-behaviour.md §9.1, §9.2, later
features docs/module-behaviour.md §12).

The zone of a domain is `<ace domain>.`. Records travel as `owner ttl IN TYPE rdata` lines; web and mail
forwards are the ISPAPI pseudo types X-HTTP and X-SMTP, which need `EXTENDED=1`.

Differences from 5.1.12, on purpose:
* every record is validated before the first upstream call (InvalidInput names record and field);
* a per-record `ttl` key is honoured (default 3600), identical records are sent once (8.0.1 duplicates);
* GetDNS reads the zone once with EXTENDED=1 and normalises every owner, MX included
  (docs/module-behaviour.md §13.5);
* SaveDNS never touches X-SMTP records (mail forwards are kept without re-reading them) nor web-app aliases;
* a missing zone (545) is created with `ModifyDomain INTERNALDNS=1` and the update retried once; GetDNS
  creates it too when the client has ordered DNS management (8.5.0), else shows an empty zone;
* MXE needs an IPv4 address (5.1.12 silently fell back to a plain MX for anything else).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.api.envelope import Result, ResultKind
from app.errors import InvalidInput
from app.numbers import is_whole_number
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.replies import ensure, send

ZONE_MISSING = 545
# Record types SaveDNS owns: their records are replaced by the submitted list (wildcard DELRR,
# docs/module-behaviour.md §9.1).
OWNED_TYPES = ("A", "AAAA", "CNAME", "TXT", "MX", "X-HTTP", "SRV")
MXE_PREFIX = "mxe-host-for-ip-"
_MXE_HOST = re.compile(r"^mxe-host-for-ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.|$)")
_NA = {"", "n/a", "na", "-"}
DEFAULT_MX_PREFERENCE = 100  # 5.1.12's default when neither priority nor address names one
WEB_FORWARDS = {"URL": "REDIRECT", "FRAME": "FRAME"}
_SHOWN_FORWARDS = {value: key for key, value in WEB_FORWARDS.items()}


def items(value: object) -> list[Any]:
    """A PHP list as JSON sends it: a list, or an object with numeric keys (sparse arrays)."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, Mapping):
        keys = sorted(
            value,
            key=lambda k: (not is_whole_number(str(k)), int(k) if is_whole_number(str(k)) else 0, str(k)),
        )
        return [value[k] for k in keys]
    return []


def zone_of(ctx: RegistrarContext) -> tuple[p.DomainName, str]:
    domain = p.domain(ctx.params)
    return domain, domain.ace + "."


async def create_zone(ctx: RegistrarContext, domain: p.DomainName) -> None:
    """`ModifyDomain INTERNALDNS=1`: the registry creates the zone and connects the domain
    (docs/module-behaviour.md §9.1)."""
    reply = await send(ctx, {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace, "INTERNALDNS": 1})
    ensure(
        reply,
        message=lambda r: f"Creating the DNS zone failed: ({r.code} {r.description})",
    )
    ctx.activity(f"{domain.name}: DNS zone created")


async def zone_records(
    ctx: RegistrarContext, domain: p.DomainName, zone: str, *, create: bool
) -> list[str] | None:
    """The zone's RR lines (EXTENDED), None when the zone does not exist and `create` is off."""
    command = {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": zone, "EXTENDED": 1}
    reply = await send(ctx, command)
    if reply.code == ZONE_MISSING:
        if not create:
            return None
        await create_zone(ctx, domain)
        reply = await send(ctx, command)
    return ensure(reply).column("RR")


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


def _shown(hostname: str, rtype: str, address: str, priority: str, ttl: str) -> dict[str, str]:
    return {"hostname": hostname, "type": rtype, "address": address, "priority": priority, "ttl": ttl}


def _host_shown(target: str) -> str:
    """Targets are sent absolute (`mx.example.net.`); the form shows them as typed, without the root dot."""
    return target if target == "." else target.rstrip(".")


def show_record(line: str, zone: str) -> dict[str, str] | None:
    """One RR as a WHMCS DNS row; None for what the DNS page does not manage (NS, SOA, X-SMTP ...)."""
    parts = split_rr(line)
    if parts is None:
        return None
    owner, ttl, rtype, data = parts
    host = relative_owner(owner, zone)
    ttl = ttl or str(v.DEFAULT_TTL)
    if rtype == "A" and host.startswith(MXE_PREFIX):
        return None  # the helper record behind an MXE row (shown as the MXE row itself)
    if rtype in ("A", "AAAA") and len(data) == 1:
        return _shown(host, rtype, data[0], "", ttl)
    if rtype == "CNAME" and len(data) == 1:
        return _shown(host, rtype, _host_shown(data[0]), "", ttl)
    if rtype == "TXT" and data:
        return _shown(host, rtype, " ".join(data), "", ttl)
    if rtype == "SRV" and len(data) == 4:
        return _shown(host, rtype, " ".join([*data[1:3], _host_shown(data[3])]), data[0], ttl)
    if rtype == "MX" and len(data) == 2:
        match = _MXE_HOST.match(data[1].lower())
        if match:
            return _shown(host, "MXE", ".".join(match.groups()), data[0], ttl)
        return _shown(host, "MX", _host_shown(data[1]), data[0], ttl)
    if rtype == "X-HTTP" and data:
        path = data.pop(0) if data[0].startswith("/") else ""
        if len(data) == 2 and data[0].upper() in _SHOWN_FORWARDS:
            return _shown(host + path, _SHOWN_FORWARDS[data[0].upper()], data[1], "", ttl)
    return None


@operation("GetDNS")
async def get_dns(ctx: RegistrarContext) -> Result:
    domain, zone = zone_of(ctx)
    lines = await zone_records(ctx, domain, zone, create=p.flag(ctx.params, "dnsmanagement"))
    rows = [row for line in lines or [] if (row := show_record(line, zone)) is not None]
    for index, row in enumerate(rows):
        row["recid"] = str(index)
    return Result(kind=ResultKind.ARRAY, value=rows)


# ---- SaveDNS ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRecord:
    owner: str
    ttl: int
    rtype: str
    rdata: str

    def text(self) -> str:
        return f"{self.owner} {self.ttl} IN {self.rtype} {self.rdata}"


def _priority(raw: str) -> str:
    return "" if raw.strip().lower() in _NA else raw.strip()


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


def plan_record(row: Mapping[str, Any], *, zone: str, field: str) -> list[PlannedRecord]:
    """The RRs for one submitted DNS row (MXE gives two); InvalidInput names row and field."""
    raw_host = p.text(row, "hostname")
    address = v.plain(p.text(row, "address"), field=f"{field}[address]", what=f"{field}: address")
    rtype = p.text(row, "type").upper()
    priority = _priority(p.text(row, "priority"))
    ttl = v.ttl(p.text(row, "ttl"), field=f"{field}[ttl]", what=f"{field}: TTL")
    path = ""
    if rtype in WEB_FORWARDS and "/" in raw_host:
        raw_host, path = raw_host.split("/", 1)
        path = "/" + v.plain(path, field=f"{field}[hostname]", what=f"{field}: path")
        if " " in path:
            raise InvalidInput(f"{field}: the path must not contain blanks", field=f"{field}[hostname]")
    owner = v.record_owner(
        raw_host, zone=zone.rstrip("."), field=f"{field}[hostname]", what=f"{field}: hostname"
    )
    what = f"{field} ({raw_host} {rtype}): address"
    addr_field = f"{field}[address]"
    if not address.strip():
        # plan_zone skips blank rows (WHMCS's "new" row); a row that reaches here must say something.
        raise InvalidInput(f"{what} is empty", field=addr_field)
    if rtype == "A":
        return [PlannedRecord(owner, ttl, "A", v.ipv4(address, field=addr_field, what=what))]
    if rtype == "AAAA":
        return [PlannedRecord(owner, ttl, "AAAA", v.ipv6(address, field=addr_field, what=what))]
    if rtype == "CNAME":
        target = v.hostname(address, field=addr_field, what=what)
        return [PlannedRecord(owner, ttl, "CNAME", target + ".")]
    if rtype == "TXT":
        if address.count('"') % 2:
            raise InvalidInput(f"{what} has an unbalanced quote", field=addr_field)
        return [PlannedRecord(owner, ttl, "TXT", address)]
    if rtype == "MX":
        pref, host = _mx_parts(address, priority, field=field)
        target = v.hostname(host, field=addr_field, what=what)
        return [PlannedRecord(owner, ttl, "MX", f"{pref} {target}.")]
    if rtype == "MXE":
        pref, host = _mx_parts(address, priority, field=field)
        ip = v.ipv4(host, field=addr_field, what=what)
        helper = MXE_PREFIX + ip.replace(".", "-")
        return [
            PlannedRecord(owner, ttl, "MX", f"{pref} {helper}.{zone}"),
            PlannedRecord(helper, ttl, "A", ip),
        ]
    if rtype == "SRV":
        words = address.split()
        prio = v.number(
            priority or "0",
            field=f"{field}[priority]",
            what=f"{field}: SRV priority",
            low=0,
            high=v.MAX_UINT16,
        )
        if len(words) != 3:
            raise InvalidInput(f"{field}: SRV address must be 'weight port target'", field=addr_field)
        weight = v.number(words[0], field=addr_field, what=f"{field}: SRV weight", low=0, high=v.MAX_UINT16)
        port = v.number(words[1], field=addr_field, what=f"{field}: SRV port", low=0, high=v.MAX_UINT16)
        target = "." if words[2] == "." else v.hostname(words[2], field=addr_field, what=what) + "."
        return [PlannedRecord(owner, ttl, "SRV", f"{prio} {weight} {port} {target}")]
    if rtype in WEB_FORWARDS:
        target = v.web_target(address, field=addr_field, what=what)
        rdata = " ".join(part for part in (path, WEB_FORWARDS[rtype], target) if part)
        return [PlannedRecord(owner, ttl, "X-HTTP", rdata)]
    known = ", ".join(("A", "AAAA", "MX", "MXE", "CNAME", "TXT", "SRV", "URL", "FRAME"))
    raise InvalidInput(
        f"{field}: unknown record type {rtype[:20]!r} (one of {known})", field=f"{field}[type]"
    )


def plan_zone(rows: list[Any], zone: str) -> list[PlannedRecord]:
    """Every submitted row validated, rows WHMCS adds empty skipped, duplicates dropped, CNAMEs checked."""
    planned: list[PlannedRecord] = []
    seen: set[tuple[str, str, str]] = set()
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InvalidInput(f"dnsrecords[{index}] is not a record", field=f"dnsrecords[{index}]")
        # The empty "new" row, and rows the client blanked to delete them (docs/module-behaviour.md §9.1:
        # hostname or address empty).
        if not p.text(row, "hostname") or not p.text(row, "address"):
            continue
        for record in plan_record(row, zone=zone, field=f"dnsrecords[{index}]"):
            key = (record.owner, record.rtype, record.rdata.lower())
            if key not in seen:
                seen.add(key)
                planned.append(record)
    per_owner: dict[str, list[str]] = {}
    for record in planned:
        if record.rtype != "X-HTTP":  # web forwards are pseudo records, served beside real data
            per_owner.setdefault(record.owner, []).append(record.rtype)
    for owner, types in per_owner.items():
        if "CNAME" in types and len(types) > 1:
            raise InvalidInput(
                f"{owner}: a CNAME record cannot share its host name with other records", field="dnsrecords"
            )
    return planned


async def update_zone(
    ctx: RegistrarContext, domain: p.DomainName, zone: str, *, delete: list[str], add: list[str]
) -> None:
    """UpdateDNSZone replacing the records matching the `delete` patterns by the `add` lines; a missing zone
    (545) is created and the update sent once more (docs/module-behaviour.md §9.1)."""
    command: dict[str, object] = {
        "COMMAND": "UpdateDNSZone",
        "DNSZONE": zone,
        "RESOLVETTLCONFLICTS": 1,
        "INCSERIAL": 1,
        "EXTENDED": 1,
    }
    command.update({f"DELRR{i}": pattern for i, pattern in enumerate(delete)})
    command.update({f"ADDRR{i}": line for i, line in enumerate(add)})
    reply = await send(ctx, command)
    if reply.code == ZONE_MISSING:
        await create_zone(ctx, domain)
        reply = await send(ctx, command)
    ensure(reply)


@operation("SaveDNS")
async def save_dns(ctx: RegistrarContext) -> Result:
    domain, zone = zone_of(ctx)
    planned = plan_zone(items(ctx.params.get("dnsrecords")), zone)
    delete = [f"% {rtype}" for rtype in OWNED_TYPES]
    await update_zone(ctx, domain, zone, delete=delete, add=[record.text() for record in planned])
    ctx.activity(f"{domain.name}: DNS zone updated ({len(planned)} records)")
    return array({"success": "success"})


# ---- e-mail forwarding -----------------------------------------------------------------------------


def show_forward(line: str) -> dict[str, str] | None:
    parts = split_rr(line)
    if parts is None:
        return None
    _owner, _ttl, rtype, data = parts
    if rtype != "X-SMTP" or len(data) != 3 or data[1].upper() != "MAILFORWARD":
        return None
    prefix = data[0][:-1] if data[0].endswith("@") else data[0]
    return {"prefix": prefix or "*", "forwardto": data[2]}


@operation("GetEmailForwarding")
async def get_email_forwarding(ctx: RegistrarContext) -> Result:
    domain, zone = zone_of(ctx)
    lines = await zone_records(ctx, domain, zone, create=False)
    return Result(
        kind=ResultKind.ARRAY, value=[row for line in lines or [] if (row := show_forward(line)) is not None]
    )


def _unwrapped(value: object) -> list[Any]:
    """`prefix`/`forwardto` lists; some WHMCS versions nest the whole list in the first element
    (docs/module-behaviour.md §9.2)."""
    found = items(value)
    if len(found) == 1 and isinstance(found[0], list | Mapping):
        return items(found[0])
    return found


def plan_forwards(params: Mapping[str, Any]) -> list[str]:
    prefixes = _unwrapped(params.get("prefix"))
    targets = _unwrapped(params.get("forwardto"))
    records: list[str] = []
    for index in range(max(len(prefixes), len(targets))):
        raw_prefix = str(prefixes[index] if index < len(prefixes) and prefixes[index] is not None else "")
        raw_target = str(targets[index] if index < len(targets) and targets[index] is not None else "")
        if not raw_target.strip():
            continue  # the empty new row, or a forward the client blanked to remove it
        if not raw_prefix.strip():
            raise InvalidInput(
                f"prefix[{index}]: enter a mailbox name or * for all addresses", field=f"prefix[{index}]"
            )
        prefix = v.mail_prefix(raw_prefix, field=f"prefix[{index}]", what=f"prefix[{index}]")
        target = v.email(raw_target, field=f"forwardto[{index}]", what=f"forwardto[{index}]")
        record = f"@ X-SMTP {prefix}@ MAILFORWARD {target}"
        if record not in records:
            records.append(record)
    return records


@operation("SaveEmailForwarding")
async def save_email_forwarding(ctx: RegistrarContext) -> Result:
    domain, zone = zone_of(ctx)
    records = plan_forwards(ctx.params)
    await update_zone(ctx, domain, zone, delete=["@ X-SMTP"], add=records)
    ctx.activity(f"{domain.name}: e-mail forwarding updated ({len(records)} forwards)")
    return array({"success": "success"})
