"""Resilience end to end (docs/whmcs.md §5.4 group 3, §4.5): what WHMCS gets when a part is down or slow.

* the bridge down (nothing listens), stalled (accepts, never answers) or slow (its registry call outlasts
  BridgeTimeout): a `cURL error <n>` message within BridgeTimeout + a margin, so the cron skips the registrar;
* the bridge answering HTTP 500 or garbage (the FakeBridge, which can do what the real bridge never does):
  "Registrar service error (HTTP 500)" / "Invalid response from registrar service";
* the registry slow or down behind a healthy bridge: a clear error from the bridge, never a hang.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    ISPAPI_TIMEOUT,
    E2EStack,
    domain_params_for,
    fresh_domain,
    register_in_sandbox,
    register_params_for,
)
from tests.whmcs.harness import FakeBridge, Reply, closed_port_url

pytestmark = [pytest.mark.e2e, pytest.mark.php]

# Bounds that tell behaviours apart with room for a loaded 2-core machine (php start-up, scheduling): the
# shim's totals without BridgeTimeout (php-shim/.../lib/Transport.php: read 15 s, money 60 s) and the
# attempts of a registry read (1 + the client's 2 read retries), each of which could have taken a timeout.
READ_TIMEOUT_WITHOUT_SETTING = 15
MONEY_TIMEOUT_WITHOUT_SETTING = 60
ATTEMPTS = 3


@pytest.fixture
def stalled_url() -> Iterator[str]:
    """A loopback port whose kernel accepts connections that nobody ever reads or answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_bridge_down_is_a_curl_error_at_once(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    config = stack.module_config(BridgeURL=closed_port_url())
    result = whmcs_call("GetNameservers", domain_params_for(fresh_domain()), config=config)
    assert result.error is not None
    assert result.error.startswith("cURL error 7: "), result.error
    assert "registrar service unreachable" in result.error  # error 7, refused: no timeout was waited for


def test_register_with_the_bridge_down_says_the_order_was_not_sent(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    config = stack.module_config(BridgeURL=closed_port_url())
    result = whmcs_call("RegisterDomain", register_params_for(domain), config=config)
    assert result.error is not None and result.error.startswith("cURL error 7: ")
    assert "outcome unknown" not in result.error  # refused before anything was sent
    assert stack.domain(domain) is None


def test_stalled_bridge_times_out_within_bridge_timeout(
    stack: E2EStack, whmcs_call: WhmcsCall, stalled_url: str
) -> None:
    config = stack.module_config(BridgeURL=stalled_url, BridgeTimeout="1")
    started = time.monotonic()
    result = whmcs_call("GetNameservers", domain_params_for(fresh_domain()), config=config)
    elapsed = time.monotonic() - started
    assert result.error is not None and result.error.startswith("cURL error 28: "), result.error
    # Not before BridgeTimeout, and long before the 15 s a read waits without it (a busy machine's margin).
    assert 0.9 <= elapsed < READ_TIMEOUT_WITHOUT_SETTING


def test_slow_registry_with_a_short_bridge_timeout_gets_the_bridges_own_error(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    stack.sandbox.latency.per_command["STATUSDOMAIN"] = 2500  # below the bridge's 3 s, above BridgeTimeout
    config = stack.module_config(BridgeTimeout="2")
    result = whmcs_call("GetNameservers", domain_params_for(domain), config=config)
    # The shim tells the bridge how long it waits (X-Bridge-Timeout): the bridge gives up on the registry
    # first and says so, instead of the shim's bare "cURL error 28" blaming the bridge.
    assert result.error is not None
    assert result.error.startswith("The registrar API could not be reached ("), result.error


def test_slow_register_is_journalled_and_a_retry_does_not_order_twice(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    stack.sandbox.latency.per_command["ADDDOMAIN"] = 2500
    config = stack.module_config(BridgeTimeout="2")
    result = whmcs_call("RegisterDomain", register_params_for(domain), config=config)
    assert result.error is not None
    assert result.error.startswith(
        "No reply from the registrar API for AddDomain; the command may have been executed."
    ), result.error
    deadline = time.monotonic() + 30  # the registry still carries out the slow order (2.5 s after it came)
    while stack.domain(domain) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stack.domain(domain) is not None
    retry = whmcs_call("RegisterDomain", register_params_for(domain))
    assert retry.returned == {"success": True}
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1


def test_bridge_slower_than_bridge_timeout_is_a_curl_timeout_saying_outcome_unknown(
    stack: E2EStack, whmcs_call: WhmcsCall, stalled_url: str
) -> None:
    config = stack.module_config(BridgeURL=stalled_url, BridgeTimeout="1")
    result = whmcs_call("RegisterDomain", register_params_for(fresh_domain()), config=config)
    assert result.error is not None and result.error.startswith("cURL error 28: ")
    assert "outcome unknown - check before retrying" in result.error
    assert result.elapsed < MONEY_TIMEOUT_WITHOUT_SETTING / 2  # BridgeTimeout=1 ended it, not 60 s


def test_registry_slower_than_the_bridge_timeout_is_a_clear_error(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    stack.sandbox.latency.per_command["STATUSDOMAIN"] = int((ISPAPI_TIMEOUT + 1) * 1000)
    result = whmcs_call("GetNameservers", domain_params_for(domain))
    assert result.error is not None
    assert not result.error.startswith("cURL")  # the bridge is fine; the registry is not
    assert result.error.startswith("The registrar API could not be reached ("), result.error
    # Retries of a read stay within one upstream timeout (3 s), not one timeout per attempt (3 x 3 s).
    assert result.elapsed < ATTEMPTS * ISPAPI_TIMEOUT


def test_registry_down_behind_the_bridge_is_a_clear_error(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    stack.sandbox.faults.set("dropped", 1.0)
    result = whmcs_call("GetNameservers", domain_params_for(domain))
    assert result.error is not None
    assert result.error.startswith("The registrar API could not be reached ("), result.error
    assert "please retry later" in result.error
    assert result.elapsed < ATTEMPTS * ISPAPI_TIMEOUT  # dropped connections: no timeout waited per attempt


def test_bridge_answering_500_or_garbage(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    with FakeBridge(secret=stack.secret) as fake:
        fake.script(
            "GetNameservers",
            Reply(status=500, body=b"Internal Server Error"),
            Reply(status=200, body=b"<html>proxy error page</html>"),
        )
        params = domain_params_for(fresh_domain())
        crashed = whmcs_call("GetNameservers", params, config=stack.module_config(BridgeURL=fake.url))
        garbage = whmcs_call("GetNameservers", params, config=stack.module_config(BridgeURL=fake.url))
    assert crashed.error is not None and crashed.error.startswith("Registrar service error (HTTP 500) [ref ")
    assert garbage.error is not None
    assert garbage.error.startswith("Invalid response from registrar service [ref "), garbage.error
