"""The async client: fields on the wire, timeouts, transport failures, proxy, retries, IDN, masking,
endpoint checks, pool ownership and pagination (docs/ispapi-wire.md §1.1-§1.7, §2.3, §2.6).

`httpx.MockTransport` is used where the failure is an httpx exception we cannot provoke cheaply; refused
ports, timeouts, the proxy and normal calls also run against real loopback servers (conftest).
"""

from __future__ import annotations

import logging
import platform
from collections.abc import Callable
from urllib.parse import parse_qsl

import httpx
import pytest

from app.ispapi import (
    DEFAULT_USER_AGENT,
    HttpStatusError,
    InsecureEndpoint,
    InvalidReply,
    IspapiClient,
    PaginationError,
    ReplyLost,
    RequestNotSent,
    System,
    TransportError,
    TransportFailure,
    make_http_client,
    merge_pages,
)
from tests.ispapi.conftest import Server

OTE_URL = "https://api-ote.ispapi.net/api/call.cgi"
OK = "[RESPONSE]\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nEOF\r\n"
TMP = (
    "[RESPONSE]\r\nDESCRIPTION=Command failed due to server error. Client should try again\r\n"
    "CODE=421\r\nEOF\r\n"
)


def fields_of(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.content.decode("utf-8"), keep_blank_values=True))


class Api:
    """MockTransport handler: records requests, answers the queued texts (the last one repeats)."""

    def __init__(self, *replies: str | Callable[[httpx.Request], httpx.Response]) -> None:
        self.replies = list(replies) or [OK]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if callable(reply):
            return reply(request)
        return httpx.Response(200, text=reply)

    @property
    def commands(self) -> list[str]:
        return [fields_of(r)["s_command"] for r in self.requests]


def make_client(api: Api, **kwargs: object) -> IspapiClient:
    options: dict[str, object] = {
        "login": "acc",
        "password": "pw-secret",
        "system": System.OTE,
        "retry_backoff": 0,
    }
    options.update(kwargs)
    return IspapiClient(transport=httpx.MockTransport(api), **options)  # type: ignore[arg-type]


def raising(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


# --- fields and headers ---------------------------------------------------------------------------


async def test_form_fields_on_the_wire() -> None:
    api = Api()
    async with make_client(api, role="ops", subuser="sub1") as client:
        response = await client.call({"COMMAND": "CheckDomains", "DOMAIN": ["a.com", "b.net"], "X": None})
    assert response.code == 200
    request = api.requests[0]
    assert request.method == "POST" and str(request.url) == OTE_URL
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert fields_of(request) == {
        "s_entity": "1234",
        "s_login": "acc!ops",
        "s_pw": "pw-secret",
        "s_user": "sub1",
        "s_command": "COMMAND=CheckDomains\nDOMAIN0=a.com\nDOMAIN1=b.net",
    }
    assert request.headers["user-agent"] == DEFAULT_USER_AGENT


async def test_session_client_sends_only_entity_and_session() -> None:
    api = Api()
    async with make_client(api, system=System.LIVE, session="sess-id") as client:
        await client.call({"COMMAND": "StatusAccount"})
    assert fields_of(api.requests[0]) == {
        "s_entity": "54cd",
        "s_session": "sess-id",
        "s_command": "COMMAND=StatusAccount",
    }


def test_systems_and_default_user_agent() -> None:
    assert (System.LIVE.url, System.LIVE.entity) == ("https://api.ispapi.net/api/call.cgi", "54cd")
    assert (System.OTE.url, System.OTE.entity) == (OTE_URL, "1234")
    assert System("ote") is System.OTE
    assert DEFAULT_USER_AGENT.startswith("ispapi-bridge/")
    assert f"(python/{platform.python_version()}; httpx/{httpx.__version__})" in DEFAULT_USER_AGENT


async def test_custom_user_agent() -> None:
    api = Api()
    async with make_client(api, user_agent="WHMCS (Linux; 64bit; rv:8.10) ispapi/1.0") as client:
        await client.call({"COMMAND": "StatusAccount"})
    assert api.requests[0].headers["user-agent"] == "WHMCS (Linux; 64bit; rv:8.10) ispapi/1.0"


async def test_idn_conversion_on_the_wire() -> None:
    api = Api()
    async with make_client(api) as client:
        await client.call({"COMMAND": "CheckDomains", "DOMAIN": ["dömäin.example", "plain.com"]})
        await client.call({"COMMAND": "ConvertIDN", "DOMAIN": ["dömäin.example"]})
        await client.call(
            {"COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN", "OBJECTID": "äöütest.com"}
        )
    assert api.commands == [
        "COMMAND=CheckDomains\nDOMAIN0=xn--dmin-moa0i.example\nDOMAIN1=plain.com",
        "COMMAND=ConvertIDN\nDOMAIN0=dömäin.example",
        "COMMAND=QueryObjectLogList\nOBJECTCLASS=DOMAIN\nOBJECTID=xn--test-koa2iub.com",
    ]


async def test_invalid_command_raises_before_sending() -> None:
    api = Api()
    async with make_client(api) as client:
        with pytest.raises(TypeError, match="DOMAIN"):
            await client.call({"COMMAND": "CheckDomains", "DOMAIN": object()})
    assert api.requests == []


# --- timeouts and transport failures --------------------------------------------------------------


async def test_per_call_timeout_override() -> None:
    api = Api()
    async with make_client(api, timeout=300.0) as client:
        await client.call({"COMMAND": "StatusAccount"})
        await client.call({"COMMAND": "StatusAccount"}, timeout=7.5)
    default, override = (r.extensions["timeout"] for r in api.requests)
    assert default == {"connect": 30.0, "read": 300.0, "write": 300.0, "pool": 300.0}
    assert override == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}


