"""Async ISPAPI client on httpx: one form POST per command (docs/ispapi-wire.md §1.1-§1.6, §2.3, §2.6).

Everything that can be decided without I/O (fields, IDN, retry policy) lives in pure helpers;
`IspapiClient.call` only sends. A registry answer with any CODE is a `Response`; a failed exchange, a
non-2xx HTTP status or a body that is not a reply raises the `ExchangeError` tree of `app.exchange`
(shared with `app.cnr`), never a synthetic 421/423 reply.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import platform
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from enum import StrEnum
from importlib import metadata
from types import TracebackType
from typing import Any

import httpx

from app.exchange import ExchangeError, HttpStatusError, TransportError, translate_transport_errors
from app.ispapi.errors import InsecureEndpoint, PaginationError
from app.ispapi.idn import convert_idn_fields
from app.ispapi.masking import mask_command, mask_fields, mask_response_text
from app.ispapi.response import PAGINATION_COLUMNS, Response
from app.ispapi.templates import invalid_reply
from app.ispapi.wire import (
    FORM_CONTENT_TYPE,
    command_fields,
    decode_body,
    flatten_command,
    form_body,
    parse_reply,
    parse_response,
    render_command,
)
from app.wire_transport import AiohttpTransport, WireClient, post_form

__all__ = [
    "IspapiClient",
    "System",
    "is_read_only",
    "make_http_client",
    "merge_pages",
    "page_through",
]

LOGGER_NAME = "app.ispapi"


class System(StrEnum):
    """The two ISPAPI systems; the entity selects the system, the host is infrastructure
    (docs/ispapi-wire.md §1.1)."""

    LIVE = "LIVE"
    OTE = "OTE"

    @classmethod
    def _missing_(cls, value: object) -> System | None:
        # Settings files write "live"/"ote"; accept any case.
        if isinstance(value, str):
            return cls.__members__.get(value.upper())
        return None

    @property
    def url(self) -> str:
        return _SYSTEMS[self][0]

    @property
    def entity(self) -> str:
        return _SYSTEMS[self][1]


_SYSTEMS: dict[System, tuple[str, str]] = {
    System.LIVE: ("https://api.ispapi.net/api/call.cgi", "54cd"),
    System.OTE: ("https://api-ote.ispapi.net/api/call.cgi", "1234"),
}

DEFAULT_CONNECT_TIMEOUT = 30.0  # docs/ispapi-wire.md §1.5: [PHP11] connect 30 s
DEFAULT_READ_TIMEOUT = 300.0  # docs/ispapi-wire.md §1.5: total/read 300 s in every SDK that sets one
# A retry needs at least this much of the call's time budget left to be worth sending.
MIN_RETRY_SECONDS = 1.0


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "dev"  # running from a source checkout that was not pip-installed


DEFAULT_USER_AGENT = (
    f"ispapi-bridge/{_package_version('ispapi-bridge')} "
    f"(python/{platform.python_version()}; httpx/{httpx.__version__})"
)

# --- pure policy ----------------------------------------------------------------------------------

# Only the read-only families Status*, Query* and Check* are retried (nothing else is ever
# retried automatically). Every other command (AddDomain, RenewDomain, but also GetEnvironment or
# ConvertIDN) is sent exactly once: a lost reply must be reconciled by the caller, not re-sent.
_READ_ONLY_PREFIX = re.compile(r"(?:status|query|check)", re.IGNORECASE)


def is_read_only(command_name: str) -> bool:
    """True for commands that are safe to retry automatically (Status*, Query*, Check*)."""
    return bool(_READ_ONLY_PREFIX.match(command_name))


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def endpoint_problem(url: str, *, allow_insecure: bool) -> tuple[httpx.URL | None, str]:
    """The parsed URL and "", or None and why the URL is refused (no credentials in clear text)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return None, f"is not a valid URL: {exc}"
    if parsed.scheme not in ("https", "http") or not parsed.host:
        return None, "must be an absolute http(s) URL"
    if parsed.scheme == "http" and not allow_insecure and not _is_loopback(parsed.host):
        return None, f"must use https (plain http is only allowed for loopback hosts): {parsed.host}"
    return parsed, ""


def check_endpoint(url: str, *, allow_insecure: bool) -> httpx.URL:
    """Refuse endpoints that would send the password in clear text across a network."""
    parsed, problem = endpoint_problem(url, allow_insecure=allow_insecure)
    if parsed is None:
        raise InsecureEndpoint(f"ISPAPI URL {problem}")
    return parsed


