"""CheckAvailability through a real `IspapiClient` against the in-process sandbox (httpx.ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx
import pytest

from app.errors import UpstreamUnavailable
from app.ispapi import IspapiClient
from app.registrar.base import OPERATIONS, ModuleConfig, RegistrarContext
from sandbox.app import create_app
from sandbox.core import Sandbox, SandboxConfig
from tests.registrar.conftest import PassThroughJournal


@pytest.fixture
async def sandbox_client() -> AsyncIterator[IspapiClient]:
    app = create_app(Sandbox(SandboxConfig(login="demo", password="demo-pass-123")))
    transport = httpx.ASGITransport(app=app)
    client = IspapiClient(
        login="demo",
        password="demo-pass-123",
        url="http://127.0.0.1/api/call.cgi",
        transport=transport,
        allow_insecure_url=True,
        timeout=5.0,
    )
    try:
        yield client
    finally:
        await client.aclose()


def context(client: IspapiClient, params: Mapping[str, object]) -> RegistrarContext:
    return RegistrarContext(
        function="CheckAvailability",
        params=dict(params),
        config=ModuleConfig(),
        client=client,
        journal=PassThroughJournal(),
        request_id="req-sandbox-1",
    )


async def test_check_availability_against_sandbox(sandbox_client: IspapiClient) -> None:
    tlds = ["com", "net", "org", "de", "co.uk"] + [f"t{i}" for i in range(25)]  # 30 names -> two batches
    params = {"searchTerm": "bridge-sandbox-test-4711", "tldsToInclude": tlds, "premiumEnabled": "on"}
    result = await OPERATIONS["CheckAvailability"].func(context(sandbox_client, params))
    assert [item["tld"] for item in result.value] == tlds
    valid = {"available", "registered", "reserved", "unknown", "tld_not_supported"}
    assert all(item["status"] in valid and item["sld"] == "bridge-sandbox-test-4711" for item in result.value)
    assert any(item["status"] == "available" for item in result.value)


async def test_wrong_credentials_fall_back_to_whois(sandbox_client: IspapiClient) -> None:
    app = create_app(Sandbox(SandboxConfig(login="demo", password="other-pass-456")))
    client = IspapiClient(
        login="demo",
        password="wrong",
        url="http://127.0.0.1/api/call.cgi",
        transport=httpx.ASGITransport(app=app),
        allow_insecure_url=True,
        timeout=5.0,
    )
    try:
        with pytest.raises(UpstreamUnavailable):
            await OPERATIONS["CheckAvailability"].func(
                context(client, {"searchTerm": "abc", "tldsToInclude": ["com"]})
            )
    finally:
        await client.aclose()
