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
    expiry_of,
    fresh_domain,
    new_account,
    register_in_sandbox,
    transfer_params_for,
    whmcs_expiry_of,
)

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def reported_expiry(stack: E2EStack, domain: str) -> str:
    """The expiry Sync reports for `domain`: ISPAPI's docs/module-behaviour.md §7.1 date, CNR's registration
    expiry (app/backends/cnr/status.py)."""
    return whmcs_expiry_of(stack, domain) if stack.backend == "ispapi" else expiry_of(stack, domain)


def privacy_on(stack: E2EStack, domain: str) -> bool:
    """WHOIS privacy as the sandbox records it for the backend's API (ISPAPI: the trustee flag, CNR: the
    X-WHOISPRIVACY value)."""
    record = stack.domain(domain)
    if stack.backend == "cnr":
        return bool(record.extensions.get("X-WHOISPRIVACY") == "1")
    return bool(record.whois_trustee)


@pytest.mark.usefixtures("backend")
def test_sync_of_an_active_domain(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=False), db=domains_row(domain))
    expiry = reported_expiry(stack, domain)
    assert result.returned == {"active": True, "expirydate": expiry}  # `expired: false` is not passed on
    assert {"message": f"{domain}: Domain Sync finished. Updated expirydate: {expiry}", "userid": 0} in (
        result.activity
    )


@pytest.mark.usefixtures("backend")
def test_sync_without_registry_dates_leaves_the_expiry_alone(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    """No date is made up from missing ones: never a 1969/1970 expiry (CentralNic's own module's defect)."""
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    with stack.sandbox.lock:
        record = stack.domain(domain)
        record.expiration_date = record.paid_until_date = record.registration_expiration_date = None
        record.finalization_date = record.failure_date = None
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=False), db=domains_row(domain))
    assert result.error is None
    assert result.returned == {"active": True}
    assert {
        "message": f"{domain}: Domain Sync finished. The registry gave no complete expiry data; expirydate "
        "unchanged.",
        "userid": 0,
    } in result.activity


@pytest.mark.usefixtures("backend")
def test_sync_switches_on_id_protection_that_whmcs_sold(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    assert privacy_on(stack, domain) is False
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=True), db=domains_row(domain))
    assert result.returned["active"] is True
    assert privacy_on(stack, domain) is True


