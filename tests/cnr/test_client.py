"""The async CNR client over httpx.MockTransport: fields on the wire, endpoints, sessions, role users,
sub-users, IDN, retries of read commands only, per-call timeouts, transport failures as exceptions
(with whether the command may have run), and secrets kept out of the debug log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import parse_qsl

import httpx
import pytest

from app.cnr import (
    CnrClient,
    ExchangeError,
    HttpStatusError,
    InsecureEndpoint,
    InvalidCommand,
    InvalidReply,
    PaginationError,
    ReplyLost,
    RequestNotSent,
    SessionError,
    System,
    TransportFailure,
    merge_pages,
)
from tests.cnr.conftest import Server


def api_reply(code: int, description: str, *lines: str) -> str:
    return "\r\n".join(["[RESPONSE]", f"code = {code}", f"description = {description}", *lines, "EOF", ""])


OK = api_reply(200, "Command completed successfully")
TMP = api_reply(421, "Command failed due to server error. Client should try again")
SESSION = api_reply(200, "Command completed successfully", "property[sessionid][0] = sid-123")
AUTH_FAILED = api_reply(530, "Authentication failed")
Reply = str | Callable[[httpx.Request], httpx.Response]


def fields_of(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.content.decode("utf-8"), keep_blank_values=True))


class Api:
    """MockTransport handler: records requests, answers the queued replies (the last one repeats)."""

    def __init__(self, *replies: Reply) -> None:
        self.replies: list[Reply] = list(replies) or [OK]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return reply(request) if callable(reply) else httpx.Response(200, text=reply)

    @property
    def fields(self) -> list[dict[str, str]]:
        return [fields_of(r) for r in self.requests]


def make_client(api: Api, **kwargs: object) -> CnrClient:
    options: dict[str, object] = {
        "login": "acc",
        "password": "pw-secret",
        "system": System.OTE,
        "retry_backoff": 0,
    }
    options.update(kwargs)
    return CnrClient(transport=httpx.MockTransport(api), **options)  # type: ignore[arg-type]


def raising(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


# --- endpoints and fields -------------------------------------------------------------------------


def test_systems_are_chosen_by_host() -> None:
    assert System.LIVE.url == "https://api.rrpproxy.net/api/call.cgi"
    assert System("ote").url == "https://api-ote.rrpproxy.net/api/call.cgi"
    assert make_client(Api()).url == System.OTE.url
    assert make_client(Api(), system=System.LIVE).url == System.LIVE.url


async def test_custom_url_and_form_fields_on_the_wire() -> None:
    api = Api()
    async with make_client(api, url="http://127.0.0.1:9/cnr/api/call.cgi") as client:
        response = await client.call({"command": "StatusDomain", "domain": "example.com"})
    assert response.is_success
    request = api.requests[0]
    assert str(request.url) == "http://127.0.0.1:9/cnr/api/call.cgi" and request.method == "POST"
    assert api.fields[0] == {
        "s_login": "acc",
        "s_pw": "pw-secret",
        "s_command": "COMMAND=StatusDomain\nDOMAIN=example.com",
    }
    assert "s_entity" not in api.fields[0]


@pytest.mark.parametrize("url", ["http://api.example.net/api/call.cgi", "ftp://x/", "not a url", "https://"])
def test_insecure_or_broken_url_refused(url: str) -> None:
    with pytest.raises(InsecureEndpoint, match="CNR URL"):
        CnrClient(login="a", password="b", url=url)


async def test_role_user_and_subuser() -> None:
    api = Api()
    async with make_client(api, role="billing", subuser="reseller1") as client:
        await client.call({"COMMAND": "QueryDomainList"})
    assert api.fields[0]["s_login"] == "acc:billing"
    assert api.fields[0]["s_command"] == "COMMAND=QueryDomainList\nSUBUSER=reseller1"


async def test_idn_names_leave_in_ace_form() -> None:
    api = Api()
    async with make_client(api) as client:
        await client.call({"COMMAND": "CheckDomains", "DOMAIN": ["münchen.de", "example.com"]})
    assert (
        api.fields[0]["s_command"] == "COMMAND=CheckDomains\nDOMAIN0=xn--mnchen-3ya.de\nDOMAIN1=example.com"
    )


@pytest.mark.parametrize(
    "command",
    [{"COMMAND": "AddDomain", "DOMAIN": {"a": {"b": 1}}}, {}, {"DOMAIN": "a.com"}, {"COMMAND": ""}],
)
async def test_invalid_command_raises_before_sending(command: dict[str, object]) -> None:
    api = Api()
    async with make_client(api) as client:
        with pytest.raises(InvalidCommand):
            await client.call(command)
    assert api.requests == []


def test_repr_hides_secrets() -> None:
    client = make_client(Api(), session="sid-secret")
    assert "pw-secret" not in repr(client) and "sid-secret" not in repr(client)


# --- sessions -------------------------------------------------------------------------------------


async def test_login_session_calls_and_logout() -> None:
    api = Api(SESSION, OK, OK)
    async with make_client(api, role="r1") as client:
        login = await client.login()
        assert login.is_success and client.session == "sid-123"
        await client.call({"COMMAND": "StatusAccount"})
        await client.logout()
        assert client.session is None
    assert api.fields[0] == {"s_login": "acc:r1", "s_pw": "pw-secret", "persistent": "1"}
    assert api.fields[1] == {
        "s_login": "acc:r1",
        "s_sessionid": "sid-123",
        "s_command": "COMMAND=StatusAccount",
    }
    assert api.fields[2] == {
        "s_login": "acc:r1",
        "s_sessionid": "sid-123",
        "s_command": "COMMAND=StopSession",
    }


async def test_login_has_no_subuser() -> None:
    api = Api(SESSION)
    async with make_client(api, subuser="sub") as client:
        await client.login()
    assert "s_command" not in api.fields[0]


async def test_refused_login_is_a_reply_and_leaves_no_session() -> None:
    api = Api(AUTH_FAILED)
    async with make_client(api, session="old") as client:
        response = await client.login()
        assert response.code == 530 and client.session is None
        with pytest.raises(SessionError):
            await client.logout()


async def test_login_without_sessionid_is_an_error() -> None:
    async with make_client(Api(OK)) as client:
        with pytest.raises(SessionError):
            await client.login()
        assert client.session is None


async def test_failed_stopsession_keeps_the_session() -> None:
    async with make_client(Api(SESSION, TMP)) as client:
        await client.login()
        assert (await client.logout()).code == 421
        assert client.session == "sid-123"


async def test_resumed_session_sends_no_password() -> None:
    api = Api()
    async with make_client(api, session="stored") as client:
        await client.call({"COMMAND": "StatusAccount"})
    assert api.fields[0] == {"s_login": "acc", "s_sessionid": "stored", "s_command": "COMMAND=StatusAccount"}


async def test_logged_in_block_stops_the_session_even_on_error() -> None:
    api = Api(SESSION, OK, OK)
    async with make_client(api) as client:
        with pytest.raises(RuntimeError):
            async with client.logged_in():
                await client.call({"COMMAND": "StatusAccount"})
                raise RuntimeError("boom")
        assert client.session is None
    assert api.fields[-1]["s_command"] == "COMMAND=StopSession"


async def test_logged_in_block_may_stop_the_session_itself() -> None:
    api = Api(SESSION, OK)
    async with make_client(api) as client:
        async with client.logged_in():
            await client.logout()
    assert [f.get("s_command") for f in api.fields] == [None, "COMMAND=StopSession"]


@pytest.mark.parametrize("stop", [TMP, raising(httpx.ReadTimeout("slow"))])
async def test_failed_stop_after_the_block_is_logged_and_the_password_used_again(
    stop: Reply, caplog: pytest.LogCaptureFixture
) -> None:
    api = Api(SESSION, stop, OK)
    async with make_client(api) as client:
        async with client.logged_in():
            pass
        assert client.session is None
        await client.call({"COMMAND": "StatusAccount"})
    assert "CNR StopSession" in caplog.text
    assert api.fields[-1]["s_pw"] == "pw-secret" and "s_sessionid" not in api.fields[-1]


async def test_logged_in_refused_login_raises() -> None:
    async with make_client(Api(AUTH_FAILED)) as client:
        with pytest.raises(SessionError, match="530"):
            async with client.logged_in():
                pass  # pragma: no cover


# --- retries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["StatusDomain", "QueryDomainList", "CheckDomains", "GetZoneInfo"])
async def test_read_commands_are_retried_on_temporary_codes(command: str) -> None:
    api = Api(TMP, TMP, OK)
    async with make_client(api) as client:
        assert (await client.call({"COMMAND": command})).code == 200
    assert len(api.requests) == 3


@pytest.mark.parametrize(
    "command", ["AddDomain", "RenewDomain", "TransferDomain", "StopSession", "SetAuthcode"]
)
async def test_write_commands_are_sent_once(command: str) -> None:
    api = Api(TMP, OK)
    async with make_client(api) as client:
        assert (await client.call({"COMMAND": command})).code == 421
    assert len(api.requests) == 1


async def test_write_command_transport_failure_is_not_retried() -> None:
    api = Api(raising(httpx.ReadTimeout("slow")), OK)
    async with make_client(api) as client:
        with pytest.raises(ReplyLost) as caught:
            await client.call({"COMMAND": "AddDomain", "DOMAIN": "a.com"})
    assert caught.value.may_have_executed and len(api.requests) == 1


async def test_read_command_is_retried_after_transport_failure() -> None:
    api = Api(raising(httpx.ConnectError("refused")), OK)
    async with make_client(api) as client:
        assert (await client.call({"COMMAND": "StatusAccount"})).is_success
    assert len(api.requests) == 2


async def test_read_retries_give_up_with_the_last_exception() -> None:
    api = Api(raising(httpx.ConnectError("refused")))
    async with make_client(api, read_retries=2) as client:
        with pytest.raises(RequestNotSent):
            await client.call({"COMMAND": "StatusAccount"})
    assert len(api.requests) == 3


@pytest.mark.parametrize("code", ["422", "500", "530", "545"])
async def test_answers_and_abuse_lock_are_not_retried(code: str) -> None:
    api = Api(OK.replace("200", code), OK)
    async with make_client(api) as client:
        assert (await client.call({"COMMAND": "StatusDomain"})).code == int(code)
    assert len(api.requests) == 1


async def test_gateway_4xx_is_not_retried_5xx_is() -> None:
    api = Api(lambda r: httpx.Response(404), OK)
    async with make_client(api) as client:
        with pytest.raises(HttpStatusError):
            await client.call({"COMMAND": "StatusDomain"})
    assert len(api.requests) == 1
    api = Api(lambda r: httpx.Response(502), OK)
    async with make_client(api) as client:
        assert (await client.call({"COMMAND": "StatusDomain"})).is_success
    assert len(api.requests) == 2


async def test_retries_stay_within_the_call_budget() -> None:
    api = Api(TMP)
    async with make_client(api, retry_backoff=5.0) as client:
        response = await client.call({"COMMAND": "StatusDomain"}, timeout=3.0)
    # The first pause (5 s) alone exceeds the 3 s budget: the 421 stands, no second attempt.
    assert response.code == 421 and len(api.requests) == 1


# --- timeouts and failures ------------------------------------------------------------------------


async def test_per_call_timeout_reaches_httpx() -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, text=OK)

    async with make_client(Api(handler), timeout=120.0) as client:
        await client.call({"COMMAND": "AddDomain"}, timeout=7.5)
        await client.call({"COMMAND": "AddDomain"})
    assert seen[0]["read"] == pytest.approx(7.5, abs=0.5) and seen[0]["connect"] <= 7.5
    assert seen[1]["read"] == pytest.approx(120.0, abs=1.0) and seen[1]["connect"] == 30.0


@pytest.mark.parametrize(
    ("exc", "error", "kind", "executed"),
    [
        (httpx.ConnectError("refused"), RequestNotSent, TransportFailure.CONNECT, False),
        (httpx.ConnectTimeout("slow"), RequestNotSent, TransportFailure.CONNECT_TIMEOUT, False),
        (httpx.PoolTimeout("full"), RequestNotSent, TransportFailure.POOL_TIMEOUT, False),
        (httpx.ProxyError("407"), RequestNotSent, TransportFailure.PROXY, False),
        (httpx.WriteError("broken"), RequestNotSent, TransportFailure.WRITE_ERROR, False),
        (httpx.ReadTimeout("slow"), ReplyLost, TransportFailure.READ_TIMEOUT, True),
        (httpx.ReadError("reset"), ReplyLost, TransportFailure.DISCONNECTED, True),
        (httpx.RemoteProtocolError("garbled"), ReplyLost, TransportFailure.PROTOCOL, True),
    ],
)
async def test_transport_failures_are_exceptions(
    exc: Exception, error: type[ExchangeError], kind: TransportFailure, executed: bool
) -> None:
    async with make_client(Api(raising(exc))) as client:
        with pytest.raises(error) as caught:
            await client.call({"COMMAND": "AddDomain", "DOMAIN": "a.com"})
    assert caught.value.kind is kind  # type: ignore[attr-defined]
    assert caught.value.may_have_executed is executed
    assert caught.value.__cause__ is exc and caught.value.command == "AddDomain"


async def test_tls_failure_is_classified() -> None:
    import ssl

    cause = httpx.ConnectError("handshake")
    cause.__cause__ = ssl.SSLError("certificate verify failed")
    async with make_client(Api(raising(cause))) as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.kind is TransportFailure.TLS


@pytest.mark.parametrize(("status", "executed"), [(404, False), (407, False), (502, True), (504, True)])
async def test_http_status_is_an_exception(status: int, executed: bool) -> None:
    async with make_client(Api(lambda r: httpx.Response(status, text="<html>"))) as client:
        with pytest.raises(HttpStatusError) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.status_code == status and caught.value.may_have_executed is executed


@pytest.mark.parametrize("body", ["", "<html>maintenance</html>", "[RESPONSE]\r\nCODE=200\r\nEOF\r\n"])
async def test_unparseable_reply_is_an_exception(body: str) -> None:
    async with make_client(Api(body)) as client:
        with pytest.raises(InvalidReply) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.may_have_executed


async def test_error_messages_carry_no_secrets() -> None:
    exc = httpx.ConnectError("cannot reach http://acc:pw-secret@proxy.example")
    async with make_client(Api(raising(exc)), session="sid-secret") as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.call({"COMMAND": "StatusAccount"})
    assert "pw-secret" not in str(caught.value) and "sid-secret" not in str(caught.value)


# --- logging --------------------------------------------------------------------------------------


async def test_debug_log_never_shows_secrets(caplog: pytest.LogCaptureFixture) -> None:
    api = Api(
        SESSION, "[RESPONSE]\r\ncode=200\r\ndescription=ok\r\nproperty[auth][0]=epp-reply-secret\r\nEOF\r\n"
    )
    caplog.set_level(logging.DEBUG, logger="app.cnr")
    async with make_client(api) as client:
        await client.login()
        await client.call({"COMMAND": "TransferDomain", "DOMAIN": "a.com", "AUTH": "epp-secret"})
    text = caplog.text
    assert "CNR request" in text and "CNR response" in text and "DOMAIN = a.com" in text
    assert "s_pw" in text and "s_sessionid" in text  # the field names are shown, their values are not
    for secret in ("pw-secret", "sid-123", "epp-secret", "epp-reply-secret"):
        assert secret not in text


def test_describe_masks_the_command() -> None:
    client = make_client(Api())
    text = client.describe({"COMMAND": "AddDomain", "DOMAIN": "a.com", "AUTH": "x1", "PASSWORD": "y"})
    assert "x1" not in text and "= y" not in text and "DOMAIN = a.com" in text


async def test_shared_pool_is_not_closed() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(Api()))
    async with CnrClient(login="a", password="b", http=http) as client:
        await client.call({"COMMAND": "StatusAccount"})
    assert not http.is_closed
    await http.aclose()


# --- real loopback HTTP -------------------------------------------------------------------------------


async def test_real_loopback_call(api_server: Server) -> None:
    api_server.recorder.reply = SESSION.encode()
    async with CnrClient(login="acc", password="pw", url=api_server.url, role="r") as client:
        await client.login()
        response = await client.call({"COMMAND": "StatusAccount"})
    assert response.is_success
    assert api_server.recorder.requests == [
        {"s_login": "acc:r", "s_pw": "pw", "persistent": "1"},
        {"s_login": "acc:r", "s_sessionid": "sid-123", "s_command": "COMMAND=StatusAccount"},
    ]


async def test_real_refused_port_is_request_not_sent(refused_url: str) -> None:
    async with CnrClient(login="acc", password="pw", url=refused_url, read_retries=0) as client:
        with pytest.raises(RequestNotSent) as caught:
            await client.call({"COMMAND": "AddDomain"})
    assert caught.value.kind is TransportFailure.CONNECT and not caught.value.may_have_executed


async def test_real_read_timeout_is_reply_lost(api_server: Server) -> None:
    api_server.recorder.delay = 1.0
    async with CnrClient(login="acc", password="pw", url=api_server.url) as client:
        with pytest.raises(ReplyLost) as caught:
            await client.call({"COMMAND": "AddDomain"}, timeout=0.2)
    assert caught.value.kind is TransportFailure.READ_TIMEOUT and caught.value.may_have_executed


# --- paging -------------------------------------------------------------------------------------------


def page(first: int, rows: int, total: int, limit: int) -> str:
    lines = [f"property[domain][{i}] = d{first + i}.com" for i in range(rows)]
    lines += [
        f"property[first][0] = {first}",
        f"property[total][0] = {total}",
        f"property[limit][0] = {limit}",
    ]
    return api_reply(200, "Command completed successfully", *lines)


async def test_all_pages_of_a_list_and_merge() -> None:
    api = Api(page(0, 2, 5, 2), page(2, 2, 5, 2), page(4, 1, 5, 2))
    async with make_client(api) as client:
        pages = await client.call_all_pages({"COMMAND": "QueryDomainList", "ORDERBY": "domain"}, limit=2)
    assert [f["s_command"].split("\n")[:2] for f in api.fields] == [
        ["COMMAND=QueryDomainList", "FIRST=0"],
        ["COMMAND=QueryDomainList", "FIRST=2"],
        ["COMMAND=QueryDomainList", "FIRST=4"],
    ]
    assert merge_pages(pages).column("DOMAIN") == [f"d{i}.com" for i in range(5)]


@pytest.mark.parametrize(
    ("command", "limit"),
    [
        ({"COMMAND": "QueryDomainList", "LAST": 5}, 10),
        ({"COMMAND": "QueryDomainList"}, 0),
        ({"COMMAND": "QueryDomainList", "FIRST": "x"}, 10),
    ],
)
async def test_paging_refuses_bad_requests(command: dict[str, object], limit: int) -> None:
    async with make_client(Api()) as client:
        with pytest.raises(PaginationError):
            await client.call_all_pages(command, limit=limit)
