"""The bridge's database stalls under a real order: php -> bridge (uvicorn) -> sandbox, SQLite held locked.

Another process holds the bridge's SQLite database locked for longer than WHMCS waits (BridgeTimeout 10 s,
the shim sends X-Bridge-Timeout: 10). WHMCS must get the bridge's "service unavailable" as a cURL-style
message before its own timeout, and the registry must see nothing, neither before the deadline nor after,
when the lock goes away; the retry then orders exactly once.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid

import httpx
import pytest

from app.security import sign
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, new_account, recorded, register_params_for

pytestmark = [pytest.mark.e2e, pytest.mark.php, pytest.mark.slow]

BRIDGE_TIMEOUT = 10
LATE = 5.0  # generous bound on top of the timeout: php start-up, a busy 2-core machine
LOCK_HELD = BRIDGE_TIMEOUT + 3.0  # the lock outlives WHMCS's wait, then goes


def test_locked_database_answers_before_the_deadline_and_nothing_reaches_the_registry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login, password = new_account(stack, "dblock")
    config = stack.module_config(Username=login, Password=password, BridgeTimeout=str(BRIDGE_TIMEOUT))
    domain = fresh_domain()
    holder = sqlite3.connect(stack.database_path, isolation_level=None)
    try:
        with recorded(stack, login) as commands:
            holder.execute("BEGIN IMMEDIATE")  # a write lock, as a backup tool or a stuck writer holds it
            started = time.monotonic()
            result = whmcs_call("RegisterDomain", register_params_for(domain), config=config)
            answered = time.monotonic() - started
            time.sleep(max(0.0, LOCK_HELD - (time.monotonic() - started)))
            holder.execute("ROLLBACK")
            time.sleep(2.0)  # time for anything the bridge might still send
        assert result.error is not None
        unreachable = "cURL error 22: HTTP 503 - registrar service unreachable - "
        assert result.error.startswith(unreachable), result.error
        assert "database" in result.error and "outcome unknown" not in result.error
        assert answered < BRIDGE_TIMEOUT + LATE
        assert commands == []  # 0 registry commands, before or after the deadline
        assert stack.domain(domain) is None
    finally:
        holder.close()

    retry = whmcs_call("RegisterDomain", register_params_for(domain), config=config)
    assert retry.returned == {"success": True}, retry.error
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1


def test_keep_alive_survives_the_503(stack: E2EStack) -> None:
    """A plain 500 from an unhandled exception used to make uvicorn close the connection; the bridge's own
    503 is an ordinary answer on a connection that stays open for the next call."""
    holder = sqlite3.connect(stack.database_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with httpx.Client(base_url=stack.bridge_url, trust_env=False, timeout=30) as client:
            answers = [_signed_call(client, stack) for _ in range(2)]
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    for response in answers:
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
        assert response.headers.get("connection", "").lower() != "close"


def _signed_call(client: httpx.Client, stack: E2EStack) -> httpx.Response:
    request_id = uuid.uuid4().hex
    body = json.dumps(
        {
            "protocol": "ispapi-bridge/1",
            "request_id": request_id,
            "function": "GetNameservers",
            "config": stack.module_config(),
            "params": {"domain": fresh_domain()},
        }
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Request-Id": request_id,
        "X-Bridge-Signature": sign(stack.secret, body),
        "X-Bridge-Timeout": "2",
    }
    return client.post("/v1/whmcs/GetNameservers", content=body, headers=headers)