@pytest.mark.parametrize(
    ("exc", "kind", "executed"),
    [
        (httpx.ReadTimeout("timed out"), TransportFailure.READ_TIMEOUT, True),
        (httpx.ConnectError("[Errno 111] Connection refused"), TransportFailure.CONNECT, False),
        (httpx.ConnectTimeout("timed out"), TransportFailure.CONNECT_TIMEOUT, False),
        (httpx.PoolTimeout("no connection"), TransportFailure.POOL_TIMEOUT, False),
        (httpx.WriteTimeout("timed out"), TransportFailure.WRITE_TIMEOUT, False),
        (httpx.ProxyError("407 Proxy Authentication Required"), TransportFailure.PROXY, False),
        (httpx.ReadError("connection reset"), TransportFailure.DISCONNECTED, True),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            TransportFailure.PROTOCOL,
            True,
        ),
    ],
)
async def test_transport_failures_are_exceptions(
    exc: Exception, kind: TransportFailure, executed: bool
) -> None:
    api = Api(raising(exc))
    async with make_client(api) as client:
        with pytest.raises(TransportError) as caught:
            await client.call({"COMMAND": "AddDomain", "DOMAIN": "a.com"})
    error = caught.value
    assert isinstance(error, ReplyLost if executed else RequestNotSent) and error.__cause__ is exc
    assert error.kind is kind and error.may_have_executed is executed and error.command == "AddDomain"
    assert error.summary == "421 Command failed due to HTTP communication error"
    assert type(exc).__name__ in error.detail
    assert len(api.requests) == 1  # AddDomain is never retried


async def test_tls_failure_is_classified(tmp_path: object) -> None:
    import ssl

    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise ssl.SSLCertVerificationError("certificate verify failed")
        except ssl.SSLError as err:
            raise httpx.ConnectError("certificate verify failed") from err

    async with make_client(Api(handler)) as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.kind is TransportFailure.TLS and not caught.value.may_have_executed


@pytest.mark.parametrize(("status", "executed"), [(500, True), (502, True), (404, False)])
async def test_non_2xx_status_is_an_http_status_error(status: int, executed: bool) -> None:
    api = Api(lambda request: httpx.Response(status, text="<html>error</html>"))
    async with make_client(api) as client:
        with pytest.raises(HttpStatusError) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.status_code == status and caught.value.code == 421
    assert caught.value.detail == f"HTTP {status}" and caught.value.may_have_executed is executed


async def test_empty_body_is_an_invalid_reply_naming_the_url() -> None:
    async with make_client(Api("")) as client:
        with pytest.raises(InvalidReply) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.code == 423 and caught.value.description.endswith(OTE_URL)
    assert caught.value.may_have_executed and caught.value.command == "AddDomain"


async def test_body_without_code_is_an_invalid_reply() -> None:
    async with make_client(Api("no reply at all")) as client:
        with pytest.raises(InvalidReply) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.summary == "423 Invalid API response. Contact Support"


