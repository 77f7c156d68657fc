"""The ProxyServer module setting: a value no HTTP proxy can have is a configuration message naming the
setting (an error envelope), never an internal error or HTTP 500 from inside httpx."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result
from app.errors import InvalidSetting
from app.registrar.base import RegistrarContext, array
from app.upstream import normalise_proxy
from tests.bridge.conftest import envelope, make_settings

BAD_PROXIES = [
    "socks5://127.0.0.1:1",
    "ftp://x",
    "\x00",
    "::::",
    "http://127.0.0.1:99999",
    "127.0.0.1:0",
    "proxy.example:port",
    "http://:3128",
    "http://proxy.example:3128/some/path",
]


async def status(ctx: RegistrarContext) -> Result:
    reply = await ctx.client.call({"COMMAND": "StatusDomain", "DOMAIN": "example.com"})
    return array({"code": reply.code})


async def local(ctx: RegistrarContext) -> Result:
    return array({"registry": "not asked"})


@pytest.fixture
async def bridge(db_url: str, bridge_factory: Any, register_operation: Any) -> Any:
    register_operation("BridgeTestStatus", status)
    register_operation("BridgeTestLocal", local)
    # The real HTTP pools (no http_factory): the proxy value reaches httpx as in production.
    _, client = await bridge_factory(make_settings(db_url))
    return client


@pytest.mark.parametrize("proxy", BAD_PROXIES)
async def test_unusable_proxy_setting_is_a_configuration_message(bridge: Any, proxy: str) -> None:
    data = envelope("BridgeTestStatus")
    data["config"]["ProxyServer"] = proxy
    response = await bridge.call(data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is False
    assert body["error"]["code"] == "INVALID_SETTING"
    assert body["error"]["message"].startswith("The ProxyServer module setting ")
    assert "host:port" in body["error"]["message"]
    assert proxy not in body["error"]["message"]


async def test_a_function_that_never_calls_the_registry_ignores_the_proxy(bridge: Any) -> None:
    data = envelope("BridgeTestLocal")
    data["config"]["ProxyServer"] = "ftp://x"
    response = await bridge.call(data)
    assert response.json()["ok"] is True


@pytest.mark.parametrize(
    ("setting", "url"),
    [
        ("", None),
        ("  ", None),
        ("10.1.2.3:3128", "http://10.1.2.3:3128"),
        ("proxy.example:8080", "http://proxy.example:8080"),
        ("user:pw@proxy.example:8080", "http://user:pw@proxy.example:8080"),
        ("https://p.example:8443", "https://p.example:8443"),
        ("http://[::1]:3128", "http://[::1]:3128"),
        ("http://proxy.example:3128/", "http://proxy.example:3128/"),
    ],
)
def test_usable_proxy_settings_become_urls(setting: str, url: str | None) -> None:
    assert normalise_proxy(setting) == url


def test_the_message_never_quotes_proxy_credentials() -> None:
    with pytest.raises(InvalidSetting) as caught:
        normalise_proxy("http://user:hunter2@proxy.example:99999")
    assert "hunter2" not in caught.value.message and caught.value.field == "ProxyServer"
    with pytest.raises(InvalidSetting) as caught:
        normalise_proxy("hunter2-not-a-scheme!://proxy")
    assert "hunter2" not in caught.value.message
