"""A signed-envelope fuzzer over every WHMCS function: whatever WHMCS (or someone holding the secret) sends,
the bridge answers with a well-formed envelope and never with a server error.

Each example is one signed HTTP request to the real app, whose registry is the in-process sandbox. Params
mix realistic WHMCS values with arbitrary JSON under the keys the operations read; module settings mix the
sandbox account with junk (including ProxyServer). A 200 answer must be a valid ResponseEnvelope whose error
is never INTERNAL_ERROR (an unexpected exception is a server error too); a 4xx answer must be the bridge's
rejection body. The run is bounded by its example count (CI: fixed seed, no example database).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from app.api.envelope import ResponseEnvelope
from app.main import create_app
from app.registrar.base import OPERATIONS
from app.settings import Settings
from sandbox.app import create_app as create_sandbox
from sandbox.core import Sandbox, SandboxConfig
from tests.bridge.conftest import SECRET, signed_headers

# Per function (480 requests in all): seconds when idle, well under a minute on a loaded 2-core machine.
# FUZZ_EXAMPLES=200 runs a deeper hunt locally.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
LOGIN, PASSWORD = "demo", "fuzz-sandbox-pw-7c1e"
FUNCTIONS = sorted(OPERATIONS)

# ---- values ----

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    # Now and then a lone surrogate (json.dumps writes it as a \udXXX escape): not text, refused with a 422.
    st.text(st.characters(categories=["Cs", "Ll", "Nd"]), max_size=3),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
tlds = st.sampled_from(
    ["com", "net", "org", "de", "it", "ca", "se", "nu", "ch", "nz", "co.uk", "swiss", "xyz"]
)
words = st.sampled_from(
    ["", " ", "on", "off", "1", "0", "yes", "true", "-1", "²", "٣", "\x00", "é" * 3, "a\ud800"]
)
digits = st.integers(min_value=-5, max_value=20).map(str)


def some(realistic: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a realistic value, sometimes a word WHMCS never sends, sometimes any JSON at all."""
    return st.one_of(realistic, realistic, realistic, words, json_values)


contact = st.dictionaries(
    st.sampled_from(
        [
            "First Name",
            "Last Name",
            "Company Name",
            "Email",
            "Address 1",
            "City",
            "State",
            "Postcode",
            "Country",
            "Phone Number",
            "Phone Country Code",
            "Full Name",
        ]
    ),
    some(st.text(max_size=20)),
    max_size=8,
)
dns_record = st.fixed_dictionaries(
    {
        "hostname": some(st.sampled_from(["@", "www", "*", "mail"])),
        "type": some(st.sampled_from(["A", "AAAA", "MX", "MXE", "CNAME", "TXT", "SRV", "URL", "FRAME"])),
        "address": some(st.sampled_from(["192.0.2.1", "2001:db8::1", "mail.example.com", "v=spf1 -all"])),
        "priority": some(digits),
    },
)

