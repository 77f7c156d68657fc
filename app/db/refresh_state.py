"""The `refresh_state` row per (account, kind): when a cached data set (the pricing cache, the domain
snapshot) was last refreshed, how big it was, and why the last refresh failed.

Both caches keep this bookkeeping the same way, so it lives here once; `kind` is the cache's own KIND.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import RefreshState

_MAX_ERROR = 1000  # characters of the failure reason kept (a registry description, never a secret)


def load(session: Session, *, account: str, kind: str) -> RefreshState | None:
    return session.execute(
        select(RefreshState).where(RefreshState.account_key == account, RefreshState.kind == kind)
    ).scalar_one_or_none()


def record_success(
    session: Session, *, account: str, kind: str, now: datetime, rows: int, calls: int
) -> None:
    """Inside the caller's transaction (the one that stores the data): refreshed now, no error."""
    state = load(session, account=account, kind=kind)
    if state is None:
        state = RefreshState(account_key=account, kind=kind)
        session.add(state)
    state.refreshed_at, state.row_count = now, rows
    state.registry_calls, state.last_error = calls, None


def record_failure(session: Session, *, account: str, kind: str, reason: str) -> None:
    """In its own transaction: the data stays as it was, the reason is remembered."""
    with session.begin():
        state = load(session, account=account, kind=kind)
        if state is None:
            session.add(RefreshState(account_key=account, kind=kind, last_error=reason[:_MAX_ERROR]))
        else:
            state.last_error = reason[:_MAX_ERROR]
