"""Deterministic seed domains for benchmarks and tests (varied TLDs, dates, statuses, locks), added fast."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sandbox.errors import ControlError
from sandbox.state import CONTACT_ROLES, Contact, Domain, World
from sandbox.world.dates import add_months, refresh_dates

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue, TldInfo

MAX_SEED_DOMAINS = 2_000_000
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
_SEED_CONTACT = {
    "FIRSTNAME": "Seed",
    "LASTNAME": "Owner",
    "STREET0": "1 Seed Street",
    "CITY": "Berlin",
    "ZIP": "10115",
    "COUNTRY": "DE",
    "PHONE": "+49.301234567",
    "EMAIL": "seed@example.net",
}


def running_term(created: datetime, now: datetime, *, years: int) -> datetime:
    """The expiration of a domain created at `created` for `years`, renewed yearly until it lies ahead."""
    expiration = add_months(created, 12 * years)
    while expiration < now:
        expiration = add_months(expiration, 12)
    return expiration


def check_count(n: int) -> None:
    if n < 0:
        raise ControlError("n must not be negative")
    if n > MAX_SEED_DOMAINS:
        # A typo like 1e12 would otherwise hold the engine lock for hours.
        raise ControlError(f"n must be at most {MAX_SEED_DOMAINS:,} per call")


def seed_world(
    world: World, n: int, *, owner: str, now: datetime, catalogue: Catalogue, prefix: str = "seed"
) -> int:
    """Add `n` domains named `<prefix><i>-<owner>.<tld>` to `owner` in `world`; returns how many."""
    check_count(n)
    if owner not in world.accounts:
        raise ControlError(f"unknown account {owner!r}")
    handle = f"P-{prefix.upper()}{owner.upper()[:8]}"
    world.contacts.setdefault(
        handle,
        Contact(
            handle=handle,
            owner=owner,
            created_at=now,
            updated_at=now,
            verified=True,
            fields=dict(_SEED_CONTACT),
        ),
    )
    infos = [info for info in (catalogue.get(tld) for tld in SEED_TLDS) if info is not None]
    if not infos:
        raise ControlError("the catalogue offers none of the seed TLDs")
    contacts = {role: [handle] for role in CONTACT_ROLES}
    added, i = 0, len(world.domains)
    while added < n:
        info = infos[i % len(infos)]
        name = f"{prefix}{i:07d}-{owner.lower()}.{info.name}"
        i += 1
        if name in world.domains:
            continue
        world.domains[name] = seed_domain(name, i, info, owner=owner, now=now, contacts=contacts)
        added += 1
    return added


def seed_domain(
    name: str, i: int, info: TldInfo, *, owner: str, now: datetime, contacts: dict[str, list[str]]
) -> Domain:
    """The `i`-th seed domain: its dates, status, renewal mode and lock follow from `i` alone."""
    created = now - timedelta(days=30 + (i * 7919) % 2000, seconds=(i * 104729) % 86400)
    expiration = running_term(created, now, years=1 + (i % 5))
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
    return domain
