"""The zone family of the port (app/registry/zone.py) in CentralNic Reseller commands
(docs/cnr-protocol.md).

The DNS zone is an object of its own (AddDNSZone, QueryDNSZoneRRList, ModifyDNSZone with exact DELRR#/ADDRR#
records); web and mail forwards are separate objects too (app/backends/cnr/forwards.py). DNSSEC data travel
as the domain's DNSSEC# (DNSKEY) and DNSSECDSDATA# (DS) parameters; a list is emptied by sending its first
entry empty. Private nameservers are host objects (AddNameserver ...). CNR has no Web Apps and no
maxSigLife setting: those refuse with a plain message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from app.backends.cnr import forwards
from app.backends.replies import answered, call, ensure
from app.backends.rr import parse_rr
from app.cnr.codes import Code
from app.errors import InvalidInput, RegistryRejected
from app.registry import RegistryCaller
from app.registry.zone import (
    MANAGED_TYPES,
    NO_MAX_SIG_LIFE,
    NO_WEB_APPS,
    DnsRecord,
    Dnssec,
    GlueHost,
    MailForward,
    WebAppLink,
    WebForward,
    ZoneEntry,
)

RR_PAGE = 1000  # records per QueryDNSZoneRRList page


def _changes(current: Sequence[DnsRecord], wanted: Sequence[DnsRecord]) -> tuple[list[str], list[str]]:
    """DELRR lines (current managed records not wanted) and ADDRR lines (wanted records not there yet)."""
    have = [r.text() for r in current if r.rtype in MANAGED_TYPES]
    want = [r.text() for r in wanted]
    return [t for t in have if t not in want], [t for t in want if t not in have]


def dnssec_change(domain: str, wanted: Dnssec, current: Dnssec) -> dict[str, object]:
    """One ModifyDomain replacing both lists; an emptied list is sent as its entry 0 without a value."""
    command: dict[str, object] = {"COMMAND": "ModifyDomain", "DOMAIN": domain}
    for stem, texts, existing in (
        ("DNSSECDSDATA", wanted.ds, current.ds),
        ("DNSSEC", wanted.keys, current.keys),
    ):
        if texts:
            command.update({f"{stem}{i}": text for i, text in enumerate(texts)})
        elif any(x.strip() for x in existing):
            command[f"{stem}0"] = ""
    return command


class CnrZone:
    max_sig_life_offered = False  # the domain's DNSSEC parameters carry no signature lifetime

    def __init__(self, caller: RegistryCaller) -> None:
        self._caller = caller

    async def nameservers(self, domain: str) -> list[str]:
        reply = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        return reply.column("NAMESERVER")

    async def set_nameservers(self, domain: str, hosts: Sequence[str], *, create_zone: bool | None) -> None:
        command = {
            "COMMAND": "ModifyDomain",
            "DOMAIN": domain,
            **{f"NAMESERVER{i}": host for i, host in enumerate(hosts)},
        }
        ensure(await call(self._caller, command))
        if create_zone:
            # CNR has no INTERNALDNS switch on ModifyDomain: the zone is its own object (AddDNSZone).
            await self.ensure_zone(domain)

    async def ensure_zone(self, domain: str) -> None:
        """The registrar's DNS zone of `domain`, made when there is none (also used after an order)."""
        status = answered(await call(self._caller, {"COMMAND": "StatusDNSZone", "DNSZONE": domain}))
        if status.code == Code.ENTITY_REFERENCE_NOT_FOUND:  # no zone yet
            ensure(await call(self._caller, {"COMMAND": "AddDNSZone", "DNSZONE": domain}))
        else:
            ensure(status)

    # ---- DNS zone and forwards

    async def _records(self, domain: str, *, missing_ok: bool) -> list[DnsRecord] | None:
        """Every record of the zone, page by page: replace_dns compares against all of them."""
        command = {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": domain, "FIRST": 0, "LIMIT": RR_PAGE}
        reply = await call(self._caller, command)
        if missing_ok and reply.code == Code.ENTITY_REFERENCE_NOT_FOUND:
            return None
        lines = ensure(reply).column("RR")
        while reply.column("RR") and len(lines) < reply.total:
            reply = ensure(await call(self._caller, {**command, "FIRST": len(lines)}))
            lines += reply.column("RR")
        zone = domain + "."
        return [record for line in lines if (record := parse_rr(line, zone)) is not None]

    async def dns_zone(self, domain: str, *, missing_ok: bool = True) -> list[ZoneEntry] | None:
        records = await self._records(domain, missing_ok=missing_ok)
        if records is None:
            return None
        return [*records, *await forwards.web_forwards(self._caller, domain)]

    async def create_dns_zone(self, domain: str) -> None:
        reply = await call(self._caller, {"COMMAND": "AddDNSZone", "DNSZONE": domain})
        ensure(reply, message=lambda r: f"Creating the DNS zone failed: ({r.code} {r.description})")

    async def replace_dns(
        self, domain: str, entries: Sequence[ZoneEntry], *, missing_ok: bool = True
    ) -> bool:
        web = [e for e in entries if isinstance(e, WebForward)]
        forwards.check_web_forwards(web)
        current = await self._records(domain, missing_ok=missing_ok)
        if current is None:
            return False
        delete, add = _changes(current, [e for e in entries if isinstance(e, DnsRecord)])
        if delete or add:
            command: dict[str, object] = {"COMMAND": "ModifyDNSZone", "DNSZONE": domain}
            command.update({f"DELRR{i}": line for i, line in enumerate(delete)})
            command.update({f"ADDRR{i}": line for i, line in enumerate(add)})
            ensure(await call(self._caller, command))
        await forwards.replace_web_forwards(self._caller, domain, web)
        return True

    # Mail forwards need no zone at CNR: `missing_ok` has nothing to decide.

    async def mail_forwards(self, domain: str, *, missing_ok: bool = True) -> list[MailForward] | None:
        del missing_ok
        return await forwards.mail_forwards(self._caller, domain)

    async def replace_mail_forwards(
        self, domain: str, wanted: Sequence[MailForward], *, missing_ok: bool = True
    ) -> bool:
        del missing_ok
        await forwards.replace_mail_forwards(self._caller, domain, wanted)
        return True

    # ---- DNSSEC

    async def dnssec(self, domain: str) -> Dnssec:
        status = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        keys = tuple(k for k in status.column("DNSSEC") if k.strip())
        return Dnssec(ds=tuple(status.column("DNSSECDSDATA")), keys=keys)

    async def set_dnssec(self, domain: str, wanted: Dnssec, current: Dnssec) -> str:
        if wanted.max_sig_life:
            raise InvalidInput(NO_MAX_SIG_LIFE, field="MAXSIGLIFE")
        return ensure(await call(self._caller, dnssec_change(domain, wanted, current))).description

    # ---- private nameservers

    async def add_host(self, host: str, ips: Sequence[str]) -> None:
        command = {
            "COMMAND": "AddNameserver",
            "NAMESERVER": host,
            **{f"IPADDRESS{i}": ip for i, ip in enumerate(ips)},
        }
        ensure(await call(self._caller, command))

    async def change_host_ip(self, host: str, old: str, new: str) -> None:
        command = {
            "COMMAND": "ModifyNameserver",
            "NAMESERVER": host,
            "DELIPADDRESS0": old,
            "ADDIPADDRESS0": new,
        }
        ensure(await call(self._caller, command))

    async def delete_host(self, host: str) -> None:
        ensure(await call(self._caller, {"COMMAND": "DeleteNameserver", "NAMESERVER": host}))

    async def glue_hosts(self, domain: str) -> list[GlueHost]:
        """StatusDomain lists the hosts below the domain (HOST); StatusNameserver gives each one's IPs."""
        status = ensure(await call(self._caller, {"COMMAND": "StatusDomain", "DOMAIN": domain}))
        names = [h for h in status.column("HOST") if h.strip()]
        replies = await asyncio.gather(
            *(call(self._caller, {"COMMAND": "StatusNameserver", "NAMESERVER": name}) for name in names)
        )  # asked concurrently: one round-trip time, not one per host
        return [
            GlueHost(name, tuple(ensure(r).column("IPADDRESS")))
            for name, r in zip(names, replies, strict=True)
        ]

    # ---- Web Apps: a HEXONET service without a CNR equivalent (the arguments are the port's)

    async def web_apps_allowed(self) -> bool:
        raise RegistryRejected(NO_WEB_APPS)

    async def connected_web_apps(self, domain: str) -> list[str] | None:
        del domain
        raise RegistryRejected(NO_WEB_APPS)

    async def connect_web_app(self, domain: str, link: WebAppLink, *, create_zone: bool) -> None:
        del domain, link, create_zone
        raise RegistryRejected(NO_WEB_APPS)

    async def disconnect_web_app(self, domain: str, app: str) -> None:
        del domain, app
        raise RegistryRejected(NO_WEB_APPS)
