"""The HTTP contract the PHP shim relies on: signature, envelope validation, dispatch, error shapes."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from app.api.envelope import Result
from app.errors import RegistryRejected, UpstreamUnavailable
from app.registrar.base import RegistrarContext, array
from tests.bridge.conftest import SECRET, envelope, make_settings, now, signed_headers

ISPAPI_PASSWORD = "s3cret-ispapi-pw"
EPP_CODE = "Epp-Code-9f8e7d"
REPLY = (
    "[RESPONSE]\r\nPROPERTY[AUTH][0]={auth}\r\nPROPERTY[STATUS][0]=ACTIVE\r\n"
    "DESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.01\r\nEOF\r\n"
)


class FakeRegistry:
    """The far side of the HTTP pool: records form posts, answers a fixed ISPAPI reply."""

    def __init__(self) -> None:
        self.requests: list[dict[str, list[str]]] = []
        self.proxies: list[str | None] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(parse_qs(request.content.decode()))
        return httpx.Response(200, text=REPLY.format(auth=EPP_CODE))

    def factory(self, *, proxy: str | None = None, read_timeout: float = 60.0) -> httpx.AsyncClient:
        self.proxies.append(proxy)
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler), timeout=read_timeout)


async def echo(ctx: RegistrarContext) -> Result:
    reply = await ctx.client.call(
        {"COMMAND": "StatusDomain", "DOMAIN": ctx.params["domain"], "AUTH": EPP_CODE}
    )
    ctx.activity(f"status of {ctx.params['domain']}: {reply.first('STATUS')}")
    return array({"status": reply.first("STATUS"), "domain": ctx.params["domain"]})


async def rejected(ctx: RegistrarContext) -> Result:
    raise RegistryRejected("Domain not found", registry_code=545)


async def unavailable(ctx: RegistrarContext) -> Result:
    raise UpstreamUnavailable("registry not reachable, try again later")


async def crashes(ctx: RegistrarContext) -> Result:
    raise RuntimeError(f"boom with {ctx.config.password} and {ctx.params.get('eppcode')}")


@pytest.fixture
async def bridge(db_url: str, bridge_factory: Any, register_operation: Any) -> Any:
    registry = FakeRegistry()
    register_operation("BridgeTestEcho", echo)
    register_operation("BridgeTestRejected", rejected)
    register_operation("BridgeTestUnavailable", unavailable)
    register_operation("BridgeTestCrash", crashes)
    app, client = await bridge_factory(make_settings(db_url), http_factory=registry.factory)
    client.registry = registry
    client.app = app
    return client


def _error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert body["ok"] is False
    return dict(body["error"])


# ---- signature ----


async def test_signed_call_runs_the_operation_and_returns_a_response_envelope(bridge: Any) -> None:
    data = envelope()
    response = await bridge.call(data)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["error"] is None
    assert body["protocol"] == "ispapi-bridge/1" and body["request_id"] == data["request_id"]
    assert body["result"] == {"kind": "array", "value": {"status": "ACTIVE", "domain": "example.com"}}
    assert body["effects"]["activity"] == ["status of example.com: ACTIVE"]
    # TestMode=on -> OT&E entity; the form went to the registry with the real credentials...
    sent = bridge.registry.requests[0]
    assert sent["s_entity"] == ["1234"] and sent["s_login"] == ["demo"] and sent["s_pw"] == [ISPAPI_PASSWORD]
    # ...but the module-log copy for WHMCS is masked, request and response alike.
    (entry,) = body["effects"]["module_log"]
    assert entry["action"] == "BridgeTestEcho"
    assert "COMMAND=StatusDomain" in entry["request"] and "DOMAIN=example.com" in entry["request"]
    assert "CODE=200" in entry["response"]
    text = json.dumps(body["effects"])
    assert EPP_CODE not in text and ISPAPI_PASSWORD not in text and "***" in entry["request"]


async def test_without_whmcs_module_log_no_entry_is_rendered_and_the_call_is_the_same(bridge: Any) -> None:
    """Module Debug Mode off (the shim says `module_log: false`): WHMCS would drop the entries, so the
    bridge renders none; the command still goes out once and the answer is unchanged."""
    data = envelope()
    data["whmcs"]["module_log"] = False
    body = (await bridge.call(data)).json()
    assert body["ok"] is True
    assert body["result"] == {"kind": "array", "value": {"status": "ACTIVE", "domain": "example.com"}}
    assert body["effects"]["module_log"] == [] and body["effects"]["activity"] == [
        "status of example.com: ACTIVE"
    ]
    assert len(bridge.registry.requests) == 1


@pytest.mark.parametrize("value", ["yes", 2, None, []])
async def test_a_module_log_flag_that_is_not_a_boolean_is_a_clear_envelope_error(
    bridge: Any, value: Any
) -> None:
    data = envelope()
    data["whmcs"]["module_log"] = value
    response = await bridge.call(data)
    assert response.status_code == 422  # only JSON true/false: the shim sends a PHP bool
    error = _error(response)
    assert error["code"] == "MALFORMED_ENVELOPE"
    assert {tuple(field["loc"]) for field in error["fields"]} == {("whmcs", "module_log")}
    assert bridge.registry.requests == []


async def test_missing_signature_header_is_401(bridge: Any) -> None:
    data = envelope()
    body = json.dumps(data).encode()
    response = await bridge.http.post(
        "/v1/whmcs/BridgeTestEcho", content=body, headers={"X-Request-Id": data["request_id"]}
    )
    assert response.status_code == 401
    assert response.json() == {
        "ok": False,
        "error": {"message": "missing X-Bridge-Signature header", "code": "UNAUTHORIZED", "retryable": False},
    }
    assert bridge.registry.requests == []


@pytest.mark.parametrize(
    "header",
    [
        "t={t},v1=" + "0" * 64,  # wrong digest
        "t={t}",  # no digest
        "v1=abc",  # no timestamp
        "garbage",
        "t={t},v1=" + "z" * 5000,  # absurdly long
    ],
)
async def test_bad_signature_is_401_without_hints_about_the_secret(bridge: Any, header: str) -> None:
    data = envelope()
    body = json.dumps(data).encode()
    headers = {"X-Bridge-Signature": header.format(t=now()), "X-Request-Id": data["request_id"]}
    response = await bridge.http.post("/v1/whmcs/BridgeTestEcho", content=body, headers=headers)
    assert response.status_code == 401
    error = _error(response)
    assert error["code"] == "UNAUTHORIZED" and error["retryable"] is False
    assert SECRET not in response.text and SECRET[:8] not in response.text


async def test_signature_of_a_different_secret_is_401(bridge: Any) -> None:
    from app.security import sign

    data = envelope()
    body = json.dumps(data).encode()
    headers = {
        "X-Bridge-Signature": sign("another-secret-of-enough-length", body),
        "X-Request-Id": data["request_id"],
    }
    response = await bridge.http.post("/v1/whmcs/BridgeTestEcho", content=body, headers=headers)
    assert response.status_code == 401
    assert _error(response)["message"].startswith("request signature does not match")


async def test_tampered_body_is_401(bridge: Any) -> None:
    data = envelope()
    body = json.dumps(data).encode()
    headers = signed_headers(body, request_id=data["request_id"])
    tampered = body.replace(b"example.com", b"example.net")
    response = await bridge.http.post("/v1/whmcs/BridgeTestEcho", content=tampered, headers=headers)
    assert response.status_code == 401


# 30 s outside the 300 s window: a future stamp of exactly +301 came back inside it when a loaded machine
# took a second or more between signing and checking.
@pytest.mark.parametrize("offset", [-330, 330, -10_000, 10_000])
async def test_stale_or_future_timestamp_is_401(bridge: Any, offset: int) -> None:
    data = envelope()
    body = json.dumps(data).encode()
    headers = signed_headers(body, request_id=data["request_id"], timestamp=now() + offset)
    response = await bridge.http.post("/v1/whmcs/BridgeTestEcho", content=body, headers=headers)
    assert response.status_code == 401
    assert "away from the bridge clock" in _error(response)["message"]


async def test_timestamp_inside_the_window_is_accepted(bridge: Any) -> None:
    data = envelope()
    body = json.dumps(data).encode()
    headers = signed_headers(body, request_id=data["request_id"], timestamp=now() - 250)
    response = await bridge.http.post("/v1/whmcs/BridgeTestEcho", content=body, headers=headers)
    assert response.status_code == 200


async def test_replayed_request_id_is_401(bridge: Any) -> None:
    data = envelope()
    first = await bridge.call(data)
    assert first.status_code == 200
    # Exactly the same bytes again, freshly signed: same request id -> refused, nothing executed twice.
    second = await bridge.call(data)
    assert second.status_code == 401
    assert _error(second) == {
        "message": "request id already used (replayed request)",
        "code": "UNAUTHORIZED",
        "retryable": False,
    }
    assert len(bridge.registry.requests) == 1


# ---- size and shape ----


async def test_body_over_one_mebibyte_is_413(bridge: Any) -> None:
    data = envelope(params={"blob": ""})
    filler = 1_048_576 + 1 - len(json.dumps(data).encode())
    data["params"]["blob"] = "x" * filler
    body = json.dumps(data).encode()
    assert len(body) == 1_048_577
    response = await bridge.call(data)
    assert response.status_code == 413
    assert _error(response)["code"] == "PAYLOAD_TOO_LARGE"


async def test_body_of_exactly_the_limit_is_not_413(bridge: Any) -> None:
    data = envelope(params={"blob": ""})
    data["params"]["blob"] = "x" * (1_048_576 - len(json.dumps(data).encode()))
    response = await bridge.call(data)
    assert response.status_code == 200


async def test_streamed_body_without_content_length_is_capped(bridge: Any) -> None:
    async def chunks() -> Any:
        for _ in range(20):
            yield b"x" * 65_536  # 1.25 MiB in total, no Content-Length (chunked)

    response = await bridge.http.post(
        "/v1/whmcs/BridgeTestEcho", content=chunks(), headers={"X-Bridge-Signature": f"t={now()},v1=00"}
    )
    assert response.status_code == 413


async def test_lying_content_length_is_capped_by_the_bytes_read(bridge: Any) -> None:
    # The ASGI app is told 100 bytes; the server would deliver more. Starlette stops at the cap either way.
    async def chunks() -> Any:
        for _ in range(20):
            yield b"x" * 65_536

    response = await bridge.http.post(
        "/v1/whmcs/BridgeTestEcho",
        content=chunks(),
        headers={"Content-Length": "100", "X-Bridge-Signature": "t=1"},
    )
    assert response.status_code == 413


async def test_malformed_json_is_422(bridge: Any) -> None:
    body = b'{"protocol": "ispapi-bridge/1", '
    response = await bridge.http.post(
        "/v1/whmcs/BridgeTestEcho", content=body, headers=signed_headers(body, request_id="abcdefgh1")
    )
    assert response.status_code == 422
    assert _error(response) == {
        "message": "request body is not valid JSON",
        "code": "MALFORMED_ENVELOPE",
        "retryable": False,
    }


async def test_invalid_envelope_is_422_with_field_errors_and_no_values_echoed(bridge: Any) -> None:
    data = envelope(protocol="whmcs-shim/1", request_id="bad id!", unexpected="field")
    data["config"]["Password"] = ISPAPI_PASSWORD
    data["whmcs"]["area"] = ISPAPI_PASSWORD  # a bad value that is also a secret must not come back
    response = await bridge.call(data, **{"X-Request-Id": "bad id!"})
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "MALFORMED_ENVELOPE"
    locs = {tuple(field["loc"]) for field in error["fields"]}
    assert locs == {("protocol",), ("request_id",), ("unexpected",), ("whmcs", "area")}
    assert all(set(field) == {"loc", "msg"} for field in error["fields"])
    assert ISPAPI_PASSWORD not in response.text and "whmcs-shim/1" not in response.text
    assert bridge.registry.requests == []


async def test_unknown_function_is_404(bridge: Any) -> None:
    response = await bridge.call(envelope("NoSuchFunction"))
    assert response.status_code == 404
    assert _error(response) == {
        "message": "unknown WHMCS function 'NoSuchFunction'",
        "code": "UNKNOWN_FUNCTION",
        "retryable": False,
    }


async def test_function_in_url_must_match_the_envelope(bridge: Any) -> None:
    response = await bridge.call(envelope("BridgeTestEcho"), function="BridgeTestCrash")
    assert response.status_code == 422
    error = _error(response)
    assert error["message"] == "function in the URL differs from the envelope"
    assert error["fields"][0]["loc"] == ["function"]


async def test_request_id_header_must_match_the_envelope(bridge: Any) -> None:
    response = await bridge.call(envelope(), **{"X-Request-Id": "somethingelse"})
    assert response.status_code == 400
    assert _error(response)["code"] == "HEADER_MISMATCH"


async def test_idempotency_key_header_must_match_the_envelope(bridge: Any) -> None:
    response = await bridge.call(envelope(idempotency_key="sha256:aaa"), **{"Idempotency-Key": "sha256:bbb"})
    assert response.status_code == 400
    assert "Idempotency-Key" in _error(response)["message"]


async def test_an_unsigned_idempotency_key_header_alone_is_refused(
    bridge: Any, register_operation: Any
) -> None:
    """Only the signed envelope's key counts: the header can neither supply a key nor replace it."""
    register_operation("BridgeTestTransfer", transfer, money=True)
    params = {"domain": "example.com", "eppcode": EPP_CODE}
    response = await bridge.call(
        envelope("BridgeTestTransfer", params=params), **{"Idempotency-Key": "sha256:k"}
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "HEADER_MISMATCH"
    assert "signed idempotency_key" in _error(response)["message"]
    assert bridge.registry.requests == []


async def test_a_signed_key_of_another_domains_order_is_refused_not_replayed(
    bridge: Any, register_operation: Any
) -> None:
    """Renewing B with the key of A's renewal must not answer "succeeded" for B without sending anything."""
    register_operation("BridgeTestTransfer", transfer, money=True)
    first = await bridge.call(
        envelope("BridgeTestTransfer", idempotency_key="sha256:a", params={"domain": "a.com", "eppcode": "x"})
    )
    assert first.json()["ok"] is True
    other = await bridge.call(
        envelope("BridgeTestTransfer", idempotency_key="sha256:a", params={"domain": "b.com", "eppcode": "x"})
    )
    body = other.json()
    assert other.status_code == 200 and body["ok"] is False
    assert body["error"]["code"] == "IDEMPOTENCY_CONFLICT" and body["error"]["retryable"] is False
    assert "BridgeTestTransfer for a.com" in body["error"]["message"]
    assert len(bridge.registry.requests) == 1  # nothing sent for b.com


# ---- operation outcomes ----


async def test_operation_failure_is_ok_false_with_code_and_retryable(bridge: Any) -> None:
    response = await bridge.call(envelope("BridgeTestRejected"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False and body["result"] is None
    assert body["error"] == {"message": "Domain not found", "code": "REGISTRY_REJECTED", "retryable": False}
    response = await bridge.call(envelope("BridgeTestUnavailable"))
    assert response.json()["error"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert response.json()["error"]["retryable"] is True


async def test_unexpected_exception_is_internal_error_with_traceback_only_in_the_log(
    bridge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    data = envelope("BridgeTestCrash", params={"domain": "example.com", "eppcode": EPP_CODE})
    with caplog.at_level(logging.INFO, logger="app"):
        response = await bridge.call(data)
    assert response.status_code == 200
    error = _error(response)
    assert error == {
        "message": f"internal error in the registrar bridge (request {data['request_id']})",
        "code": "INTERNAL_ERROR",
        "retryable": False,
    }
    assert "boom" not in response.text and "Traceback" not in response.text
    assert "Traceback" in caplog.text and "RuntimeError: boom with *** and ***" in caplog.text
    assert ISPAPI_PASSWORD not in caplog.text and EPP_CODE not in caplog.text


async def test_one_log_line_per_request_without_credentials(
    bridge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    data = envelope(params={"domain": "example.com", "eppcode": EPP_CODE})
    with caplog.at_level(logging.DEBUG):
        response = await bridge.call(data)
    assert response.status_code == 200
    # The fields are structured (`extra`), so a JSON line carries them as fields (app/log_config.py).
    records = [r for r in caplog.records if r.name == "app.request"]
    assert len(records) == 1
    fields = records[0].__dict__
    assert fields["request_id"] == data["request_id"] and fields["function"] == "BridgeTestEcho"
    assert fields["outcome"] == "ok" and isinstance(fields["duration_ms"], float)
    assert ISPAPI_PASSWORD not in caplog.text and EPP_CODE not in caplog.text and SECRET not in caplog.text


# ---- operations endpoints ----


async def test_healthz(bridge: Any) -> None:
    response = await bridge.http.get("/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True}


async def test_readyz_is_503_naming_the_upstream_when_its_port_is_closed(bridge: Any) -> None:
    response = await bridge.http.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["down"] == ["upstream"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["upstream"].startswith("cannot connect to 127.0.0.1:")


async def test_readyz_is_200_when_database_and_upstream_answer(
    db_url: str, bridge_factory: Any, listening_port: int
) -> None:
    settings = make_settings(db_url, ispapi_url=f"http://127.0.0.1:{listening_port}/api/call.cgi")
    _, client = await bridge_factory(settings)
    response = await client.http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "checks": {"database": "ok", "upstream": "ok"}}


async def test_readyz_reports_an_unmigrated_database(
    tmp_path: Any, bridge_factory: Any, listening_port: int
) -> None:
    settings = make_settings(
        f"sqlite:///{tmp_path / 'empty.db'}", ispapi_url=f"http://127.0.0.1:{listening_port}/api/call.cgi"
    )
    _, client = await bridge_factory(settings)
    response = await client.http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
    assert "ispapi-bridge migrate" in response.json()["checks"]["database"]


async def test_metrics_count_requests_upstream_calls_and_rejections(bridge: Any) -> None:
    assert (await bridge.call(envelope())).status_code == 200
    assert (await bridge.call(envelope("BridgeTestRejected"))).status_code == 200
    await bridge.http.post("/v1/whmcs/BridgeTestEcho", content=b"{}")
    response = await bridge.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert 'bridge_requests_total{function="BridgeTestEcho",outcome="ok"} 1' in text
    assert 'bridge_requests_total{function="BridgeTestRejected",outcome="REGISTRY_REJECTED"} 1' in text
    assert 'bridge_upstream_calls_total{code_class="2xx",command="StatusDomain"} 1' in text
    assert 'bridge_request_duration_seconds_count{function="BridgeTestEcho"} 1' in text
    assert 'bridge_rejected_requests_total{status="401"} 1' in text
    # A histogram since prometheus-client (for p95/p99); its _sum and _count keep their names.
    assert "# TYPE bridge_upstream_duration_seconds histogram" in text


async def test_openapi_lists_the_routes_with_one_line_docs(bridge: Any) -> None:
    spec = (await bridge.http.get("/openapi.json")).json()
    assert set(spec["paths"]) == {"/v1/whmcs/{function}", "/healthz", "/readyz", "/metrics"}
    for path in spec["paths"].values():
        for operation in path.values():
            assert operation["summary"] and "\n" not in operation.get("description", "")


# ---- money operations through HTTP: journal + secrets ----


async def transfer(ctx: RegistrarContext) -> Result:
    async def execute() -> Result:
        reply = await ctx.client.call(
            {"COMMAND": "TransferDomain", "DOMAIN": ctx.params["domain"], "AUTH": ctx.params["eppcode"]}
        )
        ctx.activity(f"transfer of {ctx.params['domain']} requested with {ctx.params['eppcode']}")
        return array({"success": reply.is_success})

    async def reconcile(started_at: Any) -> Result | None:
        return None

    return await ctx.run_money(ctx.params["domain"], execute=execute, reconcile=reconcile)


async def test_money_call_is_journalled_once_and_no_secret_reaches_logs_or_rows(
    bridge: Any, register_operation: Any, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import select

    from app.db.models import OperationJournal, ReplayNonce
    from app.db.session import Database

    register_operation("BridgeTestTransfer", transfer, money=True)
    params = {"domain": "example.com", "eppcode": EPP_CODE}
    with caplog.at_level(logging.DEBUG):
        first = await bridge.call(envelope("BridgeTestTransfer", idempotency_key="sha256:abc", params=params))
        # WHMCS retries with a new request id and the same key: the recorded outcome comes back.
        second = await bridge.call(
            envelope("BridgeTestTransfer", idempotency_key="sha256:abc", params=params),
            **{"Idempotency-Key": "sha256:abc"},
        )
    assert first.json()["ok"] is True and second.json()["result"] == first.json()["result"]
    assert len(bridge.registry.requests) == 1
    assert EPP_CODE not in first.text and ISPAPI_PASSWORD not in first.text  # activity + module log masked
    assert "requested with ***" in first.json()["effects"]["activity"][0]

    db = Database.from_url(db_url)
    try:
        with db.sessions() as session:
            rows = list(session.execute(select(OperationJournal)).scalars())
            nonces = list(session.execute(select(ReplayNonce)).scalars())
    finally:
        db.dispose()
    assert len(rows) == 1 and rows[0].state == "succeeded" and rows[0].idempotency_key == "sha256:abc"
    assert rows[0].attempts == 1 and len(nonces) == 2
    dumped = " ".join(str(getattr(rows[0], column.key)) for column in OperationJournal.__table__.columns)
    assert EPP_CODE not in dumped and ISPAPI_PASSWORD not in dumped and SECRET not in dumped
    assert EPP_CODE not in caplog.text and ISPAPI_PASSWORD not in caplog.text and SECRET not in caplog.text
