"""The whole bridge path against the real sandbox (in-process over ASGI): signed envelope -> operation ->
IspapiClient -> sandbox wire protocol -> reply -> masked module log."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.api.envelope import Result
from app.registrar.base import RegistrarContext, array
from sandbox.app import create_app as create_sandbox
from sandbox.core import SandboxConfig
from tests.bridge.conftest import envelope, make_settings

SANDBOX_PASSWORD = "sandbox-pw-123456"


async def check_authentication(ctx: RegistrarContext) -> Result:
    reply = await ctx.client.call({"COMMAND": "CheckAuthentication"})
    return array({"code": reply.code, "description": reply.description})


@pytest.fixture
async def bridge(db_url: str, bridge_factory: Any, register_operation: Any) -> Any:
    sandbox = create_sandbox(config=SandboxConfig(login="demo", password=SANDBOX_PASSWORD))

    def http_factory(*, proxy: str | None = None, read_timeout: float = 60.0) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox), timeout=read_timeout)

    register_operation("BridgeTestCheckAuth", check_authentication)
    settings = make_settings(db_url, ispapi_url="http://127.0.0.1:8765/api/call.cgi")
    _, client = await bridge_factory(settings, http_factory=http_factory)
    return client


@pytest.mark.parametrize(("password", "code"), [(SANDBOX_PASSWORD, 200), ("wrong-password-1", 530)])
async def test_credentials_from_the_envelope_reach_the_sandbox(bridge: Any, password: str, code: int) -> None:
    data = envelope(
        "BridgeTestCheckAuth", config={"Username": "demo", "Password": password, "TestMode": "on"}
    )
    response = await bridge.call(data)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["result"]["value"]["code"] == code
    (entry,) = body["effects"]["module_log"]
    assert entry["request"] == "COMMAND=CheckAuthentication"
    assert f"CODE={code}" in entry["response"] and password not in response.text
