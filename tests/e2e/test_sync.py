"""Sync and TransferSync end to end (docs/module-behaviour.md §7.2, §7.3): what the crons get per registry
state."""

from __future__ import annotations

import pytest

from sandbox.controls import finish_transfer
from sandbox.world.deletion import finish_delete
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    OTE,
    E2EStack,
    add_foreign_domain,
    domain_params_for,
    domains_row,
    expire,
    fresh_domain,
    new_account,
    register_in_sandbox,
    transfer_params_for,
    whmcs_expiry_of,
)

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def test_sync_of_an_active_domain(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=False), db=domains_row(domain))
    expiry = whmcs_expiry_of(stack, domain)
    assert result.returned == {"active": True, "expirydate": expiry}  # `expired: false` is not passed on
    assert {"message": f"{domain}: Domain Sync finished. Updated expirydate: {expiry}", "userid": 0} in (
        result.activity
    )


def test_sync_switches_on_id_protection_that_whmcs_sold(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    assert stack.domain(domain).whois_trustee is False
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=True), db=domains_row(domain))
    assert result.returned["active"] is True
    assert stack.domain(domain).whois_trustee is True


def test_sync_of_an_expired_domain(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    expire(stack, domain, days_ago=10)
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=False), db=domains_row(domain))
    # `expired` is not passed on (WHMCS 7/8 ignore it, docs/whmcs.md §6): the past date makes WHMCS
    # expire the domain itself.
    assert result.returned == {"active": True, "expirydate": whmcs_expiry_of(stack, domain)}
    assert result.returned["expirydate"] < str(stack.sandbox.clock.now().date())


def test_sync_of_a_domain_moved_to_another_account_is_transferred_away(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    other = new_account(stack, "other")
    auth = stack.domain(domain).auth_code
    moved = stack.api("TransferDomain", as_login=other, domain=domain, action="USERTRANSFER", auth=auth)
    assert moved["code"] == 200, moved
    result = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain))
    assert result.returned == {"transferredAway": True}
    assert {
        "message": f"{domain}: Domain Sync finished. Status updated to `Transferred Away`",
        "userid": 0,
    } in result.activity


def test_sync_of_a_deleted_domain_in_redemption_reports_its_expiry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    deleted = stack.api("DeleteDomain", domain=domain)
    assert deleted["code"] == 200, deleted
    pending = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain))
    assert pending.returned == {
        "active": False,
        "expirydate": whmcs_expiry_of(stack, domain),
    }  # PENDINGDELETE
    with stack.sandbox.lock:  # the registry deletes it now; restorable for 30 days (redemption)
        finish_delete(stack.sandbox.worlds[OTE], stack.domain(domain), stack.sandbox.clock.now(), 30)
        restorable_until = stack.sandbox.worlds[OTE].deleted[domain].restorable_until
    assert restorable_until is not None
    result = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain))
    assert result.returned == {"expirydate": str(restorable_until.date())}
    assert {
        "message": f"{domain}: Domain Sync finished. Updated expirydate: {restorable_until.date()}",
        "userid": 0,
    } in result.activity


def test_sync_of_a_pending_registration_not_yet_at_the_registry_changes_nothing(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    result = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain, "Pending Registration"))
    assert result.returned == []  # the empty WHMCS array: nothing to update, not "expired"/"transferred away"
    assert result.error is None


def test_sync_of_a_domain_never_in_the_account(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    result = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain))
    # The sandbox answers 545 for a never-deleted DELETEDDOMAIN id, which the module reads as moved away.
    assert result.returned == {"transferredAway": True}


# ---- TransferSync ----


def start_transfer(stack: E2EStack, whmcs_call: WhmcsCall) -> str:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    started = whmcs_call("TransferDomain", transfer_params_for(domain, auth))
    assert started.returned == {"success": True}
    return domain


def test_transfer_sync_while_the_transfer_is_pending(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = start_transfer(stack, whmcs_call)
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned == []
    assert result.activity == [
        {"message": f"{domain}: Domain Transfer is still pending (Existing Request).", "userid": 0}
    ]


def test_transfer_sync_after_completion_updates_the_nameservers(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = start_transfer(stack, whmcs_call)
    stack.sandbox.clock.advance(days=6)  # the losing registrar's 5 days pass; the next call completes it
    assert stack.api("StatusDomain", domain=domain)["code"] == 200
    with stack.sandbox.lock:  # the registry kept the old delegation: what NSUpdTransfer exists for
        stack.domain(domain).nameservers = ["ns1.foreign-registrar.example", "ns2.foreign-registrar.example"]
    config = stack.module_config(NSUpdTransfer="on")
    result = whmcs_call(
        "TransferSync", domain_params_for(domain), config=config, db=domains_row(domain, "Pending Transfer")
    )
    assert result.returned == {"completed": True, "expirydate": whmcs_expiry_of(stack, domain)}
    assert stack.domain(domain).owner == stack.login
    assert stack.domain(domain).nameservers == ["ns1.example.net", "ns2.example.net"]
    messages = [entry["message"] for entry in result.activity]
    assert f"{domain}: Nameserver update requested." in messages


def test_transfer_sync_after_completion_without_ns_update_keeps_them(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = start_transfer(stack, whmcs_call)
    finish_transfer(stack.sandbox, domain, entity=OTE)
    with stack.sandbox.lock:
        stack.domain(domain).nameservers = ["ns1.foreign-registrar.example", "ns2.foreign-registrar.example"]
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned["completed"] is True
    assert stack.domain(domain).nameservers == [
        "ns1.foreign-registrar.example",
        "ns2.foreign-registrar.example",
    ]


def test_transfer_sync_of_a_failed_transfer_gives_the_reason(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = start_transfer(stack, whmcs_call)
    finish_transfer(stack.sandbox, domain, success=False, entity=OTE)
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned["failed"] is True
    reason = result.returned["reason"]
    assert reason.startswith("Transfer Failed\n") and "domain transfer failed (control)" in reason
    assert {"message": f"{domain}: Domain Transfer failed.", "userid": 0} in result.activity
