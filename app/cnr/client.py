"""Async CNR client on httpx: one form POST per command, sessions, role users, sub-users.

Pure decisions live elsewhere (`wire` builds fields and parses, `codes` classifies and says what may be
retried, `idn` converts names, `masking` hides secrets, `app.exchange` translates httpx failures); this
module only sends. A registry answer is a `Response`; a failed exchange or a broken reply raises an
`ExchangeError` (see `app.cnr.errors`), never a synthetic reply.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from enum import StrEnum
from types import TracebackType

import httpx

from app.cnr.codes import is_read_command, is_retryable
from app.cnr.errors import (
    ExchangeError,
    HttpStatusError,
    InsecureEndpoint,
    InvalidCommand,
    PaginationError,
    SessionError,
)
from app.cnr.idn import convert_idn_fields
from app.cnr.masking import mask_command, mask_fields, mask_response_text
from app.cnr.wire import command_fields, flatten_command, login_name, parse_response
from app.exchange import translate_transport_errors
from app.ispapi.client import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_USER_AGENT,
    MIN_RETRY_SECONDS,
    endpoint_problem,
    make_http_client,
    page_through,
)
from app.ispapi.response import Response
from app.ispapi.wire import FORM_CONTENT_TYPE, decode_body, form_body
from app.wire_transport import post_form

__all__ = ["CnrClient", "System", "check_endpoint"]

LOGGER_NAME = "app.cnr"
# The login request carries no command; logs and errors name it like this.
LOGIN = "(login)"


class System(StrEnum):
    """The two CNR systems. Unlike ISPAPI there is no entity field: the host selects the system."""

    LIVE = "LIVE"
    OTE = "OTE"

    @classmethod
    def _missing_(cls, value: object) -> System | None:
        if isinstance(value, str):
            return cls.__members__.get(value.upper())
        return None

    @property
    def url(self) -> str:
        return _URLS[self]


_URLS: dict[System, str] = {
    System.LIVE: "https://api.rrpproxy.net/api/call.cgi",
    System.OTE: "https://api-ote.rrpproxy.net/api/call.cgi",
}


def check_endpoint(url: str, *, allow_insecure: bool) -> httpx.URL:
    """Refuse endpoints that would send the password in clear text across a network."""
    parsed, problem = endpoint_problem(url, allow_insecure=allow_insecure)
    if parsed is None:
        raise InsecureEndpoint(f"CNR URL {problem}")
    return parsed


class CnrClient:
    """Send CNR commands. Pass `url` for a custom endpoint (e.g. the sandbox), else `system` picks one.

    `role` logs in as `login:role`; `subuser` adds `SUBUSER` to every command (the data view of that
    sub-account); `session` reuses a session id from an earlier `login()`. Pass `http` to share a pool
    (it is not closed by `aclose`). Use as `async with CnrClient(...) as client:`.
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
        retry_backoff: float = 0.5,
        logger: logging.Logger | None = None,
        user_agent: str | None = None,
    ) -> None:
        self._system = System(system)
        self._url = check_endpoint(url or self._system.url, allow_insecure=allow_insecure_url)
        self._login = login_name(login, role)
        self._password = password
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
        return f"CnrClient(system={self._system.value}, url={str(self._url)!r}, login={self._login!r})"

    @property
    def url(self) -> str:
        return str(self._url)

    @property
    def system(self) -> System:
        return self._system

    @property
    def session(self) -> str | None:
        """The session id in use (store it to resume with `CnrClient(session=...)`), or None."""
        return self._session

    async def aclose(self) -> None:
        """Close the pool if this client created it; a shared `http` pool stays open."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> CnrClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # --- commands -------------------------------------------------------------------------------------

    def prepare(self, command: Mapping[str, object]) -> dict[str, str]:
        """The flattened, IDN-converted parameters (SUBUSER included) that `call` would send; no I/O."""
        return convert_idn_fields(flatten_command(command, subuser=self._subuser))

    def _fields(self, parameters: Mapping[str, str] | None, *, persistent: bool = False) -> dict[str, str]:
        return command_fields(
            parameters,
            login=self._login,
            password=self._password,
            session=self._session,
            persistent=persistent,
        )

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        """Send one command and return the registry's answer, whatever its code.

        Read commands (Status*, Query*, Check*, Get*) are sent again after a retryable code or a failed
        exchange while the call's time budget lasts; every other command is sent exactly once. Raises
        `ExchangeError` when no usable reply arrives, `InvalidCommand` before sending a bad command.
        """
        parameters = self.prepare(command)
        name = parameters.get("COMMAND", "")
        if not name:
            # Without COMMAND the API would treat the POST as a bare login; never send that by accident.
            raise InvalidCommand("parameter COMMAND: missing or empty")
        fields = self._fields(parameters)
        attempts = 1 + (self._read_retries if is_read_command(name) else 0)
        # Retries included, one call stays within one timeout: the caller has its own budget and needs
        # the registry's answer or a clear error, not three full-length attempts.
        clock = asyncio.get_running_loop().time
        deadline = clock() + (self._timeout if timeout is None else timeout)
        remaining = deadline - clock()
        outcome: Response | ExchangeError
        for attempt in range(1, attempts + 1):
            try:
                outcome = await self._send(fields, parameters, remaining)
            except ExchangeError as exc:
                outcome = exc
            if attempt == attempts or not _worth_retrying(outcome):
                break
            pause = self._retry_backoff * attempt
            remaining = deadline - clock() - pause
            if remaining < MIN_RETRY_SECONDS:
                break  # the budget is spent: the last outcome stands
            self._logger.debug("CNR retry %d of %s after %s", attempt, name, _summary(outcome))
            await asyncio.sleep(pause)
        if isinstance(outcome, ExchangeError):
            raise outcome
        return outcome

    async def _send(
        self, fields: Mapping[str, str], parameters: Mapping[str, str] | None, timeout: float
    ) -> Response:
        name = parameters.get("COMMAND", "") if parameters else ""
        label = name or LOGIN
        debug = self._logger.isEnabledFor(logging.DEBUG)
        if debug:
            visible = mask_fields({k: v for k, v in fields.items() if k != "s_command"})
            command = mask_command(parameters) if parameters else ""
            self._logger.debug("CNR request %s to %s %s\n%s", label, self._url, visible, command)
        with translate_transport_errors(label):
            status, content = await post_form(
                self._http,
                self._url,
                content=form_body(fields),
                headers=self._headers,
                timeout=self._timeouts(timeout),
            )
        if not 200 <= status < 300:
            raise HttpStatusError(status, command=label)
        text = decode_body(content)
        if debug:
            self._logger.debug("CNR response to %s\n%s", label, mask_response_text(text))
        return parse_response(text, command=name)

    @staticmethod
    def _timeouts(total: float) -> httpx.Timeout:
        total = max(total, 0.001)
        return httpx.Timeout(total, connect=min(DEFAULT_CONNECT_TIMEOUT, total))

    def describe(self, command: Mapping[str, object]) -> str:
        """The command as `KEY = VALUE` lines with secrets masked, for logs and support tickets."""
        return mask_command(self.prepare(command))

    # --- list commands ----------------------------------------------------------------------------------

    async def iter_pages(
        self, command: Mapping[str, object], *, limit: int = 1000
    ) -> AsyncIterator[Response]:
        """Yield page after page using FIRST/LIMIT until an error, an empty page or FIRST+LIMIT >= TOTAL.

        Raises PaginationError for a non-positive limit, a bad FIRST or a LAST parameter.
        """
        async for page in page_through(self.call, command, limit=limit, error=PaginationError):
            yield page

    async def call_all_pages(self, command: Mapping[str, object], *, limit: int = 1000) -> list[Response]:
        """Every page of a list command (the last one may be an error reply); `merge_pages` joins them."""
        return [page async for page in self.iter_pages(command, limit=limit)]

    # --- sessions -------------------------------------------------------------------------------------

    async def login(self, *, timeout: float | None = None) -> Response:
        """Open a session: a POST with `persistent=1` and no command; the reply's SESSIONID is kept.

        Later calls send `s_login` + `s_sessionid` instead of the password. A failed login (e.g. 530)
        is returned as the reply and leaves the client without a session.
        """
        self._session = None
        fields = self._fields(None, persistent=True)
        response = await self._send(fields, None, self._timeout if timeout is None else timeout)
        if response.is_success:
            session = response.first("SESSIONID")
            if not session:
                raise SessionError("login succeeded but the reply carries no SESSIONID")
            self._session = session
        return response

    async def logout(self, *, timeout: float | None = None) -> Response:
        """End the session with StopSession; on success the client falls back to the password."""
        if not self._session:
            raise SessionError("no session to stop: call login() first")
        response = await self.call({"COMMAND": "StopSession"}, timeout=timeout)
        if response.is_success:
            self._session = None
        return response

    @asynccontextmanager
    async def logged_in(self) -> AsyncIterator[Response]:
        """`async with client.logged_in() as reply:` a session for the block, stopped afterwards.

        Raises SessionError when the login is refused (the reply is in the message). After the block the
        client is back on the password even if StopSession fails (the server lets the session expire);
        that failure is logged, not raised, so it never hides the block's own outcome.
        """
        response = await self.login()
        if not response.is_success:
            raise SessionError(f"login refused: {response.code} {response.description}")
        try:
            yield response
        finally:
            await self._stop_quietly()

    async def _stop_quietly(self) -> None:
        if not self._session:
            return  # the block stopped it already
        try:
            reply = await self.logout()
        except ExchangeError as exc:
            self._logger.warning("CNR StopSession failed: %s", exc)
        else:
            if not reply.is_success:
                self._logger.warning("CNR StopSession answered %d %s", reply.code, reply.description)
        self._session = None


def _worth_retrying(outcome: Response | ExchangeError) -> bool:
    if isinstance(outcome, Response):
        return is_retryable(outcome.code)
    # A 4xx from a gateway or proxy (404, 407) is configuration: the same request fails again.
    return not (isinstance(outcome, HttpStatusError) and outcome.status_code < 500)


def _summary(outcome: Response | ExchangeError) -> str:
    return str(outcome.code) if isinstance(outcome, Response) else outcome.detail
