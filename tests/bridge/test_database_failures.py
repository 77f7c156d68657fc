"""The database down, stalled, locked, read-only or deleted: a retryable 503 on time, nothing ordered.

What WHMCS needs (README "When the database fails"): the bridge's own "service unavailable" answer (HTTP 503,
the usual error body), which the shim reports like an unreachable bridge; the answer before the caller's
deadline (X-Bridge-Timeout); no registry command once that deadline has passed; and /readyz failing for a
database the bridge can read but not write.

Every failure here is real: a closed port, a loopback server that accepts and never answers, a lock held by
another connection, a SQLite file opened read-only or deleted under the running bridge.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.api.envelope import Result
from app.db import migrations, session as session_module
from app.db.limits import request_deadline
from app.db.models import OperationJournal, ReplayNonce
from app.db.prepared import Prepared
from app.db.session import Database
from app.errors import ServiceUnavailable
from app.ispapi import Response, parse_response
from app.registrar.base import ModuleConfig, RegistrarContext, array
from tests.bridge.conftest import closed_port, envelope, make_settings
from tests.conftest import database_urls

BUDGET = 3  # X-Bridge-Timeout of these calls, seconds
LATE = 5.0  # generous bound on top of it: a loaded 2-core machine, never a speed assertion
OK = "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=Command completed successfully\r\nEOF\r\n"


class Registry:
    """An IspapiCaller standing in for the registry: records every command it was sent, and when."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, float]] = []
        self.on_send: Any = None

    async def call(self, command: dict[str, Any], *, timeout: float | None = None) -> Response:
        self.sent.append((str(command.get("COMMAND")), time.monotonic()))
        if self.on_send is not None:
            self.on_send()
        return parse_response(OK)

    def factory(self, _config: ModuleConfig) -> Registry:
        return self


async def order(ctx: RegistrarContext) -> Result:
    """A money operation like RegisterDomain: journalled, one AddDomain."""

    async def execute() -> Result:
        await ctx.client.call({"COMMAND": "AddDomain", "DOMAIN": ctx.params["domain"]})
        return array({"success": True})

    async def reconcile(_started: object) -> Result | None:
        return None

    return await ctx.journal.run_money_operation(
        function=ctx.function,
        domain=str(ctx.params["domain"]),
        idempotency_key=ctx.idempotency_key,
        execute=execute,
        reconcile=reconcile,
    )


@pytest.fixture
def registry(register_operation: Any) -> Registry:
    register_operation("BridgeTestOrder", order, money=True)
    return Registry()


async def _bridge(bridge_factory: Any, url: str, registry: Registry) -> Any:
    _app, client = await bridge_factory(make_settings(url), client_factory=registry.factory)
    return client


async def _order(
    client: Any, *, budget: float = BUDGET, key: str = "order-key-1", module_log: bool = True
) -> tuple[Any, float]:
    data = envelope("BridgeTestOrder", idempotency_key=key)
    data["whmcs"]["module_log"] = module_log
    started = time.monotonic()
    response = await client.call(data, **{"X-Bridge-Timeout": str(budget)})
    return response, time.monotonic() - started


def _assert_unavailable(response: Any, *words: str) -> None:
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["ok"] is False and body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert body["error"]["retryable"] is True
    for word in words:
        assert word in body["error"]["message"], body["error"]["message"]


def _backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else make_url(url).get_backend_name()


# ---- down: connection refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "postgresql+psycopg://bridge:pw@127.0.0.1:{port}/bridge",
        "mysql+pymysql://bridge:pw@127.0.0.1:{port}/bridge",
    ],
)
async def test_database_refusing_connections_is_a_retryable_503(
    template: str, bridge_factory: Any, registry: Registry
) -> None:
    client = await _bridge(bridge_factory, template.format(port=closed_port()), registry)
    response, _ = await _order(client)
    _assert_unavailable(response, "database is unavailable", "connection refused")
    assert registry.sent == []


# ---- stalled: accepts connections, never answers ---------------------------------------------------------


