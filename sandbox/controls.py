"""Test controls of a sandbox (issue 3 item 5): faults, latency, seeding, accounts, forcing pending work.

Faults are decided per call by the HTTP layer (sandbox/app.py):

* `temporary`   answer 421, nothing done;
* `dropped`     the connection breaks before the command runs (nothing done, client sees a transport error);
* `reply_lost`  the command runs and changes state, then the connection breaks (transport error);
* `slow`        the reply comes after an extra delay (`slow_ms`).

Probabilities apply globally or per command; `Faults.next(command=..., kind=...)` queues a one-shot fault
for tests. The random source is seeded, so a run with the same seed fails the same calls.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.commands.account import make_role
from sandbox.domains import add_months, random_auth, refresh_dates
from sandbox.errors import SandboxError
from sandbox.protocol import ENTITY_LIVE
from sandbox.state import Account, Application, Contact, Domain, Transfer

if TYPE_CHECKING:
    from sandbox.core import Sandbox

FAULT_KINDS = ("temporary", "dropped", "reply_lost", "slow")


MAX_SEED_DOMAINS = 2_000_000


class ControlError(SandboxError):
    """A control request that cannot be carried out (unknown fault kind, unknown object ...)."""


@dataclass
class Faults:
    """Fault probabilities (global and per command) plus one-shot faults queued by tests."""

    probabilities: dict[str, float] = field(default_factory=dict)
    per_command: dict[str, dict[str, float]] = field(default_factory=dict)  # COMMAND -> kind -> p
    slow_ms: int = 1500
    seed: int = 0
    _queue: list[tuple[str | None, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def reseed(self, seed: int) -> None:
        self.seed = seed
        self._random = random.Random(seed)

    def set(self, kind: str, probability: float, *, command: str | None = None) -> None:
        _check_kind(kind)
        if not 0.0 <= probability <= 1.0:
            raise ControlError(f"fault probability must be within 0..1, got {probability}")
        target = self.per_command.setdefault(command.upper(), {}) if command else self.probabilities
        target[kind] = probability

    def next(self, *, kind: str, command: str | None = None) -> None:
        """Make the next call (of `command`, or any call) fail with `kind`, once."""
        _check_kind(kind)
        with self._lock:
            self._queue.append((command.upper() if command else None, kind))

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
        self.probabilities.clear()
        self.per_command.clear()

    def pick(self, command: str) -> str | None:
        """The fault for this call, if any: a queued one-shot first, then the probabilities."""
        name = command.upper()
        with self._lock:
            for i, (wanted, kind) in enumerate(self._queue):
                if wanted is None or wanted == name:
                    del self._queue[i]
                    return kind
            table = {**self.probabilities, **self.per_command.get(name, {})}
            for kind in FAULT_KINDS:
                p = table.get(kind, 0.0)
                if p > 0 and self._random.random() < p:
                    return kind
        return None


@dataclass
class Latency:
    """Delay before every reply (ms), globally and per command."""

    default_ms: int = 0
    per_command: dict[str, int] = field(default_factory=dict)

    def for_command(self, command: str) -> int:
        return self.per_command.get(command.upper(), self.default_ms)


def _check_kind(kind: str) -> None:
    if kind not in FAULT_KINDS:
        raise ControlError(f"unknown fault kind {kind!r} (one of {', '.join(FAULT_KINDS)})")


def parse_fault(text: str) -> tuple[str, float, str | None]:
    """CLI `--fault KIND=P` or `--fault COMMAND:KIND=P` -> (kind, p, command)."""
    spec, sep, value = text.partition("=")
    if not sep:
        raise ControlError(f"--fault wants KIND=P or COMMAND:KIND=P, got {text!r}")
    command, _, kind = spec.rpartition(":")
    try:
        probability = float(value)
    except ValueError as exc:
        raise ControlError(f"fault probability is not a number: {value!r}") from exc
    _check_kind(kind.strip())
    return kind.strip(), probability, command.strip() or None


# ---- seeding ----

SEED_TLDS = (
    "com",
    "net",
    "org",
    "info",
    "de",
    "eu",
    "co.uk",
    "biz",
    "us",
    "ca",
    "fr",
    "it",
    "nl",
    "shop",
    "xyz",
)
SEED_STATUSES = ("ACTIVE",) * 17 + ("ACTIVE clientHold",) * 2 + ("PENDINGDELETE",)
SEED_MODES = ("DEFAULT", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE")


def _running_term(created: datetime, now: datetime, *, years: int) -> datetime:
    """The expiration of a domain created at `created` for `years`, renewed yearly until it lies ahead."""
    expiration = add_months(created, 12 * years)
    while expiration < now:
        expiration = add_months(expiration, 12)
    return expiration


def seed_domains(sandbox: Sandbox, n: int, *, entity: str = ENTITY_LIVE, login: str | None = None) -> int:
    """Add `n` deterministic domains (varied TLDs, dates, statuses, locks) to `login`'s account, fast."""
    if n < 0:
        raise ControlError("n must not be negative")
    if n > MAX_SEED_DOMAINS:
        # A typo like 1e12 would otherwise hold the engine lock for hours.
        raise ControlError(f"n must be at most {MAX_SEED_DOMAINS:,} per call")
    with sandbox.lock:
        world = sandbox.worlds.get(entity)
        if world is None:
            raise ControlError(f"unknown entity {entity!r}")
        owner = login or sandbox.config.login
        if owner not in world.accounts:
            raise ControlError(f"unknown account {owner!r}")
        now = sandbox.clock.now()
        handle = f"P-SEED{owner.upper()[:8]}"
        world.contacts.setdefault(
            handle,
            Contact(
                handle=handle,
                owner=owner,
                created_at=now,
                updated_at=now,
                verified=True,
                fields={
                    "FIRSTNAME": "Seed",
                    "LASTNAME": "Owner",
                    "STREET0": "1 Seed Street",
                    "CITY": "Berlin",
                    "ZIP": "10115",
                    "COUNTRY": "DE",
                    "PHONE": "+49.301234567",
                    "EMAIL": "seed@example.net",
                },
            ),
        )
        infos = [info for info in (sandbox.catalogue.get(tld) for tld in SEED_TLDS) if info is not None]
        if not infos:
            raise ControlError("the catalogue offers none of the seed TLDs")
        contacts = {
            role: [handle] for role in ("OWNERCONTACT", "ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT")
        }
        start = len(world.domains)
        added = 0
        i = start
        while added < n:
            info = infos[i % len(infos)]
            name = f"seed{i:07d}-{owner.lower()}.{info.name}"
            i += 1
            if name in world.domains:
                continue
            created = now - timedelta(days=30 + (i * 7919) % 2000, seconds=(i * 104729) % 86400)
            years = 1 + (i % 5)
            expiration = _running_term(created, now, years=years)
            status = SEED_STATUSES[i % len(SEED_STATUSES)].split()
            domain = Domain(
                name=name,
                owner=owner,
                tld_class=info.tld_class,
                repository=info.repository,
                status=status,
                created_at=created,
                updated_at=created + timedelta(days=i % 30),
                expiration_date=expiration,
                paid_until_date=add_months(expiration, 12) if i % 11 == 0 else expiration,
                renewal_mode=SEED_MODES[i % len(SEED_MODES)],
                transfer_lock=i % 3 == 0,
                auth_code=f"Seed-{i:07d}-Auth",
                nameservers=[f"ns1.{name}", "ns2.sandbox-dns.net"],
                contacts=contacts,
                suspended="clientHold" in status,
            )
            if "PENDINGDELETE" in status:
                domain.failure_date = now + timedelta(days=1)
            else:
                refresh_dates(domain)
            world.domains[name] = domain
            added += 1
        for ticker in sandbox.tickers:
            rescan = getattr(ticker, "rescan", None)
            if rescan is not None:
                rescan()
        return added


