"""The operations journal: exactly-once money operations (DESIGN.md decision 8, app/registrar/base.py).

The row for an idempotency key is the lock. Whoever inserts it (state `started`) executes; everybody else
reads the row and follows this table (a `started` row older than `stale_after` belonged to a request that
died mid-call and is treated like `unknown`):

    state of the row        what a new attempt does
    ----------------------  ---------------------------------------------------------------------------
    (none)                  insert `started` -> execute
    succeeded (recent)      return the recorded Result, execute nothing
    succeeded (old)         take the row (attempts + 1) -> execute: a new order, not a retry
    failed                  take the row back to `started` (attempts + 1) -> execute again
    started (fresh)         OperationInProgress (retryable): another request is executing right now
    unknown / started(old)  take the row (attempts + 1) -> reconcile(created_at): a Result -> succeeded,
                            None -> execute

"Take the row" is a conditional UPDATE on (state, attempts): of two racing processes exactly one changes
a row, the other sees rowcount 0 and reports OperationInProgress. So no two bridges ever both execute.

Why "old" succeeded rows execute: the shim's key for RegisterDomain is made of the WHMCS domain id, name and
period (whmcs-contract.md §4.7), so registering the same domain record again after it expired and was
deleted gives the same key. WHMCS retries (module queue, admin re-attempts) happen within days; after
`replay_window` (30 days) a repeated key is a new order. A re-execution starts a new attempt, so its
`created_at` moves to now: a later reconcile must not count the previous order's log entries.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import anyio
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.api.envelope import Result
from app.db.base import utcnow
from app.db.models import JournalState, OperationJournal
from app.db.session import Database
from app.errors import OperationFailed, OperationInProgress, OutcomeUnknown, error_body
from app.log import Masker
from app.metrics import Metrics

log = logging.getLogger(__name__)

DEFAULT_STALE_AFTER = timedelta(minutes=10)
DEFAULT_REPLAY_WINDOW = timedelta(days=30)


class _Action(StrEnum):
    EXECUTE = "execute"
    RETURN = "return"
    RECONCILE = "reconcile"
    BUSY = "busy"


@dataclass(frozen=True)
class _Claim:
    action: _Action
    row_id: int = 0
    started_at: datetime | None = None
    outcome: str | None = None


def _error_outcome(exc: BaseException) -> str:
    if isinstance(exc, OperationFailed):
        return json.dumps({"error": error_body(exc)})
    return json.dumps({"error": {"message": "unexpected failure", "code": type(exc).__name__}})


class SqlJournal:
    """`MoneyJournal` on the `operation_journal` table; one instance per WHMCS request."""

    def __init__(
        self,
        db: Database,
        *,
        request_id: str,
        masker: Masker | None = None,
        metrics: Metrics | None = None,
        stale_after: timedelta = DEFAULT_STALE_AFTER,
        replay_window: timedelta = DEFAULT_REPLAY_WINDOW,
    ) -> None:
        self._db = db
        self._request_id = request_id
        self._masker = masker or Masker()
        self._metrics = metrics
        self._stale_after = stale_after
        self._replay_window = replay_window

    # ---- the protocol method ----

    async def run_money_operation(
        self,
        *,
        function: str,
        domain: str,
        idempotency_key: str | None,
        execute: Callable[[], Awaitable[Result]],
        reconcile: Callable[[datetime], Awaitable[Result | None]],
    ) -> Result:
        # Without a key there is nothing to deduplicate, but the call is still journalled for the audit.
        key = idempotency_key or f"auto:{uuid.uuid4()}"
        claim = await self._db.run(lambda s: self._claim(s, key=key, function=function, domain=domain))
        self._count(claim.action.value)
        if claim.action is _Action.RETURN:
            return Result.model_validate_json(claim.outcome or "")
        if claim.action is _Action.BUSY:
            raise OperationInProgress(
                f"{function} for {domain} is already in progress; try again in a minute"
            )
        if claim.action is _Action.RECONCILE:
            assert claim.started_at is not None
            try:
                found = await reconcile(claim.started_at)
            except BaseException:
                # Nothing new was sent; the row goes back to unknown so the next attempt reconciles again.
                await self._finish(claim.row_id, JournalState.UNKNOWN, None)
                raise
            if found is not None:
                self._count("reconciled_done")
                await self._finish(claim.row_id, JournalState.SUCCEEDED, self._serialise(found))
                return found
            self._count("reconciled_not_done")
        return await self._execute(claim.row_id, execute)

    # ---- helpers ----

    async def _execute(self, row_id: int, execute: Callable[[], Awaitable[Result]]) -> Result:
        try:
            result = await execute()
        except OutcomeUnknown as exc:
            await self._finish(row_id, JournalState.UNKNOWN, _error_outcome(exc))
            self._count("unknown")
            raise
        except OperationFailed as exc:
            await self._finish(row_id, JournalState.FAILED, _error_outcome(exc))
            self._count("failed")
            raise
        except BaseException as exc:
            # A bug or a cancelled request: whether the order reached the registry is not known, so the
            # next attempt must reconcile rather than order again.
            await self._finish(row_id, JournalState.UNKNOWN, _error_outcome(exc))
            self._count("unknown")
            raise
        await self._finish(row_id, JournalState.SUCCEEDED, self._serialise(result))
        self._count("succeeded")
        return result

    def _serialise(self, result: Result) -> str:
        # The outcome is replayed to WHMCS later and sits in the database: never with a secret in it.
        return json.dumps(self._masker.scrub(result.model_dump(mode="json")), separators=(",", ":"))

    async def _finish(self, row_id: int, state: JournalState, outcome: str | None) -> None:
        def work(session: Session) -> None:
            values: dict[str, Any] = {"state": state.value, "updated_at": utcnow()}
            if outcome is not None:
                values["outcome"] = outcome
            session.execute(update(OperationJournal).where(OperationJournal.id == row_id).values(**values))
            session.commit()

        # Shielded: a cancelled request must still leave its row in a state the next attempt understands.
        with anyio.CancelScope(shield=True):
            await self._db.run(work)

    def _count(self, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.observe_journal(outcome)

    def _claim(self, session: Session, *, key: str, function: str, domain: str) -> _Claim:
        now = utcnow()
        row = OperationJournal(
            request_id=self._request_id,
            idempotency_key=key,
            function=function,
            domain=domain,
            state=JournalState.STARTED.value,
            created_at=now,
            updated_at=now,
            attempts=1,
        )
        session.add(row)
        try:
            session.commit()
            return _Claim(_Action.EXECUTE, row_id=row.id, started_at=now)
        except IntegrityError:
            session.rollback()
        existing = session.execute(
            select(OperationJournal).where(OperationJournal.idempotency_key == key)
        ).scalar_one()
        state = JournalState(existing.state)
        if state is JournalState.SUCCEEDED and now - existing.updated_at < self._replay_window:
            return _Claim(_Action.RETURN, row_id=existing.id, outcome=existing.outcome)
        if state is JournalState.STARTED and now - existing.updated_at < self._stale_after:
            return _Claim(_Action.BUSY, row_id=existing.id)
        # FAILED or (old) SUCCEEDED: a new execution, whose start is what a later reconcile must look
        # after. UNKNOWN or stale STARTED: reconcile from the start of the attempt that was lost.
        execute_anew = state in (JournalState.FAILED, JournalState.SUCCEEDED)
        values: dict[str, Any] = {
            "state": JournalState.STARTED.value,
            "attempts": existing.attempts + 1,
            "updated_at": now,
            "request_id": self._request_id,
        }
        if execute_anew:
            values["created_at"] = now
        taken = session.execute(
            update(OperationJournal)
            .where(
                OperationJournal.id == existing.id,
                OperationJournal.state == existing.state,
                OperationJournal.attempts == existing.attempts,
            )
            .values(**values)
        )
        session.commit()
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return _Claim(_Action.BUSY, row_id=existing.id)
        if execute_anew:
            return _Claim(_Action.EXECUTE, row_id=existing.id, started_at=now)
        return _Claim(_Action.RECONCILE, row_id=existing.id, started_at=existing.created_at)
