"""Building the ISPAPI client for one WHMCS call, and the shared HTTP pools behind it.

The module settings in the envelope choose the upstream (docs/architecture.md decision 1,
docs/ispapi-wire.md §1): `TestMode` -> OT&E, `Username` `login!role` -> role user, `ProxyServer` -> an
HTTP proxy. `BRIDGE_ISPAPI_URL` replaces the endpoint URL (e.g. the sandbox) but not the system, so TestMode
still selects the OT&E entity. One keep-alive `httpx.AsyncClient` per proxy, on aiohttp's connection pool
(app/wire_transport.py), is shared by every request (decision 4).
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Protocol
from urllib.parse import urlsplit

import anyio
import httpx

from app.cnr import CnrClient, System as CnrSystem
from app.contract.payloads import ModuleLogEntry
from app.errors import InvalidSetting, UpstreamUnavailable
from app.exchange import ExchangeError, InvalidReply
from app.ispapi import IspapiClient, Response, System, make_http_client
from app.log import Masker
from app.metrics import Metrics
from app.module_config import ModuleConfig
from app.registry import Backend, RegistryCaller

# Where each system lives (docs/ispapi-wire.md §1.1); used by the readiness probe.
ENDPOINTS: dict[System, str] = {system: system.url for system in System}
MAX_POOLS = 16  # distinct ProxyServer values kept open; more than a handful means a misconfiguration

HttpFactory = Callable[..., httpx.AsyncClient]

# The shim says how long it waits (header X-Bridge-Timeout, its curl total for this function class,
# docs/whmcs.md §4.6). Upstream calls end early enough that the bridge's own answer ("the registrar API
# did not answer", journalled as unknown for money operations) reaches the shim before its curl gives up with
# a bare "cURL error 28" that blames the bridge.
# Less time left than this: the command is not sent at all (a reply could not arrive in time, and a money
# command sent then would be executed for a caller who has already given up).
MIN_UPSTREAM_SECONDS = 0.5
MAX_ANSWER_MARGIN = 1.0  # seconds kept for answering: JSON, loopback/LAN, php


def budget_deadline(header: str | None, *, now: float | None = None) -> float | None:
    """time.monotonic() deadline from an X-Bridge-Timeout header (seconds); None when absent or invalid."""
    if header is None:
        return None
    try:
        budget = float(header.strip())
    except ValueError:
        return None
    if not 0 < budget <= 3600:  # also refuses nan and inf
        return None
    margin = min(MAX_ANSWER_MARGIN, budget * 0.2)
    return (time.monotonic() if now is None else now) + budget - margin


def split_login(username: str) -> tuple[str, str | None]:
    """`account!role` -> ("account", "role"); a plain login has no role (docs/ispapi-wire.md §1.4)."""
    login, sep, role = username.partition("!")
    return (login, role) if sep and role else (login, None)


PROXY_SETTING = "ProxyServer"
PROXY_SCHEMES = ("http", "https")  # what the shared httpx pools can speak without extra packages
_SCHEME_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,15}")
_PROXY_HINT = "use host:port or http://host:port (an HTTP proxy), or leave it empty"


def _bad_proxy(reason: str) -> InvalidSetting:
    # The value itself is never quoted: a proxy URL can carry a user name and password.
    return InvalidSetting(
        f"The {PROXY_SETTING} module setting {reason}; {_PROXY_HINT}.", setting=PROXY_SETTING
    )


def normalise_proxy(proxy_server: str) -> str | None:
    """WHMCS's ProxyServer is often "host:port" without a scheme; httpx needs a URL.

    Raises InvalidSetting (naming the setting, never quoting it) for a value no HTTP proxy can have, so a
    typo becomes a configuration message instead of an exception deep inside httpx."""
    proxy = proxy_server.strip()
    if not proxy:
        return None
    scheme, sep, _ = proxy.partition("://")
    if not sep:
        proxy = f"http://{proxy}"
    elif scheme.lower() not in PROXY_SCHEMES:
        shown = f" {scheme.lower()!r}" if _SCHEME_NAME.fullmatch(scheme) else ""
        raise _bad_proxy(f"uses an unsupported scheme{shown}")
    try:
        url = httpx.URL(proxy)
    except httpx.InvalidURL as exc:
        raise _bad_proxy("is not a valid proxy address") from exc
    if not url.host:
        raise _bad_proxy("names no proxy host")
    if url.port is not None and not 1 <= url.port <= 65535:
        raise _bad_proxy(f"has port {url.port}, outside 1-65535")
    if url.path not in ("", "/") or url.query or url.fragment:
        raise _bad_proxy("has a path; a proxy address is only a host and a port")
    return proxy


class HttpPools:
    """One shared httpx client per proxy (None = direct), opened lazily, closed by `aclose`.

    Every WHMCS call through the same proxy uses the same client, so a search finds its connections warm.
    (httpx's own pool looked at every connection each time a request started or ended, so the clients used
    to be split in shards; the aiohttp pool under them, app/wire_transport.py, finds a connection by host.)
    """

    def __init__(self, *, read_timeout: float, factory: HttpFactory | None = None) -> None:
        self._read_timeout = read_timeout
        self._factory = factory or make_http_client
        self._pools: OrderedDict[str | None, httpx.AsyncClient] = OrderedDict()
        self._retired: list[httpx.AsyncClient] = []

    def get(self, proxy: str | None) -> httpx.AsyncClient:
        """The proxy's client, opened now if it is not open yet."""
        pool = self._pools.get(proxy)
        if pool is None:
            if len(self._pools) >= MAX_POOLS:
                # Least recently used goes; it may still serve a request in flight, so it is closed at exit.
                _, oldest = self._pools.popitem(last=False)
                self._retired.append(oldest)
            pool = self._factory(proxy=proxy, read_timeout=self._read_timeout)
            self._pools[proxy] = pool
        else:
            self._pools.move_to_end(proxy)
        return pool

    @property
    def proxies(self) -> list[str | None]:
        return list(self._pools)

    async def aclose(self) -> None:
        for pool in [*self._pools.values(), *self._retired]:
            await pool.aclose()
        self._pools.clear()
        self._retired.clear()


