"""The operations journal: exactly-once money operations (docs/architecture.md decision 8,
app/registrar/base.py).

The row for an idempotency key is the lock, and the key is bound to the function and domain that created
it (another order presenting it is refused, never served this order's outcome). Whoever inserts the row
(state `started`) executes; everybody else reads the row and follows this table:

    state of the row           what a new attempt does
    -------------------------  ------------------------------------------------------------------------
    (none)                     insert `started` -> execute
    succeeded (recent)         return the recorded Result, execute nothing
    succeeded (old)            take the row -> execute: a new order, not a retry
    failed                     take the row -> execute again
    started, owner running     OperationInProgress (retryable): another request is executing right now
    started, owner gone or     take the row -> reconcile (as below)
      its lease over, unknown

Reconciling a lost attempt asks the registry (`reconcile(LostAttempt)`) whether it took effect:

    registry shows the effect                      -> succeeded, the Result is returned
    no effect, and the money command was sent but  -> back to unknown; OperationInProgress (retryable):
      can still be executing (now < settles_at)       the order is still being processed, nothing is sent
    no effect, and nothing was sent or it settled  -> execute (the order is placed again)
    the registry cannot be asked                   -> back to unknown; OutcomeUnknown (retryable): not
                                                      known yet, settled on a later attempt

An unknown outcome therefore never leads to a second money command while the first may still be running at
a slow registry. `settles_at` is written just before each money command leaves (`sending`): the instant
after which the registry can no longer be carrying it out, i.e. the command's upstream timeout plus
`settle_margin` (BRIDGE_MONEY_SETTLE_SECONDS: how long a registry may go on after the bridge stopped
waiting). A row without `settles_at` never sent one.

"Take the row" is a conditional UPDATE on what was read (state, attempts, settles_at) that increments
`attempts`: of two racing processes exactly one changes the row, the other reports OperationInProgress.
`attempts` is also the fence: `sending` and every outcome write are conditional on the attempt number the
request holds, so a request whose row was taken over (its lease ran out) can no longer send a money command
or overwrite the row. Liveness (`owner`, `lease_until`) only decides how soon a row is taken over; it never
decides whether anything is sent twice.

Why "old" succeeded rows execute: the shim's key for RegisterDomain is made of the WHMCS domain id, name and
period (docs/whmcs.md §4.7), so registering the same domain record again after it expired and was
deleted gives the same key. WHMCS retries (module queue, admin re-attempts) happen within days; after
`replay_window` (30 days) a repeated key is a new order. A re-execution starts a new attempt, so its
`created_at` moves to now: a later reconcile must not count the previous order's log entries.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import anyio
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.api.envelope import Result
from app.db.declarative import utcnow
from app.db.models import JournalState, OperationJournal
from app.db.session import Database
from app.errors import (
    IdempotencyConflict,
    OperationFailed,
    OperationInProgress,
    OutcomeUnknown,
    error_body,
)
from app.liveness import current_owner, owner_is_gone
from app.log import Masker
from app.metrics import Metrics
from app.registrar.base import LostAttempt

log = logging.getLogger(__name__)

DEFAULT_STALE_AFTER = timedelta(minutes=10)  # the lease of a request that brought no deadline
DEFAULT_REPLAY_WINDOW = timedelta(days=30)
DEFAULT_SETTLE_MARGIN = timedelta(minutes=5)
_UNBOUNDED_CALL = timedelta(hours=1)  # a money command sent without any upstream timeout
_LEASE_GRACE = timedelta(seconds=2)  # the owner's last database write after its deadline


class _Action(StrEnum):
    EXECUTE = "execute"
    RETURN = "return"
    RECONCILE = "reconcile"
    BUSY = "busy"


@dataclass(frozen=True)
class _Claim:
    action: _Action
    row_id: int = 0
    attempt: int = 0  # the row's `attempts` this request holds: the fence of its writes
    started_at: datetime | None = None
    outcome: str | None = None
    settles_at: datetime | None = None
    evidence: str | None = None


def _error_outcome(exc: BaseException) -> str:
    if isinstance(exc, OperationFailed):
        return json.dumps({"error": error_body(exc)})
    return json.dumps({"error": {"message": "unexpected failure", "code": type(exc).__name__}})


def _evidence(text: str | None) -> dict[str, str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _next_second(moment: datetime) -> datetime:
    return moment if moment.microsecond == 0 else moment.replace(microsecond=0) + timedelta(seconds=1)


class SqlJournal:
    """`MoneyJournal` on the `operation_journal` table; one instance per WHMCS request.

    `deadline` (time.monotonic()) is when the request's caller stops waiting: the lease of its row.
    `call_timeout()` is the timeout the next upstream call will get (app/upstream.py RecordingCaller)."""

    def __init__(
        self,
        db: Database,
        *,
        request_id: str,
        masker: Masker | None = None,
        metrics: Metrics | None = None,
        stale_after: timedelta = DEFAULT_STALE_AFTER,
        replay_window: timedelta = DEFAULT_REPLAY_WINDOW,
        settle_margin: timedelta = DEFAULT_SETTLE_MARGIN,
        call_timeout: Callable[[], float | None] | None = None,
        deadline: float | None = None,
    ) -> None:
        self._db = db
        self._request_id = request_id
        self._masker = masker or Masker()
        self._metrics = metrics
        self._stale_after = stale_after
        self._replay_window = replay_window
        self._settle_margin = settle_margin
        self._call_timeout = call_timeout or (lambda: None)
        self._deadline = deadline
        self._held: _Claim | None = None  # the row this request executes under

    # ---- the protocol methods ----

    async def run_money_operation(
        self,
        *,
        function: str,
        domain: str,
        idempotency_key: str | None,
        execute: Callable[[], Awaitable[Result]],
        reconcile: Callable[[LostAttempt], Awaitable[Result | None]],
    ) -> Result:
        # Without a key there is nothing to deduplicate, but the call is still journalled for the audit.
        key = idempotency_key or f"auto:{uuid.uuid4()}"
        claim = await self._db.run(lambda s: self._claim(s, key=key, function=function, domain=domain))
        self._count(claim.action.value)
        if claim.action is _Action.RETURN:
            return Result.model_validate_json(claim.outcome or "")
        if claim.action is _Action.BUSY:
            raise OperationInProgress(
                f"{function} for {domain} is still being processed by another request; nothing was sent "
                "again. Try again in a minute."
            )
        if claim.action is _Action.RECONCILE:
            found = await self._reconcile(claim, function=function, domain=domain, reconcile=reconcile)
            if found is not None:
                return found
        return await self._execute(claim, execute)

    async def sending(self, evidence: Mapping[str, str] | None = None) -> None:
        claim = self._held
        if claim is None:
            raise RuntimeError("sending() outside run_money_operation's execute")
        timeout = self._call_timeout()
        reach = _UNBOUNDED_CALL if timeout is None else timedelta(seconds=timeout)
        # Whole seconds, rounded up: MariaDB keeps no fractions, and this instant must never come early.
        settles_at = _next_second(utcnow() + reach + self._settle_margin)
        values: dict[str, Any] = {"settles_at": settles_at, "updated_at": utcnow()}
        if evidence is not None:
            values["evidence"] = json.dumps(dict(evidence), separators=(",", ":"))

        def work(session: Session) -> int:
            changed = session.execute(
                update(OperationJournal)
                .where(
                    OperationJournal.id == claim.row_id,
                    OperationJournal.attempts == claim.attempt,
                    OperationJournal.state == JournalState.STARTED.value,
                )
                .values(**values)
            )
            session.commit()
            return int(changed.rowcount)  # type: ignore[attr-defined]

        with anyio.CancelScope(shield=True):
            changed = await self._db.run(work)
        if changed != 1:
            raise OperationInProgress(
                "This order was taken over by a later attempt while it was being prepared; nothing was sent. "
                "Try again in a minute."
            )

    # ---- helpers ----

    async def _reconcile(
        self,
        claim: _Claim,
        *,
        function: str,
        domain: str,
        reconcile: Callable[[LostAttempt], Awaitable[Result | None]],
    ) -> Result | None:
        """The lost attempt's Result if the registry shows it; None when the order may be placed again."""
        assert claim.started_at is not None
        attempt = LostAttempt(started_at=claim.started_at, evidence=_evidence(claim.evidence))
        try:
            found = await reconcile(attempt)
        except OperationFailed as exc:
            # Nothing new was sent; the row goes back to unknown so the next attempt reconciles again.
            await self._finish(claim, JournalState.UNKNOWN, None)
            self._count("reconcile_failed")
            log.warning(
                "reconcile of %s for %s failed (%s): outcome still unknown", function, domain, exc.code
            )
            raise OutcomeUnknown(
                f"The outcome of the earlier {function} for {domain} is not known yet: the registrar API "
                "could not be reached to check it. Nothing was sent again; retry later and the order will "
                "be settled from what the registry shows."
            ) from exc
        except BaseException:
            await self._finish(claim, JournalState.UNKNOWN, None)
            raise
        if found is not None:
            self._count("reconciled_done")
            await self._finish(claim, JournalState.SUCCEEDED, self._serialise(found))
            return found
        if claim.settles_at is not None and utcnow() < claim.settles_at:
            await self._finish(claim, JournalState.UNKNOWN, None)
            self._count("reconciled_pending")
            raise OperationInProgress(
                f"{function} for {domain} is still being processed: the registry may still be carrying out "
                f"the earlier attempt and shows no result yet. Nothing was sent again; retry after "
                f"{claim.settles_at:%Y-%m-%d %H:%M:%S} UTC and the order will be settled from what the "
                "registry shows."
            )
        self._count("reconciled_not_done")
        return None

    async def _execute(self, claim: _Claim, execute: Callable[[], Awaitable[Result]]) -> Result:
        self._held = claim
        try:
            result = await execute()
        except OutcomeUnknown as exc:
            await self._finish(claim, JournalState.UNKNOWN, _error_outcome(exc))
            self._count("unknown")
            raise
        except OperationFailed as exc:
            await self._finish(claim, JournalState.FAILED, _error_outcome(exc))
            self._count("failed")
            raise
        except BaseException as exc:
            # A bug or a cancelled request: whether the order reached the registry is not known, so the
            # next attempt must reconcile rather than order again.
            await self._finish(claim, JournalState.UNKNOWN, _error_outcome(exc))
            self._count("unknown")
            raise
        finally:
            self._held = None
        await self._finish(claim, JournalState.SUCCEEDED, self._serialise(result))
        self._count("succeeded")
        return result

    def _serialise(self, result: Result) -> str:
        # The outcome is replayed to WHMCS later and sits in the database: never with a secret in it.
        return json.dumps(self._masker.scrub(result.model_dump(mode="json")), separators=(",", ":"))

    async def _finish(self, claim: _Claim, state: JournalState, outcome: str | None) -> None:
        def work(session: Session) -> None:
            values: dict[str, Any] = {"state": state.value, "updated_at": utcnow(), "lease_until": None}
            if outcome is not None:
                values["outcome"] = outcome
            # Fenced: a request whose row was taken over meanwhile leaves it to the one holding it now.
            session.execute(
                update(OperationJournal)
                .where(OperationJournal.id == claim.row_id, OperationJournal.attempts == claim.attempt)
                .values(**values)
            )
            session.commit()

        # Shielded: a cancelled request must still leave its row in a state the next attempt understands.
        with anyio.CancelScope(shield=True):
            await self._db.run(work)

    def _count(self, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.observe_journal(outcome)

    def _lease_until(self, now: datetime) -> datetime:
        if self._deadline is None:
            return now + self._stale_after
        return now + timedelta(seconds=max(self._deadline - time.monotonic(), 0.0)) + _LEASE_GRACE

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
            owner=current_owner(),
            lease_until=self._lease_until(now),
        )
        session.add(row)
        try:
            session.commit()
            return _Claim(_Action.EXECUTE, row_id=row.id, attempt=1, started_at=now)
        except IntegrityError:
            session.rollback()
        existing = session.execute(
            select(OperationJournal).where(OperationJournal.idempotency_key == key)
        ).scalar_one()
        if (existing.function, existing.domain) != (function, domain):
            raise IdempotencyConflict(
                f"The idempotency key of this {function} for {domain} already belongs to "
                f"{existing.function} for {existing.domain}; nothing was sent. Each order needs its own key."
            )
        return self._take(session, existing, now)

    def _take(self, session: Session, existing: OperationJournal, now: datetime) -> _Claim:
        """Follow the table in the module docstring for a row that already exists."""
        state = JournalState(existing.state)
        if state is JournalState.SUCCEEDED and now - existing.updated_at < self._replay_window:
            return _Claim(_Action.RETURN, row_id=existing.id, outcome=existing.outcome)
        if state is JournalState.STARTED and not self._released(existing, now):
            return _Claim(_Action.BUSY, row_id=existing.id)
        # FAILED or (old) SUCCEEDED: a new execution, whose start is what a later reconcile must look
        # after. UNKNOWN or released STARTED: reconcile from the start of the attempt that was lost.
        execute_anew = state in (JournalState.FAILED, JournalState.SUCCEEDED)
        values: dict[str, Any] = {
            "state": JournalState.STARTED.value,
            "attempts": existing.attempts + 1,
            "updated_at": now,
            "request_id": self._request_id,
            "owner": current_owner(),
            "lease_until": self._lease_until(now),
        }
        if execute_anew:
            values.update(created_at=now, settles_at=None, evidence=None)
        unchanged: ColumnElement[bool] = OperationJournal.settles_at.is_(None)
        if existing.settles_at is not None:
            unchanged = OperationJournal.settles_at == existing.settles_at
        # What the row was when read (the commit below expires the ORM object's attributes).
        lost = _Claim(
            _Action.RECONCILE,
            row_id=existing.id,
            attempt=existing.attempts + 1,
            started_at=existing.created_at,
            settles_at=existing.settles_at,
            evidence=existing.evidence,
        )
        taken = session.execute(
            update(OperationJournal)
            .where(
                OperationJournal.id == existing.id,
                OperationJournal.state == existing.state,
                OperationJournal.attempts == existing.attempts,
                unchanged,  # a money command sent meanwhile by the holder must be seen by the taker
            )
            .values(**values)
        )
        session.commit()
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return _Claim(_Action.BUSY, row_id=lost.row_id)
        if execute_anew:
            return _Claim(_Action.EXECUTE, row_id=lost.row_id, attempt=lost.attempt, started_at=now)
        return lost

    def _released(self, row: OperationJournal, now: datetime) -> bool:
        """A `started` row whose request can no longer be working on it: its process is gone, or its lease
        (the request's deadline) is over. Rows of older bridges have no lease: `stale_after` applies."""
        if owner_is_gone(row.owner):
            return True
        lease = row.lease_until or row.updated_at + self._stale_after
        return now >= lease
