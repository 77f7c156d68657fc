"""Fixtures for the snapshot and pricing tests: the in-process sandbox behind a real IspapiClient
(httpx.ASGITransport), a migrated SQLite database, and a counting wrapper around the client."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from app.db import migrations
from app.db.session import Database
from app.ispapi import IspapiClient, Response
from app.pricing.cache import SqlPricing
from app.registrar.base import IspapiCaller, ModuleConfig, RegistrarContext
from app.sync import lock, sql_stores as sync_stores
from app.sync.account import account_for
from sandbox.app import create_app
from sandbox.core import Sandbox, SandboxConfig
from tests.registrar.conftest import PassThroughJournal

LOGIN, PASSWORD = "demo", "demo-pass-123"


class Counting:
    """An IspapiCaller that counts the commands it passes on (per command name)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.sent: list[dict[str, Any]] = []

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        self.sent.append(dict(command))
        reply: Response = await self.inner.call(command, timeout=timeout)
        return reply

    def count(self) -> Counter[str]:
        return Counter(str(c["COMMAND"]) for c in self.sent)


class Gated:
    """Passes calls on once `gate` is set (a generous 30 s bound turns a missing event into a failure)."""

    def __init__(self, inner: Counting, gate: asyncio.Event) -> None:
        self.inner, self.gate = inner, gate

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        await asyncio.wait_for(self.gate.wait(), timeout=30)
        return await self.inner.call(command, timeout=timeout)


def held_until_another_caller_waits(client: Counting, monkeypatch: pytest.MonkeyPatch) -> Gated:
    """`client`, holding every call until a second caller has found the refresh lease taken.

    Only a waiting caller polls for the lease holder (app/sync/lock.py single_flight), so the first poll
    opens the gate: two concurrent refreshes then meet on the lease however slow the machine, with no
    registry delay to tune."""
    loop = asyncio.get_running_loop()
    waiting = asyncio.Event()
    real_holder = lock.holder

    def holder(*args: Any, **kwargs: Any) -> str | None:
        loop.call_soon_threadsafe(waiting.set)
        return real_holder(*args, **kwargs)

    monkeypatch.setattr(lock, "holder", holder)
    return Gated(client, waiting)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[Counting]:
    transport = httpx.ASGITransport(app=create_app(sandbox))
    inner = IspapiClient(
        login=LOGIN,
        password=PASSWORD,
        url="http://127.0.0.1/api/call.cgi",
        transport=transport,
        allow_insecure_url=True,
        timeout=10.0,
    )
    try:
        yield Counting(inner)
    finally:
        await inner.aclose()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'bridge.db'}"
    migrations.upgrade(url)
    database = Database.from_url(url)
    try:
        yield database
    finally:
        database.dispose()


def services(db: Database, client: IspapiCaller, **settings: Any) -> SimpleNamespace:
    """The slice of app.api.deps.Services that Sync and GetTLDPricing read."""
    values = {
        "sync_mode": "snapshot",
        "snapshot_ttl_seconds": 3600,
        "pricing_ttl_seconds": 86400,
        "ispapi_url": "http://127.0.0.1/api/call.cgi",
        **settings,
    }
    return SimpleNamespace(db=db, settings=SimpleNamespace(**values), client_factory=lambda _config: client)


def context(
    function: str,
    params: dict[str, Any],
    *,
    client: IspapiCaller,
    services: SimpleNamespace | None,
    config: dict[str, Any] | None = None,
) -> RegistrarContext:
    module_config = ModuleConfig.from_settings({"Username": LOGIN, "Password": PASSWORD, **(config or {})})
    stores: dict[str, Any] = {}
    if services is not None:
        # The database-backed stores the HTTP layer gives a call (app/api/dispatch.py).
        snapshots, holds = sync_stores.for_call(
            db=services.db, settings=services.settings, config=module_config, client=lambda: client
        )
        stores = {"snapshots": snapshots, "holds": holds}
    return RegistrarContext(
        function=function,
        params=params,
        config=module_config,
        client=client,
        journal=PassThroughJournal(),
        request_id="req-sync-test",
        services=services,
        **stores,
        pricing=None if services is None else _pricing(services, module_config),
    )


def _pricing(services: SimpleNamespace, config: ModuleConfig) -> SqlPricing:
    """The pricing store of the account, as app/api/dispatch.py builds it from the services."""
    return SqlPricing.for_account(
        config,
        account=account_for(config, ispapi_url=services.settings.ispapi_url),
        db=services.db,
        ttl_seconds=services.settings.pricing_ttl_seconds,
        client_factory=services.client_factory,
    )
