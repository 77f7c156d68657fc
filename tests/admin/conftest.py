"""Fixtures of the admin-page function tests: the in-process sandbox behind a real client (from the
snapshot tests), a client whose password the sandbox refuses, a CNR client on the same sandbox, and a
migrated database per backend (SQLite always; PostgreSQL/MariaDB when TEST_DATABASE_URLS names them),
emptied before each test."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import delete

from app.cnr import CnrClient
from app.db import migrations
from app.db.declarative import Base
from app.db.session import Database
from app.ispapi import IspapiClient
from sandbox.app import create_app
from sandbox.core import Sandbox
from tests.bridge.conftest import _server_database
from tests.conftest import database_urls
from tests.sync.conftest import LOGIN, PASSWORD, Counting, client, sandbox

__all__ = ["client", "cnr_client", "refused_client", "sandbox"]
CNR_URL = "http://127.0.0.1/cnr/api/call.cgi"  # the sandbox's CNR live system (same login, its own world)


@pytest.fixture(scope="module", params=database_urls())
def admin_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('admin-db') / 'bridge.db'}"
        migrations.upgrade(url)
        yield url
        return
    for url in _server_database(request.param):
        migrations.upgrade(url)
        yield url


@pytest.fixture
def db(admin_db_url: str) -> Iterator[Database]:
    database = Database.from_url(admin_db_url)
    with database.sessions() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
        session.commit()
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
async def refused_client(sandbox: Sandbox) -> AsyncIterator[Counting]:
    inner = IspapiClient(
        login=LOGIN,
        password="not-the-password",
        url="http://127.0.0.1/api/call.cgi",
        transport=httpx.ASGITransport(app=create_app(sandbox)),
        allow_insecure_url=True,
        timeout=10.0,
    )
    try:
        yield Counting(inner)
    finally:
        await inner.aclose()


@pytest.fixture
async def cnr_client(sandbox: Sandbox) -> AsyncIterator[Counting]:
    inner = CnrClient(
        login=LOGIN,
        password=PASSWORD,
        url=CNR_URL,
        transport=httpx.ASGITransport(app=create_app(sandbox)),
        allow_insecure_url=True,
        timeout=10.0,
    )
    try:
        yield Counting(inner)
    finally:
        await inner.aclose()
