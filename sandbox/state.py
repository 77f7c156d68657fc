"""The registry's state: one `World` per system entity (LIVE 54cd, OT&E 1234), as the real systems keep
separate data. Plain dataclasses so the state can be copied, compared and persisted (sandbox/persistence.py).

All times are UTC `datetime`s from the sandbox clock (never the wall clock directly), so tests can move time.
Names of domains, hosts and zones are stored lower-case ACE; zone names end with a dot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

# About 100 years either way: far enough for any lifecycle test, near enough that dates ten years past
# the simulated "now" (RenewDomain, paid-until) still fit in a datetime.
MAX_CLOCK_OFFSET_DAYS = 36_500
# The contact roles of a domain (ISPAPI parameter names; the CNR dialect maps its own onto them).
CONTACT_ROLES = ("OWNERCONTACT", "ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT")


@dataclass
class Clock:
    """Simulated time: the wall clock plus an offset that tests and the admin path can advance."""

    offset_seconds: float = 0.0
    frozen_at: datetime | None = None

    def now(self) -> datetime:
        base = self.frozen_at if self.frozen_at is not None else datetime.now(UTC)
        return (base + timedelta(seconds=self.offset_seconds)).replace(microsecond=0)

    def advance(self, *, days: float = 0, seconds: float = 0) -> datetime:
        """Move the clock; a step that is not a finite number or would take it more than
        MAX_CLOCK_OFFSET_DAYS away from today raises ValueError and leaves the clock where it was
        (an infinite or year-10000 clock would break every later command)."""
        offset = self.offset_seconds + days * 86400 + seconds
        if not math.isfinite(offset) or abs(offset) > MAX_CLOCK_OFFSET_DAYS * 86400:
            raise ValueError(f"the sandbox clock can move at most {MAX_CLOCK_OFFSET_DAYS} days from today")
        self.offset_seconds = offset
        return self.now()


@dataclass
class RoleUser:
    """`account!role` login with its own password and a command allow-list (None = every command)."""

    name: str
    password: str
    allowed_commands: set[str] | None = None  # upper-case command names
    # Descriptive fields of CreateRoleUser / StatusRoleUser (USER/CREATEROLEUSER.md).
    acl: list[str] = field(default_factory=list)
    default_policy: str = "DENY"
    status: str = "ACTIVE"
    description: str = ""
    created_at: datetime | None = None

    def may(self, command: str) -> bool:
        if self.status != "ACTIVE":
            return False
        return self.allowed_commands is None or command.upper() in self.allowed_commands


@dataclass
class Account:
    login: str
    password: str
    currency: str = "USD"
    balance: Decimal = Decimal("10000.00")  # pre-paid: a charge beyond balance + credit -> 546
    credit_limit: Decimal = Decimal("0.00")
    vat: Decimal = Decimal("0.00")
    roles: dict[str, RoleUser] = field(default_factory=dict)
    parent: str | None = None  # reseller chain (StatusUser PARENTUSER)
    active: bool = True


@dataclass
class Session:
    id: str
    login: str
    role: str | None
    created_at: datetime
    last_used_at: datetime
    timeout_seconds: int = 600
    max_ttl_seconds: int = 86400


@dataclass
class Contact:
    handle: str  # P-ABC123 (explicit) or AUTO-... (created from inline data)
    owner: str
    fields: dict[str, str] = field(default_factory=dict)  # FIRSTNAME, LASTNAME, ORGANIZATION, STREET0.., ...
    created_at: datetime | None = None
    updated_at: datetime | None = None
    status: str = "ACTIVE"
    auth: str = ""
    verified: bool = False
    auto_delete: bool = True  # CNR AUTODELETE: 0 keeps an unlinked contact (clientDeleteProhibited)
    verification_requested: bool = False  # CNR PREVERIFY: the verification e-mail went out


@dataclass
class Domain:
    name: str
    owner: str
    tld_class: str = ""
    repository: str = ""
    status: list[str] = field(default_factory=lambda: ["ACTIVE"])  # ACTIVE, REQUESTED, PENDINGDELETE, ...
    created_at: datetime | None = None
    updated_at: datetime | None = None
    expiration_date: datetime | None = None  # registry expiry
    registration_expiration_date: datetime | None = None
    paid_until_date: datetime | None = None  # HEXONET renewal system
    accounting_date: datetime | None = None
    finalization_date: datetime | None = None
    failure_date: datetime | None = None
    renewal_mode: str = "DEFAULT"
    transfer_lock: bool | None = False  # None: the TLD has no lock
    auth_code: str = ""
    nameservers: list[str] = field(default_factory=list)
    contacts: dict[str, list[str]] = field(default_factory=dict)  # OWNERCONTACT -> [handle], ...
    whois_trustee: bool = False
    internal_dns: bool = False
    secdns_ds: list[str] = field(default_factory=list)
    secdns_key: list[str] = field(default_factory=list)
    secdns_maxsiglife: str = ""
    extensions: dict[str, str] = field(default_factory=dict)  # X-... registry parameters as stored
    premium_class: str = ""
    registrant_verification: dict[str, str] = field(default_factory=dict)  # X-REGISTRANT-VERIFICATION-*
    trade_transfer_lock_until: datetime | None = None
    suspended: bool = False


@dataclass
class Host:
    """A nameserver host object (glue) under a domain of the owner."""

    name: str
    owner: str
    domain: str
    ips: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class Zone:
    name: str  # "example.com."
    owner: str
    records: list[str] = field(default_factory=list)  # "owner ttl IN TYPE rdata", incl. X-HTTP / X-SMTP
    soa_serial: int = 1
    status: str = "ACTIVE"  # ACTIVE, INACTIVE, HOLD (UpdateDNSZone STATUS)
    dnssec_mode: str = "DISABLED"  # DISABLED or AUTO (UpdateDNSZone DNSSEC-MODE)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # The other SOA fields; defaults as the registry shows them (CreateDNSZone / QueryDNSZoneRRList examples).
    soa_ttl: int = 3600
    soa_mname: str = "ns1.ispapi.net."
    soa_rname: str = ""  # "" = hostmaster.<zone>
    soa_refresh: int = 86400
    soa_retry: int = 7200
    soa_expire: int = 3600000
    soa_minttl: int = 172800


@dataclass
class Transfer:
    """An inbound transfer in progress (or an account-internal USERTRANSFER)."""

    domain: str
    requester: str
    from_owner: str | None
    auth: str
    period: str
    status: str = "REQUESTED"  # REQUESTED -> PENDING -> done (removed) / FAILED
    transfer_type: str = "INCOMING"
    created_at: datetime | None = None
    completes_at: datetime | None = None
    outcome: str = "SUCCESS"  # what the sandbox clock will do at completes_at: SUCCESS | FAIL
    failure_reason: str = ""
    nameservers: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


@dataclass
class Application:
    """A domain application (.swiss GOLIVE, premium purchase, backorder)."""

    id: int
    domain: str
    owner: str
    app_class: str
    status: str = "REQUESTED"  # REQUESTED -> ACTIVE -> SUCCESSFUL | FAILED
    created_at: datetime | None = None
    decides_at: datetime | None = None
    outcome: str = "SUCCESSFUL"
    price: str = ""
    currency: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class DeletedDomain:
    name: str
    owner: str
    deleted_at: datetime
    restorable_until: datetime | None  # None: not restorable
    expiration_date: datetime | None = None
    snapshot: Domain | None = None  # what RestoreDomain brings back


@dataclass
class Trade:
    domain: str
    requester: str
    status: str = "REQUESTED"
    old_owner_contact: str = ""
    new_owner_contact: str = ""
    created_at: datetime | None = None
    completes_at: datetime | None = None
    log: list[str] = field(default_factory=list)


@dataclass
class ObjectLogEntry:
    index: int
    date: datetime
    object_class: str  # DOMAIN, CONTACT, NAMESERVER, DNSZONE ...
    object_id: str
    operation_type: str  # CREATE, RENEW, TRANSFER, INBOUND/OUTBOUND_TRANSFER, DELETE, UPDATE, TRADE
    operation_status: str  # REQUEST, SUCCESSFUL, FAILED, PENDING
    user: str
    info: list[str] = field(default_factory=list)  # the stored request and response lines (StatusObjectLog)


@dataclass
class MailForward:
    """A CNR mail forward (AddMailFwd): mail to `source` goes to `targets`."""

    source: str  # lower-case address
    owner: str
    targets: list[str] = field(default_factory=list)
    created_at: datetime | None = None


@dataclass
class WebForward:
    """A CNR web forward (AddWebFwd): `source` host redirects (RD), frames (MRD) or serves content (SELF)."""

    source: str  # lower-case host
    owner: str
    target: str = ""
    type: str = "RD"
    created_at: datetime | None = None


@dataclass
class World:
    """Everything one system entity holds."""

    entity: str
    accounts: dict[str, Account] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    hosts: dict[str, Host] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)
    transfers: dict[str, Transfer] = field(default_factory=dict)  # pending, by domain
    applications: dict[int, Application] = field(default_factory=dict)
    deleted: dict[str, DeletedDomain] = field(default_factory=dict)
    trades: dict[str, Trade] = field(default_factory=dict)
    object_log: list[ObjectLogEntry] = field(default_factory=list)
    environment: dict[str, dict[str, str]] = field(default_factory=dict)  # "<login>|<key>" -> {name: value}
    mail_forwards: dict[str, MailForward] = field(default_factory=dict)  # CNR, by source address
    web_forwards: dict[str, WebForward] = field(default_factory=dict)  # CNR, by source host
    sequence: int = 1000  # handles, application ids, log indexes

    def next_id(self) -> int:
        self.sequence += 1
        return self.sequence

    def log_object(
        self,
        *,
        date: datetime,
        object_id: str,
        operation_type: str,
        operation_status: str,
        user: str,
        object_class: str = "DOMAIN",
        info: list[str] | None = None,
    ) -> ObjectLogEntry:
        """Append one numbered object-log entry (QueryObjectLogList/StatusObjectLog read them back)."""
        entry = ObjectLogEntry(
            index=self.next_id(),
            date=date,
            object_class=object_class,
            object_id=object_id,
            operation_type=operation_type,
            operation_status=operation_status,
            user=user,
            info=list(info or []),
        )
        self.object_log.append(entry)
        return entry
