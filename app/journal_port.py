"""The money journal as an operation sees it: `MoneyJournal` (the context's `journal`, implemented by
app/journal.py) and `LostAttempt` (what it hands an operation's reconcile step). Kept apart from both the
operations (app/registrar/base.py re-exports them) and the implementation, so the journal does not import
the operations layer it serves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.contract.payloads import Result


@dataclass(frozen=True)
class LostAttempt:
    """An earlier attempt of this order whose outcome was not recorded (reply lost, process died).

    `started_at`: UTC start of that attempt (e.g. QueryObjectLogList MINDATE); `evidence`: what the
    registry showed just before its money command was sent (`RegistrarContext.sending`), e.g.
    {"expiry": "2027-03-04 10:00:00"} before a renewal; empty when the operation recorded none."""

    started_at: datetime
    evidence: Mapping[str, str] = field(default_factory=dict)


class MoneyJournal(Protocol):
    """Exactly-once execution of money operations (implemented in `app.journal`)."""

    async def run_money_operation(
        self,
        *,
        function: str,
        domain: str,
        idempotency_key: str | None,
        execute: Callable[[], Awaitable[Result]],
        reconcile: Callable[[LostAttempt], Awaitable[Result | None]],
    ) -> Result:
        """Run `execute` once per idempotency key (bound to `function` and `domain`).

        * key already succeeded -> the recorded Result is returned; a recorded definitive failure is
          executed again (WHMCS retries after fixing the cause);
        * key recorded as started/unknown (reply lost, process died) -> `reconcile(attempt)` asks the
          registry whether that attempt took effect: a Result means it did (recorded as succeeded and
          returned); None means the registry shows no effect, and `execute` runs again only once the lost
          attempt's money command can no longer be executing (else: OperationInProgress, retryable);
        * `execute` raising `OutcomeUnknown` -> recorded as unknown and re-raised;
          other `OperationFailed` -> recorded as failed and re-raised.
        """
        ...

    async def sending(self, evidence: Mapping[str, str] | None = None) -> None:
        """Called by `execute` right before each money command leaves: records `evidence` (what the registry
        shows now) and the instant by which the command will have settled. Raises OperationInProgress,
        and the command must not be sent, when another attempt has taken the order over meanwhile."""
        ...
