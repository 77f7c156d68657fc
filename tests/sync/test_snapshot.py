"""Domain snapshot: refresh against the in-process sandbox, Sync answers from it and agrees with
the per-domain answers, single-flight refreshes, staleness, fallbacks, Suspend after Expiration and Sync
Id Protection."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.db.models import RefreshState
from app.db.session import Database
from app.registrar.base import ModuleConfig
from app.registrar.status.domain_sync import sync
from app.sync import lock, service, snapshot
from app.sync.account import account_for
from sandbox.controls import seed_domains
from sandbox.core import Sandbox
from sandbox.protocol import ENTITY_LIVE
from tests.registrar.conftest import FakeIspapi, reply
from tests.sync.conftest import LOGIN, Counting, context, held_until_another_caller_waits, services

URL = "http://127.0.0.1/api/call.cgi"


def _account() -> str:
    return account_for(ModuleConfig(username=LOGIN), ispapi_url=URL)


def _domains(sandbox: Sandbox) -> list[str]:
    return sorted(name for name in sandbox.worlds[ENTITY_LIVE].domains if name.startswith("seed"))


# ---- pure parts ---------------------------------------------------------------------------------------

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DATES = {"EXPIRATIONDATE": NOW, "FINALIZATIONDATE": NOW, "PAIDUNTILDATE": NOW, "FAILUREDATE": NOW}


@pytest.mark.parametrize(
    ("status", "dates", "expected"),
    [
        ("ACTIVE", DATES, False),
        ("ACTIVE clientHold", DATES, False),
        ("ACTIVE clientTransferProhibited", DATES, False),
        ("PENDINGDELETE", DATES, False),  # answered unless its deletion is due (SnapshotRow.usable)
        ("REQUESTED", DATES, True),
        ("ACTIVE PENDINGTRANSFER", DATES, True),
        ("", DATES, True),
        ("LOCKED", DATES, True),  # nothing says active: look closely
        # docs/module-behaviour.md §7.1 cannot be computed
        ("ACTIVE", {**DATES, "FINALIZATIONDATE": None}, True),
        ("PENDINGDELETE", {**DATES, "FINALIZATIONDATE": None}, False),  # same answer as StatusDomain
    ],
)
def test_needs_check(status: str, dates: dict[str, Any], expected: bool) -> None:
    assert snapshot.needs_check(status, dates) is expected


def test_due_deletion_is_not_usable() -> None:
    row = snapshot.SnapshotRow(
        domain="a.com",
        status="PENDINGDELETE",
        expiration_date=NOW,
        paid_until_date=NOW,
        finalization_date=NOW,
        failure_date=NOW,
        whois_trustee=False,
        needs_check=False,
    )
    assert row.usable(NOW - timedelta(hours=1))
    assert not row.usable(NOW + timedelta(seconds=1))


# ---- refresh and Sync against the sandbox ------------------------------------------------------------


async def test_refresh_pages_and_stores(sandbox: Sandbox, client: Counting, db: Database) -> None:
    seed_domains(sandbox, 2300)
    outcome = await service.refresh(db=db, client=client, account=_account(), page_size=1000)
    assert outcome.outcome is lock.Outcome.RAN
    assert outcome.rows == 2300 and outcome.calls == 3
    assert client.count() == {"QueryDomainList": 3}
    sent = client.sent[0]
    assert sent["VERSION"] == 2 and sent["WIDE"] == 1 and sent["LIMIT"] == 1000
    stored = await db.run(lambda s: snapshot.domains(s, account=_account()))
    assert sorted(stored) == _domains(sandbox)


async def test_snapshot_answers_equal_per_domain_answers(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    seed_domains(sandbox, 60)
    names = _domains(sandbox)
    snap = services(db, client)
    per_domain = services(db, client, sync_mode="per-domain")
    answered_from_snapshot = 0
    for name in names:
        sld, tld = name.split(".", 1)
        params = {"domain": name, "sld": sld, "tld": tld, "domainid": 7}
        before = len(client.sent)
        from_snapshot = await sync(context("Sync", params, client=client, services=snap))
        registry_calls = [c["COMMAND"] for c in client.sent[before:]]
        if registry_calls in ([], ["QueryDomainList"]):
            answered_from_snapshot += 1
        direct = await sync(context("Sync", params, client=client, services=per_domain))
        assert from_snapshot.value == direct.value, name
        expiry = direct.value.get("expirydate")
        assert expiry is None or (len(expiry) == 10 and not expiry.startswith("1970")), name

    def read_all(connection: Any) -> list[tuple[Any, snapshot.SnapshotRow | None]]:
        return [snapshot.read(connection, account=_account(), domain=n) for n in names]

    rows = await db.quick(read_all)
    usable = [row for _, row in rows if row is not None and not row.needs_check]
    # Every seeded domain (active, on hold, scheduled for deletion) is answered from the snapshot alone.
    assert answered_from_snapshot == len(usable) == len(names)
    assert client.count()["QueryDomainList"] == 1  # the first Sync built the snapshot, nobody else
    assert client.count()["StatusDomain"] == len(names) + len(names) - len(usable)


async def test_unknown_domain_goes_per_domain(sandbox: Sandbox, client: Counting, db: Database) -> None:
    seed_domains(sandbox, 5)
    ctx = context(
        "Sync",
        {"domain": "not-mine-at-all.com", "sld": "not-mine-at-all", "tld": "com"},
        client=client,
        services=services(db, client),
    )
    result = await sync(ctx)
    assert "StatusDomain" in client.count()
    assert result.value == {"transferredAway": True} or "expired" in result.value


async def test_two_concurrent_refreshes_make_one_set_of_calls(
    sandbox: Sandbox, client: Counting, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_domains(sandbox, 1500)
    gated = held_until_another_caller_waits(client, monkeypatch)
    first, second = await asyncio.gather(
        service.refresh(db=db, client=gated, account=_account(), page_size=1000),
        service.refresh(db=db, client=gated, account=_account(), page_size=1000),
    )
    assert sorted([first.outcome, second.outcome]) == [lock.Outcome.RAN, lock.Outcome.WAITED]
    assert client.count() == {"QueryDomainList": 2}  # two pages, once


async def test_stale_snapshot_answers_and_refreshes_in_background(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    seed_domains(sandbox, 3)
    await service.refresh(db=db, client=client, account=_account())
    old = datetime.now(UTC) - timedelta(hours=2)

    def age(session: Any) -> None:
        with session.begin():
            session.query(RefreshState).update({"refreshed_at": old})

    await db.run(age)
    name = _domains(sandbox)[0]
    sld, tld = name.split(".", 1)
    result = await sync(
        context(
            "Sync", {"domain": name, "sld": sld, "tld": tld}, client=client, services=services(db, client)
        )
    )
    assert "expirydate" in result.value
    await service.wait_for_background()
    assert client.count() == {"QueryDomainList": 2}  # the initial refresh and the background one
    refreshed = await db.quick(lambda c: snapshot.read(c, account=_account(), domain=name))
    assert refreshed[0] is not None and refreshed[0] > old


async def test_failed_refresh_keeps_nothing_and_syncs_per_domain(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    seed_domains(sandbox, 3)
    sandbox.faults.set("temporary", 1.0, command="QueryDomainList")
    name = _domains(sandbox)[0]
    sld, tld = name.split(".", 1)
    result = await sync(
        context(
            "Sync", {"domain": name, "sld": sld, "tld": tld}, client=client, services=services(db, client)
        )
    )
    assert "expirydate" in result.value
    assert client.count()["StatusDomain"] == 1


def test_lock_expired_lease_is_taken_over(db: Database) -> None:
    now = datetime.now(UTC)
    with db.sessions() as session:
        assert lock.try_acquire(session, name="x", owner="a", lease_seconds=60, now=now)
    with db.sessions() as session:
        assert not lock.try_acquire(session, name="x", owner="b", lease_seconds=60, now=now)
    with db.sessions() as session:
        assert lock.try_acquire(
            session, name="x", owner="b", lease_seconds=60, now=now + timedelta(minutes=2)
        )
    with db.sessions() as session:
        lock.release(session, name="x", owner="a")  # not a's any more: no effect
        assert lock.holder(session, name="x", now=now + timedelta(minutes=2)) == "b"


# ---- Suspend after Expiration, Sync Id Protection (scripted registry, real database) -----------------


def _status(expiry: datetime, *, status: str = "ACTIVE", trustee: str = "0") -> str:
    stamp = expiry.strftime("%Y-%m-%d %H:%M:%S")
    return reply(
        EXPIRATIONDATE=stamp,
        FINALIZATIONDATE=stamp,
        PAIDUNTILDATE=stamp,
        FAILUREDATE=(expiry + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S"),
        STATUS=status.split(),
        cols={"X-ACCEPT-WHOISTRUSTEE-TAC": trustee},
    )


PARAMS = {"domain": "example.com", "sld": "example", "tld": "com", "domainid": 3}


async def test_suspend_after_expiration_once_and_lift_after_renewal(db: Database) -> None:
    fake = FakeIspapi()
    past, future = datetime.now(UTC) - timedelta(days=3), datetime.now(UTC) + timedelta(days=360)
    fake.on(
        "StatusDomain",
        _status(past),
        _status(past, status="ACTIVE clientHold"),
        _status(future, status="ACTIVE clientHold"),
    )
    fake.on("ModifyDomain", reply())
    svc = services(db, fake, sync_mode="per-domain")
    config = {"SuspendAfterExpiration": "on"}
    first = context("Sync", dict(PARAMS), client=fake, services=svc, config=config)
    result = await sync(first)
    assert result.value["expired"] is True
    assert fake.last("ModifyDomain")["ADDSTATUS0"] == "clientHold"
    assert any("suspended" in line for line in first.effects.activity)
    await sync(context("Sync", dict(PARAMS), client=fake, services=svc, config=config))  # already on hold
    assert fake.commands().count("ModifyDomain") == 1
    renewed = context("Sync", dict(PARAMS), client=fake, services=svc, config=config)
    assert (await sync(renewed)).value["expired"] is False
    assert fake.last("ModifyDomain")["DELSTATUS0"] == "clientHold"
    assert fake.commands().count("ModifyDomain") == 2


async def test_foreign_hold_is_never_lifted(db: Database) -> None:
    fake = FakeIspapi()
    future = datetime.now(UTC) + timedelta(days=100)
    fake.on("StatusDomain", _status(future, status="ACTIVE clientHold"))
    svc = services(db, fake, sync_mode="per-domain")
    await sync(
        context("Sync", dict(PARAMS), client=fake, services=svc, config={"SuspendAfterExpiration": "on"})
    )
    assert "ModifyDomain" not in fake.commands()


@pytest.mark.parametrize(
    ("setting", "whmcs", "registry", "sent"),
    [
        ("on", True, "0", 1),
        ("on", False, "1", 0),  # both ways with the setting: switched off
        ("", False, "1", None),  # 5.1.12 behaviour without it: never switched off
        ("", True, "0", 1),
        ("on", True, "", None),  # the TLD has no WHOIS privacy
    ],
)
async def test_sync_id_protection(
    db: Database, setting: str, whmcs: bool, registry: str, sent: int | None
) -> None:
    fake = FakeIspapi()
    fake.on("StatusDomain", _status(datetime.now(UTC) + timedelta(days=100), trustee=registry))
    fake.on("ModifyDomain", reply())
    params = {**PARAMS, "idprotection": whmcs}
    await sync(
        context(
            "Sync",
            params,
            client=fake,
            services=services(db, fake, sync_mode="per-domain"),
            config={"SyncIDProtection": setting},
        )
    )
    if sent is None:
        assert "ModifyDomain" not in fake.commands()
    else:
        assert fake.last("ModifyDomain")["X-ACCEPT-WHOISTRUSTEE-TAC"] == sent