class ClientSettings(Protocol):
    """What building a client reads of the bridge settings (app.settings.Settings has it all; the CLI's
    refresh commands pass their own, from their options)."""

    @property
    def ispapi_url(self) -> str | None: ...
    @property
    def cnr_url(self) -> str | None: ...
    @property
    def cnr_ote_url(self) -> str | None: ...
    @property
    def ispapi_timeout_seconds(self) -> float: ...
    @property
    def allow_insecure_ispapi_url(self) -> bool: ...


def build_client(config: ModuleConfig, *, settings: ClientSettings, pools: HttpPools) -> RegistryCaller:
    """The client of the module's `Backend` for one WHMCS call, from its module settings."""
    if config.backend is Backend.CNR:
        return build_cnr_client(config, settings=settings, pools=pools)
    login, role = split_login(config.username)
    proxy = normalise_proxy(config.proxy_server)
    return IspapiClient(
        login=login,
        password=config.password,
        system=System.OTE if config.test_mode else System.LIVE,
        url=settings.ispapi_url,
        role=role,
        proxy=proxy,
        timeout=settings.ispapi_timeout_seconds,
        http=pools.get(proxy),
        allow_insecure_url=settings.allow_insecure_ispapi_url,
    )


def build_cnr_client(config: ModuleConfig, *, settings: ClientSettings, pools: HttpPools) -> CnrClient:
    """The CnrClient for one WHMCS call: TestMode picks OT&E, whose endpoint BRIDGE_CNR_OTE_URL replaces
    (BRIDGE_CNR_URL the live one); `Username` `login:role` logs in as a role user (docs/cnr-protocol.md)."""
    login, _, role = config.username.partition(":")
    proxy = normalise_proxy(config.proxy_server)
    system = CnrSystem.OTE if config.test_mode else CnrSystem.LIVE
    return CnrClient(
        login=login,
        password=config.password,
        system=system,
        url=settings.cnr_ote_url if system is CnrSystem.OTE else settings.cnr_url,
        role=role or None,
        proxy=proxy,
        timeout=settings.ispapi_timeout_seconds,
        http=pools.get(proxy),
        allow_insecure_url=settings.allow_insecure_ispapi_url,
    )


class DeferredCaller:
    """A RegistryCaller built on its first call.

    The request's client is then built inside the operation, where a module setting it cannot use
    (InvalidSetting from `normalise_proxy`) becomes an error envelope like any other failure, and only
    for the functions that actually reach the registry."""

    def __init__(self, build: Callable[[], RegistryCaller]) -> None:
        self._build = build
        self._inner: RegistryCaller | None = None

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        if self._inner is None:
            self._inner = self._build()
        return await self._inner.call(command, timeout=timeout)


