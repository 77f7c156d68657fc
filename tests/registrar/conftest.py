"""A scripted ISPAPI fake and a pass-through journal for registrar operation tests.

`FakeIspapi` records every command mapping it receives and answers from a per-command queue of wire
texts (parsed with the real `app.ispapi.parse_response`); an unscripted command fails the test loudly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from app.api.envelope import Result
from app.exchange import ExchangeError, ReplyLost, RequestNotSent, TransportError, TransportFailure
from app.ispapi import Response, parse_response
from app.registrar.base import ModuleConfig, RegistrarContext


def reply(
    code: int = 200,
    description: str = "Command completed successfully",
    cols: dict[str, Any] | None = None,
    **columns: Any,
) -> str:
    """ISPAPI wire text: `reply(200, DOMAIN=["a.com", "b.com"], COUNT=2)`; `cols` for names with dashes."""
    lines = ["[RESPONSE]"]
    for name, values in {**(cols or {}), **columns}.items():
        for i, value in enumerate(values if isinstance(values, list) else [values]):
            lines.append(f"PROPERTY[{name}][{i}]={value}")
    lines += [f"DESCRIPTION={description}", f"CODE={code}", "EOF", ""]
    return "\r\n".join(lines)


def lost(*, may_have_executed: bool) -> TransportError:
    """What the client raises when the HTTP exchange failed (the fake names the command when raising it)."""
    if may_have_executed:
        return ReplyLost("ReadTimeout", kind=TransportFailure.READ_TIMEOUT)
    return RequestNotSent("ConnectError", kind=TransportFailure.CONNECT)


class FakeIspapi:
    def __init__(self, delay: float = 0.0) -> None:
        self.sent: list[dict[str, Any]] = []
        self.script: dict[str, deque[str | Response | ExchangeError]] = defaultdict(deque)
        self.delay = delay

    def on(self, command: str, *answers: str | Response | ExchangeError) -> FakeIspapi:
        self.script[command.upper()].extend(answers)
        return self

    def commands(self) -> list[str]:
        return [c["COMMAND"] for c in self.sent]

    def last(self, command: str) -> dict[str, Any]:
        return [c for c in self.sent if c["COMMAND"] == command][-1]

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response:
        self.sent.append(dict(command))
        name = str(command["COMMAND"]).upper()
        if self.delay:
            await asyncio.sleep(self.delay)
        queue = self.script.get(name)
        if not queue:
            raise AssertionError(f"unscripted command {name}: {dict(command)}")
        answer = queue.popleft() if len(queue) > 1 else queue[0]
        if isinstance(answer, ExchangeError):
            answer.command = str(command["COMMAND"])
            raise answer
        return answer if isinstance(answer, Response) else parse_response(answer)


class GatedIspapi(FakeIspapi):
    """Holds every call until `expected` calls are in flight at once: only concurrent batches get through
    together (behaviour, not speed; a sequential caller waits out the generous timeout and is caught)."""

    def __init__(self, expected: int) -> None:
        super().__init__()
        self.expected = expected
        self.in_flight = self.peak = 0
        self.all_in = asyncio.Event()

    async def call(self, command: Any, *, timeout: float | None = None) -> Any:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        if self.in_flight == self.expected:
            self.all_in.set()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.all_in.wait(), timeout=10)
            return await super().call(command, timeout=timeout)
        finally:
            self.in_flight -= 1


@dataclass
class PassThroughJournal:
    calls: list[dict[str, Any]] = field(default_factory=list)
    reconcile: Any = None
    sent: list[dict[str, str] | None] = field(default_factory=list)  # evidence of each sending() call

    async def run_money_operation(
        self, *, function: str, domain: str, idempotency_key: str | None, execute: Any, reconcile: Any
    ) -> Result:
        self.calls.append({"function": function, "domain": domain, "key": idempotency_key})
        self.reconcile = reconcile
        result: Result = await execute()
        return result

    async def sending(self, evidence: Any = None) -> None:
        self.sent.append(dict(evidence) if evidence is not None else None)


@pytest.fixture
def fake() -> FakeIspapi:
    return FakeIspapi()


@pytest.fixture
def journal() -> PassThroughJournal:
    return PassThroughJournal()


@pytest.fixture
def make_ctx(fake: FakeIspapi, journal: PassThroughJournal):
    def build(
        function: str, params: dict[str, Any], config: dict[str, Any] | None = None
    ) -> RegistrarContext:
        return RegistrarContext(
            function=function,
            params=params,
            config=ModuleConfig.from_settings(config or {"Username": "test.user", "Password": "secret-pw"}),
            client=fake,
            journal=journal,
            request_id="req-12345678",
            idempotency_key="key-1"
            if function in {"RegisterDomain", "TransferDomain", "RenewDomain"}
            else None,
        )

    return build


CONTACT = {
    "firstname": "Zoe",
    "lastname": "Muller",
    "companyname": "Muller AG",
    "address1": "Hauptstrasse 5",
    "address2": "Hinterhaus",
    "city": "Koln",
    "state": "NW",
    "postcode": "50667",
    "country": "DE",
    "phonenumber": "+49.2211234567",
    "email": "zoe@example.org",
    "adminfirstname": "Adam",
    "adminlastname": "Admin",
    "admincompanyname": "",
    "adminaddress1": "Adminweg 1",
    "adminaddress2": "",
    "admincity": "Berlin",
    "adminstate": "BE",
    "adminpostcode": "10115",
    "admincountry": "DE",
    "adminphonenumber": "+49.301234",
    "adminemail": "admin@example.org",
}


@dataclass
class CacheServices:
    """The slice of the bridge's Services the cache-reading operations use: a real database (SQLite
    file, tables created from the models), settings and the client factory."""

    db: Any
    settings: Any
    client_factory: Any

    def pricing(self, config: ModuleConfig) -> Any:
        """The pricing store of the account in `config`, as app/api/dispatch.py builds it."""
        from app.pricing.cache import SqlPricing
        from app.sync.account import account_for

        return SqlPricing.for_account(
            config,
            account=account_for(config, ispapi_url=self.settings.ispapi_url),
            db=self.db,
            ttl_seconds=self.settings.pricing_ttl_seconds,
            client_factory=self.client_factory,
        )


@pytest.fixture
def cache_services(tmp_path: Any, fake: FakeIspapi):
    from types import SimpleNamespace

    from app.db.declarative import Base
    from app.db.session import Database
    from app.pricing import cache

    db = Database.from_url(f"sqlite:///{tmp_path / 'bridge.db'}")
    Base.metadata.create_all(db.engine)
    cache._parsed.clear()
    yield CacheServices(
        db=db,
        settings=SimpleNamespace(ispapi_url=None, pricing_ttl_seconds=86400),
        client_factory=lambda config: fake,
    )
    cache._parsed.clear()
    db.dispose()
