"""Migrations go up and down on every backend, and describe exactly the models (autogenerate is empty)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app.db import migrations
from app.db.declarative import Base
from app.db.models import OperationJournal
from app.db.session import Database, make_engine

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


def test_open_journal_rows_of_an_older_bridge_settle_later(blank_db_url: str) -> None:
    """Rows left `started`/`unknown` before the settle columns existed count as sent, settling 6 minutes after
    their last update; finished rows get no settle instant."""
    migrations.upgrade(blank_db_url, "43f1f2706a28")
    engine = make_engine(blank_db_url)
    stamp = datetime(2026, 12, 1, 10, 0, 0)
    try:
        with engine.begin() as connection:
            for key, state in (("k-open", "unknown"), ("k-done", "succeeded")):
                connection.execute(
                    text(
                        "INSERT INTO operation_journal (request_id, idempotency_key, function, domain, "
                        "state, created_at, updated_at, attempts) VALUES ('r', :key, 'RenewDomain', "
                        "'a.com', :state, :stamp, :stamp, 1)"
                    ),
                    {"key": key, "state": state, "stamp": stamp},
                )
        migrations.upgrade(blank_db_url)
        db = Database(engine)
        with db.sessions() as session:
            found = {row.idempotency_key: row.settles_at for row in session.query(OperationJournal)}
        assert found == {"k-open": stamp.replace(tzinfo=UTC) + timedelta(seconds=360), "k-done": None}
    finally:
        engine.dispose()
        migrations.downgrade(blank_db_url)
