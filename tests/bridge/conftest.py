"""Fixtures of the bridge tests: a migrated database per backend, a signed-request helper, the app.

SQLite always; PostgreSQL/MariaDB when TEST_DATABASE_URLS names them. On a shared server every test module
gets its own freshly created database (dropped afterwards), so other packages' tables are never touched.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, delete
from sqlalchemy.engine import make_url

from app.contract import ErrorMode, FunctionContract, IdempotencyKey, ResultKind, TimeoutClass
from app.db import migrations
from app.db.models import OperationJournal, ReplayNonce
from app.db.session import Database
from app.main import create_app
from app.registrar.base import OPERATIONS, Operation, OperationSpec
from app.security import sign
from app.settings import Settings
from tests.conftest import database_urls

SECRET = "test-secret-5d1f9a73c2e84b06"


def _server_database(url: str) -> Iterator[str]:
    """Create a uniquely named database on the server behind `url`, yield its URL, drop it."""
    name = f"bridge_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    quote = '"' if admin.dialect.name == "postgresql" else "`"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {quote}{name}{quote}")
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        drop = f"DROP DATABASE IF EXISTS {quote}{name}{quote}"
        if admin.dialect.name == "postgresql":
            drop += " WITH (FORCE)"
        with admin.connect() as connection:
            connection.exec_driver_sql(drop)
        admin.dispose()


@pytest.fixture(scope="module", params=database_urls())
def blank_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database (no tables) for this test module."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'bridge.db'}"
    else:
        yield from _server_database(request.param)


@pytest.fixture(scope="module")
def migrated_db_url(blank_db_url: str) -> str:
    migrations.upgrade(blank_db_url)
    return blank_db_url


@pytest.fixture
def db_url(migrated_db_url: str) -> str:
    """A migrated database with empty bridge tables."""
    db = Database.from_url(migrated_db_url)
    try:
        with db.sessions() as session:
            session.execute(delete(OperationJournal))
            session.execute(delete(ReplayNonce))
            session.commit()
    finally:
        db.dispose()
    return migrated_db_url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database.from_url(db_url)
    yield db
    db.dispose()


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections (enough for the readiness probe)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])


def make_settings(db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "secret": SECRET,
        "ispapi_url": f"http://127.0.0.1:{closed_port()}/api/call.cgi",
        **overrides,
    }
    return Settings(_env_file=None, **values)


def envelope(function: str = "BridgeTestEcho", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "protocol": "ispapi-bridge/1",
        "request_id": uuid.uuid4().hex,
        "idempotency_key": None,
        "function": function,
        "whmcs": {"version": "8.10.1", "area": "admin", "php": "8.2.0"},
        "config": {"Username": "demo", "Password": "s3cret-ispapi-pw", "TestMode": "on"},
        "params": {"domain": "example.com"},
    }
    body.update(overrides)
    return body


def signed_headers(body: bytes, *, request_id: str | None, timestamp: int | None = None) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "X-Bridge-Signature": sign(SECRET, body, timestamp=timestamp),
    }
    if request_id is not None:
        headers["X-Request-Id"] = request_id
    return headers


class BridgeClient:
    """An httpx client bound to the app in-process, with a `call` that signs like the PHP shim."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def call(
        self, data: dict[str, Any], *, function: str | None = None, **headers: str
    ) -> httpx.Response:
        body = json.dumps(data).encode()
        sent = signed_headers(body, request_id=data.get("request_id"))
        sent.update(headers)
        return await self.http.post(f"/v1/whmcs/{function or data['function']}", content=body, headers=sent)


@pytest.fixture
async def bridge_factory() -> AsyncIterator[Callable[..., Any]]:
    """Build an app (lifespan entered) and a BridgeClient for it; everything is closed at the end."""
    from contextlib import AsyncExitStack

    async with AsyncExitStack() as stack:

        async def build(settings: Settings, **kwargs: Any) -> tuple[Any, BridgeClient]:
            app = create_app(settings, **kwargs)
            await stack.enter_async_context(app.router.lifespan_context(app))
            http = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://bridge.test", timeout=10
                )
            )
            return app, BridgeClient(http)

        yield build


@pytest.fixture
def register_operation() -> Iterator[Callable[..., None]]:
    """Register test-only operations in OPERATIONS; removed again after the test."""
    added: list[str] = []

    def register(name: str, func: Operation, *, money: bool = False) -> None:
        assert name not in OPERATIONS
        # a row of its own, as app/contract/functions.py would have it (any result kind)
        row = FunctionContract(
            name,
            tuple(ResultKind),
            TimeoutClass.WRITE,
            ErrorMode.ERROR,
            func.__module__,
            key=IdempotencyKey() if money else None,
        )
        OPERATIONS[name] = OperationSpec(name=name, func=func, contract=row)
        added.append(name)

    yield register
    for name in added:
        OPERATIONS.pop(name, None)


def now() -> int:
    return int(time.time())
