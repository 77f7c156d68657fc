"""cache value longtext: on MySQL/MariaDB a TEXT column holds 64 KiB, the pricing cache of a full TLD
catalogue is about 0.5 MB; cache_entry.value becomes LONGTEXT there (SQLite and PostgreSQL text is unbounded)

Revision ID: 9b1d6c0e2f47
Revises: 9b3e61c0d7a4
Create Date: 2026-12-07 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "9b1d6c0e2f47"
down_revision: str | None = "9b3e61c0d7a4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")


def upgrade() -> None:
    if op.get_bind().dialect.name in _MYSQL:
        op.alter_column(
            "cache_entry", "value", existing_type=sa.Text(), type_=mysql.LONGTEXT(), existing_nullable=False
        )


def downgrade() -> None:
    if op.get_bind().dialect.name in _MYSQL:
        op.alter_column(
            "cache_entry", "value", existing_type=mysql.LONGTEXT(), type_=sa.Text(), existing_nullable=False
        )