PARAMS: dict[str, st.SearchStrategy[Any]] = {
    "sld": some(labels),
    "tld": some(tlds),
    "domain": some(st.builds("{}.{}".format, labels, tlds)),
    "domainid": some(st.integers(min_value=0, max_value=10**6)),
    "regperiod": some(digits),
    "eppcode": some(st.text(min_size=1, max_size=16)),
    "transfersecret": some(st.text(max_size=16)),
    "ns1": some(st.builds("ns1.{}.{}".format, labels, tlds)),
    "ns2": some(st.builds("ns2.{}.{}".format, labels, tlds)),
    "ns3": words,
    "nameserver": some(st.builds("ns.{}.{}".format, labels, tlds)),
    "ipaddress": some(st.sampled_from(["192.0.2.7", "2001:db8::7", "300.1.1.1"])),
    "currentipaddress": some(st.sampled_from(["192.0.2.7", "2001:db8::7"])),
    "newipaddress": some(st.sampled_from(["192.0.2.8", "::1"])),
    "lockenabled": some(st.sampled_from(["locked", "unlocked"])),
    "idprotection": some(st.booleans()),
    "protectenable": some(st.booleans()),
    "dnsmanagement": some(st.booleans()),
    "contactdetails": some(
        st.dictionaries(st.sampled_from(["Registrant", "Admin", "Tech", "Billing"]), contact)
    ),
    "additionalfields": some(st.dictionaries(st.text(max_size=12), st.text(max_size=12), max_size=3)),
    "dnsrecords": some(st.lists(dns_record, max_size=3)),
    "searchTerm": some(labels),
    "punyCodeSearchTerm": some(labels),
    "tldsToInclude": some(st.lists(tlds, max_size=4)),
    "isIdnDomain": some(st.booleans()),
    "idnLanguage": some(st.sampled_from(["", "de", "ger", "zh"])),
    "premiumEnabled": some(st.booleans()),
    "currency": some(st.sampled_from(["USD", "EUR", "XXX"])),
    "prefix": some(st.sampled_from(["mail", "info"])),
    "forwardto": some(st.sampled_from(["me@example.net"])),
    "transfertag": some(st.sampled_from(["DENIC-99", ""])),
    "companyname": some(st.text(max_size=10)),
    "language": some(st.sampled_from(["english", "german", "french", "arabic"])),
    "request": some(
        st.fixed_dictionaries(
            {
                "post": st.dictionaries(
                    st.sampled_from(["submit", "subaction", "webapp", "idprotection"]),
                    json_values,
                    max_size=3,
                ),
                "get": st.dictionaries(st.text(max_size=8), json_values, max_size=2),
            }
        )
    ),
    "original": some(
        st.dictionaries(st.sampled_from(["sld", "tld", "domain"]), st.text(max_size=12), max_size=3)
    ),
    "domain_obj": some(
        st.dictionaries(st.sampled_from(["sld", "tld", "idn"]), st.text(max_size=12), max_size=3)
    ),
    "expired": some(st.booleans()),
    "whmcs_status": some(st.sampled_from(["Active", "Pending", "Expired", "Pending Transfer"])),
    "whmcs_currencies": json_values,
    "suggestionSettings": json_values,
    "transfers": json_values,
    "applications": json_values,
}
CONFIG: dict[str, st.SearchStrategy[Any]] = {
    "Username": st.sampled_from([LOGIN, LOGIN, LOGIN, f"{LOGIN}!role", "", "nobody"]),
    "Password": st.sampled_from([PASSWORD, PASSWORD, PASSWORD, "wrong", ""]),
    "TestMode": st.sampled_from(["", "", "", "on", "off", "\x00"]),
    "ProxyServer": st.sampled_from(["", "", "", "127.0.0.1:3128", "ftp://x", "::::", "h:99999", "\x00"]),
    "DNSSEC": words,
    "TRANSFERLOCK": words,
    "SyncIDProtection": words,
    "SuspendAfterExpiration": words,
    "TradeCostTodo": words,
    "IRTP": some(st.sampled_from(["Designated Agent", "Opt-out"])),
}


WHMCS_INFO = {"version": "8.10.1", "area": "client", "php": "8.2.0"}


# Domains the sandbox holds (seed_domains): operations on them get past "domain not found".
SEEDED_DOMAINS = [
    f"seed{index:07d}-demo.{tld}"
    for index, tld in enumerate(
        ["com", "net", "org", "info", "de", "eu", "co.uk", "biz", "us", "ca", "fr", "it"]
    )
]


def one_in(draw: st.DrawFn, n: int) -> bool:
    """True about once in n draws (integers() would favour its bounds; this shrinks towards False)."""
    return bool(draw(st.sampled_from([False] * (n - 1) + [True])))


@st.composite
def domain_params(draw: st.DrawFn) -> dict[str, Any]:
    """sld, tld and domain as WHMCS sends them (one name), rarely inconsistent or missing."""
    if one_in(draw, 8):
        return {}
    name = draw(st.sampled_from(SEEDED_DOMAINS) | st.builds("{}.{}".format, labels, tlds))
    sld, _, tld = name.partition(".")
    params = {"sld": sld, "tld": tld, "domain": name, "domainid": draw(st.integers(1, 10**6))}
    if one_in(draw, 4):
        params["regperiod"] = draw(st.integers(1, 10))
    if one_in(draw, 6):
        params[draw(st.sampled_from(sorted(params)))] = draw(json_values)
    return params