async def test_real_refused_loopback_port(refused_url: str) -> None:
    async with IspapiClient(login="acc", password="pw", url=refused_url, read_retries=0) as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.call({"COMMAND": "StatusAccount"}, timeout=5)
    assert caught.value.kind is TransportFailure.CONNECT and not caught.value.may_have_executed


async def test_real_read_timeout(api_server: Server) -> None:
    api_server.recorder.delay = 5.0  # 25x the timeout: the reply cannot beat it on a busy machine
    async with IspapiClient(login="acc", password="pw", url=api_server.url, read_retries=0) as client:
        with pytest.raises(ReplyLost) as caught:
            await client.call({"COMMAND": "AddDomain", "DOMAIN": "a.com"}, timeout=0.2)
    assert caught.value.kind is TransportFailure.READ_TIMEOUT and caught.value.may_have_executed
    assert len(api_server.recorder.requests) == 1


async def test_real_loopback_call(api_server: Server) -> None:
    async with IspapiClient(login="acc", password="pw", url=api_server.url, system=System.OTE) as client:
        response = await client.call({"COMMAND": "StatusAccount"}, timeout=5)
    assert response.code == 200 and response.column("X") == ["1"]
    assert api_server.recorder.requests == [
        {"s_entity": "1234", "s_login": "acc", "s_pw": "pw", "s_command": "COMMAND=StatusAccount"}
    ]


# --- proxy ----------------------------------------------------------------------------------------


async def test_requests_go_through_the_configured_proxy(api_server: Server, proxy_server: Server) -> None:
    async with IspapiClient(login="acc", password="pw", url=api_server.url, proxy=proxy_server.url) as client:
        response = await client.call({"COMMAND": "StatusAccount"}, timeout=5)
    assert response.code == 200
    assert proxy_server.recorder.paths == [api_server.url]  # absolute-form request: it went via the proxy
    assert api_server.recorder.requests[0]["s_command"] == "COMMAND=StatusAccount"


async def test_shared_pool_with_proxy(api_server: Server, proxy_server: Server) -> None:
    pool = make_http_client(proxy=proxy_server.url, connect_timeout=5, read_timeout=5)
    async with IspapiClient(login="acc", password="pw", url=api_server.url, http=pool) as client:
        await client.call({"COMMAND": "StatusAccount"})
        await client.call({"COMMAND": "StatusAccount"})
    assert len(proxy_server.recorder.paths) == 2
    await pool.aclose()


async def test_proxy_refusing_the_tunnel_is_a_proxy_failure(proxy_server: Server) -> None:
    async with IspapiClient(
        login="acc",
        password="pw",
        url="https://127.0.0.1:9/api/call.cgi",
        proxy=proxy_server.url,
        read_retries=0,
    ) as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.call({"COMMAND": "StatusAccount"}, timeout=5)
    assert caught.value.kind is TransportFailure.PROXY and not caught.value.may_have_executed
    assert proxy_server.recorder.paths == ["CONNECT 127.0.0.1:9"]


# --- retries --------------------------------------------------------------------------------------


async def test_write_command_with_421_reply_is_sent_once() -> None:
    api = Api(TMP)
    async with make_client(api) as client:
        response = await client.call({"COMMAND": "AddDomain", "DOMAIN": "a.com"})
    assert response.code == 421 and len(api.requests) == 1


@pytest.mark.parametrize(
    "command", ["StatusDomain", "querydomainlist", "CheckDomains", "checkauthentication"]
)
async def test_read_only_commands_are_retried_on_temporary_errors(command: str) -> None:
    api = Api(TMP)
    async with make_client(api, read_retries=2) as client:
        response = await client.call({"COMMAND": command})
    assert response.code == 421 and len(api.requests) == 3


@pytest.mark.parametrize("command", ["AddDomain", "ConvertIDN", "GetEnvironment", "SetEnvironment"])
async def test_only_status_query_check_commands_are_retried(command: str) -> None:
    """Nothing but Status*, Query* and Check* is retried, even a command that only reads."""
    api = Api(TMP)
    async with make_client(api, read_retries=2) as client:
        response = await client.call({"COMMAND": command})
    assert response.code == 421 and len(api.requests) == 1


async def test_read_only_retry_stops_at_first_usable_reply() -> None:
    api = Api(raising(httpx.ReadTimeout("slow")), OK)
    async with make_client(api) as client:
        response = await client.call({"COMMAND": "StatusDomain", "DOMAIN": "a.com"})
    assert response.code == 200 and len(api.requests) == 2


