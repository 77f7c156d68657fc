"""snapshot caches and trade ledger: trade_cost (billable owner changes), domain_snapshot (bulk sync),
cache_entry (pricing and TLD data), refresh_state and refresh_lock (single-flight background refreshes)

Revision ID: 83d4aea10827
Revises: 5f2c0a7d1e43
Create Date: 2026-11-29 22:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "83d4aea10827"
down_revision: str | None = "5f2c0a7d1e43"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "cache_entry",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_entry")),
        sa.UniqueConstraint("account_key", "kind", "key", name=op.f("uq_cache_entry_account_key_kind_key")),
    )
    op.create_table(
        "domain_snapshot",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("created_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expiration_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registration_expiration_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_until_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finalization_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("transfer_lock", sa.Boolean(), nullable=True),
        sa.Column("renewal_mode", sa.String(length=32), nullable=False),
        sa.Column("nameservers", sa.Text(), nullable=False),
        sa.Column("whois_trustee", sa.Boolean(), nullable=True),
        sa.Column("needs_check", sa.Boolean(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_domain_snapshot")),
        sa.UniqueConstraint("account_key", "domain", name=op.f("uq_domain_snapshot_account_key_domain")),
    )
    op.create_table(
        "refresh_lock",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_lock")),
        sa.UniqueConstraint("name", name=op.f("uq_refresh_lock_name")),
    )
    op.create_table(
        "refresh_state",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("registry_calls", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_state")),
        sa.UniqueConstraint("account_key", "kind", name=op.f("uq_refresh_state_account_key_kind")),
    )
    op.create_table(
        "trade_cost",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("tld", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("whmcs_client_id", sa.Integer(), nullable=True),
        sa.Column("whmcs_domain_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_cost")),
    )
    with op.batch_alter_table("trade_cost", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trade_cost_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_trade_cost_domain"), ["domain"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("trade_cost", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trade_cost_domain"))
        batch_op.drop_index(batch_op.f("ix_trade_cost_created_at"))

    op.drop_table("trade_cost")
    op.drop_table("refresh_state")
    op.drop_table("refresh_lock")
    op.drop_table("domain_snapshot")
    op.drop_table("cache_entry")
