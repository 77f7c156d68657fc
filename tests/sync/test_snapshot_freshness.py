"""When a snapshot row is too old to answer for its domain: the bridge's own money
operations after the refresh, and holds decided on registry data rather than on the snapshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.db.models import JournalState, OperationJournal
from app.db.session import Database
from app.registrar.base import ModuleConfig
from app.registrar.status.domain_sync import sync
from app.registry import Backend
from app.sync import service, snapshot
from app.sync.account import account_for
from app.sync.sql_stores import SqlSnapshots
from sandbox.controls import seed_domains
from sandbox.core import Sandbox
from sandbox.protocol import ENTITY_LIVE
from tests.sync.conftest import LOGIN, Counting, context, services

URL = "http://127.0.0.1/api/call.cgi"


def _account() -> str:
    return account_for(ModuleConfig(username=LOGIN), ispapi_url=URL)


def _journal(db: Database, domain: str, *, state: JournalState, at: datetime, function: str) -> None:
    def write(session: Any) -> None:
        with session.begin():
            session.add(
                OperationJournal(
                    request_id=f"req-{function}-{state}",
                    idempotency_key=f"key-{domain}-{function}-{state}-{at.timestamp()}",
                    function=function,
                    domain=domain,
                    state=state.value,
                    outcome=None,
                    created_at=at,
                    updated_at=at,
                    attempts=1,
                )
            )

    with db.sessions() as session:
        write(session)


async def _seeded(sandbox: Sandbox, client: Counting, db: Database) -> str:
    seed_domains(sandbox, 3)
    await service.refresh(db=db, client=client, account=_account())
    return sorted(n for n in sandbox.worlds[ENTITY_LIVE].domains if n.startswith("seed"))[0]


def _read(db: Database, name: str, names: tuple[str, ...] = ()) -> snapshot.SnapshotRow:
    with db.engine.connect() as connection:
        _, row = snapshot.read(connection, account=_account(), domain=name, names=names)
    assert row is not None
    return row


@pytest.mark.parametrize(
    ("state", "offset", "expected"),
    [
        (JournalState.SUCCEEDED, timedelta(minutes=5), True),  # renewed after the refresh: look closely
        (JournalState.UNKNOWN, timedelta(minutes=5), True),  # may have happened: look closely
        (JournalState.STARTED, timedelta(minutes=5), True),
        (JournalState.FAILED, timedelta(minutes=5), False),  # changed nothing at the registry
        (JournalState.SUCCEEDED, timedelta(minutes=-5), False),  # before the refresh: the row has it
    ],
)
async def test_money_operation_after_the_refresh_makes_the_row_need_a_check(
    sandbox: Sandbox, client: Counting, db: Database, state: JournalState, offset: timedelta, expected: bool
) -> None:
    name = await _seeded(sandbox, client, db)
    fetched = datetime.now(UTC)
    assert _read(db, name).needs_check is False
    _journal(db, name, state=state, at=fetched + offset, function="RenewDomain")
    assert _read(db, name).needs_check is expected


async def test_journal_under_the_unicode_name_counts_too(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    name = await _seeded(sandbox, client, db)
    _journal(db, "other-form-of-" + name, state=JournalState.SUCCEEDED, at=datetime.now(UTC), function="X")
    assert _read(db, name).needs_check is False
    assert _read(db, name, names=("other-form-of-" + name,)).needs_check is True


async def test_sync_after_a_bridge_renewal_asks_the_registry(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    name = await _seeded(sandbox, client, db)
    sld, tld = name.split(".", 1)
    params = {"domain": name, "sld": sld, "tld": tld, "domainid": 7}
    svc = services(db, client)
    await sync(context("Sync", params, client=client, services=svc))
    assert "StatusDomain" not in client.count()  # answered from the snapshot
    _journal(db, name, state=JournalState.SUCCEEDED, at=datetime.now(UTC), function="RenewDomain")
    await sync(context("Sync", params, client=client, services=svc))
    assert client.count()["StatusDomain"] == 1


async def test_hold_is_decided_on_the_registry_dates_not_on_the_snapshot(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    """The snapshot says expired (renewed elsewhere since): the registry's future date wins, no hold."""
    name = await _seeded(sandbox, client, db)
    past = datetime.now(UTC) - timedelta(days=5)
    values = {"expiration_date": past, "paid_until_date": past, "finalization_date": past, "status": "ACTIVE"}
    with db.sessions() as session:
        snapshot.update_row(session, account=_account(), domain=name, values=values)
    sld, tld = name.split(".", 1)
    params = {"domain": name, "sld": sld, "tld": tld, "domainid": 7}
    ctx = context(
        "Sync", params, client=client, services=services(db, client), config={"SuspendAfterExpiration": "on"}
    )
    result = await sync(ctx)
    assert client.count()["StatusDomain"] == 1
    assert "ModifyDomain" not in client.count()
    assert result.value["expirydate"] > datetime.now(UTC).date().isoformat()


async def test_without_the_setting_an_expired_row_still_answers_from_the_snapshot(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    name = await _seeded(sandbox, client, db)
    past = datetime.now(UTC) - timedelta(days=5)
    values = {"expiration_date": past, "paid_until_date": past, "finalization_date": past}
    with db.sessions() as session:
        snapshot.update_row(session, account=_account(), domain=name, values=values)
    sld, tld = name.split(".", 1)
    params = {"domain": name, "sld": sld, "tld": tld, "domainid": 7}
    result = await sync(context("Sync", params, client=client, services=services(db, client)))
    assert "StatusDomain" not in client.count()
    assert result.value["expirydate"] == past.date().isoformat()


async def test_a_renewal_mode_sync_changed_is_kept_in_the_row_until_the_next_refresh(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    """The row carries the listed mode; SqlSnapshots.update writes the one Sync set (docs/cnr-renewals.md)."""
    name = await _seeded(sandbox, client, db)
    listed = sandbox.worlds[ENTITY_LIVE].domains[name].renewal_mode
    assert listed and _read(db, name).renewal_mode == listed
    store = SqlSnapshots(db, _account(), lambda: client, backend=Backend.ISPAPI, ttl_seconds=3600)
    await store.update(name, renewal_mode="AUTOEXPIRE")
    assert _read(db, name).renewal_mode == "AUTOEXPIRE"
    await service.refresh(db=db, client=client, account=_account())
    assert _read(db, name).renewal_mode == listed  # the registry's list decides again
