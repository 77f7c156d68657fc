"""How long one piece of database work may take, and the per-backend settings that enforce it.

A WHMCS call comes with a deadline (the shim's X-Bridge-Timeout, app/upstream.py `budget_deadline`). Database
work inside that call must give up before it, or the shim's curl times out first and WHMCS sees a bare
"cURL error 28" while the bridge may still go on to send an order nobody waits for. `request_deadline`
holds that deadline for the request; `Database.run` turns it into a budget (seconds) and each backend gets
it as its own timeouts when a connection is opened or checked out of the pool:

    backend      connect                  waiting for a lock / a statement
    -----------  -----------------------  -----------------------------------------------------------
    SQLite       -                        PRAGMA busy_timeout
    PostgreSQL   connect_timeout (libpq)  SET statement_timeout, lock_timeout
    MariaDB      connect_timeout          SET max_statement_time, lock_wait_timeout,
                                          innodb_lock_wait_timeout; the driver's socket read timeout

`Database.run` also stops waiting for the worker thread at the budget, so the answer is on time even when a
driver ignores its timeout (a server that accepts the connection and never answers).

Work outside a WHMCS call (CLI, migrations, background refreshes) has no deadline: it keeps the servers'
own statement and lock limits, and only connecting is bounded (NO_DEADLINE_SECONDS).

`SqliteFile` notices a SQLite database file that was deleted or replaced while the bridge had it open:
writes to a deleted file succeed and are lost at the next restart, so such a connection is refused.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DisconnectionError

# Connecting, and SQLite's busy wait, for work without a deadline (as sqlite3's own default).
NO_DEADLINE_SECONDS = 30.0
# Work started at or after the deadline (recording an order's outcome after a slow registry) still gets
# this long: the outcome must be kept even when the caller has stopped waiting.
MIN_SECONDS = 1.0

_deadline: ContextVar[float | None] = ContextVar("database_deadline", default=None)
_budget: ContextVar[float | None] = ContextVar("database_budget", default=None)


class DatabaseFileGone(Exception):
    """The SQLite file the bridge opened is no longer at its path (deleted, or moved away)."""


@contextmanager
def request_deadline(deadline: float | None) -> Iterator[None]:
    """Database work inside the block ends by `deadline` (time.monotonic(); None: no caller deadline)."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def budget_now() -> float | None:
    """Seconds the next piece of database work may take; None without a deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    return max(deadline - time.monotonic(), MIN_SECONDS)


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Set in the worker thread: the connection events below read it."""
    token = _budget.set(seconds)
    try:
        yield
    finally:
        _budget.reset(token)


def _seconds() -> float:
    seconds = _budget.get()
    return NO_DEADLINE_SECONDS if seconds is None else seconds


def _whole_seconds(minimum: int) -> int:
    return max(minimum, math.ceil(_seconds()))


def _set_session(dbapi_connection: Any, statements: list[str]) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for statement in statements:
            cursor.execute(statement)
    finally:
        cursor.close()
    dbapi_connection.commit()  # a SET must not stay in an open transaction (PostgreSQL would roll it back)


def _unchanged(dbapi_connection: Any, record: Any, limit: str) -> bool:
    """Whether this connection already has `limit` (set at an earlier checkout); remembers it if not.

    Setting it again costs a round trip to the server per checkout, two per call (the replay nonce and
    the operation's own work), for a value that is mostly the same."""
    if record.info.get(_APPLIED) == (id(dbapi_connection), limit):
        return True
    record.info[_APPLIED] = (id(dbapi_connection), limit)
    return False


_APPLIED = "bridge_limits"


def _postgres_milliseconds(seconds: float) -> int:
    """The budget as PostgreSQL's timeouts: whole seconds, rounded down, once it is 2 s or more, so calls
    with about the same budget share one value and rarely need a new SET (`_unchanged`)."""
    return math.floor(seconds) * 1000 if seconds >= 2 else math.ceil(seconds * 1000)