def make_http_client(
    *,
    proxy: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    max_connections: int = 100,
) -> httpx.AsyncClient:
    """One persistent keep-alive pool; share it across requests (one per proxy).

    `trust_env` is off: the proxy is a module setting (docs/ispapi-wire.md §1.5), an HTTP(S)_PROXY
    variable must not silently reroute registry traffic carrying the account password.
    """
    options: dict[str, Any] = {
        "timeout": httpx.Timeout(read_timeout, connect=connect_timeout),
        "limits": httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        "trust_env": False,
        "follow_redirects": False,
    }
    if transport is None:
        # The wire goes through aiohttp's pool, proxy included (app/wire_transport.py says why).
        wire = AiohttpTransport(proxy=proxy or None, max_connections=max_connections)
        return WireClient(wire=wire, **options)
    return httpx.AsyncClient(proxy=proxy or None, transport=transport, **options)


def merge_pages(responses: Sequence[Response]) -> Response:
    """One Response holding the rows of all pages; pagination columns describe the merged list.

    Columns missing from a page are padded with "" for that page's rows, so rows stay aligned.
    """
    if not responses:
        raise ValueError("merge_pages needs at least one response")
    merged: dict[str, list[str]] = {}
    rows = 0
    for page in responses:
        for name in page.columns:
            if name not in PAGINATION_COLUMNS and name not in merged:
                merged[name] = [""] * rows
        page_rows = page.row_count
        for name, values in merged.items():
            column = list(page.properties.get(name, ()))[:page_rows]
            values.extend(column + [""] * (page_rows - len(column)))
        rows += page_rows
    head, tail = responses[0], responses[-1]
    first = head.first_index or 0
    figures = {
        "FIRST": [str(first)],
        "LAST": [str(first + rows - 1)] if rows else [],
        "COUNT": [str(rows)],
        "TOTAL": [str(tail.total)],
        "LIMIT": [str(rows)],
    }
    merged.update({name: values for name, values in figures.items() if values})
    return Response(
        code=tail.code,
        description=tail.description,
        queuetime=sum(page.queuetime for page in responses),
        runtime=sum(page.runtime for page in responses),
        properties={name: tuple(values) for name, values in merged.items()},
    )


# --- the client -----------------------------------------------------------------------------------


