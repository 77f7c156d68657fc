"""Prepared statements (app/db/prepared.py): on SQLite and PostgreSQL they bypass SQLAlchemy's execution, so
they must put values in and take them out exactly as `Connection.execute` does, and fail with the same
exception classes. On MariaDB they are `Connection.execute`, and the same checks hold trivially. (Their
handling of a connection PostgreSQL closed: tests/bridge/test_database_failures.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, exc as sa_exc, insert

from app.db import migrations
from app.db.models import DomainSnapshot, OperationJournal, RefreshState, ReplayNonce
from app.db.prepared import Prepared
from app.db.session import Database, _busy
from app.security import _REMEMBER
from app.sync import snapshot

ACCOUNT = "prepared-account"
BASE = datetime(2026, 3, 1, 12, 30, 45, 123456, tzinfo=UTC)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database.from_url(db_url)
    with database.engine.begin() as connection:
        for table in (DomainSnapshot, RefreshState, OperationJournal, ReplayNonce):
            connection.execute(delete(table))
        connection.execute(
            insert(RefreshState), {"account_key": ACCOUNT, "kind": snapshot.KIND, "refreshed_at": BASE}
        )
    try:
        yield database
    finally:
        database.dispose()


_dates = st.none() | st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 31), timezones=st.just(UTC)
)
_rows = st.fixed_dictionaries(
    {
        "status": st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
        "expiration_date": _dates,
        "paid_until_date": _dates,
        "finalization_date": _dates,
        "failure_date": _dates,
        "whois_trustee": st.none() | st.booleans(),
        "needs_check": st.booleans(),
        "renewal_mode": st.sampled_from(["", "AUTORENEW", "AUTOEXPIRE", "RENEWONCE"]),
    }
)


def _both(db: Database, params: dict[str, Any]) -> tuple[Any, Any]:
    """(the Prepared read's row, the same statement's row through Connection.execute), as plain tuples."""
    with db.engine.connect() as connection:
        prepared = snapshot._READ.first(connection, params)
        core = connection.execute(snapshot._READ.statement, params).first()
    return (None if prepared is None else tuple(prepared)), (None if core is None else tuple(core))


def _seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)  # MariaDB's DATETIME keeps whole seconds


def _read_params(domain: str, *names: str) -> dict[str, Any]:
    return snapshot.read_params(account=ACCOUNT, domain=domain, names=names)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=_rows, ordered=st.sampled_from([None, "before", "after", "failed"]))
def test_a_snapshot_row_reads_the_same_as_through_sqlalchemy(
    db: Database, row: dict[str, Any], ordered: str | None
) -> None:
    domain = "xn--mnchen-3ya.de"
    with db.engine.begin() as connection:
        connection.execute(delete(DomainSnapshot))
        connection.execute(delete(OperationJournal))
        connection.execute(
            insert(DomainSnapshot), {"account_key": ACCOUNT, "domain": domain, "fetched_at": BASE, **row}
        )
        if ordered is not None:
            when = BASE + (timedelta(seconds=-1) if ordered == "before" else timedelta(seconds=1))
            connection.execute(
                insert(OperationJournal),
                {
                    "request_id": "r1",
                    "idempotency_key": f"RenewDomain:{domain}",
                    "function": "RenewDomain",
                    "domain": "münchen.de",
                    "state": "failed" if ordered == "failed" else "succeeded",
                    "created_at": when,
                    "updated_at": when,
                },
            )
    prepared, core = _both(db, _read_params(domain, "münchen.de"))
    assert prepared == core
    assert prepared is not None and prepared[1] == domain
    assert prepared[-1] is (ordered == "after")  # a journal entry since the fetch, failed ones aside


def test_a_missing_row_and_a_missing_refresh_read_the_same(db: Database) -> None:
    prepared, core = _both(db, _read_params("absent.com"))
    assert prepared == core
    assert prepared is not None and _seconds(prepared[0]) == _seconds(BASE) and prepared[1] is None
    prepared, core = _both(db, {**_read_params("absent.com"), "account": "no-such-account"})
    assert prepared is None and core is None


def test_the_row_has_the_column_names_as_attributes(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            insert(DomainSnapshot),
            {"account_key": ACCOUNT, "domain": "named.com", "fetched_at": BASE, "status": "ACTIVE"},
        )
        found = snapshot._READ.first(connection, _read_params("named.com"))
    assert (_seconds(found.refreshed_at), found.domain, found.status, found.ordered_since_fetch) == (
        _seconds(BASE),
        "named.com",
        "ACTIVE",
        False,
    )


def test_a_nonce_written_directly_reads_back_as_through_sqlalchemy(db: Database) -> None:
    seen = datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC)
    with db.engine.begin() as connection:
        _REMEMBER.execute(connection, {"request_id": "nonce-1", "seen_at": seen})
    with db.sessions() as session:
        stored = session.query(ReplayNonce).one()
    # To the microsecond where the column keeps them (MariaDB's DATETIME keeps whole seconds).
    expected = seen if db.engine.dialect.name != "mysql" else seen.replace(microsecond=0)
    assert (stored.request_id, stored.seen_at) == ("nonce-1", expected)


def test_a_second_use_of_a_nonce_is_sqlalchemys_integrity_error(db: Database) -> None:
    with db.engine.begin() as connection:
        _REMEMBER.execute(connection, {"request_id": "nonce-twice", "seen_at": BASE})
    with pytest.raises(sa_exc.IntegrityError) as raised, db.engine.begin() as connection:
        _REMEMBER.execute(connection, {"request_id": "nonce-twice", "seen_at": BASE})
    if db.engine.dialect.name == "sqlite":  # the direct path hides the parameters (the drivers' texts vary)
        assert "nonce-twice" not in str(raised.value)


def test_a_locked_sqlite_database_is_sqlalchemys_operational_error_seen_as_busy(tmp_path: Path) -> None:
    # SQLite's own lock; the other databases take the SQLAlchemy path, tested with them.
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    migrations.upgrade(url)
    db = Database.from_url(url)
    try:
        with db.engine.connect() as holder:
            holder.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds the lock
            try:
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA busy_timeout = 0")
                    connection.commit()
                    with pytest.raises(sa_exc.OperationalError) as raised, connection.begin():
                        _REMEMBER.execute(connection, {"request_id": "nonce-locked", "seen_at": BASE})
                    assert _busy(raised.value)
            finally:
                holder.exec_driver_sql("ROLLBACK")
    finally:
        db.dispose()


def test_an_insert_must_name_its_columns() -> None:
    # Otherwise every column of the table would be a parameter of the SQL compiled for SQLite (the key too).
    with pytest.raises(ValueError, match="column_keys"):
        Prepared(insert(ReplayNonce))