async def test_read_retries_stay_within_one_timeout() -> None:
    """A retry is only sent with at least MIN_RETRY_SECONDS of the call's budget left (e2e resilience)."""
    api = Api(raising(httpx.ReadTimeout("slow")))
    async with make_client(api, read_retries=2, timeout=0.5) as client:
        with pytest.raises(ReplyLost):
            await client.call({"COMMAND": "StatusDomain", "DOMAIN": "a.com"})
    assert len(api.requests) == 1
    api = Api(TMP)
    async with make_client(api, read_retries=2, timeout=30) as client:
        await client.call({"COMMAND": "StatusDomain", "DOMAIN": "a.com"}, timeout=0.9)
    assert len(api.requests) == 1


async def test_permanent_errors_are_not_retried() -> None:
    api = Api("CODE=545\nDESCRIPTION=Object not found")
    async with make_client(api) as client:
        assert (await client.call({"COMMAND": "StatusDomain"})).code == 545
    assert len(api.requests) == 1


async def test_write_command_transport_failure_not_retried() -> None:
    api = Api(raising(httpx.ConnectError("refused")))
    async with make_client(api) as client:
        with pytest.raises(RequestNotSent):
            await client.call({"COMMAND": "RenewDomain", "DOMAIN": "a.com"})
    assert len(api.requests) == 1


async def test_read_only_commands_are_retried_after_a_failed_exchange() -> None:
    api = Api(raising(httpx.ConnectError("refused")), "", OK)
    async with make_client(api, read_retries=2) as client:
        response = await client.call({"COMMAND": "StatusDomain", "DOMAIN": "a.com"})
    assert response.code == 200 and len(api.requests) == 3


# --- masking --------------------------------------------------------------------------------------


async def test_debug_log_never_shows_secrets(caplog: pytest.LogCaptureFixture) -> None:
    secret_reply = (
        "[RESPONSE]\r\nPROPERTY[AUTH][0]=Reply-Auth-Code\r\nPROPERTY[SESSION][0]=Session-From-Reply\r\n"
        "PROPERTY[DOMAIN][0]=a.com\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nEOF\r\n"
    )
    caplog.set_level(logging.DEBUG, logger="app.ispapi")
    async with make_client(Api(secret_reply)) as client:
        await client.call({"COMMAND": "TransferDomain", "DOMAIN": "a.com", "AUTH": "Sent-Auth-Code"})
        await client.call({"COMMAND": "CheckAuthentication", "PASSWORD": "Param-Password"})
    async with make_client(Api(secret_reply), session="Session-Id-Sent") as client:
        await client.call({"COMMAND": "StatusAccount"})
    async with make_client(Api(raising(httpx.ReadTimeout("timed out")))) as client:
        with pytest.raises(ReplyLost):
            await client.call({"COMMAND": "ModifyDomain", "AUTH": "Sent-Auth-Code"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "TransferDomain" in logged and "a.com" in logged and "***" in logged  # it did log
    for secret in (
        "pw-secret",
        "Sent-Auth-Code",
        "Param-Password",
        "Reply-Auth-Code",
        "Session-From-Reply",
        "Session-Id-Sent",
    ):
        assert secret not in logged
        assert secret not in caplog.text


def test_repr_hides_credentials() -> None:
    client = make_client(Api(), session="Session-Id-Sent")
    assert "pw-secret" not in repr(client) and "Session-Id-Sent" not in repr(client)


# --- endpoints and pools --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://api.ispapi.net/api/call.cgi",
        "http://10.0.0.1/api/call.cgi",
        "ftp://x/",
        "not a url",
        "http:///x",
    ],
)
def test_insecure_or_broken_url_refused(url: str) -> None:
    with pytest.raises(ValueError, match="ISPAPI URL") as info:
        IspapiClient(login="a", password="b", url=url)
    assert isinstance(info.value, InsecureEndpoint)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/api/call.cgi",
        "http://127.1.2.3/api/call.cgi",
        "http://localhost/x",
        "http://[::1]:8080/x",
    ],
)
def test_loopback_http_allowed(url: str) -> None:
    assert IspapiClient(login="a", password="b", url=url).url == url


