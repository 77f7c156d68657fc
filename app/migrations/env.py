"""Alembic environment: the URL comes from the caller (app.db.migrations) or from BRIDGE_DATABASE_URL,
the target metadata from app.db.models."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.db import models  # noqa: F401  (registers the tables on Base.metadata)
from app.db.declarative import Base
from app.db.session import make_engine
from app.settings import ToolSettings

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else ToolSettings().database_url


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_database_url())
    try:
        with engine.connect() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
