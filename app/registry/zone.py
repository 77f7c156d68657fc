"""The zone family of the registry port: nameservers, private nameservers (hosts), DNS records, forwards,
DNSSEC, Web Apps.

Values are plain DNS facts: records in presentation form (owner relative to the zone, host names in the
rdata absolute), forwards by host and target, DS and DNSKEY records as their presentation texts
(`keytag alg digesttype digest`, `flags protocol alg pubkey`). How a registry stores them (ISPAPI's
pseudo records X-HTTP/X-SMTP in the zone, CNR's separate forward objects) is the adapter's business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class DnsRecord:
    """One resource record of a domain's zone.

    `owner` is relative to the zone (`@` for the apex, `www`); `ttl` None means the registry gave none (its
    default applies); `rdata` is the presentation form with host names absolute (`10 mx.example.net.`).
    """

    owner: str
    ttl: int | None
    rtype: str
    rdata: str

    def text(self) -> str:
        """`owner ttl IN TYPE rdata`, the line both registry APIs take (no TTL: left out)."""
        ttl = "" if self.ttl is None else f" {self.ttl}"
        return f"{self.owner}{ttl} IN {self.rtype} {self.rdata}"


class ForwardKind(StrEnum):
    """How a web forward shows its target."""

    REDIRECT = "REDIRECT"  # the browser is sent to the target (HTTP redirect)
    FRAME = "FRAME"  # the target is shown inside a frame under the domain's own address


@dataclass(frozen=True)
class WebForward:
    """Web requests for `host` (relative to the zone, `@` the apex) and, if set, below `path` (`/docs`) go to
    `target` (an http(s) URL)."""

    host: str
    kind: ForwardKind
    target: str
    path: str = ""
    ttl: int | None = None


@dataclass(frozen=True)
class MailForward:
    """Mail to `<prefix>@<domain>` goes to `target`; an empty prefix is the catch-all (every address)."""

    prefix: str
    target: str


# What the DNS page manages of a zone, in the registry's order: records and web forwards.
ZoneEntry = DnsRecord | WebForward


@dataclass(frozen=True)
class GlueHost:
    """A private nameserver (a host object under one of the account's domains) and its addresses."""

    name: str
    ips: tuple[str, ...]


@dataclass(frozen=True)
class Dnssec:
    """A domain's DNSSEC data at the registry: DS and DNSKEY records as presentation texts, and the maximum
    signature lifetime in seconds ("" when none is set or the registry has no such setting)."""

    ds: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    max_sig_life: str = ""


@dataclass(frozen=True)
class WebAppLink:
    """Connecting Web App `app` (an id of the operations' catalogue) with the values its records need
    (`extra`: form field -> value); `replaces`: ids of connected apps of the same kind to remove first."""

    app: str
    extra: Mapping[str, str]
    replaces: tuple[str, ...] = ()


class ZonePort(Protocol):
    """Intents of this family (app/registrar/zone/ calls them; app/backends/*/zone.py implement them)."""

    # Whether the registry has a maximum signature lifetime setting (the DNSSEC page offers the field).
    max_sig_life_offered: bool

    async def nameservers(self, domain: str) -> list[str]:
        """The domain's delegation, in the registry's order."""
        ...

    async def set_nameservers(self, domain: str, hosts: Sequence[str], *, create_zone: bool | None) -> None:
        """Replace the delegation; `create_zone`: also make sure the registrar's DNS zone exists (WHMCS's
        DNS management add-on is on); None: say nothing about the zone (the registry's default). A
        registry that first wants complete contacts says so in its refusal (CONTACTS_FIRST)."""
        ...

    # ---- DNS zone and forwards

    async def dns_zone(self, domain: str, *, missing_ok: bool = True) -> list[ZoneEntry] | None:
        """The records and web forwards of the domain's zone; None when the registry has no zone for it
        (`missing_ok` off: that is an error like any refusal)."""
        ...

    async def create_dns_zone(self, domain: str) -> None:
        """Create the registrar's DNS zone of the domain (with the registry's default records)."""
        ...

    async def replace_dns(
        self, domain: str, entries: Sequence[ZoneEntry], *, missing_ok: bool = True
    ) -> bool:
        """Make the zone's records of the types in MANAGED_TYPES and its web forwards exactly `entries`;
        other records (NS, mail forwards, Web Apps) stay. False, with nothing changed, when the zone does
        not exist (`missing_ok` off: that is an error like any refusal)."""
        ...

    async def mail_forwards(self, domain: str, *, missing_ok: bool = True) -> list[MailForward] | None:
        """The domain's mail forwards; None when the registry keeps them in a zone that does not exist."""
        ...

    async def replace_mail_forwards(
        self, domain: str, forwards: Sequence[MailForward], *, missing_ok: bool = True
    ) -> bool:
        """Make the domain's mail forwards exactly `forwards`. False, with nothing changed, when the
        registry keeps them in a zone that does not exist (`missing_ok` off: an error)."""
        ...

    # ---- DNSSEC

    async def dnssec(self, domain: str) -> Dnssec:
        """The DS and DNSKEY records the registry holds for the domain."""
        ...

    async def set_dnssec(self, domain: str, wanted: Dnssec, current: Dnssec) -> str:
        """Replace both lists (an empty list removes every record of its kind; `current` is what `dnssec`
        just read) and set the maximum signature lifetime when one is given; returns the registry's
        confirmation. A registry without a maxSigLife setting refuses a non-empty one with InvalidInput
        (NO_MAX_SIG_LIFE) before sending anything."""
        ...

    # ---- private nameservers

    async def add_host(self, host: str, ips: Sequence[str]) -> None:
        """Create the private nameserver `host` (ACE) with its addresses."""
        ...

    async def change_host_ip(self, host: str, old: str, new: str) -> None:
        """Replace the address `old` of `host` by `new`."""
        ...

    async def delete_host(self, host: str) -> None: ...

    async def glue_hosts(self, domain: str) -> list[GlueHost]:
        """The private nameservers the registry lists under the domain, with their addresses."""
        ...

    # ---- Web Apps (zone records of a hosted service, connected per domain)

    async def web_apps_allowed(self) -> bool:
        """True when the account may connect Web Apps; a registry without the service refuses
        (NO_WEB_APPS)."""
        ...

    async def connected_web_apps(self, domain: str) -> list[str] | None:
        """Ids of the Web Apps connected to the domain's zone; None when the zone does not exist."""
        ...

    async def connect_web_app(self, domain: str, link: WebAppLink, *, create_zone: bool) -> None:
        """Add the app's records (after removing those of `link.replaces`) and remember its extra values;
        `create_zone`: the zone does not exist yet and is created first."""
        ...

    async def disconnect_web_app(self, domain: str, app: str) -> None:
        """Remove exactly what connecting the app added."""
        ...


# Record types SaveDNS owns: their records are replaced by the submitted list (docs/module-behaviour.md §9.1).
MANAGED_TYPES = ("A", "AAAA", "CNAME", "TXT", "MX", "SRV")

CONTACTS_FIRST = "Please update contact data first to be able to update nameserver data."
# What the DNSSEC page and the Web Apps page say where the registry has no such feature.
NO_MAX_SIG_LIFE = (
    "This registry has no maximum signature lifetime (maxSigLife) setting; leave the field empty."
)
NO_WEB_APPS = "Web Apps are a HEXONET service; CentralNic Reseller has no equivalent."
