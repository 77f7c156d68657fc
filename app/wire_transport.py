"""The registry clients' HTTP transport: httpx's request and response types on aiohttp's connection pool.

Why not httpx's own pool: a domain search sends its 7-8 registry calls at once, and httpx's pool (httpcore,
h11, anyio) spent about 1 ms of CPU on each call, more than everything else the bridge does for a search;
aiohttp, with its C parser, spends about 0.3 ms (benchmarks/search.py; docs/architecture.md, decision 12).
The clients keep speaking httpx (`httpx.AsyncClient` with this as its transport), so headers, the form
encoding and the tests' in-process sandbox (an `httpx.ASGITransport` in its place) stay as they were.

`post_form` is how the clients send. On the bridge's own pool (`WireClient`, which `make_http_client`
builds) it goes straight to aiohttp, without the httpx client's request and response objects, cookie jar and
hooks: a search's CheckDomains cost 0.70-0.82 ms of CPU each as an httpx post, 0.25-0.31 ms this way. Any
other httpx client (a test's in-process sandbox, a mock) gets an ordinary `post`.

Failures come out as the httpx exceptions app/exchange.py classifies, chosen by how far the request got:
nothing sent (connect, TLS, proxy, a full pool) or perhaps carried out (the reply did not arrive whole).
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from functools import cache
from typing import Any

import aiohttp
import certifi
import httpx

# Idle keep-alive connections are given up a little before the 5 s most servers (uvicorn, nginx behind a
# proxy) keep them: a request written into a connection the server is closing at that moment would end as
# "reply lost", a false alarm for a money command.
KEEPALIVE_SECONDS = 4.0
# Framing headers: aiohttp computes them for a request and has undone them in a reply's body, so a copy
# from the other side could disagree with the bytes.
_OWN_HEADERS = frozenset({b"host", b"content-length", b"transfer-encoding"})

# aiohttp failure -> the httpx exception saying the same, most specific first (aiohttp's classes nest:
# a proxy failure is a connector failure, a connect timeout is a server timeout).
_FAILURES: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),  # connecting or waiting for a pooled connection
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),
    (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, DNS, TLS handshake and certificate
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # no HTTP reply (a garbled status line)
    (aiohttp.ClientOSError, httpx.ReadError),
    (TimeoutError, httpx.ReadTimeout),
    # Anything else: how far the request got is unknown, so the caller must assume it arrived.
    (aiohttp.ClientError, httpx.TransportError),
)


@cache
def _trust() -> ssl.SSLContext:
    # The CA bundle httpx used (certifi), so switching the transport trusts the same registries. Built once
    # per process: loading the bundle takes milliseconds, and a context is only read once made.
    return ssl.create_default_context(cafile=certifi.where())


def as_httpx_error(exc: BaseException, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception for an aiohttp failure (raise it `from exc`: a TLS cause stays in the chain)."""
    for failure, error in _FAILURES:
        if isinstance(exc, failure):
            message = str(exc) or type(exc).__name__
            return error(f"{type(exc).__name__}: {message}", request=request)
    return httpx.TransportError(type(exc).__name__, request=request)


def _timeout(extensions: Mapping[str, object]) -> aiohttp.ClientTimeout:
    """httpx's per-request timeouts (pool, connect, read) in aiohttp's terms, with no overall limit."""
    given = extensions.get("timeout")
    return _client_timeout(given if isinstance(given, Mapping) else {})


def _client_timeout(timeouts: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(
        total=None,
        connect=timeouts.get("pool"),  # aiohttp's `connect` includes waiting for a free pooled connection
        sock_connect=timeouts.get("connect"),
        sock_read=timeouts.get("read"),
    )


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp keep-alive pool (through `proxy` when given), opened on first use in the running loop."""

    def __init__(self, *, proxy: str | None = None, max_connections: int = 100) -> None:
        self._proxy = proxy
        self._max_connections = max_connections
        # Loaded now, where the bridge builds its pool at start-up: on the first call it cost the first
        # domain search after a start about 50 ms. The session itself needs the running loop.
        self._tls = _trust()
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections, keepalive_timeout=KEEPALIVE_SECONDS, ssl=self._tls
            )
            # No cookie jar and no decompression of its own: httpx keeps the cookies and decodes the body.
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
                trust_env=False,
            )
        return self._session

    async def _exchange(
        self,
        method: str,
        url: str,
        body: bytes,
        headers: list[tuple[str, str]],
        timeout: aiohttp.ClientTimeout,
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """One request on the pool: (status, reply headers without the framing ones, raw body). aiohttp's
        failures come out as the httpx exceptions saying the same."""
        try:
            async with self._open().request(
                method,
                url,
                data=body,
                headers=headers,
                proxy=self._proxy,
                timeout=timeout,
                allow_redirects=False,
            ) as reply:
                content = await reply.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise as_httpx_error(exc, httpx.Request(method, url)) from exc
        raw = [(name, value) for name, value in reply.raw_headers if name.lower() not in _OWN_HEADERS]
        return reply.status, raw, content

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower() not in _OWN_HEADERS
        ]
        status, raw, content = await self._exchange(
            request.method, str(request.url), await request.aread(), headers, _timeout(request.extensions)
        )
        return httpx.Response(
            status, headers=raw, content=content, request=request, extensions={"http_version": b"HTTP/1.1"}
        )

    async def post_form(
        self, url: str, body: bytes, headers: list[tuple[str, str]], timeout: httpx.Timeout
    ) -> tuple[int, bytes]:
        """What `handle_async_request` does for a POST, without an httpx request or response: (status, body
        decoded as httpx decodes it). Failures are the same httpx exceptions."""
        status, raw, content = await self._exchange(
            "POST", url, body, headers, _client_timeout(timeout.as_dict())
        )
        if any(name.lower() == b"content-encoding" for name, _ in raw):
            # Rare (the registries answer plain text): httpx's own decoders, as the httpx path applies them.
            content = httpx.Response(status, headers=raw, content=content).content
        return status, content

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class WireClient(httpx.AsyncClient):
    """An httpx client on an `AiohttpTransport`, which `post_form` uses directly (module docstring)."""

    def __init__(self, *, wire: AiohttpTransport, **options: Any) -> None:
        super().__init__(transport=wire, **options)
        self._wire = wire
        self._defaults = {name.lower(): value for name, value in self.headers.items()}

    async def post_form(
        self, url: str, *, content: bytes, headers: Mapping[str, str], timeout: httpx.Timeout
    ) -> tuple[int, bytes]:
        # The headers an httpx post would send: the client's defaults (Accept, Accept-Encoding, ...), the
        # request's own on top.
        merged = {**self._defaults, **{name.lower(): value for name, value in headers.items()}}
        sent = [(name, value) for name, value in merged.items() if name.encode() not in _OWN_HEADERS]
        return await self._wire.post_form(url, content, sent, timeout)


async def post_form(
    http: httpx.AsyncClient,
    url: httpx.URL,
    *,
    content: bytes,
    headers: Mapping[str, str],
    timeout: httpx.Timeout,
) -> tuple[int, bytes]:
    """POST an encoded form: (HTTP status, body). Straight on aiohttp through the bridge's pool, an ordinary
    httpx post through any other client; failures are httpx exceptions either way (app/exchange.py)."""
    if isinstance(http, WireClient):
        return await http.post_form(str(url), content=content, headers=headers, timeout=timeout)
    reply = await http.post(url, content=content, headers=headers, timeout=timeout)
    return reply.status_code, reply.content