# ---- accounts, role users, foreign domains ----


def add_account(
    sandbox: Sandbox,
    login: str,
    password: str,
    *,
    entity: str | None = None,
    currency: str = "USD",
    balance: str = "100000.00",
    parent: str | None = None,
) -> None:
    """A second reseller (or a subuser when `parent` is given), in one or both entities."""
    with sandbox.lock:
        for ent, world in sandbox.worlds.items():
            if entity is not None and ent != entity:
                continue
            if login in world.accounts:
                raise ControlError(f"account {login!r} exists")
            world.accounts[login] = Account(
                login=login, password=password, currency=currency, balance=Decimal(balance), parent=parent
            )


def add_role_user(
    sandbox: Sandbox,
    login: str,
    role: str,
    password: str,
    *,
    allow: list[str] | None = None,
    entity: str | None = None,
) -> None:
    """A role user `login!role`; `allow` lists the commands it may run (None = every command)."""
    with sandbox.lock:
        for ent, world in sandbox.worlds.items():
            if entity is not None and ent != entity:
                continue
            account = world.accounts.get(login)
            if account is None:
                raise ControlError(f"unknown account {login!r}")
            acl = [f"{name}():ALLOW" for name in allow] if allow is not None else []
            user = make_role(
                role,
                password,
                acl,
                default_policy="DENY" if allow is not None else "ALLOW",
                created_at=sandbox.clock.now(),
            )
            if allow is None:
                user.allowed_commands = None
            account.roles[role] = user


