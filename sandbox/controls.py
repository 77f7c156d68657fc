"""Test controls of a sandbox: seeding, accounts, role users, foreign domains, forcing pending work.

Faults and latency live in sandbox/faults.py (one set per registry system); the transitions a control
forces (a transfer or application decided now) are the world's own (sandbox/world/).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.errors import ControlError
from sandbox.faults import FAULT_KINDS, Faults, Latency, parse_fault
from sandbox.protocol import ENTITY_LIVE, ENTITY_OTE
from sandbox.registry import COMMANDS
from sandbox.state import Account, Application, Domain, Transfer
from sandbox.systems import CNR, CNR_OTE
from sandbox.world.applications import decide_application
from sandbox.world.dates import random_auth, refresh_dates
from sandbox.world.migration import Migration, migrate
from sandbox.world.roles import make_role
from sandbox.world.seeding import running_term
from sandbox.world.transfers import FOREIGN, complete_transfer

if TYPE_CHECKING:
    from sandbox.core import Sandbox


# ---- seeding ----


__all__ = ["FAULT_KINDS", "ControlError", "Faults", "Latency", "parse_fault", "seed_domains"]


def seed_domains(sandbox: Sandbox, n: int, *, entity: str = ENTITY_LIVE, login: str | None = None) -> int:
    """Add `n` deterministic domains to `login`'s account (sandbox/world/seeding.py)."""
    return sandbox.seed_domains(n, entity=entity, login=login)


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
                known_commands=COMMANDS,
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
    with sandbox.lock:
        world = sandbox.worlds[entity]
        info = sandbox.catalogue.for_domain(name)
        if info is None:
            raise ControlError(f"TLD of {name!r} not in the catalogue")
        if name in world.domains:
            raise ControlError(f"{name!r} exists")
        now = sandbox.clock.now()
        created = now - timedelta(days=age_days)
        expiration = running_term(created, now, years=1)
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


def migrate_account(sandbox: Sandbox, login: str, cnr_login: str, *, entity: str = ENTITY_LIVE) -> Migration:
    """Move `login`'s ISPAPI domains (LIVE, or OT&E with entity 1234) into the CNR system of the same kind,
    owned by `cnr_login` (sandbox/world/migration.py)."""
    target = {ENTITY_LIVE: CNR, ENTITY_OTE: CNR_OTE}.get(entity)
    if target is None:
        raise ControlError(f"unknown ISPAPI entity {entity!r}")
    with sandbox.lock:
        result = migrate(
            sandbox.worlds[entity],
            sandbox.worlds[target],
            login=login,
            cnr_login=cnr_login,
            now=sandbox.clock.now(),
        )
        sandbox.lifecycle.rescan()
        return result
