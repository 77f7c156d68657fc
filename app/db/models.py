"""Tables of the bridge. Singular lower_snake names, `_at` for instants (style.md)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, UtcDateTime

# SQLite only auto-increments an INTEGER PRIMARY KEY; elsewhere the id is 64 bits.
_BigId = BigInteger().with_variant(Integer(), "sqlite")


class JournalState(StrEnum):
    STARTED = "started"  # intent recorded, upstream call running (or the process died during it)
    SUCCEEDED = "succeeded"  # outcome recorded; repeats get it back
    FAILED = "failed"  # definitive failure recorded; a repeat may execute again
    UNKNOWN = "unknown"  # the reply was lost; the next attempt reconciles with the registry first


class OperationJournal(Base):
    """Exactly-once bookkeeping of money operations (DESIGN.md decision 8).

    `outcome` is the serialised Result or error, scrubbed of secrets before it is written.
    """

    __tablename__ = "operation_journal"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        CheckConstraint("state IN ('started', 'succeeded', 'failed', 'unknown')", name="state"),
        Index(None, "request_id"),
    )

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(128))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(64))
    domain: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(Text(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer(), default=1)


class ReplayNonce(Base):
    """Request ids already accepted; the unique constraint makes "first one wins" atomic across processes."""

    __tablename__ = "replay_nonce"
    __table_args__ = (
        UniqueConstraint("request_id"),
        Index(None, "seen_at"),
    )

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(128))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
