"""The zone family of the port (app/registry/zone.py) in HEXONET ISPAPI commands (docs/ispapi-wire.md).

ISPAPI keeps web and mail forwards inside the DNS zone `<domain>.` as the pseudo record types X-HTTP and
X-SMTP, which need `EXTENDED=1` (docs/module-behaviour.md §9.1, §9.2); the registrar's zone is made with
`ModifyDomain INTERNALDNS=1`. Web Apps live in app/backends/ispapi/webapps.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.backends.ispapi.webapps import allowed, connect, connected, disconnect
from app.backends.replies import call, code_and_description, ensure
from app.backends.rr import parse_rr
from app.ispapi import Response
from app.registry import RegistryCaller
from app.registry.zone import (
    CONTACTS_FIRST,
    DnsRecord,
    Dnssec,
    ForwardKind,
    GlueHost,
    MailForward,
    WebAppLink,
    WebForward,
    ZoneEntry,
)

# 504 "TOO FEW ... CONTACTS": the registry wants complete contacts before a nameserver change
# (docs/module-behaviour.md §13.5: the message meant for it never fired in the original module).
_MISSING_CONTACTS = re.compile(r"TOO FEW .*CONTACTS", re.IGNORECASE)
ZONE_MISSING = 545
# The types SaveDNS replaces, web forwards (X-HTTP) among them; mail forwards (X-SMTP) and Web App aliases
# stay (docs/module-behaviour.md §9.1).
REPLACED_TYPES = ("A", "AAAA", "CNAME", "TXT", "MX", "X-HTTP", "SRV")
# Every zone write: TTL conflicts inside an RRset resolved, serial increased, pseudo records visible.
_UPDATE = {"COMMAND": "UpdateDNSZone", "RESOLVETTLCONFLICTS": 1, "INCSERIAL": 1, "EXTENDED": 1}


def zone_of(domain: str) -> str:
    return domain + "."


def _web_forward(record: DnsRecord) -> WebForward | None:
    """`[/path] REDIRECT|FRAME target` of an X-HTTP record; None for another shape."""
    data = record.rdata.split()
    path = data.pop(0) if data and data[0].startswith("/") else ""
    if len(data) != 2 or data[0].upper() not in ForwardKind.__members__:
        return None
    return WebForward(record.owner, ForwardKind(data[0].upper()), data[1], path=path, ttl=record.ttl)


def zone_entry(line: str, zone: str) -> ZoneEntry | None:
    """A listed line as the DNS page's entry: a record, a web forward, or None (mail forwards, Web App
    aliases and other pseudo records)."""
    record = parse_rr(line, zone)
    if record is None:
        return None
    if record.rtype == "X-HTTP":
        return _web_forward(record)
    return None if record.rtype.startswith("X-") else record


def entry_line(entry: ZoneEntry) -> str:
    """The ADDRR line of a record or web forward."""
    if isinstance(entry, DnsRecord):
        return entry.text()
    rdata = " ".join(part for part in (entry.path, entry.kind.value, entry.target) if part)
    return DnsRecord(entry.host, entry.ttl, "X-HTTP", rdata).text()


def mail_forward(line: str) -> MailForward | None:
    """`@ X-SMTP <prefix>@ MAILFORWARD <target>` as a forward; None for any other line."""
    record = parse_rr(line, "")
    data = record.rdata.split() if record is not None and record.rtype == "X-SMTP" else []
    if len(data) != 3 or data[1].upper() != "MAILFORWARD":
        return None
    return MailForward(data[0][:-1] if data[0].endswith("@") else data[0], data[2])


def dnssec_change(domain: str, wanted: Dnssec, current: Dnssec) -> dict[str, object]:
    """One ModifyDomain replacing both lists; an emptied list is sent as DELSECDNS-* of the current records
    (DNSKEY too, which 5.1.12 could not do: docs/module-behaviour.md §13.5)."""
    command: dict[str, object] = {"COMMAND": "ModifyDomain", "DOMAIN": domain}
    for kind, texts, existing in (("DS", wanted.ds, current.ds), ("KEY", wanted.keys, current.keys)):
        if texts:
            command.update({f"SECDNS-{kind}{i}": text for i, text in enumerate(texts)})
        else:
            kept = [x for x in existing if x.strip()]
            command.update({f"DELSECDNS-{kind}{i}": text for i, text in enumerate(kept)})
    if wanted.max_sig_life:
        command["SECDNS-MAXSIGLIFE"] = wanted.max_sig_life
    return command


class IspapiZone:
    max_sig_life_offered = True

    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def nameservers(self, domain: str) -> list[str]:
        reply = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return reply.column("NAMESERVER")

    async def set_nameservers(self, domain: str, hosts: Sequence[str], *, create_zone: bool | None) -> None:
        command: dict[str, object] = {
            "COMMAND": "ModifyDomain",
            "DOMAIN": domain,
            **{f"NAMESERVER{i}": host for i, host in enumerate(hosts)},
        }
        if create_zone is not None:
            # INTERNALDNS=1 creates the registrar's DNS zone with the change (docs/module-behaviour.md §3.9).
            command["INTERNALDNS"] = 1 if create_zone else 0
        ensure(
            await call(self._caller, command),
            message=lambda r: (
                CONTACTS_FIRST if r.code == 504 and _MISSING_CONTACTS.search(r.description) else r.description
            ),
        )

    # ---- DNS zone and forwards

    async def _zone_lines(self, domain: str, *, missing_ok: bool) -> list[str] | None:
        command = {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": zone_of(domain), "EXTENDED": 1}
        reply = await call(self._caller, command)
        if missing_ok and reply.code == ZONE_MISSING:
            return None
        return ensure(reply).column("RR")

    async def dns_zone(self, domain: str, *, missing_ok: bool = True) -> list[ZoneEntry] | None:
        lines = await self._zone_lines(domain, missing_ok=missing_ok)
        if lines is None:
            return None
        zone = zone_of(domain)
        return [entry for line in lines if (entry := zone_entry(line, zone)) is not None]

    async def create_dns_zone(self, domain: str) -> None:
        """`ModifyDomain INTERNALDNS=1`: the registry creates the zone and connects the domain
        (docs/module-behaviour.md §9.1)."""
        reply = await call(self._caller, {"COMMAND": "ModifyDomain", "DOMAIN": domain, "INTERNALDNS": 1})
        ensure(reply, message=lambda r: f"Creating the DNS zone failed: ({r.code} {r.description})")

    async def _update(self, domain: str, delete: Sequence[str], add: Sequence[str], missing_ok: bool) -> bool:
        command: dict[str, object] = {**_UPDATE, "DNSZONE": zone_of(domain)}
        command.update({f"DELRR{i}": pattern for i, pattern in enumerate(delete)})
        command.update({f"ADDRR{i}": line for i, line in enumerate(add)})
        reply = await call(self._caller, command)
        if missing_ok and reply.code == ZONE_MISSING:
            return False
        ensure(reply)
        return True

    async def replace_dns(
        self, domain: str, entries: Sequence[ZoneEntry], *, missing_ok: bool = True
    ) -> bool:
        delete = [f"% {rtype}" for rtype in REPLACED_TYPES]  # wildcard DELRR: every record of the type
        return await self._update(domain, delete, [entry_line(e) for e in entries], missing_ok)

    async def mail_forwards(self, domain: str, *, missing_ok: bool = True) -> list[MailForward] | None:
        lines = await self._zone_lines(domain, missing_ok=missing_ok)
        if lines is None:
            return None
        return [forward for line in lines if (forward := mail_forward(line)) is not None]

    async def replace_mail_forwards(
        self, domain: str, forwards: Sequence[MailForward], *, missing_ok: bool = True
    ) -> bool:
        add = [f"@ X-SMTP {f.prefix}@ MAILFORWARD {f.target}" for f in forwards]
        return await self._update(domain, ["@ X-SMTP"], add, missing_ok)

    # ---- DNSSEC

    async def dnssec(self, domain: str) -> Dnssec:
        status = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return Dnssec(
            ds=tuple(status.column("SECDNS-DS")),
            keys=tuple(k for k in status.column("SECDNS-KEY") if k.strip()),
            max_sig_life=status.first("SECDNS-MAXSIGLIFE"),
        )

    async def set_dnssec(self, domain: str, wanted: Dnssec, current: Dnssec) -> str:
        return ensure(await call(self._caller, dnssec_change(domain, wanted, current))).description

    # ---- private nameservers

    async def _host_command(self, command: dict[str, object]) -> Response:
        return ensure(await call(self._caller, command))

    async def add_host(self, host: str, ips: Sequence[str]) -> None:
        ips_sent = {f"IPADDRESS{i}": ip for i, ip in enumerate(ips)}
        await self._host_command({"COMMAND": "AddNameserver", "NAMESERVER": host, **ips_sent})

    async def change_host_ip(self, host: str, old: str, new: str) -> None:
        await self._host_command(
            {"COMMAND": "ModifyNameserver", "NAMESERVER": host, "DELIPADDRESS0": old, "ADDIPADDRESS0": new}
        )

    async def delete_host(self, host: str) -> None:
        await self._host_command({"COMMAND": "DeleteNameserver", "NAMESERVER": host})

    async def glue_hosts(self, domain: str) -> list[GlueHost]:
        """`StatusDomain HOSTTYPE=ATTRIBUTE` lists each host below the domain as `name ip ip ...`."""
        command = {"COMMAND": "StatusDomain", "DOMAIN": domain, "HOSTTYPE": "ATTRIBUTE"}
        entries = [entry.split() for entry in ensure(await call(self._caller, command)).column("HOST")]
        return [GlueHost(words[0], tuple(words[1:])) for words in entries if words]

    # ---- Web Apps

    async def web_apps_allowed(self) -> bool:
        return await allowed(self._caller)

    async def connected_web_apps(self, domain: str) -> list[str] | None:
        return await connected(self._caller, zone_of(domain))

    async def connect_web_app(self, domain: str, link: WebAppLink, *, create_zone: bool) -> None:
        if create_zone:
            reply = await call(self._caller, {"COMMAND": "ModifyDomain", "DOMAIN": domain, "INTERNALDNS": 1})
            ensure(reply, message=lambda r: f"Creating DNSZone failed: ({code_and_description(r)})")
        await connect(self._caller, zone_of(domain), link)

    async def disconnect_web_app(self, domain: str, app: str) -> None:
        await disconnect(self._caller, zone_of(domain), app)
