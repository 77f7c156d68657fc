"""journal attempt settling: owner and lease of a running attempt, when its money command settles at the
registry, and the registry evidence taken before it (an unknown outcome never leads to a second money
command while the first can still be executing)

Revision ID: 9b3e61c0d7a4
Revises: 43f1f2706a28
Create Date: 2026-12-07 15:20:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "9b3e61c0d7a4"
down_revision: str | None = "43f1f2706a28"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows left `started` or `unknown` by an older bridge did not record whether their command was sent: treat
# it as sent, settling this long after the row's last update (the older bridge's default upstream timeout
# plus the default settle time).
_LEGACY_SETTLE = timedelta(seconds=60 + 300)


def upgrade() -> None:
    with op.batch_alter_table("operation_journal") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("settles_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("evidence", sa.Text(), nullable=True))
    journal = sa.table(
        "operation_journal",
        sa.column("id", sa.Integer()),
        sa.column("state", sa.String()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("settles_at", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    open_rows = connection.execute(
        sa.select(journal.c.id, journal.c.updated_at).where(journal.c.state.in_(("started", "unknown")))
    ).all()
    for row_id, updated_at in open_rows:
        stamp = updated_at if updated_at.tzinfo is not None else updated_at.replace(tzinfo=UTC)
        settles = stamp + _LEGACY_SETTLE
        if connection.dialect.name != "postgresql":
            settles = settles.astimezone(UTC).replace(tzinfo=None)  # naive UTC (app/db/declarative.py)
        connection.execute(sa.update(journal).where(journal.c.id == row_id).values(settles_at=settles))


def downgrade() -> None:
    with op.batch_alter_table("operation_journal") as batch:
        batch.drop_column("evidence")
        batch.drop_column("settles_at")
        batch.drop_column("lease_until")
        batch.drop_column("owner")