@st.composite
def envelopes(draw: st.DrawFn, function: str) -> dict[str, Any]:
    params = draw(domain_params())
    extra = draw(st.sets(st.sampled_from(sorted(PARAMS)), max_size=8))
    params.update({key: draw(PARAMS[key]) for key in extra})
    config = {key: draw(CONFIG[key]) for key in draw(st.sets(st.sampled_from(sorted(CONFIG)), max_size=8))}
    config.setdefault("Username", LOGIN)
    config.setdefault("Password", PASSWORD)
    key = draw(st.one_of(st.none(), st.text(min_size=1, max_size=40), st.uuids().map(str)))
    return {
        "protocol": "ispapi-bridge/1",
        "request_id": uuid.uuid4().hex,  # never replayed: every example is a fresh request
        "idempotency_key": key,
        "function": function,
        # Rarely anything but what the shim sends: a broken envelope is a 422 before any operation runs.
        "whmcs": draw(json_values) if one_in(draw, 16) else WHMCS_INFO,
        "config": config,
        "params": params,
    }


# ---- the bridge under fuzz ----


class FuzzedBridge:
    """The app and the sandbox in one event loop; `post` sends one signed envelope and checks the answer."""

    def __init__(self, db_url: str) -> None:
        self.runner = asyncio.Runner()
        self.stack = AsyncExitStack()
        self.statuses: Counter[str] = Counter()
        self.functions: Counter[str] = Counter()
        engine = Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))
        engine.seed_domains(len(SEEDED_DOMAINS))
        assert sorted(SEEDED_DOMAINS) == sorted(engine.worlds["54cd"].domains)
        sandbox = create_sandbox(engine)

        def http_factory(*, proxy: str | None = None, read_timeout: float = 60.0) -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox), timeout=read_timeout)

        settings_ = Settings(
            _env_file=None,
            database_url=db_url,
            secret=SECRET,
            ispapi_url="http://127.0.0.1:9/api/call.cgi",  # answered by the sandbox through http_factory
            ispapi_timeout_seconds=30,
        )
        app = create_app(settings_, http_factory=http_factory)
        self.http = self.runner.run(self._open(app))

    async def _open(self, app: Any) -> httpx.AsyncClient:
        await self.stack.enter_async_context(app.router.lifespan_context(app))
        return await self.stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bridge.test", timeout=60
            )
        )

    def post(self, data: dict[str, Any]) -> httpx.Response:
        body = json.dumps(data).encode()
        headers = signed_headers(body, request_id=data["request_id"])
        response = self.runner.run(
            self.http.post(f"/v1/whmcs/{data['function']}", content=body, headers=headers)
        )
        self.functions[data["function"]] += 1
        return response

    def close(self) -> None:
        self.runner.run(self.stack.aclose())
        self.runner.close()


@pytest.fixture(scope="module")
def fuzzed(migrated_db_url: str) -> Iterator[FuzzedBridge]:
    bridge = FuzzedBridge(migrated_db_url)
    yield bridge
    bridge.close()
    total = sum(bridge.functions.values())
    sys.stderr.write(
        f"\nfuzz: {total} signed requests over {len(bridge.functions)} functions; "
        + ", ".join(f"{status}: {count}" for status, count in sorted(bridge.statuses.items()))
        + "\n"
    )


def check_answer(response: httpx.Response, statuses: Counter[str]) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code == 200:
        envelope = ResponseEnvelope.model_validate(body)
        code = "ok" if envelope.ok else envelope.error.code if envelope.error else "?"
        statuses[f"200 {code}"] += 1
        assert envelope.ok == (envelope.error is None)
        assert code != "INTERNAL_ERROR", body["error"]["message"]
    else:
        statuses[f"{response.status_code} {body['error']['code']}"] += 1
        assert body["ok"] is False and body["error"]["retryable"] is False
        assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_no_signed_envelope_gets_a_server_error(fuzzed: FuzzedBridge, function: str) -> None:
    @settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(envelopes(function))
    def one_request(data: dict[str, Any]) -> None:
        check_answer(fuzzed.post(data), fuzzed.statuses)

    one_request()
    assert fuzzed.functions[function] >= 1
