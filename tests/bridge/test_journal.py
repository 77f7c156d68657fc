"""Exactly-once money operations on every database backend (app/journal.py, registrar/base.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import anyio
import pytest
from sqlalchemy import select, update

from app.api.envelope import Result
from app.db.models import OperationJournal
from app.db.session import Database
from app.errors import (
    IdempotencyConflict,
    OperationInProgress,
    OutcomeUnknown,
    RegistryRejected,
    UpstreamUnavailable,
)
from app.journal import SqlJournal
from app.liveness import current_owner
from app.log import Masker
from app.metrics import Metrics
from app.registrar.base import LostAttempt, array


class Calls:
    """An execute/reconcile pair that counts how often each ran."""

    def __init__(self, *, result: Result | None = None, reconciled: Result | None = None) -> None:
        self.executed = 0
        self.reconciled = 0
        self.reconcile_started_at: datetime | None = None
        self.reconcile_evidence: dict[str, str] | None = None
        self.result = result or array({"success": True})
        self.reconcile_answer = reconciled
        self.fail_with: Exception | None = None

    async def execute(self) -> Result:
        self.executed += 1
        if self.fail_with is not None:
            raise self.fail_with
        return self.result

    async def reconcile(self, attempt: LostAttempt) -> Result | None:
        self.reconciled += 1
        self.reconcile_started_at = attempt.started_at
        self.reconcile_evidence = dict(attempt.evidence)
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
        async def reconcile(self, attempt: LostAttempt) -> Result | None:
            raise UpstreamUnavailable("The registrar API could not be reached (421 ...); please retry later.")

    broken = Broken()
    with pytest.raises(OutcomeUnknown) as raised:
        await run(journal, broken)
    assert broken.executed == 0 and rows(database)[0].state == "unknown"
    # The earlier attempt may well have succeeded: the answer says the outcome is not known yet, never
    # that the order "could not be reached", and WHMCS may retry.
    assert raised.value.retryable and raised.value.code == "OUTCOME_UNKNOWN"
    assert raised.value.message.startswith(
        "The outcome of the earlier RegisterDomain for example.com is not known yet"
    )
    assert (
        "will be settled" in raised.value.message
        and "could not be reached to check it" in raised.value.message
    )


async def test_stale_started_row_is_reconciled(journal: SqlJournal, database: Database) -> None:
    await run(journal, Calls())
    # A process died mid-call long ago: the row stayed "started" (a row of an older bridge: no lease).
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


# ---- an unknown outcome never leads to a second money command while the first may still run ----


class Sender(Calls):
    """An execute that tells the journal it is about to send (as the money operations do), then fails."""

    def __init__(
        self, journal: SqlJournal, *, evidence: dict[str, str] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.journal = journal
        self.evidence = evidence
        self.sent = 0

    async def execute(self) -> Result:
        self.executed += 1
        await self.journal.sending(self.evidence)
        self.sent += 1
        if self.fail_with is not None:
            raise self.fail_with
        return self.result


def set_columns(database: Database, key: str, **values: object) -> None:
    with database.sessions() as session:
        session.execute(
            update(OperationJournal).where(OperationJournal.idempotency_key == key).values(**values)
        )
        session.commit()


@pytest.fixture
def slow_registry_journal(database: Database) -> SqlJournal:
    """Upstream calls of 3 s, and a registry that may go on for 60 s after the bridge stopped waiting."""
    return SqlJournal(
        database,
        request_id="req-00000010",
        metrics=Metrics(),
        settle_margin=timedelta(seconds=60),
        call_timeout=lambda: 3.0,
    )


async def test_a_sent_command_with_a_lost_reply_is_not_sent_again_until_it_has_settled(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    journal = slow_registry_journal
    first = Sender(journal, evidence={"expiry": "2027-03-04 10:00:00"})
    first.fail_with = OutcomeUnknown("no reply from the registry")
    before = datetime.now(UTC)
    with pytest.raises(OutcomeUnknown):
        await run(journal, first)
    (row,) = rows(database)
    assert row.state == "unknown" and row.settles_at is not None
    # The command's own timeout plus the settle margin: the registry cannot be working on it after that.
    assert before + timedelta(seconds=63) <= row.settles_at <= datetime.now(UTC) + timedelta(seconds=64)

    # WHMCS retries at once; the registry shows nothing yet: still being processed, nothing sent again.
    retry = Sender(journal, reconciled=None)
    with pytest.raises(OperationInProgress) as raised:
        await run(journal, retry)
    assert retry.reconciled == 1 and retry.executed == 0 and retry.sent == 0
    assert raised.value.retryable and "still being processed" in raised.value.message
    assert "Nothing was sent again" in raised.value.message
    assert retry.reconcile_evidence == {"expiry": "2027-03-04 10:00:00"}  # recorded before the attempt
    (row,) = rows(database)
    assert row.state == "unknown" and row.attempts == 2

    # Later the registry shows the effect: settled as succeeded, still nothing sent again.
    done = Sender(journal, reconciled=array({"success": True, "message": "Renewal succeeded."}))
    assert (await run(journal, done)).value == {"success": True, "message": "Renewal succeeded."}
    assert done.executed == 0
    assert rows(database)[0].state == "succeeded"


async def test_a_lost_command_is_sent_again_only_once_it_has_settled_without_effect(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    journal = slow_registry_journal
    first = Sender(journal)
    first.fail_with = OutcomeUnknown("no reply from the registry")
    with pytest.raises(OutcomeUnknown):
        await run(journal, first)
    # Time passes beyond the settle instant (moved, not waited for) and the registry shows no effect.
    set_columns(database, "key-1", settles_at=datetime.now(UTC) - timedelta(seconds=1))
    retry = Sender(journal, reconciled=None)
    assert await run(journal, retry) == array({"success": True})
    assert retry.reconciled == 1 and retry.sent == 1
    assert rows(database)[0].state == "succeeded"


async def test_an_attempt_that_never_sent_its_command_is_executed_at_once(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    """A failure before the money command left (a cancelled request, a bug) records no settles_at."""
    journal = slow_registry_journal
    broken = Calls()
    broken.fail_with = RuntimeError("bug before sending")
    with pytest.raises(RuntimeError):
        await run(journal, broken)
    assert rows(database)[0].settles_at is None
    retry = Sender(journal, reconciled=None)
    assert await run(journal, retry) == array({"success": True})
    assert retry.sent == 1


def _gone_owner() -> str:
    """The owner string of a process of this host that has ended."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    host, _, rest = current_owner().partition(" ")
    return f"{host} {int(child.stdout)} 1"