def add_foreign_domain(
    sandbox: Sandbox,
    name: str,
    *,
    auth: str | None = None,
    entity: str = ENTITY_LIVE,
    age_days: int = 400,
    locked: bool = False,
) -> str:
    """A domain "at another registrar" (owner FOREIGN) for inbound transfer tests; returns its auth code."""
    from sandbox.commands.transfer import FOREIGN

    with sandbox.lock:
        world = sandbox.worlds[entity]
        info = sandbox.catalogue.for_domain(name)
        if info is None:
            raise ControlError(f"TLD of {name!r} not in the catalogue")
        if name in world.domains:
            raise ControlError(f"{name!r} exists")
        now = sandbox.clock.now()
        created = now - timedelta(days=age_days)
        expiration = _running_term(created, now, years=1)
        domain = Domain(
            name=name,
            owner=FOREIGN,
            tld_class=info.tld_class,
            repository=info.repository,
            created_at=created,
            updated_at=created,
            expiration_date=expiration,
            auth_code=auth or random_auth(),
            transfer_lock=locked,
            nameservers=["ns1.foreign-registrar.example", "ns2.foreign-registrar.example"],
        )
        refresh_dates(domain)
        world.domains[name] = domain
        return domain.auth_code


def finish_transfer(
    sandbox: Sandbox, domain: str, *, success: bool = True, entity: str = ENTITY_LIVE
) -> None:
    """Complete (or fail) a pending transfer now."""
    from sandbox.commands.transfer import complete_transfer

    with sandbox.lock:
        world = sandbox.worlds[entity]
        transfer: Transfer | None = world.transfers.get(domain.lower())
        if transfer is None:
            raise ControlError(f"no pending transfer of {domain!r}")
        transfer.outcome = "SUCCESS" if success else "FAIL"
        transfer.failure_reason = "" if success else "domain transfer failed (control)"
        complete_transfer(world, transfer, sandbox.clock.now())


def finish_application(
    sandbox: Sandbox, application: int, *, success: bool = True, entity: str = ENTITY_LIVE
) -> None:
    """Decide a pending application now."""
    from sandbox.commands.application import decide_application

    with sandbox.lock:
        world = sandbox.worlds[entity]
        app: Application | None = world.applications.get(int(application))
        if app is None or app.status not in ("REQUESTED", "ACTIVE"):
            raise ControlError(f"no pending application {application!r}")
        app.outcome = "SUCCESSFUL" if success else "FAILED"
        decide_application(world, app, sandbox.clock.now(), catalogue=sandbox.catalogue)


def verify_registrant(sandbox: Sandbox, domain: str, *, entity: str = ENTITY_LIVE) -> None:
    with sandbox.lock:
        found = sandbox.worlds[entity].domains.get(domain.lower())
        if found is None or not found.registrant_verification:
            raise ControlError(f"no registrant verification for {domain!r}")
        found.registrant_verification["STATUS"] = "VERIFIED"
        found.suspended = False
