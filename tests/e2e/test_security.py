"""Security end to end (docs/whmcs.md §5.4 group 4, docs/architecture.md decision 7).

After real orders through php, the bridge and the sandbox, none of the secrets (the ISPAPI password, the
BridgeSecret, the EPP codes) may appear in what WHMCS stores (module log, activity log), in any error text,
in the bridge's own log output, or in any table of the bridge database. Requests with a wrong signature or
a replayed envelope are refused with 401.
"""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    add_foreign_domain,
    domain_params_for,
    fresh_domain,
    register_params_for,
    transfer_params_for,
)
from tests.whmcs.harness import FakeBridge, PhpResult, Reply

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def dump_database(stack: E2EStack) -> str:
    """Every row of every table of the bridge database, as one text."""
    with sqlite3.connect(stack.database_path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {
            table: [list(map(str, row)) for row in db.execute(f'SELECT * FROM "{table}"')] for table in tables
        }
    return json.dumps(rows, ensure_ascii=False)


def stored_by_whmcs(result: PhpResult) -> str:
    """What WHMCS keeps or shows of one call, minus the mask list it uses and never stores."""
    logs = [{k: v for k, v in entry.items() if k != "replace_vars"} for entry in result.modulelog]
    return json.dumps([result.exception, result.error, logs, result.activity], ensure_ascii=False)


def variants(secret: str) -> list[str]:
    """A secret as it could leak: raw, JSON-escaped, URL-encoded."""
    from urllib.parse import quote

    return sorted({secret, json.dumps(secret)[1:-1], quote(secret, safe="")})


def test_no_secret_reaches_logs_errors_or_database(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    registered = fresh_domain()
    transferred = fresh_domain()
    foreign_auth = add_foreign_domain(stack, transferred)
    results = [
        whmcs_call("RegisterDomain", register_params_for(registered)),
        whmcs_call("GetEPPCode", domain_params_for(registered)),
        whmcs_call("TransferDomain", transfer_params_for(transferred, foreign_auth)),
        # a failing call too: its error text must not echo the code it was given
        whmcs_call("TransferDomain", transfer_params_for(transferred, "Wrong-" + foreign_auth)),
    ]
    assert results[0].returned == {"success": True}
    epp = stack.domain(registered).auth_code
    assert results[1].returned == {"eppcode": epp}  # the one place the code may appear: its return value
    assert results[2].returned == {"success": True}
    assert results[3].error is not None

    secrets_ = {"password": stack.password, "bridge secret": stack.secret, "epp code": epp}
    secrets_["transfer auth"] = foreign_auth
    places = {
        "whmcs": "\n".join(stored_by_whmcs(result) for result in results),
        "bridge log": stack.bridge_output(),
        "bridge database": dump_database(stack),
    }
    assert "RegisterDomain" in places["bridge log"]  # the log really is the bridge's output
    leaks = [
        f"{name} in {place}"
        for name, secret in secrets_.items()
        for place, text in places.items()
        if any(form in text for form in variants(secret))
    ]
    assert leaks == []


def test_wrong_bridge_secret_is_refused_with_401(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    config = stack.module_config(BridgeSecret="not-the-bridge-secret-0123456789")
    calls_before = len(stack.sandbox.command_log)
    result = whmcs_call("GetNameservers", domain_params_for(fresh_domain()), config=config)
    assert result.error is not None
    assert result.error.startswith(
        "Registrar service error (HTTP 401) - the BridgeSecret setting is probably wrong [ref "
    ), result.error
    assert len(stack.sandbox.command_log) == calls_before  # nothing reached the registry


def test_replayed_envelope_is_refused_with_401(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    # Capture what the real shim sends (signed with the real secret) ...
    with FakeBridge(secret=stack.secret) as fake:
        fake.script("GetNameservers", Reply(kind="array", value={"ns1": "ns1.example.net"}))
        whmcs_call(
            "GetNameservers",
            domain_params_for(fresh_domain()),
            config=stack.module_config(BridgeURL=fake.url),
        )
    captured = fake.requests_for("GetNameservers")[0]
    assert captured.signature_ok
    assert captured.headers["x-bridge-timeout"] == "15"  # the read class's 15 s (BridgeTimeout is 30)
    headers = {
        name: captured.headers[name] for name in ("content-type", "x-request-id", "x-bridge-signature")
    }
    url = f"{stack.bridge_url}/v1/whmcs/GetNameservers"
    with httpx.Client(trust_env=False, timeout=10.0) as client:
        first = client.post(url, content=captured.raw, headers=headers)
        replayed = client.post(url, content=captured.raw, headers=headers)
        tampered = client.post(
            url, content=captured.raw.replace(b"GetNameservers", b"GetNameserverz"), headers=headers
        )
    # ... the bridge runs it once (the domain is unknown at the registry: an ok:false envelope) ...
    assert first.status_code == 200 and first.json()["request_id"] == captured.headers["x-request-id"]
    # ... and refuses the same signed envelope again, and any changed body.
    assert replayed.status_code == 401, replayed.text
    assert tampered.status_code == 401, tampered.text
