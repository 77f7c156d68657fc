"""Exactly-once money operations on every database backend (app/journal.py, registrar/base.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import anyio
import pytest
from sqlalchemy import select, update

from app.api.envelope import Result
from app.db.models import OperationJournal
from app.db.session import Database
from app.errors import OperationInProgress, OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.journal import SqlJournal
from app.log import Masker
from app.metrics import Metrics
from app.registrar.base import array


class Calls:
    """An execute/reconcile pair that counts how often each ran."""

    def __init__(self, *, result: Result | None = None, reconciled: Result | None = None) -> None:
        self.executed = 0
        self.reconciled = 0
        self.reconcile_started_at: datetime | None = None
        self.result = result or array({"success": True})
        self.reconcile_answer = reconciled
        self.fail_with: Exception | None = None

    async def execute(self) -> Result:
        self.executed += 1
        if self.fail_with is not None:
            raise self.fail_with
        return self.result

    async def reconcile(self, started_at: datetime) -> Result | None:
        self.reconciled += 1
        self.reconcile_started_at = started_at
        return self.reconcile_answer


async def run(journal: SqlJournal, calls: Calls, key: str | None = "key-1") -> Result:
    return await journal.run_money_operation(
        function="RegisterDomain",
        domain="example.com",
        idempotency_key=key,
        execute=calls.execute,
        reconcile=calls.reconcile,
    )


def rows(database: Database) -> list[OperationJournal]:
    with database.sessions() as session:
        return list(session.execute(select(OperationJournal).order_by(OperationJournal.id)).scalars())


def set_state(database: Database, key: str, state: str, *, age: timedelta = timedelta(0)) -> None:
    with database.sessions() as session:
        session.execute(
            update(OperationJournal)
            .where(OperationJournal.idempotency_key == key)
            .values(state=state, updated_at=datetime.now(UTC) - age)
        )
        session.commit()


@pytest.fixture
def journal(database: Database) -> SqlJournal:
    return SqlJournal(database, request_id="req-00000001", metrics=Metrics())


async def test_first_run_executes_and_records_intent_then_outcome(
    journal: SqlJournal, database: Database
) -> None:
    seen_states: list[str] = []
    calls = Calls()

    async def execute() -> Result:
        # The intent row exists BEFORE the upstream call is made.
        seen_states.extend(row.state for row in rows(database))
        return await Calls.execute(calls)

    calls.execute = execute  # type: ignore[method-assign]
    result = await run(journal, calls)
    assert result == array({"success": True})
    assert seen_states == ["started"]
    (row,) = rows(database)
    assert (row.state, row.attempts, row.function, row.domain) == (
        "succeeded",
        1,
        "RegisterDomain",
        "example.com",
    )
    assert row.request_id == "req-00000001" and row.idempotency_key == "key-1"
    assert Result.model_validate_json(row.outcome or "") == result
    assert row.created_at.tzinfo is not None and row.updated_at >= row.created_at


async def test_repeat_returns_the_recorded_outcome_without_executing(
    journal: SqlJournal, database: Database
) -> None:
    first = Calls(result=array({"success": True, "orderid": "1"}))
    await run(journal, first)
    again = Calls(result=array({"success": True, "orderid": "2"}))
    result = await run(journal, again)
    assert result.value == {"success": True, "orderid": "1"}
    assert again.executed == 0 and again.reconciled == 0
    assert rows(database)[0].attempts == 1


async def test_unknown_then_reconcile_says_done_does_not_execute(
    journal: SqlJournal, database: Database
) -> None:
    lost = Calls()
    lost.fail_with = OutcomeUnknown("reply lost")
    with pytest.raises(OutcomeUnknown):
        await run(journal, lost)
    (row,) = rows(database)
    assert row.state == "unknown" and json.loads(row.outcome or "")["error"]["code"] == "OUTCOME_UNKNOWN"

    retry = Calls(reconciled=array({"success": True, "reconciled": True}))
    result = await run(journal, retry)
    assert result.value == {"success": True, "reconciled": True}
    assert retry.reconciled == 1 and retry.executed == 0
    assert retry.reconcile_started_at == row.created_at  # the first attempt's start, for MINDATE
    (row,) = rows(database)
    assert row.state == "succeeded" and row.attempts == 2
    # ...and from now on the reconciled outcome is simply returned.
    third = Calls()
    assert (await run(journal, third)).value == {"success": True, "reconciled": True}
    assert third.executed == third.reconciled == 0


async def test_unknown_then_reconcile_says_not_done_executes(journal: SqlJournal, database: Database) -> None:
    lost = Calls()
    lost.fail_with = OutcomeUnknown("reply lost")
    with pytest.raises(OutcomeUnknown):
        await run(journal, lost)
    retry = Calls(reconciled=None)
    result = await run(journal, retry)
    assert result == array({"success": True})
    assert retry.reconciled == 1 and retry.executed == 1
    assert rows(database)[0].state == "succeeded"


async def test_failing_reconcile_leaves_the_row_unknown(journal: SqlJournal, database: Database) -> None:
    set_up = Calls()
    set_up.fail_with = OutcomeUnknown("reply lost")
    with pytest.raises(OutcomeUnknown):
        await run(journal, set_up)

    class Broken(Calls):
        async def reconcile(self, started_at: datetime) -> Result | None:
            raise UpstreamUnavailable("registry down")

    broken = Broken()
    with pytest.raises(UpstreamUnavailable):
        await run(journal, broken)
    assert broken.executed == 0 and rows(database)[0].state == "unknown"


async def test_stale_started_row_is_reconciled(journal: SqlJournal, database: Database) -> None:
    await run(journal, Calls())
    # A process died mid-call long ago: the row stayed "started".
    set_state(database, "key-1", "started", age=timedelta(hours=1))
    retry = Calls(reconciled=None)
    await run(journal, retry)
    assert retry.reconciled == 1 and retry.executed == 1


async def test_failed_executes_again(journal: SqlJournal, database: Database) -> None:
    refused = Calls()
    refused.fail_with = RegistryRejected("Invalid contact", registry_code=505)
    with pytest.raises(RegistryRejected):
        await run(journal, refused)
    (row,) = rows(database)
    assert row.state == "failed"
    assert json.loads(row.outcome or "") == {
        "error": {"message": "Invalid contact", "code": "REGISTRY_REJECTED", "retryable": False}
    }
    fixed = Calls()
    assert await run(journal, fixed) == array({"success": True})
    assert fixed.executed == 1 and fixed.reconciled == 0
    (row,) = rows(database)
    assert row.state == "succeeded" and row.attempts == 2


async def test_an_old_succeeded_key_is_a_new_order_not_a_retry(
    journal: SqlJournal, database: Database
) -> None:
    # The same WHMCS domain record registered again after it expired and was deleted: same key.
    await run(journal, Calls(result=array({"success": True, "orderid": "1"})))
    set_state(database, "key-1", "succeeded", age=timedelta(days=31))
    again = Calls(result=array({"success": True, "orderid": "2"}))
    result = await run(journal, again)
    assert again.executed == 1 and again.reconciled == 0
    assert result.value == {"success": True, "orderid": "2"}
    (row,) = rows(database)
    assert row.state == "succeeded" and row.attempts == 2
    # Its reply lost, a retry reconciles from the new order's start, not the old one's.
    assert datetime.now(UTC) - row.created_at < timedelta(minutes=1)


async def test_a_recent_succeeded_key_is_replayed(journal: SqlJournal, database: Database) -> None:
    await run(journal, Calls(result=array({"success": True, "orderid": "1"})))
    set_state(database, "key-1", "succeeded", age=timedelta(days=29))
    retry = Calls(result=array({"success": True, "orderid": "2"}))
    assert (await run(journal, retry)).value == {"success": True, "orderid": "1"}
    assert retry.executed == 0


async def test_a_failed_key_executes_again_with_a_new_start(journal: SqlJournal, database: Database) -> None:
    refused = Calls()
    refused.fail_with = RegistryRejected("Invalid contact", registry_code=505)
    with pytest.raises(RegistryRejected):
        await run(journal, refused)
    with database.sessions() as session:
        session.execute(update(OperationJournal).values(created_at=datetime.now(UTC) - timedelta(hours=5)))
        session.commit()
    lost = Calls()
    lost.fail_with = OutcomeUnknown("reply lost")
    with pytest.raises(OutcomeUnknown):
        await run(journal, lost)
    retry = Calls(reconciled=array({"success": True}))
    await run(journal, retry)
    assert retry.reconcile_started_at is not None
    assert datetime.now(UTC) - retry.reconcile_started_at < timedelta(minutes=1)


async def test_unexpected_exception_is_recorded_unknown(journal: SqlJournal, database: Database) -> None:
    calls = Calls()
    calls.fail_with = RuntimeError("bug")
    with pytest.raises(RuntimeError):
        await run(journal, calls)
    assert rows(database)[0].state == "unknown"


async def test_no_key_executes_and_is_journalled_under_a_generated_key(
    journal: SqlJournal, database: Database
) -> None:
    first, second = Calls(), Calls()
    await run(journal, first, key=None)
    await run(journal, second, key=None)
    assert first.executed == second.executed == 1
    keys = [row.idempotency_key for row in rows(database)]
    assert len(keys) == 2 and len(set(keys)) == 2 and all(k.startswith("auto:") for k in keys)


async def test_concurrent_calls_with_the_same_key_execute_once(
    journal: SqlJournal, database: Database
) -> None:
    gate = anyio.Event()
    executed = 0
    outcomes: list[object] = []

    async def execute() -> Result:
        nonlocal executed
        executed += 1
        await gate.wait()  # hold the key while the other attempt arrives
        return array({"success": True})

    async def attempt() -> None:
        try:
            outcomes.append(
                await journal.run_money_operation(
                    function="RegisterDomain",
                    domain="example.com",
                    idempotency_key="race",
                    execute=execute,
                    reconcile=Calls().reconcile,
                )
            )
        except OperationInProgress as exc:
            outcomes.append(exc)

    async with anyio.create_task_group() as group:
        group.start_soon(attempt)
        group.start_soon(attempt)
        with anyio.fail_after(10):
            while len(outcomes) < 1:
                await anyio.sleep(0.01)
        gate.set()
    assert executed == 1
    errors = [o for o in outcomes if isinstance(o, OperationInProgress)]
    assert len(errors) == 1 and errors[0].retryable and errors[0].code == "OPERATION_IN_PROGRESS"


async def test_two_processes_racing_on_one_key_execute_once(db_url: str) -> None:
    """Two independent engines (as two bridge processes would have) start the same order at once."""
    databases = [Database.from_url(db_url) for _ in range(2)]
    executed = 0
    results: list[str] = []
    both_claimed = anyio.Event()

    async def execute() -> Result:
        nonlocal executed
        executed += 1
        # Held until the other attempt was refused (an event, not a clock); the bound only ends a broken run.
        with anyio.move_on_after(30):
            await both_claimed.wait()
        return array({"success": True})

    async def attempt(db: Database, request_id: str) -> None:
        journal = SqlJournal(db, request_id=request_id)
        try:
            await journal.run_money_operation(
                function="RenewDomain",
                domain="example.org",
                idempotency_key="race-2",
                execute=execute,
                reconcile=Calls().reconcile,
            )
            results.append("executed")
        except OperationInProgress:
            results.append("in progress")
            both_claimed.set()

    try:
        with anyio.fail_after(60):
            async with anyio.create_task_group() as group:
                for index, db in enumerate(databases):
                    group.start_soon(attempt, db, f"req-{index:08d}")
    finally:
        for db in databases:
            db.dispose()
    assert executed == 1 and sorted(results) == ["executed", "in progress"]


async def test_outcome_never_holds_secrets(database: Database) -> None:
    journal = SqlJournal(database, request_id="req-00000002", masker=Masker(["s3cret-ispapi-pw"]))
    leaky = Calls(
        result=array({"success": True, "eppcode": "Epp-Code-9f8e7d", "note": "pw s3cret-ispapi-pw"})
    )
    result = await run(journal, leaky, key="secret-key")
    assert result.value["eppcode"] == "Epp-Code-9f8e7d"  # the live caller still gets its answer
    (row,) = rows(database)
    assert "Epp-Code-9f8e7d" not in (row.outcome or "") and "s3cret-ispapi-pw" not in (row.outcome or "")
    assert json.loads(row.outcome or "")["value"] == {"success": True, "eppcode": "***", "note": "pw ***"}


async def test_metrics_count_journal_decisions(database: Database) -> None:
    metrics = Metrics()
    journal = SqlJournal(database, request_id="req-00000003", metrics=metrics)
    await run(journal, Calls())
    await run(journal, Calls())
    assert metrics.value("bridge_journal_outcomes_total", outcome="execute") == 1
    assert metrics.value("bridge_journal_outcomes_total", outcome="succeeded") == 1
    assert metrics.value("bridge_journal_outcomes_total", outcome="return") == 1
