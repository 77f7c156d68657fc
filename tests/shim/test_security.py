"""Group 4 of docs/whmcs.md §5.4: secrets never reach WHMCS's logs or messages; requests are signed."""

from __future__ import annotations

import json
import re
import time

from tests.whmcs.harness import (
    MODULE_DIR,
    FakeBridge,
    Reply,
    closed_port_url,
    run_whmcs,
    sign,
    transfer_params,
    verify_signature,
)

PASSWORD = 'Pa$$w0rd/with"quote\\ü'
EPPCODE = 'Ep<p&"C0de/ü\\x'


def _forms(secret: str) -> list[str]:
    """The secret as raw text and in each JSON-escaped form it could take in a logged document."""
    return [secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]]


def _assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        for form in _forms(secret):
            assert form not in text, form


def test_secrets_are_masked_in_every_log_and_message(bridge: FakeBridge) -> None:
    # A careless bridge echoes everything back: in activity lines, module-log entries and the error text.
    leak = f"pw={PASSWORD} code={EPPCODE} secret={bridge.secret}"
    effects = {
        "activity": [f"Transfer requested ({leak})"],
        "module_log": [{"action": "registry:transfer", "request": leak, "response": json.dumps(leak)}],
        "whmcs_updates": [],
    }
    error = {"message": f"rejected: {leak}", "code": "REGISTRY_REJECTED", "retryable": False}
    bridge.script("TransferDomain", Reply(error=error, effects=effects))
    config = bridge.config(Password=PASSWORD)
    result = run_whmcs("TransferDomain", transfer_params(eppcode=EPPCODE), config=config)
    assert result.warnings == []
    assert result.error is not None and result.error.startswith("rejected: pw=***")
    assert len(result.modulelog) == 2 and len(result.activity) == 1
    _assert_no_secret(result.texts(), PASSWORD, EPPCODE, bridge.secret)
    # The secrets did travel to the bridge, which needs them.
    raw = bridge.requests[0].raw.decode()
    assert json.dumps(PASSWORD, ensure_ascii=False)[1:-1] in raw and "BridgeSecret" not in raw


def test_secrets_masked_when_the_bridge_is_unreachable() -> None:
    config = {"BridgeURL": closed_port_url(), "BridgeSecret": "top-secret-value", "Password": PASSWORD}
    result = run_whmcs("TransferDomain", transfer_params(eppcode=EPPCODE), config=config)
    assert result.error is not None and result.error.startswith("cURL error 7")
    assert len(result.modulelog) == 1 and "TransferDomain" in result.modulelog[0]["request"]
    _assert_no_secret(result.texts(), PASSWORD, EPPCODE, "top-secret-value")


def test_short_secrets_are_not_used_as_masks(bridge: FakeBridge) -> None:
    # WHMCS would star out every "ab" in the log; values under 4 characters are not masked
    # (docs/whmcs.md §4.8).
    bridge.script("GetNameservers", Reply(kind="array", value={}))
    result = run_whmcs("GetNameservers", {"domainid": 1}, config=bridge.config(Password="ab"))
    masks = result.modulelog[0]["replace_vars"]
    assert all(len(m) >= 4 for m in masks) and bridge.secret in masks


def test_signature_verifies_and_depends_on_secret_and_body(bridge: FakeBridge) -> None:
    bridge.script("GetNameservers", Reply(kind="array", value={}))
    run_whmcs("GetNameservers", {"domainid": 1}, config=bridge.config())
    request = bridge.requests[0]
    header = request.headers["x-bridge-signature"]
    assert re.match(r"^t=\d+,v1=[0-9a-f]{64}$", header)
    assert verify_signature(bridge.secret, header, request.raw)
    assert not verify_signature("another-secret", header, request.raw)
    assert not verify_signature(bridge.secret, header, request.raw + b" ")
    stamp = int(header.split(",")[0][2:])
    assert abs(stamp - time.time()) < 60
    assert not verify_signature(bridge.secret, header, request.raw, now=stamp + 301)
    assert sign(bridge.secret, request.raw, stamp) == header


def test_wrong_secret_is_what_the_bridge_would_refuse(bridge: FakeBridge) -> None:
    bridge.script("GetNameservers", Reply(status=401, body=b'{"detail":"bad signature"}'))
    result = run_whmcs("GetNameservers", {"domainid": 1}, config=bridge.config(BridgeSecret="wrong-secret"))
    assert bridge.requests[0].signature_ok is False
    assert result.error is not None and "BridgeSecret setting is probably wrong" in result.error
    assert "wrong-secret" not in result.texts()


def test_tls_peer_verification_is_on() -> None:
    source = (MODULE_DIR / "lib" / "Transport.php").read_text()
    assert "CURLOPT_SSL_VERIFYPEER => true" in source and "CURLOPT_SSL_VERIFYHOST => 2" in source
    assert "curl_error(" not in re.sub(r"//.*", "", source)  # its text can quote the URL