def _postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: object, _record: object, _args: object, kwargs: dict[str, Any]) -> None:
        kwargs["connect_timeout"] = _whole_seconds(2)  # libpq counts whole seconds, at least 2

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        seconds = _budget.get()
        # DEFAULT: the server's own
        limit = "DEFAULT" if seconds is None else str(_postgres_milliseconds(seconds))
        if not _unchanged(dbapi_connection, record, limit):
            # One round trip for both (psycopg sends a query without parameters as it is).
            _set_session(dbapi_connection, [f"SET statement_timeout = {limit}; SET lock_timeout = {limit}"])


def _mysql(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: object, _record: object, _args: object, kwargs: dict[str, Any]) -> None:
        kwargs["connect_timeout"] = _whole_seconds(1)

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, _record: object, _proxy: object) -> None:
        seconds = _budget.get()
        whole = "DEFAULT" if seconds is None else str(_whole_seconds(1))  # DEFAULT: the server's
        statements = [
            f"SET SESSION lock_wait_timeout = {whole}",
            f"SET SESSION innodb_lock_wait_timeout = {whole}",
        ]
        if engine.dialect.is_mariadb:  # type: ignore[attr-defined]
            limit = "DEFAULT" if seconds is None else f"{seconds:.3f}"
            statements.append(f"SET SESSION max_statement_time = {limit}")
        _set_session(dbapi_connection, statements)
        # PyMySQL applies this socket timeout before every read: a server that stops answering mid-query
        # ends the worker thread too, not only the wait for it (None: no timeout, the driver's default).
        if hasattr(dbapi_connection, "_read_timeout"):
            dbapi_connection._read_timeout = None if seconds is None else seconds + 1


class SqliteFile:
    """The identity (device, inode) of the SQLite file each pooled connection opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._opened = False

    def identity(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def check_connect(self) -> None:
        # The first connection may create the file (a fresh checkout); a later one must not silently
        # start an empty database where the bridge's journal used to be.
        if self._opened and self.identity() is None:
            raise DatabaseFileGone(f"the database file {self.path} was deleted")

    def record(self, record: Any) -> None:
        self._opened = True
        record.info["sqlite_file"] = self.identity()

    def check_checkout(self, record: Any) -> None:
        current = self.identity()
        if current is None:
            raise DatabaseFileGone(f"the database file {self.path} was deleted")
        if current != record.info.get("sqlite_file"):
            # Replaced (e.g. restored from a backup): the pool reopens the file now at the path.
            raise DisconnectionError(f"the database file {self.path} was replaced")


def sqlite_file(url: URL) -> SqliteFile | None:
    """The file behind a SQLite URL; None for in-memory databases and `file:` URIs."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return SqliteFile(Path(database).expanduser().resolve())


def install(engine: Engine) -> None:
    """Apply the budget to every connection of `engine` (see the table above)."""
    name = engine.dialect.name
    if name == "postgresql":
        _postgresql(engine)
    elif name in ("mysql", "mariadb"):
        _mysql(engine)
    elif name == "sqlite":
        _sqlite(engine, sqlite_file(engine.url))


def _sqlite(engine: Engine, file: SqliteFile | None) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: object, _record: object, _args: object, kwargs: dict[str, Any]) -> None:
        if file is not None:
            file.check_connect()
        kwargs["timeout"] = _seconds()  # sqlite3's busy timeout while the connection sets itself up

    @event.listens_for(engine, "connect")
    def _record_file(_dbapi_connection: object, record: Any) -> None:
        if file is not None:
            file.record(record)

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        if file is not None:
            file.check_checkout(record)
        # Waiting for another writer's lock ends with the budget (sqlite3's default would be 30 s).
        milliseconds = math.ceil(_seconds() * 1000)
        if not _unchanged(dbapi_connection, record, str(milliseconds)):
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
            cursor.close()
