"""Alembic entry points built in code (no alembic.ini): upgrade, downgrade and "is the schema at head?"."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

# The scripts ship inside the package (app/migrations/), so an installed bridge migrates from any folder.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at app/migrations/ with `database_url` (read by app/migrations/env.py)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # New revisions get dated names: versions/2026-11-29_journal_and_nonces.py (docs/conventions.md §7).
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s")
    # Config values go through ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def upgrade_to_head(database_url: str) -> tuple[set[str], set[str]]:
    """Upgrade to head; the revisions before and after (empty before: a fresh database)."""
    from app.db.session import make_engine

    engine = make_engine(database_url)
    try:
        before = current_revisions(engine)
        upgrade(database_url)
        return before, current_revisions(engine)
    finally:
        engine.dispose()


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    # The scripts do not change while the process runs; /readyz asks on every probe.
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def head_revisions() -> set[str]:
    return set(_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def schema_is_current(engine: Engine) -> bool:
    """True when the database is migrated to head (the app never creates tables by itself)."""
    return current_revisions(engine) == set(_heads())