@pytest.fixture
def stalled_port() -> Iterator[int]:
    """A loopback port whose kernel accepts connections that nobody ever reads or answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield int(sock.getsockname()[1])


@pytest.mark.parametrize(
    "template",
    [
        "postgresql+psycopg://bridge:pw@127.0.0.1:{port}/bridge",
        "mysql+pymysql://bridge:pw@127.0.0.1:{port}/bridge",
    ],
)
async def test_stalled_database_answers_503_before_the_deadline(
    template: str, stalled_port: int, bridge_factory: Any, registry: Registry
) -> None:
    client = await _bridge(bridge_factory, template.format(port=stalled_port), registry)
    response, elapsed = await _order(client)
    _assert_unavailable(response)
    assert elapsed < BUDGET + LATE
    assert registry.sent == []


# ---- locked: another connection holds the table ----------------------------------------------------------


@contextmanager
def _locked(url: str) -> Iterator[None]:
    """Another client holds a write lock on replay_nonce (every call's first write) while the block runs."""
    if _backend(url) == "sqlite":
        holder = sqlite3.connect(str(make_url(url).database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("DELETE FROM replay_nonce")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(url)
    statement = {
        "postgresql": "LOCK TABLE replay_nonce IN ACCESS EXCLUSIVE MODE",
        "mysql": "LOCK TABLES replay_nonce WRITE",
    }[_backend(url)]
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
            try:
                yield
            finally:
                connection.rollback()
                if _backend(url) == "mysql":
                    connection.exec_driver_sql("UNLOCK TABLES")
    finally:
        engine.dispose()


async def test_locked_database_answers_503_before_the_deadline_and_orders_nothing_later(
    db_url: str, bridge_factory: Any, registry: Registry
) -> None:
    client = await _bridge(bridge_factory, db_url, registry)
    with _locked(db_url):
        response, elapsed = await _order(client)
        deadline = time.monotonic()
        _assert_unavailable(response)
        assert elapsed < BUDGET + LATE
    # Once the lock is gone, the abandoned attempt must not go on to order.
    time.sleep(1.0)
    assert registry.sent == []
    # And the database works again: the retry orders once.
    response, _ = await _order(client, key="order-key-2")
    assert response.status_code == 200 and response.json()["ok"] is True, response.text
    assert [name for name, at in registry.sent if at > deadline] == ["AddDomain"]


# ---- read-only ----------------------------------------------------------------------------------------


def _read_only_url(url: str) -> str:
    if _backend(url) == "sqlite":
        return f"sqlite:///file:{make_url(url).database}?mode=ro&uri=true"
    if _backend(url) == "postgresql":
        name = make_url(url).database
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        engine.dispose()
        return url
    pytest.skip("MariaDB has no per-database read-only switch (read_only is server-wide)")


@pytest.fixture
def read_only_url(migrated_db_url: str) -> Iterator[str]:
    url = _read_only_url(migrated_db_url)
    yield url
    if _backend(url) == "postgresql":
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SET default_transaction_read_only = off")
                connection.exec_driver_sql(f'ALTER DATABASE "{make_url(url).database}" RESET ALL')
        finally:
            engine.dispose()


async def test_read_only_database_is_a_503_and_not_ready(
    read_only_url: str, bridge_factory: Any, registry: Registry
) -> None:
    client = await _bridge(bridge_factory, read_only_url, registry)
    response, _ = await _order(client)
    _assert_unavailable(response, "read-only")
    assert registry.sent == []
    ready = await client.http.get("/readyz")
    assert ready.status_code == 503
    assert "read-only" in ready.json()["checks"]["database"]


# ---- SQLite file deleted under the running bridge ------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'bridge.db'}"
    migrations.upgrade(url)
    return url


async def test_deleted_sqlite_file_refuses_money_operations_and_readiness(
    sqlite_url: str, bridge_factory: Any, registry: Registry
) -> None:
    client = await _bridge(bridge_factory, sqlite_url, registry)
    response, _ = await _order(client)
    assert (
        response.status_code == 200
        and (await client.http.get("/readyz")).json()["checks"]["database"] == "ok"
    )
    path = Path(str(make_url(sqlite_url).database))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

    response, _ = await _order(client, key="order-key-2")
    _assert_unavailable(response, "was deleted")
    assert [name for name, _ in registry.sent] == ["AddDomain"]  # the first order only
    ready = await client.http.get("/readyz")
    assert ready.status_code == 503 and "was deleted" in ready.json()["checks"]["database"]
    assert not path.exists()  # no empty database silently created in its place


async def test_replaced_sqlite_file_is_reopened(
    sqlite_url: str, bridge_factory: Any, registry: Registry
) -> None:
    client = await _bridge(bridge_factory, sqlite_url, registry)
    assert (await _order(client))[0].status_code == 200
    path = Path(str(make_url(sqlite_url).database))
    backup = path.with_name("restored.db")
    with sqlite3.connect(path) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    backup.replace(path)  # e.g. a restore from a backup: a new file (inode) at the same path

    response, _ = await _order(client, key="order-key-2")
    assert response.status_code == 200, response.text
    db = Database.from_url(sqlite_url)
    try:
        with db.sessions() as session:  # the journal went into the file at the path, not the old one
            assert session.scalar(select(func.count()).select_from(OperationJournal)) == 2
            # and so did the replay nonce, written on the connection the bridge keeps for the event loop
            assert session.scalar(select(func.count()).select_from(ReplayNonce)) == 2
    finally:
        db.dispose()


@pytest.mark.parametrize("module_log", [True, False], ids=["module-log-on", "module-log-off"])
async def test_database_lost_after_the_order_was_sent_says_outcome_unknown(
    sqlite_url: str, bridge_factory: Any, registry: Registry, module_log: bool
) -> None:
    """Not a 503 ("nothing was ordered, try again"): whether WHMCS keeps a module log or not, the bridge
    knows the order went out."""
    client = await _bridge(bridge_factory, sqlite_url, registry)
    path = Path(str(make_url(sqlite_url).database))
    registry.on_send = lambda: path.unlink()  # the database goes while the registry executes the order
    response, _ = await _order(client, module_log=module_log)
    assert response.status_code == 200, response.text
    body = response.json()
    error = body["error"]
    assert error["code"] == "OUTCOME_UNKNOWN" and error["retryable"] is True
    assert "registry was called" in error["message"]
    assert len(registry.sent) == 1
    assert len(body["effects"]["module_log"]) == (1 if module_log else 0)


# ---- the limits each backend gets --------------------------------------------------------------------


_LIMIT_QUERY = {
    "sqlite": "PRAGMA busy_timeout",  # milliseconds
    "postgresql": "SELECT setting FROM pg_settings WHERE name = 'lock_timeout'",  # milliseconds
    "mysql": "SELECT @@session.innodb_lock_wait_timeout",  # whole seconds
}


async def test_a_deadline_bounds_lock_waits_and_work_without_one_gets_the_server_defaults(
    database: Database, db_url: str
) -> None:
    query = text(_LIMIT_QUERY[_backend(db_url)])

    async def limit() -> float:
        return float(await database.run(lambda session: session.execute(query).scalar_one()))

    default = await limit()
    with request_deadline(time.monotonic() + 4):
        bounded = await limit()
    assert 0 < bounded <= (4000 if _backend(db_url) != "mysql" else 4)
    assert await limit() == default  # a pooled connection does not keep the request's limit
    assert default == 0 or default > bounded


async def test_code_carrying_on_without_the_database_still_sees_a_sqlalchemy_error(sqlite_url: str) -> None:
    """Sync falls back to per-domain queries on SQLAlchemyError; the 503 error must not bypass that."""
    path = Path(str(make_url(sqlite_url).database))
    db = Database.from_url(sqlite_url)
    try:
        await db.run(lambda session: session.execute(text("SELECT 1")))
        path.unlink()
        with pytest.raises(SQLAlchemyError) as caught:
            await db.run(lambda session: session.execute(text("SELECT 1")))
        assert isinstance(caught.value, ServiceUnavailable)
        assert str(caught.value) == (
            f"the bridge's database is unavailable (the database file {path} was deleted); try again later"
        )
    finally:
        db.dispose()


# ---- quick work: on the event loop (SQLite, PostgreSQL), a worker thread only when it must wait ----------


async def test_quick_work_runs_on_the_calling_thread_and_waits_for_a_lock_in_a_worker(
    database: Database, db_url: str
) -> None:
    threads: list[int] = []

    def work(connection: Any) -> int:
        threads.append(threading.get_ident())
        return int(connection.execute(text("SELECT 1")).scalar_one())

    assert await database.quick(work) == 1
    # SQLite answers on the event loop, PostgreSQL through psycopg's asyncio connections (no thread hop);
    # MariaDB/MySQL, with no asyncio driver installed, in a worker thread.
    assert (threads[0] == threading.get_ident()) is (_backend(db_url) in ("sqlite", "postgresql"))


def test_quick_work_from_another_thread_on_sqlite_uses_a_connection_of_its_own(sqlite_url: str) -> None:
    """The SQLite connection quick work keeps belongs to the thread that first used it; an event loop in
    another thread (a test client's) gets pooled connections, and both see each other's committed work."""
    db = Database.from_url(sqlite_url)
    insert = text("INSERT INTO replay_nonce (request_id, seen_at) VALUES (:id, '2026-01-01')")
    count = text("SELECT count(*) FROM replay_nonce WHERE request_id LIKE 'thread-%'")
    seen: list[int] = []

    def other_thread() -> None:
        asyncio.run(db.quick(lambda c: c.execute(insert, {"id": "thread-other"})))
        seen.append(asyncio.run(db.quick(lambda c: c.execute(count).scalar_one())))

    try:
        asyncio.run(db.quick(lambda c: c.execute(insert, {"id": "thread-main"})))
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        assert seen == [2]
        assert asyncio.run(db.quick(lambda c: c.execute(count).scalar_one())) == 2
    finally:
        db.dispose()


def test_quick_work_from_one_event_loop_after_another_leaves_no_connection_open(db_url: str) -> None:
    """Each test, and each CLI command, has an event loop of its own; the pooled asyncio connections of an
    earlier loop are closed, not left for the garbage collector (which would warn, failing this test)."""
    db = Database.from_url(db_url)
    nonce = text("INSERT INTO replay_nonce (request_id, seen_at) VALUES (:id, '2026-01-01')")
    try:
        for loop_number in range(3):
            asyncio.run(db.quick(lambda c, n=loop_number: c.execute(nonce, {"id": f"loop-{n}"})))
        # Each statement committed on its own: visible to a session of the thread-side pool.
        counted = text("SELECT count(*) FROM replay_nonce WHERE request_id LIKE 'loop-%'")
        assert asyncio.run(db.run(lambda s: s.execute(counted).scalar_one())) == 3
    finally:
        db.dispose()
    gc.collect()


# The asyncio pool of quick work exists on PostgreSQL only: these tests run on the PostgreSQL databases of
# TEST_DATABASE_URLS (.ci/run sets one), not on the others.
ON_POSTGRESQL = pytest.mark.parametrize(
    "blank_db_url", [url for url in database_urls() if _backend(url) == "postgresql"], indirect=True
)


def _terminate(url: str, pid: int) -> None:
    """End a server process of PostgreSQL from another connection, as a database restart would."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        engine.dispose()


@ON_POSTGRESQL
async def test_pooled_connection_closed_by_postgresql_is_replaced_after_it_was_idle(
    database: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's quick work tests a pooled connection only after IDLE_PING_SECONDS idle: one closed by
    the server meanwhile is replaced before use, so the call succeeds."""
    monkeypatch.setattr(session_module, "IDLE_PING_SECONDS", 0.0)  # every checkout counts as idle
    backend_pid = text("SELECT pg_backend_pid()")
    first = await database.quick(lambda c: c.execute(backend_pid).scalar_one())
    _terminate(db_url, first)
    second = await database.quick(lambda c: c.execute(backend_pid).scalar_one())
    assert second != first


@ON_POSTGRESQL
async def test_slow_statement_on_postgresql_quick_path_is_a_503_on_time_and_the_pool_stays_usable(
    database: Database, db_url: str
) -> None:
    """A statement that outlives the request's budget on the asyncio connections: the 503 comes within the
    budget (the server cancels the statement at its share of it), and the next call finds a working pool."""
    started = time.monotonic()
    with request_deadline(started + 1), pytest.raises(ServiceUnavailable):
        await database.quick(lambda c: c.execute(text("SELECT pg_sleep(30)")))
    assert time.monotonic() - started < 1 + LATE
    assert await database.quick(lambda c: c.execute(text("SELECT 1")).scalar_one()) == 1


@ON_POSTGRESQL
async def test_pooled_connection_closed_by_postgresql_while_busy_costs_one_503(
    database: Database, db_url: str
) -> None:
    """A connection used a moment ago is not tested first: when the server closed it in that moment (a
    restart), that one call gets the usual 503 and the pool is renewed for the next."""
    backend_pid = text("SELECT pg_backend_pid()")
    first = await database.quick(lambda c: c.execute(backend_pid).scalar_one())
    _terminate(db_url, first)
    with pytest.raises(ServiceUnavailable, match="database is unavailable"):
        await database.quick(lambda c: c.execute(backend_pid).scalar_one())
    assert await database.quick(lambda c: c.execute(backend_pid).scalar_one()) != first


# The same three cases for the statements every call runs (app/db/prepared.py), which skip SQLAlchemy's
# execution on psycopg's connection and so handle a closed connection themselves.
_BACKEND_PID = Prepared(select(func.pg_backend_pid().label("pid")))
_SLEEP = Prepared(select(func.pg_sleep(30).label("slept")))


@ON_POSTGRESQL
async def test_prepared_statement_on_a_connection_postgresql_closed_while_idle_runs_on_a_new_one(
    database: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "IDLE_PING_SECONDS", 0.0)  # every checkout counts as idle
    first = (await database.quick(lambda c: _BACKEND_PID.first(c, {}))).pid
    _terminate(db_url, first)
    assert (await database.quick(lambda c: _BACKEND_PID.first(c, {}))).pid != first


@ON_POSTGRESQL
async def test_prepared_statement_on_a_connection_postgresql_closed_while_busy_costs_one_503(
    database: Database, db_url: str
) -> None:
    first = (await database.quick(lambda c: _BACKEND_PID.first(c, {}))).pid
    _terminate(db_url, first)
    with pytest.raises(ServiceUnavailable, match="database is unavailable"):
        await database.quick(lambda c: _BACKEND_PID.first(c, {}))
    # The closed connection was not given back to the pool.
    assert (await database.quick(lambda c: _BACKEND_PID.first(c, {}))).pid != first


@ON_POSTGRESQL
async def test_slow_prepared_statement_on_postgresql_is_a_503_on_time_and_the_pool_stays_usable(
    database: Database, db_url: str
) -> None:
    started = time.monotonic()
    with request_deadline(started + 1), pytest.raises(ServiceUnavailable):
        await database.quick(lambda c: _SLEEP.first(c, {}))
    assert time.monotonic() - started < 1 + LATE
    assert (await database.quick(lambda c: _BACKEND_PID.first(c, {}))).pid > 0


async def test_quick_write_under_another_writers_lock_is_retried_in_a_worker_within_the_budget(
    sqlite_url: str,
) -> None:
    db = Database.from_url(sqlite_url)
    threads: list[int] = []

    def write(connection: Any) -> None:
        threads.append(threading.get_ident())
        connection.execute(
            text("INSERT INTO replay_nonce (request_id, seen_at) VALUES ('quick-1', '2026-01-01')")
        )

    try:
        with _locked(sqlite_url), request_deadline(time.monotonic() + 1), pytest.raises(ServiceUnavailable):
            await db.quick(write)
        # Refused at once on the event loop ("locked"), then waited for in a worker thread until the budget.
        assert len(threads) == 2
        assert threads[0] == threading.get_ident() and threads[1] != threading.get_ident()
        await db.quick(write)  # the lock is gone: done on the event loop
        assert threads[2] == threading.get_ident()
    finally:
        db.dispose()
