"""Engine and sessions. The engine is synchronous (no async drivers for SQLite/MariaDB are installed), so
callers on the event loop run database work in a worker thread through `Database.run`. The few statements
of every call (`Database.quick`) avoid that thread where they can: on SQLite they run on the event loop, on
PostgreSQL through psycopg's asyncio connections (docs/architecture.md decision 12).

`Database.run` and `Database.quick` are also where a database that cannot be used becomes
`DatabaseUnavailable` (HTTP 503, which the shim reports like an unreachable bridge): refused or lost
connections, a read-only or locked database, a deleted SQLite file, and work that does not finish within the
request's budget (app/db/limits.py).
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from sqlalchemy import Connection, Engine, create_engine, event, exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.util import greenlet_spawn

from app.db import limits
from app.errors import ServiceUnavailable

T = TypeVar("T")


class DatabaseUnavailable(ServiceUnavailable, sa_exc.SQLAlchemyError):  # type: ignore[misc]  # `code`: ours wins
    """ServiceUnavailable (HTTP 503) for the request, and still a SQLAlchemyError to the code that carries
    on without the database (Sync falls back from its snapshot to per-domain queries, the CLI says
    "database problem")."""

    def __str__(self) -> str:
        return self.message


log = logging.getLogger(__name__)

DRIVER_SHARE = 0.9  # of a piece of work's budget, for the driver's own timeouts
POOL_SIZE = 16
IDLE_PING_SECONDS = 2.0

# Driver errors that mean "the database cannot be used right now" (connection refused or lost, locked,
# read-only, timed out), as opposed to a bug in a query. sqlalchemy.exc.TimeoutError: no pooled
# connection came free in time.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.InternalError,
    sa_exc.TimeoutError,
    limits.DatabaseFileGone,
)


def _prepare_sqlite_path(url: str) -> None:
    """Create the folder of a SQLite file (the default ./var/bridge.db) so a fresh checkout just works."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url` (sqlite:///..., postgresql+psycopg://..., mysql+pymysql://...)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_path(url)
        # Worker threads share the pool. How long a writer waits for another's lock is set per checkout
        # from the request's budget (app/db/limits.py), not sqlite3's fixed timeout.
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL lets readers (Sync's snapshot look-ups) run while a refresh writes, and with
            # synchronous=NORMAL a commit (every request's replay nonce) no longer waits for an fsync;
            # a power cut can lose the last commits but never corrupts the file.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    else:
        # Connections kept open: as many as calls busy with the database at once under load (16 clients
        # in benchmarks/overhead.py), so a busy bridge does not open and close a connection per piece of
        # work beyond SQLAlchemy's default 5 (a PostgreSQL connect costs more than a Sync).
        engine = create_engine(
            url, echo=echo, pool_pre_ping=True, pool_recycle=1800, pool_size=POOL_SIZE, max_overflow=POOL_SIZE
        )
    limits.install(engine)
    return engine


class Database:
    """One engine plus a session factory; `run(fn)` executes `fn(session)` off the event loop and
    `quick(fn)` executes `fn(connection)`, a few statements on indexed rows, at the least cost."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite is a file on this machine: a statement on an indexed row takes microseconds and never
        # waits for the network, so `quick` may use it on the event loop (see `quick`).
        self._sqlite = _HeldConnection(engine) if engine.dialect.name == "sqlite" else None
        # PostgreSQL through psycopg has an asyncio form: `quick` work needs no worker thread there.
        self._loop_capable = engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
        self._on_loop: tuple[asyncio.AbstractEventLoop, AsyncEngine] | None = None

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    async def run(self, fn: Callable[[Session], T]) -> T:
        """`fn(session)` in a worker thread, within the request's budget (app/db/limits.py).

        Raises ServiceUnavailable when the database cannot be used or does not answer in time. The thread
        is abandoned at the budget (the driver's own timeouts end it later); its work must therefore be
        safe to finish unobserved, which holds for everything here: nothing is sent to the registry from
        inside database work. Without a deadline (CLI, background work) it is simply awaited."""

        def work() -> T:
            with self.sessions() as session:
                return fn(session)

        return await self._in_thread(work)

    async def quick(self, fn: Callable[[Connection], T]) -> T:
        """`fn(connection)`: a few statements on indexed rows (the replay nonce, Sync's snapshot row),
        committed by the time `fn` returns, within the request's budget like `run`.

        Handing work to a worker thread costs several times such work itself, twice per call, and under
        load the thread's turns at the GIL cost more than the statements (docs/architecture.md decision 12).
        So on SQLite it runs right here on the event loop, without waiting for any lock; when another
        writer holds the lock it is run again in a worker thread that waits within the budget as usual, so
        `fn` must be safe to run again after SQLite refused it as busy (a read, or a single write). On
        PostgreSQL it runs on the event loop through psycopg's asyncio connections (a pool of its own, in
        autocommit: each statement is its own transaction, with no BEGIN and COMMIT round trips). On other
        databases it runs in a worker thread like `run`."""
        if self._sqlite is not None:
            try:
                # A zero budget is a zero busy timeout (app/db/limits.py): SQLite answers "locked" at once.
                with limits.budget(0.0):
                    return self._sqlite.run(fn)
            except sa_exc.OperationalError as exc:
                if not _busy(exc):
                    raise self._unavailable(exc) from exc
            except _UNAVAILABLE as exc:
                raise self._unavailable(exc) from exc
        elif self._loop_capable:
            return await self._quick_on_loop(fn)

        def work() -> T:
            with self.engine.begin() as connection:
                return fn(connection)

        return await self._in_thread(work)

    async def _in_thread(self, work: Callable[[], T]) -> T:
        seconds = limits.budget_now()
        # The driver's own timeouts end a little earlier, so its reason (locked, read-only, refused) is
        # what the answer says rather than a bare "did not answer".
        driver = _driver_share(seconds)

        def bounded() -> T:
            with limits.budget(driver):
                return work()

        with self._failures(seconds):
            if seconds is None:
                return await anyio.to_thread.run_sync(bounded)
            with anyio.fail_after(seconds):
                return await anyio.to_thread.run_sync(bounded, abandon_on_cancel=True)

    async def _quick_on_loop(self, fn: Callable[[Connection], T]) -> T:
        seconds = limits.budget_now()
        engine = await self._loop_engine()

        def whole() -> T:
            with engine.sync_engine.connect() as connection:
                return fn(connection)

        with self._failures(seconds):
            # The budget reaches the checkout events (app/db/limits.py): the greenlet that runs `whole`
            # shares this task's context. One greenlet for checkout, work and checkin: SQLAlchemy's
            # AsyncConnection would start one for each (about 30 us of CPU per statement).
            with anyio.fail_after(seconds), limits.budget(_driver_share(seconds)):
                return await greenlet_spawn(whole)

    @contextmanager
    def _failures(self, seconds: float | None) -> Iterator[None]:
        """Database errors and a missed budget as DatabaseUnavailable (the request's 503)."""
        try:
            yield
        except TimeoutError as exc:
            if seconds is None:  # not our budget (e.g. a socket timeout the driver let through)
                raise
            log.warning("database did not answer within %.1f s", seconds)
            raise DatabaseUnavailable(
                f"the bridge's database did not answer within {seconds:.1f} s; try again later"
            ) from exc
        except _UNAVAILABLE as exc:
            raise self._unavailable(exc) from exc

    async def _loop_engine(self) -> AsyncEngine:
        """The asyncio engine of the running event loop; a pool's connections belong to the loop they were
        made in, so another loop (each test has its own) gets a new engine and the old one is closed."""
        loop = asyncio.get_running_loop()
        current = self._on_loop
        if current is not None and current[0] is loop:
            return current[1]
        engine = create_async_engine(
            self.engine.url,
            isolation_level="AUTOCOMMIT",
            pool_recycle=1800,
            # A connection is held for one statement, never across other awaits: 16 serve 16 calls at once
            # (README "Database": connections per process).
            pool_size=POOL_SIZE,
            max_overflow=0,
            pool_reset_on_return=None,  # autocommit: nothing is ever left to roll back
        )
        limits.install(engine.sync_engine)
        _ping_when_idle(engine.sync_engine)
        self._on_loop = (loop, engine)
        if current is not None:
            await current[1].dispose()
        return engine

    @staticmethod
    def _unavailable(exc: BaseException) -> DatabaseUnavailable:
        reason = _reason(exc)
        log.warning("database unavailable: %s", reason)
        return DatabaseUnavailable(f"the bridge's database is unavailable ({reason}); try again later")

    async def aclose(self) -> None:
        """Close every pooled connection, from the event loop that used `quick` (the app's shutdown)."""
        if self._sqlite is not None:
            self._sqlite.release()
        current, self._on_loop = self._on_loop, None
        if current is not None:
            await current[1].dispose()
        self.engine.dispose()

    def dispose(self) -> None:
        """Close every pooled connection, from code without an event loop (CLI, tests)."""
        if self._sqlite is not None:
            self._sqlite.release()
        current, self._on_loop = self._on_loop, None
        if current is not None:
            # psycopg closes a connection without waiting on its socket, so any event loop will do: one of
            # its own, in a thread, in case this thread is running one.
            with ThreadPoolExecutor(max_workers=1) as closer:
                closer.submit(asyncio.run, current[1].dispose()).result()
        self.engine.dispose()


class _HeldConnection:
    """The SQLite connection `Database.quick` keeps for the event loop's thread.

    Taking a connection from the pool and giving it back cost about as much as the statements themselves
    (nonce 55 -> 39 us, snapshot read 43 -> 26 us of CPU with the check below). Work on it is synchronous, on
    one thread, so it is never shared; each piece of work is its own transaction. What a checkout would check
    is checked here before each use: a deleted database file refuses the work, a replaced one (a restore) is
    reopened (app/db/limits.py `SqliteFile`). Another thread (a test's second event loop) takes pooled
    connections."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._file = limits.sqlite_file(engine.url)
        self._held: Connection | None = None
        self._thread: int | None = None

    def run(self, fn: Callable[[Connection], T]) -> T:
        if self._held is not None and self._thread != threading.get_ident():
            with self._engine.begin() as pooled:
                return fn(pooled)
        try:
            connection = self._connection()
            with connection.begin():
                return fn(connection)
        except sa_exc.OperationalError as exc:
            if not _busy(exc):  # busy: the transaction was rolled back and the connection is fine
                self.release(invalidate=True)
            raise
        except _UNAVAILABLE:
            self.release(invalidate=True)
            raise

    def _connection(self) -> Connection:
        held = self._held
        if held is not None:
            try:
                if self._file is not None:
                    self._file.check_checkout(held.connection)
                return held
            except sa_exc.DisconnectionError:  # the file was replaced: open the one now at the path
                self.release(invalidate=True)
        self._held, self._thread = self._engine.connect(), threading.get_ident()
        return self._held

    def release(self, *, invalidate: bool = False) -> None:
        held, self._held = self._held, None
        if held is not None:
            if invalidate:
                held.invalidate()
            held.close()


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection before use only when it has been idle for IDLE_PING_SECONDS.

    `pool_pre_ping` sends a SELECT 1 at every checkout, a round trip per statement on the hot path. A
    connection used a moment ago is as good as that ping would show; one that sat idle may have been closed
    by a database restart, and is replaced here (raising DisconnectionError makes the pool retry with a new
    one). A restart within the last few seconds costs at most the calls already on its connections a 503,
    after which SQLAlchemy drops the whole pool."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: object, record: Any) -> None:
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        if time.monotonic() - record.info.get(_IDLE_SINCE, math.inf) < IDLE_PING_SECONDS:
            return
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
        except Exception as exc:  # any driver error: the connection is not usable
            raise sa_exc.DisconnectionError("pooled connection no longer answers") from exc


_IDLE_SINCE = "bridge_idle_since"


def _driver_share(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * DRIVER_SHARE


def _busy(exc: sa_exc.OperationalError) -> bool:
    """SQLite refused the work because another connection holds the lock (SQLITE_BUSY / SQLITE_LOCKED)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_BUSY:  # extended codes keep the primary one low
        return True
    return "locked" in str(exc.orig).lower()


_SQLITE_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def _reason(exc: BaseException) -> str:
    """A short cause for the answer: the class of the driver error, never its text (it may quote SQL)."""
    if isinstance(exc, limits.DatabaseFileGone):
        return str(exc)
    original = getattr(exc, "orig", None)
    text = str(original or exc).lower()
    for needle, reason in _KNOWN_REASONS:
        if needle in text:
            return reason
    return type(original or exc).__name__


# Substrings of driver messages (SQLite, libpq, MariaDB) and what the operator is told.
_KNOWN_REASONS = (
    ("readonly database", "read-only"),
    ("read-only", "read-only"),
    ("read only", "read-only"),
    ("database is locked", "locked by another process"),
    ("lock timeout", "lock wait timed out"),
    ("lock wait timeout", "lock wait timed out"),
    ("statement timeout", "statement timed out"),
    ("max_statement_time", "statement timed out"),
    ("connection refused", "connection refused"),
    ("timeout expired", "connect timed out"),
    ("timed out", "timed out"),
    ("no such table", "not migrated; run `ispapi-bridge migrate`"),
)