def test_insecure_url_allowed_when_asked() -> None:
    client = IspapiClient(
        login="a", password="b", url="http://sandbox.internal/api/call.cgi", allow_insecure_url=True
    )
    assert client.url == "http://sandbox.internal/api/call.cgi"


async def test_shared_pool_not_closed_but_own_pool_closed() -> None:
    shared = make_http_client(transport=httpx.MockTransport(Api()))
    async with IspapiClient(login="a", password="b", http=shared) as client:
        await client.call({"COMMAND": "StatusAccount"})
    assert not shared.is_closed
    await shared.aclose()
    own = IspapiClient(login="a", password="b", transport=httpx.MockTransport(Api()))
    await own.aclose()
    assert own._http.is_closed


# --- pagination (docs/ispapi-wire.md §2.6) --------------------------------------------------------------


def paged_list(
    total: int,
    *,
    server_limit: int | None = None,
    fail_from: int | None = None,
    claimed_total: int | None = None,
) -> Api:
    """A list command over `total` domains honouring FIRST/LIMIT, like the API."""

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(line.split("=", 1) for line in fields_of(request)["s_command"].split("\n"))
        first, limit = int(params.get("FIRST", 0)), int(params.get("LIMIT", 100))
        if server_limit:
            limit = min(limit, server_limit)
        if fail_from is not None and first >= fail_from:
            return httpx.Response(200, text="CODE=549\nDESCRIPTION=Command failed")
        rows = [f"d{i}.com" for i in range(first, min(first + limit, total))]
        lines = [f"PROPERTY[DOMAIN][{i}]={d}" for i, d in enumerate(rows)]
        lines += [
            f"PROPERTY[{k}][0]={v}"
            for k, v in (
                ("FIRST", first),
                ("LAST", first + len(rows) - 1),
                ("COUNT", len(rows)),
                ("TOTAL", claimed_total or total),
                ("LIMIT", limit),
            )
        ]
        return httpx.Response(200, text="\r\n".join([*lines, "DESCRIPTION=ok", "CODE=200", "EOF"]))

    return Api(handler)


async def test_call_all_pages_and_merge() -> None:
    api = paged_list(5)
    async with make_client(api) as client:
        pages = await client.call_all_pages({"COMMAND": "QueryDomainList", "first": 0, "limit": 99}, limit=2)
    assert [p.column("DOMAIN") for p in pages] == [["d0.com", "d1.com"], ["d2.com", "d3.com"], ["d4.com"]]
    assert "FIRST=2\nLIMIT=2" in api.commands[1]
    merged = merge_pages(pages)
    assert merged.column("DOMAIN") == [f"d{i}.com" for i in range(5)]
    assert (merged.first_index, merged.last_index, merged.total, merged.count, merged.pages) == (
        0,
        4,
        5,
        5,
        1,
    )


async def test_paging_starts_at_given_first_and_follows_server_limit() -> None:
    api = paged_list(10, server_limit=3)
    async with make_client(api) as client:
        pages = [p async for p in client.iter_pages({"COMMAND": "QueryDomainList", "FIRST": 4}, limit=100)]
    assert [p.first_index for p in pages] == [4, 7]
    assert sum(p.row_count for p in pages) == 6


async def test_paging_stops_on_error_and_on_empty_page() -> None:
    async with make_client(paged_list(10, fail_from=4)) as client:
        pages = await client.call_all_pages({"COMMAND": "QueryDomainList"}, limit=2)
    assert [p.code for p in pages] == [200, 200, 549]
    # A server that claims more rows than it delivers: the first empty page ends the loop.
    async with make_client(paged_list(3, claimed_total=1000)) as client:
        pages = await client.call_all_pages({"COMMAND": "QueryDomainList"}, limit=2)
    assert [len(p.column("DOMAIN")) for p in pages] == [2, 1, 0]


@pytest.mark.parametrize(
    ("command", "limit"),
    [
        ({"COMMAND": "QueryDomainList", "last": 5}, 10),
        ({"COMMAND": "QueryDomainList"}, 0),
        ({"FIRST": "x"}, 10),
    ],
)
async def test_paging_refuses_bad_requests(command: dict[str, object], limit: int) -> None:
    api = Api()
    async with make_client(api) as client:
        with pytest.raises(PaginationError):
            await client.call_all_pages(command, limit=limit)
    assert api.requests == []


def test_merge_pages_needs_pages() -> None:
    with pytest.raises(ValueError):
        merge_pages([])
