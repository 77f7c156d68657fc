"""Group 3 of docs/whmcs.md §5.4: whatever goes wrong between WHMCS and the bridge, the module answers
with a short admin-readable message (an exception only in the throw-mode functions), never a PHP warning,
and within its timeout. What each bad situation gets is spelled out per test.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.whmcs.harness import (
    MODULE_DIR,
    PHP_STRICT,
    FakeBridge,
    PhpResult,
    Reply,
    closed_port_url,
    cron_params,
    domain_params,
    lookup_params,
    register_params,
    run_whmcs,
)

REF = r" \[ref [0-9a-f]{8}\]$"


def _error(result: PhpResult) -> str:
    assert result.warnings == [], result.warnings
    assert result.exception is None
    message = result.error
    assert isinstance(message, str)
    return message


def test_closed_port_is_a_curl_error_7_for_error_mode_functions() -> None:
    result = run_whmcs("GetNameservers", domain_params(), config={"BridgeURL": closed_port_url()})
    message = _error(result)
    # cURL error 7 (connection refused) is itself the proof that no timeout was waited for.
    assert re.match(r"^cURL error 7: .+ - registrar service unreachable" + REF, message), message


@pytest.mark.parametrize("function", ["CheckAvailability", "GetDomainSuggestions", "GetPremiumPrice"])
def test_closed_port_throws_in_lookup_functions_so_whmcs_falls_back(function: str) -> None:
    result = run_whmcs(function, lookup_params(), config={"BridgeURL": closed_port_url()})
    assert result.warnings == []
    assert result.exception is not None and result.exception["class"] == "Exception"
    assert result.exception["message"].startswith("cURL error 7: ")


def test_domain_information_throws_with_the_message() -> None:
    result = run_whmcs("GetDomainInformation", domain_params(), config={"BridgeURL": closed_port_url()})
    assert result.exception is not None and result.exception["message"].startswith("cURL error 7: ")


# A slow reply is held for SLOW_REPLY seconds (released when the fake bridge stops): with BridgeTimeout=1,
# cURL error 28 and an answer long before the reply was due show the timeout, however busy the machine.
SLOW_REPLY = 60


def test_slow_bridge_times_out_at_the_bridge_timeout(bridge: FakeBridge) -> None:
    bridge.script("GetNameservers", Reply(kind="array", value={}, delay=SLOW_REPLY))
    result = run_whmcs("GetNameservers", domain_params(), config=bridge.config(BridgeTimeout="1"))
    message = _error(result)
    assert re.match(r"^cURL error 28: .+ - registrar service unreachable" + REF, message), message
    assert "outcome unknown" not in message
    assert result.elapsed < SLOW_REPLY / 2


def test_register_timeout_says_the_outcome_is_unknown(bridge: FakeBridge) -> None:
    bridge.script("RegisterDomain", Reply(kind="none", delay=SLOW_REPLY))
    result = run_whmcs("RegisterDomain", register_params(), config=bridge.config(BridgeTimeout="1"))
    message = _error(result)
    assert message.startswith("cURL error 28: ")
    assert "outcome unknown - check before retrying" in message
    assert result.elapsed < SLOW_REPLY / 2


def test_refused_register_is_not_called_unknown() -> None:
    # Nothing listened, so nothing was ordered: no "outcome unknown" scare.
    result = run_whmcs("RegisterDomain", register_params(), config={"BridgeURL": closed_port_url()})
    assert "outcome unknown" not in _error(result)


def test_connection_closed_without_reply(bridge: FakeBridge) -> None:
    bridge.script("RenewDomain", Reply(close=True))
    message = _error(run_whmcs("RenewDomain", domain_params(), config=bridge.config()))
    assert message.startswith("cURL error 52: ") and "outcome unknown" in message


def test_tls_to_a_plain_http_port_fails_as_transport_error(bridge: FakeBridge) -> None:
    bridge.script("GetNameservers", Reply(kind="array", value={}))
    url = bridge.url.replace("http://", "https://")
    message = _error(run_whmcs("GetNameservers", domain_params(), config=bridge.config(BridgeURL=url)))
    assert message.startswith("cURL error 35: ") and "registrar service unreachable" in message


def test_unsupported_url_scheme_is_refused_by_curl() -> None:
    message = _error(run_whmcs("GetNameservers", domain_params(), config={"BridgeURL": "file:///etc/passwd"}))
    assert message.startswith("cURL error 1: ")


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_count_as_unreachable(bridge: FakeBridge, status: int) -> None:
    bridge.script("SaveNameservers", Reply(status=status, body=b"<html>Bad Gateway</html>"))
    message = _error(run_whmcs("SaveNameservers", domain_params(), config=bridge.config()))
    assert re.match(rf"^cURL error 22: HTTP {status} - registrar service unreachable" + REF, message), message


UNAVAILABLE = json.dumps(
    {
        "ok": False,
        "error": {
            "message": "the bridge's database is unavailable (<b>locked</b> by another process); "
            "try again later",
            "code": "SERVICE_UNAVAILABLE",
            "retryable": True,
        },
    }
).encode()


def test_the_bridges_service_unavailable_is_handled_like_an_unreachable_bridge_with_its_reason(
    bridge: FakeBridge,
) -> None:
    """The bridge's 503 (its database down, stalled, locked, read-only): a cURL-style message, so the cron
    skips the registrar and the next calls in the process fail fast; the reason is kept for the admin."""
    bridge.script("Sync", Reply(status=503, body=UNAVAILABLE), Reply(kind="array", value={}))
    calls = [{"function": "Sync", "params": cron_params()}, {"function": "Sync", "params": cron_params()}]
    result = run_whmcs("Sync", config=bridge.config(), calls=calls)
    assert result.warnings == []
    first, second = (call["return"]["error"] for call in result.calls)
    assert re.match(
        r"^cURL error 22: HTTP 503 - registrar service unreachable - the bridge's database is unavailable "
        r"\(locked by another process\); try again later" + REF,
        first,
    ), first
    assert second == first  # remembered: no second request
    assert len(bridge.requests) == 1


def test_the_bridges_service_unavailable_for_an_order_is_not_an_unknown_outcome(bridge: FakeBridge) -> None:
    bridge.script("RegisterDomain", Reply(status=503, body=UNAVAILABLE))
    message = _error(run_whmcs("RegisterDomain", register_params(), config=bridge.config()))
    assert message.startswith(
        "cURL error 22: HTTP 503 - registrar service unreachable - the bridge's database"
    )
    assert "outcome unknown" not in message  # the bridge refused before sending anything


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, "Registrar service error (HTTP 500)"),
        (401, "Registrar service error (HTTP 401) - the BridgeSecret setting is probably wrong"),
        (404, "Registrar service error (HTTP 404) - check the BridgeURL setting"),
        (413, "Registrar service error (HTTP 413) - the request was too large"),
        (422, "Registrar service error (HTTP 422)"),
    ],
)
def test_other_http_errors_name_the_status(bridge: FakeBridge, status: int, expected: str) -> None:
    bridge.script("GetDNS", Reply(status=status, body=b'{"detail": "Traceback (most recent call last)"}'))
    message = _error(run_whmcs("GetDNS", domain_params(), config=bridge.config()))
    assert re.match(re.escape(expected) + REF, message), message


@pytest.mark.parametrize(
    "body",
    [
        b"<html>not json</html>",
        b"",
        b'{"protocol": "whmcs-shim/1", "ok": true, "result": {"kind": "array", "value": {}}}',
        b'{"protocol": "ispapi-bridge/1", "ok": "yes"}',
        b'{"protocol": "ispapi-bridge/1", "ok": true, "result": {"kind": "array"}}',
        b'["ispapi-bridge/1"]',
    ],
    ids=["html", "empty", "wrong-protocol", "ok-not-bool", "no-value", "list"],
)
def test_unusable_bodies_are_invalid_responses(bridge: FakeBridge, body: bytes) -> None:
    bridge.script("GetEmailForwarding", Reply(body=body))
    message = _error(run_whmcs("GetEmailForwarding", domain_params(), config=bridge.config()))
    assert re.match(r"^Invalid response from registrar service" + REF, message), message


@pytest.mark.parametrize(
    ("function", "reply"),
    [
        ("GetNameservers", Reply(kind="string", value="ns1.example.net")),
        ("GetRegistrarLock", Reply(kind="string", value="maybe")),
        ("GetRegistrarLock", Reply(kind="array", value={"locked": True})),
        ("GetDNS", Reply(kind="array", value="not a list")),
        ("GetNameservers", Reply(kind="array", value={}, request_id="someone-else-0001")),
    ],
    ids=["string-for-array", "lock-not-a-state", "array-for-lock", "array-not-array", "other-request-id"],
)
def test_wrong_kind_or_shape_is_an_invalid_response(bridge: FakeBridge, function: str, reply: Reply) -> None:
    bridge.script(function, reply)
    message = _error(run_whmcs(function, domain_params(), config=bridge.config()))
    assert message.startswith("Invalid response from registrar service [ref ")


def test_wrong_kind_in_throw_mode_throws(bridge: FakeBridge) -> None:
    bridge.script("CheckAvailability", Reply(kind="array", value=[]))
    result = run_whmcs("CheckAvailability", lookup_params(), config=bridge.config())
    assert result.exception is not None
    assert result.exception["message"].startswith("Invalid response from registrar service")


def test_ok_false_returns_the_bridge_message_with_a_reference(bridge: FakeBridge) -> None:
    error = {"message": "Domain not found <b>(545)</b>\n ", "code": "REGISTRY_REJECTED", "retryable": False}
    bridge.script("GetEPPCode", Reply(error=error))
    result = run_whmcs("GetEPPCode", domain_params(), config=bridge.config())
    message = _error(result)
    rid = bridge.requests[0].headers["x-request-id"]
    assert message == f"Domain not found (545) [ref {rid[:8]}]"


def test_ok_false_long_or_empty_messages_are_bounded(bridge: FakeBridge) -> None:
    bridge.script(
        "SaveDNS",
        Reply(error={"message": "x" * 5000, "code": "X", "retryable": False}),
        Reply(error={"message": "", "code": "X", "retryable": False}),
    )
    long = _error(run_whmcs("SaveDNS", domain_params(), config=bridge.config()))
    assert len(long) == 300 + len(" [ref 12345678]")
    empty = _error(run_whmcs("SaveDNS", domain_params(), config=bridge.config()))
    assert empty.startswith("The registrar service reported an error [ref ")


def test_fail_fast_second_call_in_the_same_process(bridge: FakeBridge) -> None:
    bridge.script(
        "GetDomainInformation", Reply(kind="domain_information", value={"domain": "x"}, delay=SLOW_REPLY)
    )
    bridge.script("GetNameservers", Reply(kind="array", value={}))
    calls = [
        {"function": "GetNameservers", "params": domain_params()},
        {"function": "GetDomainInformation", "params": domain_params()},
        {"function": "GetNameservers", "params": domain_params()},
        {"function": "GetRegistrarLock", "params": domain_params()},
    ]
    result = run_whmcs("GetNameservers", config=bridge.config(BridgeTimeout="1"), calls=calls)
    assert result.warnings == []
    first, slow, second, third = result.calls
    assert first["return"] == []
    assert slow["exception"]["message"].startswith("cURL error 28: ")
    # The same message without another request (so without waiting for another timeout).
    assert second["return"] == {"error": slow["exception"]["message"]}
    assert third["return"] == {"error": slow["exception"]["message"]}
    assert [r.function for r in bridge.requests] == ["GetNameservers", "GetDomainInformation"]


# Three Transport::post calls to a closed port in one PHP process, with request ids aaaaaaaa/bbbbbbbb/
# cccccccc; before the third the remembered failure is aged past its deadline (no 30 s sleep in a test).
_FAIL_FAST_EXPIRY = r"""<?php
define('WHMCS', true);
require_once $argv[1];
require_once $argv[2];
use WHMCS\Module\Registrar\Ispapi\BridgeFailure;
use WHMCS\Module\Registrar\Ispapi\Transport;
$settings = Transport::settings(['BridgeURL' => $argv[3], 'BridgeSecret' => 'x', 'BridgeTimeout' => '2']);
$down = new ReflectionProperty(Transport::class, 'down');
$down->setAccessible(true);
$out = ['calls' => []];
foreach (['aaaaaaaa-1', 'bbbbbbbb-2', 'cccccccc-3'] as $i => $requestId) {
    if ($i === 2) {
        $state = $down->getValue();
        $out['remembered_for'] = $state[$settings['url']]['until'] - microtime(true);
        $state[$settings['url']]['until'] = microtime(true) - 1;
        $down->setValue(null, $state);
    }
    try {
        Transport::post($settings, 'GetNameservers', '{}', $requestId, null, 'read', false);
        $out['calls'][] = 'returned';
    } catch (BridgeFailure $e) {
        $out['calls'][] = $e->getMessage();
    }
}
echo json_encode($out);
"""


def test_fail_fast_lasts_about_30_seconds_then_the_bridge_is_tried_again(tmp_path: Path) -> None:
    """Fail-fast (docs/whmcs.md §4.5): a transport failure is remembered for ~30 s in the PHP process, then
    forgotten."""
    script = tmp_path / "fail_fast.php"
    script.write_text(_FAIL_FAST_EXPIRY)
    stubs = Path(__file__).parents[1] / "whmcs" / "php" / "whmcs_stubs.php"
    done = subprocess.run(
        [*PHP_STRICT, str(script), str(stubs), str(MODULE_DIR / "ispapi.php"), closed_port_url()],
        capture_output=True,
        timeout=30,
        check=True,
    )
    assert done.stderr == b""
    out = json.loads(done.stdout)
    first, remembered, retried = out["calls"]
    assert first.startswith("cURL error 7: ") and first.endswith("[ref aaaaaaaa]")
    assert remembered == first  # the second call never reached curl: same message, same ref
    assert 29 <= out["remembered_for"] <= 30
    assert retried.startswith("cURL error 7: ") and retried.endswith("[ref cccccccc]")  # a new attempt


def test_fail_fast_is_per_process(bridge: FakeBridge) -> None:
    bridge.script("GetNameservers", Reply(status=503, body=b""), Reply(kind="array", value={"ns1": "a.b"}))
    assert _error(run_whmcs("GetNameservers", domain_params(), config=bridge.config())).startswith("cURL")
    assert run_whmcs("GetNameservers", domain_params(), config=bridge.config()).returned == {"ns1": "a.b"}


def test_sync_with_bridge_down_makes_the_cron_skip_the_registrar() -> None:
    # WHMCS skips the rest of the registrar's domains when the error starts with "curl" (docs/whmcs.md §1.5).
    for function in ("Sync", "TransferSync"):
        message = _error(run_whmcs(function, cron_params(), config={"BridgeURL": closed_port_url()}))
        assert message.lower().startswith("curl")


def test_garbage_settings_still_give_a_clean_answer() -> None:
    config = {"BridgeURL": ["not", "a", "string"], "BridgeTimeout": "-5", "BridgeSecret": 12345}
    message = _error(run_whmcs("GetNameservers", domain_params(), config=config))
    # Falls back to the default URL http://127.0.0.1:8080, where nothing of ours listens in tests.
    assert message.startswith(("cURL error", "Registrar service error", "Invalid response"))


def test_floats_keep_their_fraction_in_the_envelope(bridge: FakeBridge) -> None:
    bridge.script("SaveContactDetails", Reply(kind="none"))
    params = domain_params() | {"contactdetails": {"Registrant": {"First Name": "Zoë"}}, "price": 1.0}
    result = run_whmcs("SaveContactDetails", params, config=bridge.config())
    assert result.returned == [] and result.warnings == []
    assert b'"price":1.0' in bridge.requests[0].raw and "Zoë".encode() in bridge.requests[0].raw
