"""Migrations go up and down on every backend, and describe exactly the models (autogenerate is empty)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.db import migrations
from app.db.base import Base
from app.db.session import make_engine

BRIDGE_TABLES = {"operation_journal", "replay_nonce"}


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_matches_models_and_downgrade_removes_everything(blank_db_url: str) -> None:
    assert tables(blank_db_url) == set()
    migrations.upgrade(blank_db_url)
    assert tables(blank_db_url) >= BRIDGE_TABLES
    engine = make_engine(blank_db_url)
    try:
        assert migrations.schema_is_current(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        with engine.connect() as connection:
            names = {uc["name"] for uc in inspect(connection).get_unique_constraints("operation_journal")}
        assert "uq_operation_journal_idempotency_key" in names  # naming convention applied
    finally:
        engine.dispose()
    migrations.downgrade(blank_db_url)
    assert tables(blank_db_url) == set()
    # ...and up again, so the downgrade really left a clean slate.
    migrations.upgrade(blank_db_url)
    assert tables(blank_db_url) >= BRIDGE_TABLES
    migrations.downgrade(blank_db_url)


def test_migration_files_have_dated_names() -> None:
    versions = sorted(p.name for p in (migrations.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert versions and all(
        len(name) > 11 and name[:4].isdigit() and name[4] == "-" and name[10] == "_" for name in versions
    )


def test_sqlite_folder_is_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'var' / 'bridge.db'}"
    migrations.upgrade(url)
    assert (tmp_path / "nested" / "var" / "bridge.db").exists()


def test_there_is_one_head() -> None:
    assert len(migrations.head_revisions()) == 1