@pytest.mark.usefixtures("backend")
def test_sync_of_an_expired_domain(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    expire(stack, domain, days_ago=10)
    result = whmcs_call("Sync", domain_params_for(domain, idprotection=False), db=domains_row(domain))
    # `expired` is not passed on (WHMCS 7/8 ignore it, docs/whmcs.md §6): the past date makes WHMCS
    # expire the domain itself.
    assert result.returned == {"active": True, "expirydate": reported_expiry(stack, domain)}
    assert result.returned["expirydate"] < str(stack.sandbox.clock.now().date())


@pytest.mark.usefixtures("backend")
def test_sync_of_a_domain_moved_to_another_account_is_transferred_away(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    other = new_account(stack, "other")
    if stack.backend == "cnr":  # no USERTRANSFER action on CNR: the account change happens registry-side
        with stack.sandbox.lock:
            stack.domain(domain).owner = other[0]
    else:
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


@pytest.mark.usefixtures("backend")
def test_sync_of_a_pending_registration_not_yet_at_the_registry_changes_nothing(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    result = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain, "Pending Registration"))
    assert result.returned == []  # the empty WHMCS array: nothing to update, not "expired"/"transferred away"
    assert result.error is None


@pytest.mark.usefixtures("backend")
def test_sync_of_a_domain_never_in_the_account(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    result = whmcs_call("Sync", domain_params_for(domain), db=domains_row(domain))
    # The sandbox answers 545 for a never-deleted DELETEDDOMAIN id, which the module reads as moved away.
    assert result.returned == {"transferredAway": True}


# ---- TransferSync ----


def start_transfer(stack: E2EStack, whmcs_call: WhmcsCall) -> str:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    if stack.backend == "cnr":
        request_cnr_transfer(stack, domain, auth)
        return domain
    started = whmcs_call("TransferDomain", transfer_params_for(domain, auth))
    assert started.returned == {"success": True}
    return domain


def request_cnr_transfer(stack: E2EStack, domain: str, auth: str) -> None:
    """A CNR transfer request as the registry gets it: contact handles, the name servers asked for (what
    TransferSync reads here is the registry's side, whichever way the request was made)."""
    contact = stack.api(
        "AddContact",
        firstname="Transfer",
        lastname="Tester",
        street="1 Test Street",
        city="Berlin",
        zip="10115",
        country="DE",
        phone="+49.301234567",
        email="transfer@example.net",
    )
    assert contact["code"] == 200, contact
    handle = contact["properties"]["CONTACT"][0]
    roles = ("ownercontact0", "admincontact0", "techcontact0", "billingcontact0")
    requested = stack.api(
        "TransferDomain",
        domain=domain,
        auth=auth,
        nameserver0="ns1.example.net",
        nameserver1="ns2.example.net",
        **dict.fromkeys(roles, handle),
    )
    assert requested["code"] == 200, requested


@pytest.mark.usefixtures("backend")
def test_transfer_sync_while_the_transfer_is_pending(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = start_transfer(stack, whmcs_call)
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned == []
    assert result.activity == [
        {"message": f"{domain}: Domain Transfer is still pending (Existing Request).", "userid": 0}
    ]


@pytest.mark.usefixtures("backend")
def test_transfer_sync_after_completion_updates_the_nameservers(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = start_transfer(stack, whmcs_call)
    if stack.backend == "cnr":
        # Completed by control: the session's sandbox clock runs ahead of the bridge's with every advance,
        # and one advance per session is what the date-based tests (expire(days_ago=10)) leave room for.
        finish_transfer(stack.sandbox, domain, entity=stack.world)
    else:
        stack.sandbox.clock.advance(days=6)  # the losing registrar's 5 days pass; the next call completes it
    assert stack.api("StatusDomain", domain=domain)["code"] == 200
    with stack.sandbox.lock:  # the registry kept the old delegation: what NSUpdTransfer exists for
        stack.domain(domain).nameservers = ["ns1.foreign-registrar.example", "ns2.foreign-registrar.example"]
    config = stack.module_config(NSUpdTransfer="on")
    # ISPAPI reads the requested name servers from its copy of the transfer command; CNR keeps none, so
    # WHMCS's name servers of the domain count there.
    params = domain_params_for(domain, ns1="ns1.example.net", ns2="ns2.example.net")
    result = whmcs_call("TransferSync", params, config=config, db=domains_row(domain, "Pending Transfer"))
    assert result.returned == {"completed": True, "expirydate": reported_expiry(stack, domain)}
    assert stack.domain(domain).owner == stack.login
    assert stack.domain(domain).nameservers == ["ns1.example.net", "ns2.example.net"]
    messages = [entry["message"] for entry in result.activity]
    assert f"{domain}: Nameserver update requested." in messages


@pytest.mark.usefixtures("backend")
def test_transfer_sync_after_completion_without_ns_update_keeps_them(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = start_transfer(stack, whmcs_call)
    finish_transfer(stack.sandbox, domain, entity=stack.world)
    with stack.sandbox.lock:
        stack.domain(domain).nameservers = ["ns1.foreign-registrar.example", "ns2.foreign-registrar.example"]
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned["completed"] is True
    assert stack.domain(domain).nameservers == [
        "ns1.foreign-registrar.example",
        "ns2.foreign-registrar.example",
    ]
    # WHMCS renews the domain from now on: CNR must not renew it by itself as well (docs/cnr-renewals.md);
    # HEXONET's mode is never touched.
    expected_mode = {"ispapi": "DEFAULT", "cnr": "AUTOEXPIRE"}[stack.backend]
    assert stack.domain(domain).renewal_mode == expected_mode


@pytest.mark.usefixtures("backend")
def test_transfer_sync_of_a_failed_transfer_gives_the_reason(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = start_transfer(stack, whmcs_call)
    finish_transfer(stack.sandbox, domain, success=False, entity=stack.world)
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned["failed"] is True
    reason = result.returned["reason"]
    # ISPAPI quotes its log of the failure; CNR keeps none and says what it knows.
    detail = "domain transfer failed (control)" if stack.backend == "ispapi" else "no longer pending"
    assert reason.startswith("Transfer Failed\n") and detail in reason
    assert {"message": f"{domain}: Domain Transfer failed.", "userid": 0} in result.activity