async def test_a_started_row_whose_process_died_is_reconciled_on_the_next_retry(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    """A crash mid-order: the row stays `started` with a long lease; the retry does not wait it out."""
    journal = slow_registry_journal
    await run(journal, Calls())
    set_columns(
        database,
        "key-1",
        state="started",
        owner=_gone_owner(),
        lease_until=datetime.now(UTC) + timedelta(minutes=10),
        settles_at=datetime.now(UTC) + timedelta(minutes=1),
    )
    retry = Sender(journal, reconciled=array({"success": True, "reconciled": True}))
    assert (await run(journal, retry)).value == {"success": True, "reconciled": True}
    assert retry.reconciled == 1 and retry.sent == 0


async def test_a_started_row_of_a_crash_before_sending_is_executed_on_the_next_retry(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    journal = slow_registry_journal
    await run(journal, Calls())
    set_columns(database, "key-1", state="started", owner=_gone_owner(), settles_at=None)
    retry = Sender(journal, reconciled=None)
    assert await run(journal, retry) == array({"success": True})
    assert retry.sent == 1


async def test_a_started_row_whose_lease_ended_is_reconciled(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    """Another host's request (no process to look at) whose deadline has passed."""
    journal = slow_registry_journal
    await run(journal, Calls())
    set_columns(
        database,
        "key-1",
        state="started",
        owner="another-host 4242 1",
        lease_until=datetime.now(UTC) - timedelta(seconds=1),
        settles_at=datetime.now(UTC) + timedelta(minutes=1),
    )
    retry = Sender(journal, reconciled=None)
    with pytest.raises(OperationInProgress, match="still being processed"):
        await run(journal, retry)  # its command may still be running at the registry: not sent again
    assert retry.reconciled == 1 and retry.sent == 0


async def test_a_started_row_of_a_running_request_is_busy(
    slow_registry_journal: SqlJournal, database: Database
) -> None:
    journal = slow_registry_journal
    await run(journal, Calls())
    set_columns(
        database,
        "key-1",
        state="started",
        owner=current_owner(),
        lease_until=datetime.now(UTC) + timedelta(seconds=30),
    )
    retry = Sender(journal)
    with pytest.raises(OperationInProgress, match="by another request"):
        await run(journal, retry)
    assert retry.reconciled == 0 and retry.executed == 0


async def test_the_lease_is_the_requests_deadline(database: Database) -> None:
    journal = SqlJournal(database, request_id="req-00000011", deadline=time.monotonic() + 20)
    gate = anyio.Event()
    seen: list[OperationJournal] = []

    async def execute() -> Result:
        seen.extend(rows(database))
        gate.set()
        return array({"success": True})

    await journal.run_money_operation(
        function="RenewDomain",
        domain="example.com",
        idempotency_key="k",
        execute=execute,
        reconcile=Calls().reconcile,
    )
    (row,) = seen
    assert row.lease_until is not None
    assert timedelta(seconds=15) < row.lease_until - row.created_at < timedelta(seconds=30)
    assert rows(database)[0].lease_until is None  # released with the outcome


async def test_a_request_whose_row_was_taken_over_cannot_send(database: Database) -> None:
    """The fence: the attempt number a request holds must still be the row's when it is about to send."""
    slow = SqlJournal(database, request_id="req-00000012", settle_margin=timedelta(seconds=60))
    other = SqlJournal(database, request_id="req-00000013", settle_margin=timedelta(seconds=60))
    held = anyio.Event()
    go_on = anyio.Event()
    sends: list[str] = []
    outcomes: list[object] = []

    async def slow_execute() -> Result:
        held.set()
        await go_on.wait()  # e.g. stuck in a pre-check past its deadline
        await slow.sending()
        sends.append("slow")
        return array({"success": True})

    async def other_execute() -> Result:
        await other.sending()
        sends.append("other")
        return array({"success": True})

    async def first() -> None:
        try:
            outcomes.append(
                await slow.run_money_operation(
                    function="RenewDomain",
                    domain="example.com",
                    idempotency_key="k",
                    execute=slow_execute,
                    reconcile=Calls().reconcile,
                )
            )
        except OperationInProgress as exc:
            outcomes.append(exc)

    with anyio.fail_after(20):
        async with anyio.create_task_group() as group:
            group.start_soon(first)
            await held.wait()
            set_columns(database, "k", lease_until=datetime.now(UTC) - timedelta(seconds=1))
            taken = await other.run_money_operation(
                function="RenewDomain",
                domain="example.com",
                idempotency_key="k",
                execute=other_execute,
                reconcile=Calls(reconciled=None).reconcile,
            )
            go_on.set()
    assert taken == array({"success": True})
    assert sends == ["other"]
    assert isinstance(outcomes[0], OperationInProgress) and "nothing was sent" in outcomes[0].message
    (row,) = rows(database)
    assert row.state == "succeeded" and row.attempts == 2  # the overtaken request did not overwrite it


# ---- a key is bound to its function and domain ----


@pytest.mark.parametrize(
    ("function", "domain"), [("RenewDomain", "other.com"), ("TransferDomain", "example.com")]
)
async def test_a_key_of_another_order_is_refused(
    journal: SqlJournal, database: Database, function: str, domain: str
) -> None:
    await run(journal, Calls(result=array({"success": True, "orderid": "1"})))
    thief = Calls()
    with pytest.raises(IdempotencyConflict) as raised:
        await journal.run_money_operation(
            function=function,
            domain=domain,
            idempotency_key="key-1",
            execute=thief.execute,
            reconcile=thief.reconcile,
        )
    assert thief.executed == thief.reconciled == 0
    assert not raised.value.retryable and raised.value.code == "IDEMPOTENCY_CONFLICT"
    assert f"{function} for {domain}" in raised.value.message
    assert "already belongs to RegisterDomain for example.com" in raised.value.message
    (row,) = rows(database)
    assert (row.function, row.domain, row.state, row.attempts) == (
        "RegisterDomain",
        "example.com",
        "succeeded",
        1,
    )
