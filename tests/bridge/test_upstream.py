"""Module settings -> upstream client: OT&E vs LIVE, role users, proxies, the BRIDGE_ISPAPI_URL override."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from app.api.envelope import ModuleLogEntry
from app.errors import UpstreamUnavailable
from app.exchange import InvalidReply, RequestNotSent, TransportFailure
from app.log import Masker
from app.metrics import Metrics
from app.registrar.base import ModuleConfig
from app.settings import Settings
from app.upstream import (
    HttpPools,
    RecordingCaller,
    budget_deadline,
    build_client,
    normalise_proxy,
    probe,
    split_login,
)
from tests.bridge.conftest import closed_port

GOOD = "4f1e0c2b9a8d7e6f5a4b3c2d1e0f9a8b"
OK_REPLY = "[RESPONSE]\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nEOF\r\n"


class Upstream:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, list[str]]]] = []
        self.proxies: list[str | None] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((str(request.url), parse_qs(request.content.decode())))
        return httpx.Response(200, text=OK_REPLY)

    def factory(self, *, proxy: str | None = None, read_timeout: float = 60.0) -> httpx.AsyncClient:
        self.proxies.append(proxy)
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler), timeout=read_timeout)


def settings(**overrides: object) -> Settings:
    return Settings(_env_file=None, secret=GOOD, **overrides)  # type: ignore[arg-type]


async def send(config: dict[str, str], bridge_settings: Settings) -> tuple[Upstream, HttpPools]:
    upstream = Upstream()
    pools = HttpPools(read_timeout=5.0, factory=upstream.factory)
    client = build_client(ModuleConfig.from_settings(config), settings=bridge_settings, pools=pools)
    response = await client.call({"COMMAND": "CheckAuthentication"})
    assert response.code == 200
    await pools.aclose()
    return upstream, pools


async def test_test_mode_selects_the_ote_system() -> None:
    upstream, _ = await send({"Username": "acc", "Password": "pw123456", "TestMode": "on"}, settings())
    ((url, form),) = upstream.seen
    assert url == "https://api-ote.ispapi.net/api/call.cgi"
    assert form["s_entity"] == ["1234"] and form["s_login"] == ["acc"] and form["s_pw"] == ["pw123456"]


async def test_without_test_mode_the_live_system_is_used() -> None:
    upstream, _ = await send({"Username": "acc", "Password": "pw123456", "TestMode": ""}, settings())
    ((url, form),) = upstream.seen
    assert url == "https://api.ispapi.net/api/call.cgi" and form["s_entity"] == ["54cd"]


async def test_role_user_login() -> None:
    upstream, _ = await send({"Username": "acc!whmcs", "Password": "pw123456"}, settings())
    assert upstream.seen[0][1]["s_login"] == ["acc!whmcs"]
    assert split_login("acc!whmcs") == ("acc", "whmcs") and split_login("acc") == ("acc", None)
    assert split_login("acc!") == ("acc", None)  # empty role = plain login (docs/ispapi-wire.md §1.4)


async def test_proxy_server_gets_its_own_pool() -> None:
    upstream, pools = await send(
        {"Username": "acc", "Password": "pw", "ProxyServer": "10.1.2.3:3128"}, settings()
    )
    # The client opened for the call goes through the proxy.
    assert upstream.proxies == ["http://10.1.2.3:3128"]
    assert (
        normalise_proxy("") is None and normalise_proxy("https://p.example:8443") == "https://p.example:8443"
    )


async def test_every_call_through_a_proxy_shares_its_client() -> None:
    upstream = Upstream()
    pools = HttpPools(read_timeout=5.0, factory=upstream.factory)
    turns = [pools.get(None) for _ in range(4)]
    assert len({id(c) for c in turns}) == 1 and pools.get(None) is turns[0]
    assert upstream.proxies == [None]
    await pools.aclose()


async def test_pools_are_shared_per_proxy_and_bounded() -> None:
    upstream = Upstream()
    pools = HttpPools(read_timeout=5.0, factory=upstream.factory)
    assert pools.get(None) is pools.get(None)
    assert pools.get("http://a:1") is not pools.get(None)
    for index in range(20):
        pools.get(f"http://proxy{index}:3128")
    assert len(pools.proxies) == 16
    await pools.aclose()
    assert pools.proxies == []


async def test_bridge_ispapi_url_overrides_the_endpoint_but_keeps_the_entity() -> None:
    override = settings(ispapi_url="http://127.0.0.1:8765/api/call.cgi")
    upstream, _ = await send({"Username": "demo", "Password": "pw", "TestMode": "on"}, override)
    ((url, form),) = upstream.seen
    assert url == "http://127.0.0.1:8765/api/call.cgi" and form["s_entity"] == ["1234"]


async def test_recording_caller_masks_and_counts() -> None:
    upstream = Upstream()
    pools = HttpPools(read_timeout=5.0, factory=upstream.factory)
    inner = build_client(
        ModuleConfig.from_settings({"Username": "a", "Password": "hunter2hunter2"}),
        settings=settings(),
        pools=pools,
    )
    sink: list[ModuleLogEntry] = []
    metrics = Metrics()
    caller = RecordingCaller(
        inner, action="GetEPPCode", sink=sink, masker=Masker(["hunter2hunter2"]), metrics=metrics
    )
    await caller.call({"COMMAND": "TransferDomain", "DOMAIN": "a.com", "AUTH": "x1y2z3"})
    (entry,) = sink
    assert entry.action == "GetEPPCode" and "AUTH=***" in entry.request and "x1y2z3" not in entry.request
    assert metrics.value("bridge_upstream_calls_total", command="TransferDomain", code_class="2xx") == 1
    await pools.aclose()


async def test_transport_failure_is_recorded_with_its_reason() -> None:
    port = closed_port()
    pools = HttpPools(read_timeout=5.0)
    inner = build_client(
        ModuleConfig.from_settings({"Username": "a", "Password": "pw"}),
        settings=settings(ispapi_url=f"http://127.0.0.1:{port}/api/call.cgi"),
        pools=pools,
    )
    sink: list[ModuleLogEntry] = []
    metrics = Metrics()
    caller = RecordingCaller(inner, action="Sync", sink=sink, masker=Masker(), metrics=metrics)
    # A write command: the client does not retry it, so the failure is immediate.
    with pytest.raises(RequestNotSent) as caught:
        await caller.call({"COMMAND": "ModifyDomain", "DOMAIN": "a.com"})
    assert caught.value.kind is TransportFailure.CONNECT and caught.value.command == "ModifyDomain"
    # The module log keeps the SDK wording of the failed exchange, with its reason.
    assert (
        "CODE=421" in sink[0].response
        and "Command failed due to HTTP communication error" in sink[0].response
    )
    assert "transport failure: ConnectError" in sink[0].response
    assert metrics.value("bridge_upstream_calls_total", command="ModifyDomain", code_class="transport") == 1
    await pools.aclose()


async def test_broken_reply_is_recorded_as_the_423_template() -> None:
    pools = HttpPools(
        read_timeout=5.0,
        factory=lambda **_: httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200))),
    )
    inner = build_client(
        ModuleConfig.from_settings({"Username": "a", "Password": "pw"}), settings=settings(), pools=pools
    )
    sink: list[ModuleLogEntry] = []
    metrics = Metrics()
    caller = RecordingCaller(inner, action="Sync", sink=sink, masker=Masker(), metrics=metrics)
    with pytest.raises(InvalidReply):
        await caller.call({"COMMAND": "ModifyDomain", "DOMAIN": "a.com"})
    assert "CODE=423" in sink[0].response and "Empty API response" in sink[0].response
    assert "transport failure" not in sink[0].response
    assert metrics.value("bridge_upstream_calls_total", command="ModifyDomain", code_class="4xx") == 1
    await pools.aclose()


class _UnusedMasker(Masker):
    """Fails the test when anything is masked: without a module log nothing may be rendered."""

    def text(self, text: str) -> str:
        raise AssertionError("a module-log text was rendered")

    def command(self, command: Any) -> str:
        raise AssertionError("a module-log command was rendered")


@pytest.mark.parametrize(
    ("reply", "raised"),
    [
        (
            httpx.Response(
                200, text="[RESPONSE]\nCODE=200\nDESCRIPTION=Command completed successfully\nEOF\n"
            ),
            None,
        ),
        (httpx.Response(200), InvalidReply),  # an empty body
        (ValueError("a bug in the transport"), ValueError),  # neither a reply nor an exchange failure
    ],
    ids=["answered", "broken-reply", "other-error"],
)
async def test_without_a_module_log_nothing_is_rendered_and_every_exchange_is_counted(
    reply: httpx.Response | Exception, raised: type[Exception] | None
) -> None:
    def answer(_request: httpx.Request) -> httpx.Response:
        if isinstance(reply, Exception):
            raise reply
        return reply

    pools = HttpPools(
        read_timeout=5.0, factory=lambda **_: httpx.AsyncClient(transport=httpx.MockTransport(answer))
    )
    inner = build_client(
        ModuleConfig.from_settings({"Username": "a", "Password": "pw"}), settings=settings(), pools=pools
    )
    metrics = Metrics()
    caller = RecordingCaller(inner, action="Sync", sink=None, masker=_UnusedMasker(), metrics=metrics)
    assert caller.exchanges == 0
    command = {"COMMAND": "ModifyDomain", "DOMAIN": "a.com"}
    if raised is None:
        assert (await caller.call(command)).code == 200
    else:
        with pytest.raises(raised):
            await caller.call(command)
    assert caller.exchanges == 1
    classes = ("2xx", "4xx", "transport")
    calls = [
        metrics.value("bridge_upstream_calls_total", command="ModifyDomain", code_class=c) for c in classes
    ]
    assert sum(calls) == 1
    await pools.aclose()


@pytest.mark.parametrize("scheme", ["http", "https"])
async def test_probe_reports_a_closed_port(scheme: str) -> None:
    port = closed_port()
    problem = await probe(f"{scheme}://127.0.0.1:{port}/api/call.cgi", timeout=2)
    assert problem is not None and problem.startswith(f"cannot connect to 127.0.0.1:{port}")


async def test_probe_accepts_a_listening_port(listening_port: int) -> None:
    assert await probe(f"http://127.0.0.1:{listening_port}/", timeout=2) is None


# ---- the shim's time budget (X-Bridge-Timeout) bounds upstream calls ----


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("15", 1000.0 + 15 - 1.0),  # margin 1 s
        ("2", 1000.0 + 2 - 0.4),  # short budgets keep a fifth for the answer
        (" 8.5 ", 1000.0 + 8.5 - 1.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("0", None),
        ("-3", None),
        ("nan", None),
        ("inf", None),
        ("99999", None),  # beyond an hour: not a budget any shim sends
    ],
)
def test_budget_deadline_from_the_header(header: str | None, expected: float | None) -> None:
    deadline = budget_deadline(header, now=1000.0)
    assert deadline == (pytest.approx(expected) if expected is not None else None)


class TimeoutProbe:
    """An IspapiCaller that records the timeout it was given."""

    def __init__(self) -> None:
        self.timeouts: list[float | None] = []

    async def call(self, command: object, *, timeout: float | None = None) -> object:
        self.timeouts.append(timeout)
        from app.ispapi import parse_response

        return parse_response("[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nEOF\r\n")


@pytest.mark.parametrize(
    ("budget", "own", "given", "expected"),
    [
        (None, 3.0, None, None),  # no deadline: the client's own timeout applies unchanged
        (10.0, 3.0, None, 3.0),  # the client's own timeout is shorter than the budget
        (2.0, 60.0, None, 2.0),  # the budget is shorter: it wins
        (2.0, 60.0, 1.0, 1.0),  # an operation's explicit shorter timeout still wins
    ],
)
async def test_recording_caller_bounds_timeouts_by_the_deadline(
    budget: float | None, own: float, given: float | None, expected: float | None
) -> None:
    import time

    inner = TimeoutProbe()
    deadline = None if budget is None else time.monotonic() + budget
    caller = RecordingCaller(
        inner,  # type: ignore[arg-type]
        action="GetNameservers",
        sink=[],
        masker=Masker(),
        deadline=deadline,
        default_timeout=own,
    )
    await caller.call({"COMMAND": "StatusDomain"}, timeout=given)
    (timeout,) = inner.timeouts
    if expected is None:
        assert timeout is None
    else:
        # Time passes between setting the deadline and the call (a lot, on a busy machine): it can only
        # shorten what is left of the budget, never lengthen it.
        assert timeout is not None and expected - 1.0 < timeout <= expected


@pytest.mark.parametrize("left", [-5.0, 0.2])
async def test_nothing_is_sent_once_the_deadline_has_passed(left: float) -> None:
    import time

    inner = TimeoutProbe()
    sink: list[ModuleLogEntry] = []
    caller = RecordingCaller(
        inner,  # type: ignore[arg-type]
        action="RegisterDomain",
        sink=sink,
        masker=Masker(),
        deadline=time.monotonic() + left,
        default_timeout=60.0,
    )
    with pytest.raises(UpstreamUnavailable, match="AddDomain was not sent"):
        await caller.call({"COMMAND": "AddDomain", "DOMAIN": "late.com"})
    assert inner.timeouts == [] and sink == []
