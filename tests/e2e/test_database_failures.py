"""The bridge's database stalls under a real order: php -> bridge (uvicorn) -> sandbox, SQLite held locked.

Another process holds the bridge's SQLite database locked for longer than WHMCS waits (BridgeTimeout 10 s,
the shim sends X-Bridge-Timeout: 10). WHMCS must get the bridge's "service unavailable" as a cURL-style
message before its own timeout, and the registry must see nothing, neither before the deadline nor after,
when the lock goes away; the retry then orders exactly once.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

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
