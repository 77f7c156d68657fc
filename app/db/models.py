"""Tables of the bridge. Singular lower_snake names, `_at` for instants (docs/conventions.md §7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from app.db.declarative import Base, UtcDateTime

# SQLite only auto-increments an INTEGER PRIMARY KEY; elsewhere the id is 64 bits.
_BigId = BigInteger().with_variant(Integer(), "sqlite")
# MySQL/MariaDB TEXT holds 64 KiB; a cached value (the pricing data of ~1,500 TLDs is ~0.5 MB) needs more.
_LongText = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")


class JournalState(StrEnum):
    STARTED = "started"  # intent recorded, upstream call running (or the process died during it)
    SUCCEEDED = "succeeded"  # outcome recorded; repeats get it back
    FAILED = "failed"  # definitive failure recorded; a repeat may execute again
    UNKNOWN = "unknown"  # the reply was lost; the next attempt reconciles with the registry first


class OperationJournal(Base):
    """Exactly-once bookkeeping of money operations (docs/architecture.md decision 8).

    `outcome` is the serialised Result or error, scrubbed of secrets before it is written.
    """

    __tablename__ = "operation_journal"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        CheckConstraint("state IN ('started', 'succeeded', 'failed', 'unknown')", name="state"),
        Index(None, "request_id"),
        # Snapshot Sync asks "did the bridge change this domain since the snapshot?" on every call.
        Index(None, "domain", "updated_at"),
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
    # Who runs a `started` row ("host pid start-time") and until when at most (the request's deadline): a
    # row whose process is gone or whose lease has passed is reconciled at once instead of blocking.
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Set just before a money command leaves: after this instant the command can no longer be executing
    # at the registry (its upstream timeout plus BRIDGE_MONEY_SETTLE_SECONDS). NULL: nothing was sent.
    settles_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # What the registry showed before the command was sent (JSON object, e.g. the expiry date before a
    # renewal), for reconciliation to compare against.
    evidence: Mapped[str | None] = mapped_column(Text(), nullable=True)


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


# ---- tables of the ledger and the caches: trade-cost ledger, sync snapshot, caches, single-flight refreshes
# ----------------
#
# `account_key` identifies one registrar account on one system without storing the login in clear:
# sha256("<system>|<login>") in hex (app.db.keys.account_key). Credentials themselves are never stored.


class TradeCost(Base):
    """Billable owner changes (Change of Registrant with a TRADE price): what the registry charged."""

    __tablename__ = "trade_cost"
    __table_args__ = (Index(None, "domain"), Index(None, "created_at"))

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    account_key: Mapped[str] = mapped_column(String(64))
    domain: Mapped[str] = mapped_column(String(255))
    tld: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    whmcs_client_id: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    whmcs_domain_id: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    request_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DomainSnapshot(Base):
    """One row per domain of an account, from paged QueryDomainList (bulk sync).

    Dates are the registry's UTC timestamps; `needs_check` marks rows Sync must look at closely
    (per-domain StatusDomain), e.g. pending or unusual statuses.
    """

    __tablename__ = "domain_snapshot"
    __table_args__ = (UniqueConstraint("account_key", "domain"),)

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    account_key: Mapped[str] = mapped_column(String(64))
    domain: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(255), default="")
    created_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    expiration_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    registration_expiration_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    paid_until_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    finalization_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    failure_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    transfer_lock: Mapped[bool | None] = mapped_column(Boolean(), nullable=True)
    renewal_mode: Mapped[str] = mapped_column(String(32), default="")
    nameservers: Mapped[str] = mapped_column(Text(), default="")  # space separated, as QueryDomainList gives
    whois_trustee: Mapped[bool | None] = mapped_column(Boolean(), nullable=True)
    needs_check: Mapped[bool] = mapped_column(Boolean(), default=False)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CacheEntry(Base):
    """Cached registry data per account: pricing relations, TLD options, exchange rates, computed prices.

    `value` is JSON text. One row per (account, kind, key); kinds are owned by the module that writes them.
    """

    __tablename__ = "cache_entry"
    __table_args__ = (UniqueConstraint("account_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    account_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(_LongText)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RefreshState(Base):
    """When a background refresh (snapshot, pricing) of an account last completed, and how it went."""

    __tablename__ = "refresh_state"
    __table_args__ = (UniqueConstraint("account_key", "kind"),)

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    account_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    refreshed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    row_count: Mapped[int] = mapped_column(Integer(), default=0)
    registry_calls: Mapped[int] = mapped_column(Integer(), default=0)
    last_error: Mapped[str | None] = mapped_column(Text(), nullable=True)


class RefreshLock(Base):
    """Single-flight lease: whoever inserts (or takes over an expired) row for `name` runs the refresh.

    The unique constraint makes acquisition atomic across bridge processes on every backend; `expires_at`
    lets another process take over when the holder died.
    """

    __tablename__ = "refresh_lock"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(_BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(64))
    acquired_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
