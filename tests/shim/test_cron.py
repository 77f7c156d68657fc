"""Group 5 of docs/whmcs.md §5.4: what the Sync/TransferSync crons get back, and the effects applied."""

from __future__ import annotations

from typing import Any

import pytest

from tests.whmcs.harness import FakeBridge, Reply, cron_params, domain_params, run_whmcs

DOMAIN_ROW = {"id": 42, "domain": "bücher-test.de", "registrar": "ispapi", "status": "Active",
              "additionalnotes": "", "expirydate": "2026-01-01"}  # fmt: skip


def test_sync_returns_only_the_keys_the_cron_reads(bridge: FakeBridge) -> None:
    value = {"active": True, "expired": True, "expirydate": "2027-03-04", "transferredAway": False,
             "cancelled": False, "debug": {"x": 1}, "status": "ACTIVE"}  # fmt: skip
    bridge.script("Sync", Reply(kind="array", value=value))
    result = run_whmcs("Sync", cron_params(), config=bridge.config(), db={"tbldomains": [DOMAIN_ROW]})
    assert result.warnings == []
    assert result.returned == {"active": True, "expirydate": "2027-03-04", "transferredAway": False,
                               "cancelled": False}  # fmt: skip
    sent = bridge.requests[0].envelope
    assert sent and sent["params"]["whmcs_status"] == "Active" and "status" not in sent["params"]


@pytest.mark.parametrize(
    "bad", ["2027-3-4", "2027-02-30", "04.03.2027", 20270304, None, "2027-03-04 00:00:00"]
)
def test_sync_drops_a_malformed_expiry_date(bridge: FakeBridge, bad: Any) -> None:
    bridge.script("Sync", Reply(kind="array", value={"active": True, "expirydate": bad}))
    result = run_whmcs("Sync", cron_params(), config=bridge.config())
    assert result.returned == {"active": True} and result.warnings == []


def test_sync_with_whmcs7_params_forwards_status(bridge: FakeBridge) -> None:
    bridge.script("Sync", Reply(kind="array", value={"error": "Domain not found"}))
    result = run_whmcs("Sync", cron_params(version="7"), config=bridge.config())
    assert result.returned == {"error": "Domain not found"}
    sent = bridge.requests[0].envelope
    assert sent and sent["params"]["status"] == "Active" and sent["params"]["domain_obj"]["tld"] == "de"


def test_transfer_sync_keeps_completed_failed_reason_expirydate(bridge: FakeBridge) -> None:
    bridge.script(
        "TransferSync",
        Reply(kind="array", value={"completed": True, "expirydate": "2027-05-06", "active": True, "x": 1}),
        Reply(
            kind="array", value={"failed": True, "reason": "Auth code wrong & expired", "expirydate": "bad"}
        ),
    )
    done = run_whmcs("TransferSync", cron_params(), config=bridge.config())
    assert done.returned == {"completed": True, "expirydate": "2027-05-06"}
    failed = run_whmcs("TransferSync", cron_params(), config=bridge.config())
    assert failed.returned == {"failed": True, "reason": "Auth code wrong & expired"}


def test_effects_are_applied_to_whmcs(bridge: FakeBridge) -> None:
    effects = {
        "activity": ["Domain bücher-test.de expired", ""],
        "module_log": [{"action": "registry:StatusDomain", "request": "StatusDomain", "response": "x"}],
        "whmcs_updates": [
            {"type": "domain_status", "domainid": 42, "status": "Expired"},
            {"type": "domain_notes", "domainid": 42, "append": "APPLICATION:1234"},
            {"type": "domain_notes", "domainid": 42, "append": "second line"},
            {"type": "todo", "title": "Check transfer of bücher-test.de", "description": "pending > 5 days"},
            {"type": "domain_status", "domainid": 42, "status": "DROP TABLE"},  # not a WHMCS status: ignored
            {"type": "shell", "command": "rm -rf /"},  # unknown type: ignored
            {"type": "todo"},  # no title: ignored
        ],
    }  # fmt: skip
    bridge.script("Sync", Reply(kind="array", value={"expirydate": "2026-01-01"}, effects=effects))
    result = run_whmcs("Sync", cron_params(), config=bridge.config(), db={"tbldomains": [DOMAIN_ROW]})
    assert result.warnings == []
    assert [a["message"] for a in result.activity] == ["Domain bücher-test.de expired"]
    assert [m["action"] for m in result.modulelog] == ["bridge:Sync", "registry:StatusDomain"]
    assert result.modulelog[1]["request"] == "StatusDomain" and result.modulelog[1]["module"] == "ispapi"
    row = result.db_after["tbldomains"][0]
    assert row["status"] == "Expired"
    assert row["additionalnotes"] == "APPLICATION:1234\nsecond line"
    todo = result.db_after["tbltodolist"]
    assert len(todo) == 1 and todo[0]["title"] == "Check transfer of bücher-test.de"
    assert todo[0]["status"] == "Pending" and todo[0]["description"] == "pending > 5 days"


def test_effects_of_a_failed_call_are_applied_too(bridge: FakeBridge) -> None:
    notes = {"type": "domain_notes", "domainid": 42, "append": "APPLICATION:77"}
    effects = {"activity": ["Registration of x.swiss failed"], "module_log": [], "whmcs_updates": [notes]}
    error = {"message": "Application pending", "code": "REGISTRY_REJECTED", "retryable": False}
    bridge.script("RegisterDomain", Reply(error=error, effects=effects))
    row = DOMAIN_ROW | {"additionalnotes": "existing note"}
    result = run_whmcs("RegisterDomain", domain_params(), config=bridge.config(), db={"tbldomains": [row]})
    assert result.error is not None and result.error.startswith("Application pending [ref ")
    assert result.db_after["tbldomains"][0]["additionalnotes"] == "existing note\nAPPLICATION:77"
    assert [a["message"] for a in result.activity] == ["Registration of x.swiss failed"]


def test_a_failing_effect_does_not_change_the_result(bridge: FakeBridge) -> None:
    # tbltodolist is missing in this WHMCS database: the todo insert fails, the call still succeeds.
    effects = {"whmcs_updates": [{"type": "todo", "title": "t"}], "activity": [], "module_log": []}
    bridge.script("TransferDomain", Reply(kind="array", value={"success": True}, effects=effects))
    result = run_whmcs(
        "TransferDomain", domain_params(), config=bridge.config(), db={"tbltodolist_gone": [{"x": 1}]}
    )
    assert result.returned == {"success": True} and result.warnings == []


def test_malformed_effects_are_ignored(bridge: FakeBridge) -> None:
    effects: Any = {
        "activity": "not a list",
        "module_log": [1, None, {"action": ["x"]}],
        "whmcs_updates": {"a": 1},
    }
    bridge.script("GetNameservers", Reply(kind="array", value={"ns1": "a.example"}, effects=effects))
    result = run_whmcs("GetNameservers", domain_params(), config=bridge.config())
    assert result.returned == {"ns1": "a.example"} and result.warnings == [] and result.activity == []
