"""journal and nonces: operation_journal (exactly-once money operations) and replay_nonce (signature replay)

Revision ID: 5f2c0a7d1e43
Revises:
Create Date: 2026-11-29 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5f2c0a7d1e43"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "operation_journal",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("function", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('started', 'succeeded', 'failed', 'unknown')", name=op.f("ck_operation_journal_state")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_journal")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_operation_journal_idempotency_key")),
    )
    op.create_index(
        op.f("ix_operation_journal_request_id"), "operation_journal", ["request_id"], unique=False
    )
    op.create_table(
        "replay_nonce",
        sa.Column("id", _big_id, autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replay_nonce")),
        sa.UniqueConstraint("request_id", name=op.f("uq_replay_nonce_request_id")),
    )
    op.create_index(op.f("ix_replay_nonce_seen_at"), "replay_nonce", ["seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_replay_nonce_seen_at"), table_name="replay_nonce")
    op.drop_table("replay_nonce")
    op.drop_index(op.f("ix_operation_journal_request_id"), table_name="operation_journal")
    op.drop_table("operation_journal")
