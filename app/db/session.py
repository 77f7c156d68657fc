"""Engine and sessions. The engine is synchronous (no async drivers for SQLite/MariaDB are installed), so
callers on the event loop run database work in a worker thread through `Database.run`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import anyio.to_thread
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


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
        # Worker threads share the pool; the busy timeout makes concurrent writers wait instead of failing.
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL lets readers (Sync's snapshot look-ups) run while a refresh writes, and with
            # synchronous=NORMAL a commit (every request's replay nonce) no longer waits for an fsync;
            # a power cut can lose the last commits but never corrupts the file (issue 6 benchmarks).
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_recycle=1800)


class Database:
    """One engine plus a session factory; `run(fn)` executes `fn(session)` off the event loop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    async def run(self, fn: Callable[[Session], T]) -> T:
        def work() -> T:
            with self.sessions() as session:
                return fn(session)

        return await anyio.to_thread.run_sync(work)

    def dispose(self) -> None:
        self.engine.dispose()
