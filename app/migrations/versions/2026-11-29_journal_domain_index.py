"""journal domain index: snapshot Sync asks on every call whether the bridge changed a domain since the
snapshot was taken (operation_journal by domain and updated_at)

Revision ID: 43f1f2706a28
Revises: 83d4aea10827
Create Date: 2026-11-29 23:16:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "43f1f2706a28"
down_revision: str | None = "83d4aea10827"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_operation_journal_domain_updated_at"),
        "operation_journal",
        ["domain", "updated_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_operation_journal_domain_updated_at"), table_name="operation_journal")