class RecordingCaller:
    """Wraps an RegistryCaller: every round trip becomes a masked module-log entry and a metric sample.

    `sink` is None when WHMCS keeps no module log (Module Debug Mode off): then no entry is rendered or
    masked at all. `exchanges` counts the round trips that went out either way (the HTTP layer asks whether a
    money operation reached the registry before the database failed)."""

    def __init__(
        self,
        inner: RegistryCaller,
        *,
        action: str,
        sink: list[ModuleLogEntry] | None,
        masker: Masker,
        metrics: Metrics | None = None,
        deadline: float | None = None,
        default_timeout: float | None = None,
    ) -> None:
        self._inner = inner
        self._action = action
        self._sink = sink
        self._masker = masker
        self._metrics = metrics
        self._deadline = deadline  # time.monotonic() by which the caller (the shim) wants the answer
        self._default_timeout = default_timeout  # the client's own (BRIDGE_ISPAPI_TIMEOUT_SECONDS)
        self.exchanges = 0

    def _bounded(self, timeout: float | None) -> float | None:
        """The next upstream call's timeout: never beyond the request's deadline (budget_deadline)."""
        if self._deadline is None:
            return timeout
        remaining = max(self._deadline - time.monotonic(), 0.0)
        own = timeout if timeout is not None else self._default_timeout
        return remaining if own is None else min(own, remaining)

    def _check_time_left(self, name: str) -> None:
        """Raises UpstreamUnavailable ("not sent") when the deadline has (nearly) passed."""
        if self._deadline is not None and self._deadline - time.monotonic() < MIN_UPSTREAM_SECONDS:
            raise UpstreamUnavailable(
                f"{name} was not sent to the registry: the request's time budget (X-Bridge-Timeout) "
                "was used up before it (e.g. by a slow database)"
            )

    def next_timeout(self) -> float | None:
        """The timeout the next call will get (the journal records when a money command settles)."""
        return self._bounded(None)

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        name = next((str(v) for k, v in command.items() if k.upper() == "COMMAND"), "unknown")
        self._check_time_left(name)
        timeout = self._bounded(timeout)
        started = time.perf_counter()
        # The module-log text of the request is written once the call is over, not before it goes out: the
        # batches of a domain search then all leave before any of them is masked, and each is masked while
        # the later replies are still on their way.
        self.exchanges += 1
        try:
            response = await self._inner.call(command, timeout=timeout)
        except ExchangeError as exc:
            self._failed_exchange(name, command, exc, time.perf_counter() - started)
            raise
        except Exception as exc:
            self._record(name, None, time.perf_counter() - started)
            failure = f"error: {type(exc).__name__}"
            self._log(command, lambda: failure)
            raise
        self._record(name, response.code, time.perf_counter() - started)
        self._log(command, lambda: self._masker.text(response.to_text()))
        return response

    def _failed_exchange(
        self, name: str, command: Mapping[str, object], exc: ExchangeError, seconds: float
    ) -> None:
        """Log the SDKs' synthetic reply for a failed exchange (what admins know from the module log)."""
        # A broken reply body still counts under its 423 code; a failed exchange has no code of its own.
        transport = not isinstance(exc, InvalidReply)
        self._record(name, None if transport else exc.code, seconds)

        def reply() -> str:
            text = Response(code=exc.code, description=exc.description).to_text()
            if transport:
                text += f"transport failure: {exc.detail}\r\n"
            return self._masker.text(text)

        self._log(command, reply)

    def _log(self, command: Mapping[str, object], reply: Callable[[], str]) -> None:
        """The module-log entry of one exchange; nothing is rendered when WHMCS keeps no log."""
        if self._sink is not None:
            self._sink.append(
                ModuleLogEntry(action=self._action, request=self._masker.command(command), response=reply())
            )

    def _record(self, command: str, code: int | None, seconds: float) -> None:
        if self._metrics is not None:
            self._metrics.observe_upstream(command=command, code=code, seconds=seconds)


async def probe(url: str, *, timeout: float = 2.0) -> str | None:
    """A TCP connect to the URL's host and port: None when it answers, else a short reason."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with anyio.fail_after(timeout):
            stream = await anyio.connect_tcp(host, port)
        await stream.aclose()
    except TimeoutError:
        return f"no answer from {host}:{port} within {timeout:g} s"
    except OSError as exc:
        return f"cannot connect to {host}:{port} ({exc.strerror or type(exc).__name__})"
    return None
