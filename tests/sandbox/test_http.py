"""The HTTP layer: faults, latency, garbage bodies, the admin API, a real uvicorn server and the official
`hexonet.apiconnector` client against it."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from sandbox.app import create_app
from sandbox.core import Sandbox, SandboxConfig
from tests.sandbox.server import serving
from tests.sandbox.wire import LOGIN, PASSWORD, all_contacts, body, parse

CONFIG = SandboxConfig(login=LOGIN, password=PASSWORD)


def add_domain_body(name: str) -> bytes:
    return body("AddDomain", {"DOMAIN": name, "PERIOD": "1", **all_contacts()})


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Sandbox(CONFIG))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test", timeout=10) as client:
        client.engine = app.state.sandbox  # type: ignore[attr-defined]
        yield client


async def test_temporary_fault_answers_421_and_does_nothing(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    engine.faults.next(command="AddDomain", kind="temporary")
    reply = parse((await api.post("/api/call.cgi", content=add_domain_body("temp.com"))).text)
    assert reply.code == 421 and "temp.com" not in engine.worlds["54cd"].domains
    again = parse((await api.post("/api/call.cgi", content=add_domain_body("temp.com"))).text)
    assert again.code == 200


async def test_dropped_connection_does_nothing(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    engine.faults.next(kind="dropped")
    with pytest.raises(httpx.RemoteProtocolError):
        await api.post("/api/call.cgi", content=add_domain_body("dropped.com"))
    assert "dropped.com" not in engine.worlds["54cd"].domains and engine.money_count("dropped.com") == 0


async def test_reply_lost_after_the_command_took_effect(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    engine.faults.next(command="AddDomain", kind="reply_lost")
    with pytest.raises(httpx.RemoteProtocolError):
        await api.post("/api/call.cgi", content=add_domain_body("lost.com"))
    assert engine.money_count("lost.com", command="AddDomain") == 1
    retry = parse((await api.post("/api/call.cgi", content=add_domain_body("lost.com"))).text)
    assert retry.code == 540  # the retry finds the domain already in the account


async def test_slow_reply_and_latency(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    engine.faults.slow_ms = 150
    engine.faults.next(kind="slow")
    started = time.monotonic()
    reply = parse((await api.post("/api/call.cgi", content=body("StatusAccount", {}))).text)
    assert reply.code == 200 and time.monotonic() - started >= 0.14
    engine.latency.per_command["STATUSACCOUNT"] = 100
    started = time.monotonic()
    await api.post("/api/call.cgi", content=body("StatusAccount", {}))
    assert time.monotonic() - started >= 0.09


async def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_the_distance_is_waited_out_after_the_command_and_a_slow_command_before_it(
    api: httpx.AsyncClient,
) -> None:
    """Default latency: a registry that far away, carrying the command out when it arrives (the domain is
    there while its reply is still on the way). Per-command latency: a registry slow to carry it out (the
    domain is not there yet while the caller waits, so a caller giving up finds it in progress)."""
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    world = engine.worlds["54cd"]
    engine.latency.default_ms = 20_000  # far beyond the checks below, however loaded the machine
    far = asyncio.create_task(api.post("/api/call.cgi", content=add_domain_body("far-away.com")))
    await _until(lambda: "far-away.com" in world.domains)
    assert not far.done()
    far.cancel()
    engine.latency.default_ms = 0
    engine.latency.per_command["ADDDOMAIN"] = 20_000
    asked: list[str] = []
    latency_of = engine.latency.for_command
    engine.latency.for_command = lambda command: asked.append(command) or latency_of(command)  # type: ignore[method-assign]
    slow = asyncio.create_task(api.post("/api/call.cgi", content=add_domain_body("slow-one.com")))
    await _until(lambda: bool(asked))  # the request is in, its wait has begun
    await asyncio.sleep(0.2)
    assert "slow-one.com" not in world.domains and not slow.done()
    slow.cancel()


async def test_fault_probabilities(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    engine.faults.set("temporary", 1.0, command="StatusAccount")
    assert parse((await api.post("/api/call.cgi", content=body("StatusAccount", {}))).text).code == 421
    assert (
        parse((await api.post("/api/call.cgi", content=body("StatusUser", {"RELATIONS": 0}))).text).code
        == 200
    )
    engine.faults.clear()
    assert parse((await api.post("/api/call.cgi", content=body("StatusAccount", {}))).text).code == 200


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (os.urandom(2048), 507),  # random bytes: not UTF-8
        (b"s_login=x&s_pw=y", 504),  # no s_command
        (b"s_command=%FF%FE", 507),  # percent-encoded garbage
        (b"s_command=no+equals+sign", 507),
        (b"s_entity=9999&s_login=reseller&s_pw=reseller-pass-1&s_command=COMMAND%3DStatusAccount", 502),
        (b"s_login=reseller&s_pw=nope&s_command=COMMAND%3DStatusAccount", 530),
        (b"s_login=reseller&s_pw=reseller-pass-1&s_command=COMMAND%3DNoSuchThing", 500),
        (b"", 504),
        (b"x" * (5 * 1024 * 1024), 507),  # beyond the 4 MiB limit
    ],
)
async def test_garbage_bodies_get_protocol_errors(api: httpx.AsyncClient, payload: bytes, code: int) -> None:
    response = await api.post("/api/call.cgi", content=payload)
    assert response.status_code == 200 and "Traceback" not in response.text
    assert parse(response.text).code == code


async def test_admin_api(api: httpx.AsyncClient) -> None:
    await api.post("/api/call.cgi", content=add_domain_body("admin-check.com"))
    await api.post(
        "/api/call.cgi", content=body("CheckAuthentication", {"SUBUSER": LOGIN, "PASSWORD": PASSWORD})
    )
    log = [json.loads(line) for line in (await api.get("/_sandbox/commands")).text.splitlines()]
    assert [entry["command"] for entry in log] == ["AddDomain", "CheckAuthentication"]
    assert log[1]["params"]["PASSWORD"] == "***" and PASSWORD not in json.dumps(log)
    money = (await api.get("/_sandbox/money", params={"domain": "admin-check.com"})).json()
    assert money["count"] == 1
    assert (await api.get("/_sandbox/money")).status_code == 400
    before = (await api.get("/_sandbox/clock")).json()["now"]
    after = (await api.post("/_sandbox/clock", json={"days": 3})).json()["now"]
    assert after > before
    assert (await api.post("/_sandbox/seed", json={"n": 25})).json() == {"added": 25}
    assert (await api.post("/_sandbox/faults", json={"kind": "nonsense"})).status_code == 400
    assert (await api.post("/_sandbox/faults", content=b"[1,2]")).status_code == 400
    await api.post("/_sandbox/accounts", json={"login": "second", "password": "second-pass-1"})
    reply = parse(
        (
            await api.post(
                "/api/call.cgi", content=body("StatusAccount", {}, login="second", password="second-pass-1")
            )
        ).text
    )
    assert reply.code == 200
    await api.post("/_sandbox/reset")
    assert (await api.get("/_sandbox/commands")).text == ""


async def test_admin_token() -> None:
    app = create_app(Sandbox(CONFIG), admin_token="s3cret-token")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test", timeout=10) as client:
        assert (await client.post("/_sandbox/reset")).status_code == 401
        ok = await client.post("/_sandbox/reset", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200


@pytest.mark.parametrize("token", ["", "   "])
async def test_an_empty_admin_token_authorises_no_control_request(token: str) -> None:
    app = create_app(Sandbox(CONFIG), admin_token=token)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test", timeout=10) as client:
        for headers in (
            {},
            {"Authorization": "Bearer "},
            {"X-Sandbox-Token": ""},
            {"X-Sandbox-Token": token},
        ):
            assert (await client.post("/_sandbox/reset", headers=headers)).status_code == 401
            assert (await client.get("/_sandbox/clock", headers=headers)).status_code == 401


@pytest.mark.parametrize("token", ["", "  "])
def test_the_cli_refuses_an_empty_admin_token_at_start(
    token: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sandbox import cli

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sandbox started with an empty admin token")

    monkeypatch.setattr(cli.uvicorn, "run", never)
    assert cli.main(["--host", "0.0.0.0", "--port", "1", "--admin-token", token]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing started, no login printed
    assert err.count("\n") == 1 and err.startswith("ispapi-sandbox: --admin-token is empty;")


@pytest.mark.parametrize(
    ("path", "payload", "message"),
    [
        ("clock", b'{"days": 1e308}', "at most 36500 days"),  # would make every later command crash
        ("clock", b'{"days": -99999999}', "at most 36500 days"),
        ("clock", b'{"seconds": "soon"}', "could not convert"),
        ("latency", b'{"ms": 1e400}', "infinity"),  # JSON overflow to inf
        ("seed", b'{"n": 1e12}', "at most 2,000,000"),  # would hold the engine for hours
        ("roles", b'{"login": "x", "role": "r", "password": "p", "allow": "StatusDomain"}', "must be a list"),
        ("accounts", b'{"login": "second"}', "missing field 'password'"),
        ("faults", b"{}", "missing field 'kind'"),
    ],
)
async def test_bad_control_requests_get_400_and_change_nothing(
    api: httpx.AsyncClient, path: str, payload: bytes, message: str
) -> None:
    """Never an HTTP 500: a bad control value is a 400 naming the problem, and the sandbox
    keeps answering ISPAPI calls with its clock where it was."""
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    # The clock's offset, not its reading: "now" follows the wall clock and may tick a second in between.
    before = engine.clock.offset_seconds
    response = await api.post(f"/_sandbox/{path}", content=payload)
    assert response.status_code == 400 and message in response.json()["error"]
    assert engine.clock.offset_seconds == before
    reply = await api.post("/api/call.cgi", content=body("StatusAccount", {}))
    assert reply.status_code == 200 and parse(reply.text).code == 200


def test_clock_refuses_non_finite_steps_in_the_python_api() -> None:
    engine = Sandbox(CONFIG)
    for days in (float("inf"), float("nan"), 40_000.0):
        with pytest.raises(ValueError, match="at most 36500 days"):
            engine.clock.advance(days=days)
    assert engine.clock.offset_seconds == 0
    engine.clock.advance(days=36_000)
    assert engine.clock.now().year >= 2100


# ---- over real HTTP (uvicorn on loopback) ----


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[str, Sandbox]]:
    engine = Sandbox(CONFIG)
    with serving(create_app(engine)) as url:
        yield url, engine


def test_reply_lost_over_real_http(live: tuple[str, Sandbox]) -> None:
    url, engine = live
    engine.faults.next(command="AddDomain", kind="reply_lost")
    with httpx.Client(timeout=10) as client, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post(f"{url}/api/call.cgi", content=add_domain_body("lost-over-http.com"))
    assert engine.money_count("lost-over-http.com") == 1
    engine.faults.next(kind="dropped")
    with httpx.Client(timeout=10) as client, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post(f"{url}/api/call.cgi", content=add_domain_body("dropped-over-http.com"))
    assert "dropped-over-http.com" not in engine.worlds["54cd"].domains
    with httpx.Client(timeout=10) as client:  # the server keeps serving after a broken reply
        assert parse(client.post(f"{url}/api/call.cgi", content=body("StatusAccount", {})).text).code == 200


def test_official_python_sdk(live: tuple[str, Sandbox]) -> None:
    from hexonet.apiconnector.apiclient import APIClient

    url, engine = live
    engine.seed_domains(230, login=LOGIN)
    client = APIClient()
    client.setURL(f"{url}/api/call.cgi")
    client.setCredentials(LOGIN, PASSWORD)
    checked = client.request(
        {"COMMAND": "CheckDomains", "DOMAIN": ["sdk-free.com", "cloud.xyz"], "PREMIUMCHANNELS": "*"}
    )
    assert checked.getCode() == 200
    assert [c[:3] for c in checked.getColumn("DOMAINCHECK").getData()] == ["210", "211"]
    added = client.request({"COMMAND": "AddDomain", "DOMAIN": "sdk-made.com", "PERIOD": 1, **all_contacts()})
    assert added.getCode() == 200, added.getDescription()
    status = client.request({"COMMAND": "StatusDomain", "DOMAIN": "sdk-made.com"})
    assert status.getCode() == 200 and status.getColumnIndex("STATUS", 0) == "ACTIVE"
    pages = client.requestAllResponsePages({"COMMAND": "QueryDomainList", "VERSION": 2, "LIMIT": 100})
    names = [n for page in pages for n in page.getColumn("OBJECTID").getData()]
    assert len(pages) == 3 and len(names) == len(set(names)) == pages[0].getRecordsTotalCount()
    engine_role = __import__("sandbox.controls", fromlist=["add_role_user"])
    engine_role.add_role_user(engine, LOGIN, "viewer", "viewer-pass-1", allow=["StatusDomain"])
    role = APIClient()
    role.setURL(f"{url}/api/call.cgi")
    role.setRoleCredentials(LOGIN, "viewer", "viewer-pass-1")
    assert role.request({"COMMAND": "StatusDomain", "DOMAIN": "sdk-made.com"}).getCode() == 200
    assert role.request({"COMMAND": "StatusAccount"}).getCode() == 531
    ote = APIClient()
    ote.useOTESystem()
    ote.setURL(f"{url}/api/call.cgi")
    ote.setCredentials(LOGIN, PASSWORD)
    # OT&E (entity 1234) keeps its own data: the LIVE domain is unknown there.
    assert ote.request({"COMMAND": "StatusDomain", "DOMAIN": "sdk-made.com"}).getCode() == 545
    wrong = APIClient()
    wrong.setURL(f"{url}/api/call.cgi")
    wrong.setCredentials(LOGIN, "wrong")
    assert wrong.login().getCode() == 530
    session = client.login()
    assert session.getCode() == 200 and client.request({"COMMAND": "StatusAccount"}).getCode() == 200
    assert client.logout().getCode() == 200
