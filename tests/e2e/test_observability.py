"""The `[ref xxxxxxxx]` WHMCS shows leads to the bridge's log lines of that call (app/log_config.py).

Real php runs the real shim against the bridge subprocess, whose output goes to a file: JSON lines.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, domain_params_for, fresh_domain

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def lines_for(stack: E2EStack, error: str | None) -> list[dict[str, Any]]:
    """The bridge's JSON log lines whose request id starts with the ref in a WHMCS error text."""
    assert error is not None
    found = re.search(r"\[ref ([A-Za-z0-9-]{8})\]$", error)
    assert found, error
    lines = [json.loads(line) for line in stack.bridge_output().splitlines() if line.startswith("{")]
    return [line for line in lines if str(line.get("request_id", "")).startswith(found.group(1))]


def test_a_refused_call_is_found_in_the_log_by_its_ref(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    config = stack.module_config(BridgeSecret="not-the-bridge-secret-0123456789")
    result = whmcs_call("GetNameservers", domain_params_for(fresh_domain()), config=config)
    assert result.error is not None and "(HTTP 401)" in result.error
    lines = lines_for(stack, result.error)
    assert sorted(line["logger"] for line in lines) == ["app.request", "uvicorn.access"]
    assert all(line["status"] == 401 for line in lines)
    rejected = next(line for line in lines if line["logger"] == "app.request")
    assert rejected["message"] == "request rejected" and rejected["code"] == "UNAUTHORIZED"


def test_a_failed_call_is_found_in_the_log_by_its_ref(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    missing = fresh_domain()
    result = whmcs_call("GetNameservers", domain_params_for(missing))
    assert result.error is not None and result.error.startswith(f"Object not found; {missing} [ref ")
    found = lines_for(stack, result.error)
    lines = {line["logger"]: line for line in found}
    # The stack logs at DEBUG: the registry round trip (app.ispapi, masked) carries the id as well.
    assert set(lines) == {"app.request", "uvicorn.access", "app.ispapi"}
    assert "StatusDomain" in found[0]["message"] and "s_pw': '***'" in found[0]["message"]
    assert lines["app.request"]["function"] == "GetNameservers"
    assert lines["app.request"]["outcome"] == "REGISTRY_REJECTED"
    assert lines["uvicorn.access"]["path"] == "/v1/whmcs/GetNameservers"
    assert lines["uvicorn.access"]["status"] == 200
