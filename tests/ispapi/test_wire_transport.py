"""app/wire_transport.py against real loopback servers: what reaches the server, and how each way an exchange
can break comes out (the error class decides whether a money command may be sent again).

The refused port, the read timeout and the proxy cases run through the same transport in test_client.py.
"""

from __future__ import annotations

import asyncio
import gzip
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from app.exchange import ReplyLost, RequestNotSent, TransportFailure
from app.ispapi import IspapiClient, make_http_client
from app.ispapi.wire import FORM_CONTENT_TYPE, form_body
from app.wire_transport import AiohttpTransport, post_form

REPLY = b"[RESPONSE]\r\ncode = 200\r\ndescription = Command completed successfully\r\nEOF\r\n"
Behaviour = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ),
        0,
    )
    return head, await reader.readexactly(length)


class RawServer:
    """A loopback HTTP/1.1 server whose every connection runs `behaviour`; it keeps what it was sent."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[tuple[bytes, bytes]] = []
        self.url = ""

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self.behaviour(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Behaviour], Awaitable[RawServer]]]:
    servers: list[asyncio.Server] = []

    async def start(behaviour: Behaviour) -> RawServer:
        raw = RawServer(behaviour)
        server = await asyncio.start_server(raw._serve, "127.0.0.1", 0)
        servers.append(server)
        raw.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/call.cgi"
        return raw

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


def _replying(raw: list[tuple[bytes, bytes]], response: bytes) -> Behaviour:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            raw.append(await _read_request(reader))
            writer.write(response)
            await writer.drain()

    return behaviour


FORM = {"s_login": "acc", "s_command": "COMMAND=StatusAccount\nX=a b&c"}
HEADERS = {"User-Agent": "test-agent/1", "Content-Type": FORM_CONTENT_TYPE}
# The clients' two ways to send (app/wire_transport.py post_form): straight on aiohttp through the bridge's
# own pool, or an httpx post through an AiohttpTransport.
WAYS = ["direct", "httpx"]


def _client(way: str, *, max_connections: int = 100) -> httpx.AsyncClient:
    if way == "direct":
        return make_http_client(read_timeout=5, max_connections=max_connections)
    return httpx.AsyncClient(transport=AiohttpTransport(max_connections=max_connections))


async def _post(
    http: httpx.AsyncClient, url: str, form: dict[str, str] = FORM, timeout: float | httpx.Timeout = 5
) -> tuple[int, bytes]:
    timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    return await post_form(http, httpx.URL(url), content=form_body(form), headers=HEADERS, timeout=timeout)


async def _call(url: str, way: str) -> tuple[int, bytes]:
    async with _client(way) as http:
        return await _post(http, url)


@pytest.mark.parametrize("way", WAYS)
async def test_the_form_and_the_reply_cross_unchanged(
    serve: Callable[[Behaviour], Awaitable[RawServer]], way: str
) -> None:
    requests: list[tuple[bytes, bytes]] = []
    response = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nSet-Cookie: a=1\r\n\r\n" % len(REPLY) + REPLY
    server = await serve(_replying(requests, response))
    assert await _call(server.url, way) == (200, REPLY)
    head, body = requests[0]
    assert body == b"s_login=acc&s_command=COMMAND%3DStatusAccount%0AX%3Da+b%26c"
    assert b"content-type: application/x-www-form-urlencoded" in head.lower()
    assert head.lower().count(b"content-length:") == 1 and head.lower().count(b"\r\nhost:") == 1


async def test_both_ways_send_the_same_request(serve: Callable[[Behaviour], Awaitable[RawServer]]) -> None:
    requests: list[tuple[bytes, bytes]] = []
    response = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(REPLY) + REPLY
    server = await serve(_replying(requests, response))
    for way in WAYS:
        await _call(server.url, way)
    (direct_head, direct_body), (httpx_head, httpx_body) = requests
    assert direct_body == httpx_body
    # The same header lines (User-Agent, Accept, Accept-Encoding, Content-Type, ...), in any order.
    assert sorted(direct_head.lower().split(b"\r\n")) == sorted(httpx_head.lower().split(b"\r\n"))


@pytest.mark.parametrize("way", WAYS)
async def test_a_compressed_reply_is_decoded(
    serve: Callable[[Behaviour], Awaitable[RawServer]], way: str
) -> None:
    packed = gzip.compress(REPLY)
    response = (
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(packed) + packed
    )
    server = await serve(_replying([], response))
    assert await _call(server.url, way) == (200, REPLY)


@pytest.mark.parametrize("way", WAYS)
async def test_an_http_error_status_comes_back_as_it_is(
    serve: Callable[[Behaviour], Awaitable[RawServer]], way: str
) -> None:
    response = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"
    server = await serve(_replying([], response))
    assert await _call(server.url, way) == (503, b"busy")


@pytest.mark.parametrize("way", WAYS)
async def test_connections_are_kept_alive(
    serve: Callable[[Behaviour], Awaitable[RawServer]], way: str
) -> None:
    connections: list[int] = []
    response = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(REPLY) + REPLY

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        await _replying([], response)(reader, writer)

    server = await serve(behaviour)
    async with _client(way) as http:
        for _ in range(3):
            assert (await _post(http, server.url))[0] == 200
    assert len(connections) == 1


async def _hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _read_request(reader)  # the request arrived, and the connection ends without a reply


async def _half_a_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n" + REPLY[:20])
    await writer.drain()


async def _no_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _read_request(reader)
    writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
    await writer.drain()


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    "behaviour", [_hang_up, _half_a_body, _no_http], ids=["hang-up", "half-body", "no-http"]
)
async def test_a_request_that_arrived_without_a_whole_reply_may_have_run(
    serve: Callable[[Behaviour], Awaitable[RawServer]], behaviour: Behaviour, way: str
) -> None:
    """Each of these reached the server: a write must be reconciled, never sent again blindly."""
    server = await serve(behaviour)
    async with (
        _client(way) as http,
        IspapiClient(login="acc", password="pw", url=server.url, read_retries=0, http=http) as client,
    ):
        with pytest.raises(ReplyLost) as caught:
            await client.call({"COMMAND": "AddDomain", "DOMAIN": "a.com"}, timeout=5)
    assert caught.value.may_have_executed and caught.value.kind is TransportFailure.PROTOCOL
    assert caught.value.command == "AddDomain"


@pytest.mark.parametrize("way", WAYS)
async def test_waiting_for_a_pooled_connection_too_long_sends_nothing(
    serve: Callable[[Behaviour], Awaitable[RawServer]], way: str
) -> None:
    release = asyncio.Event()
    response = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(REPLY) + REPLY
    requests: list[tuple[bytes, bytes]] = []

    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        requests.append(await _read_request(reader))
        await release.wait()
        writer.write(response)
        await writer.drain()

    server = await serve(slow)
    async with _client(way, max_connections=1) as http:
        first = asyncio.create_task(_post(http, server.url, {"a": "1"}, timeout=10))
        await asyncio.sleep(0.2)
        with pytest.raises(httpx.ConnectTimeout):
            await _post(http, server.url, {"a": "2"}, timeout=httpx.Timeout(10, pool=0.3))
        release.set()
        assert (await first)[0] == 200
    assert [body for _, body in requests] == [b"a=1"]  # the second request never reached the server


async def test_an_untrusted_certificate_is_a_tls_failure(tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl CLI not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = await asyncio.start_server(_hang_up, "127.0.0.1", 0, ssl=context)
    url = f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/call.cgi"
    try:
        async with IspapiClient(login="acc", password="pw", url=url, read_retries=0) as client:
            with pytest.raises(RequestNotSent) as caught:
                await client.call({"COMMAND": "AddDomain"}, timeout=5)
    finally:
        server.close()
        await server.wait_closed()
    assert caught.value.kind is TransportFailure.TLS and not caught.value.may_have_executed


async def test_closing_twice_and_reopening_are_harmless(
    serve: Callable[[Behaviour], Awaitable[RawServer]],
) -> None:
    response = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(REPLY) + REPLY
    server = await serve(_replying([], response))
    transport = AiohttpTransport()
    await transport.aclose()  # never opened
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.post(server.url, data={"a": "b"})).status_code == 200
    await transport.aclose()