class IspapiClient:
    """Send ISPAPI commands; returns the registry's `Response`, raises `ExchangeError` when there is none.

    Pass `http` to share a pool (it is not closed by `aclose`); otherwise the client owns one built
    with `proxy`/`transport`. Use as `async with IspapiClient(...) as client:`.
    """

    def __init__(
        self,
        *,
        login: str,
        password: str,
        system: System = System.LIVE,
        url: str | None = None,
        role: str | None = None,
        subuser: str | None = None,
        session: str | None = None,
        proxy: str | None = None,
        timeout: float = DEFAULT_READ_TIMEOUT,
        http: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure_url: bool = False,
        read_retries: int = 2,
        logger: logging.Logger | None = None,
        user_agent: str | None = None,
        retry_backoff: float = 0.5,
    ) -> None:
        self._system = System(system)
        self._url = check_endpoint(url or self._system.url, allow_insecure=allow_insecure_url)
        self._login = login
        self._password = password
        self._role = role
        self._subuser = subuser
        self._session = session
        self._timeout = timeout
        self._read_retries = max(0, read_retries)
        self._retry_backoff = max(0.0, retry_backoff)
        self._logger = logger or logging.getLogger(LOGGER_NAME)
        self._headers = {"User-Agent": user_agent or DEFAULT_USER_AGENT, "Content-Type": FORM_CONTENT_TYPE}
        self._owns_http = http is None
        self._http = http or make_http_client(proxy=proxy, transport=transport, read_timeout=timeout)

    def __repr__(self) -> str:
        # Never the password or the session id.
        return f"IspapiClient(system={self._system.value}, url={str(self._url)!r}, login={self._login!r})"

    @property
    def url(self) -> str:
        return str(self._url)

    @property
    def system(self) -> System:
        return self._system

    async def aclose(self) -> None:
        """Close the pool if this client created it; a shared `http` pool stays open."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> IspapiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _timeouts(self, timeout: float | None) -> httpx.Timeout:
        total = self._timeout if timeout is None else timeout
        return httpx.Timeout(total, connect=min(DEFAULT_CONNECT_TIMEOUT, total))

    def prepare(self, command: Mapping[str, object]) -> dict[str, str]:
        """The flattened, IDN-converted parameters that `call` would send (no I/O)."""
        return convert_idn_fields(flatten_command(command))

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        """Send one command. Read-only commands are retried on temporary failures; nothing else is.

        Raises `ExchangeError` (`app.exchange`) when no usable reply arrives, after the retries.
        """
        parameters = self.prepare(command)
        fields = command_fields(
            render_command(parameters),
            entity=self._system.entity,
            login=self._login,
            password=self._password,
            role=self._role,
            subuser=self._subuser,
            session=self._session,
        )
        name = parameters.get("COMMAND", "")
        attempts = 1 + (self._read_retries if is_read_only(name) else 0)
        # One call, retries included, stays within one timeout: the caller (the shim, with its own
        # per-function budget) must get the registry's answer or a clear error, not a timeout of its own
        # after three full-length attempts.
        clock = asyncio.get_running_loop().time
        deadline = clock() + (self._timeout if timeout is None else timeout)
        outcome = await self._attempt(fields, parameters, timeout)
        for attempt in range(1, attempts):
            if not _worth_retrying(outcome):
                break
            pause = self._retry_backoff * attempt
            remaining = deadline - clock() - pause
            if remaining < MIN_RETRY_SECONDS:
                break
            await asyncio.sleep(pause)
            self._logger.debug("ISPAPI retry %d of %s after %s", attempt, name, _summary(outcome))
            outcome = await self._attempt(fields, parameters, remaining)
        if isinstance(outcome, ExchangeError):
            raise outcome
        return outcome

    async def _attempt(
        self, fields: dict[str, str], parameters: dict[str, str], timeout: float | None
    ) -> Response | ExchangeError:
        try:
            return await self._send(fields, parameters, timeout)
        except ExchangeError as exc:
            return exc

    async def _send(
        self, fields: dict[str, str], parameters: dict[str, str], timeout: float | None
    ) -> Response:
        name = parameters.get("COMMAND", "")
        debug = self._logger.isEnabledFor(logging.DEBUG)
        if debug:
            visible = mask_fields({k: v for k, v in fields.items() if k != "s_command"})
            self._logger.debug("ISPAPI request to %s %s\n%s", self._url, visible, mask_command(parameters))
        try:
            with translate_transport_errors(name):
                status, content = await post_form(
                    self._http,
                    self._url,
                    content=form_body(fields),
                    headers=self._headers,
                    timeout=self._timeouts(timeout),
                )
        except TransportError as exc:
            if debug:
                self._logger.debug("ISPAPI transport failure %s: %s", exc.kind, exc.detail)
            raise
        if not 200 <= status < 300:
            if debug:
                self._logger.debug("ISPAPI HTTP status %d", status)
            raise HttpStatusError(status, command=name)
        text = decode_body(content)
        if debug:
            self._logger.debug("ISPAPI response\n%s", mask_response_text(text))
        response = parse_reply(text)
        if response is None:
            # The codec's 423 template carries the SDK wording the error repeats.
            raise invalid_reply(parse_response(text, url=str(self._url)), command=name)
        return response

    # --- pagination (docs/ispapi-wire.md §2.6) ----------------------------------------------------------

    async def iter_pages(
        self, command: Mapping[str, object], *, limit: int = 1000
    ) -> AsyncIterator[Response]:
        """Yield page after page using FIRST/LIMIT until an error, an empty page or FIRST+LIMIT >= TOTAL."""
        async for page in page_through(self.call, command, limit=limit):
            yield page

    async def call_all_pages(self, command: Mapping[str, object], *, limit: int = 1000) -> list[Response]:
        """Every page of a list command (the last one may be an error reply)."""
        return [page async for page in self.iter_pages(command, limit=limit)]


async def page_through(
    call: Callable[[Mapping[str, object]], Awaitable[Response]],
    command: Mapping[str, object],
    *,
    limit: int = 1000,
    error: type[ValueError] = PaginationError,
) -> AsyncIterator[Response]:
    """The FIRST/LIMIT paging loop over any dialect's `call` (docs/ispapi-wire.md §2.6); bad requests
    raise `error`."""
    if limit <= 0:
        raise error("limit must be a positive number of rows")
    keys = {str(key).upper(): key for key in command}
    if "LAST" in keys:
        raise error("Parameter LAST in use; remove it to page with FIRST/LIMIT")
    base = {key: value for key, value in command.items() if str(key).upper() not in ("FIRST", "LIMIT")}
    first = _offset(command[keys["FIRST"]], error) if "FIRST" in keys else 0
    while True:
        page = await call({**base, "FIRST": first, "LIMIT": limit})
        yield page
        # The reply's LIMIT wins: the server may cap the page size below what we asked for.
        step = page.limit
        if not page.is_success or not _has_data_rows(page) or step <= 0 or first + step >= page.total:
            return
        first += step


def _worth_retrying(outcome: Response | ExchangeError) -> bool:
    # Every failed exchange counts as temporary, like the SDKs' 421/423 templates it replaces.
    return isinstance(outcome, ExchangeError) or outcome.is_temporary_error


def _summary(outcome: Response | ExchangeError) -> str:
    return str(outcome.code) if isinstance(outcome, Response) else outcome.detail


def _has_data_rows(page: Response) -> bool:
    # row_count includes the pagination columns (row 0 always exists when FIRST/TOTAL are sent), so an
    # empty page is recognised by its other columns (docs/ispapi-wire.md §2.6 "stop on no rows").
    return any(values for name, values in page.properties.items() if name not in PAGINATION_COLUMNS)


def _offset(value: object, error: type[ValueError]) -> int:
    try:
        offset = int(str(value))
    except ValueError as exc:
        raise error(f"FIRST must be a whole number, got {value!r}") from exc
    if offset < 0:
        raise error(f"FIRST must not be negative, got {offset}")
    return offset
