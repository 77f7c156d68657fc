"""RequestDelete, ReleaseDomain, the suspension buttons, and renewal in redemption (restore) end to end
(docs/module-behaviour.md §3.7, §3.17, §3.18, §3.20): php -> bridge -> sandbox, checked on both sides."""

from __future__ import annotations

import pytest

from sandbox.world.deletion import finish_delete
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    add_foreign_domain,
    domain_params_for,
    expiry_of,
    fresh_domain,
    register_in_sandbox,
    renew_params_for,
)
from tests.whmcs.harness import renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]


@pytest.mark.usefixtures("backend")
def test_request_delete_puts_the_domain_into_pending_delete(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("RequestDelete", domain_params_for(domain))
    assert result.returned == {"success": True}
    assert stack.domain(domain).status == ["PENDINGDELETE"]
    assert {"message": f"{domain}: Deletion requested.", "userid": 0} in result.activity


@pytest.mark.usefixtures("backend")
def test_request_delete_of_a_domain_not_in_the_account_fails(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    add_foreign_domain(stack, domain)
    result = whmcs_call("RequestDelete", domain_params_for(domain))
    assert result.error is not None and result.error.endswith("]"), result.returned
    assert "Deletion request failed. (5" in result.activity[0]["message"]
    assert stack.domain(domain).status != ["PENDINGDELETE"]


@pytest.mark.usefixtures("backend")
def test_release_pushes_the_domain_out_of_the_account(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("ReleaseDomain", domain_params_for(domain, transfertag="TRANSIT"))
    assert result.returned == {"success": "success"}
    left = stack.domain(domain)  # ISPAPI's sandbox forgets it, CNR's hands it to the registry
    assert left is None or left.owner != stack.login
    pushes = [
        e
        for e in stack.sandbox.command_log
        if e["command"] == "PushDomain" and e["params"].get("DOMAIN") == domain
    ]
    assert pushes and pushes[-1]["params"]["TARGET"] == "TRANSIT"
    assert {"message": f"{domain}: Releasing succeeded.", "userid": 0} in result.activity


@pytest.mark.usefixtures("backend")
def test_release_of_a_locked_domain_is_refused(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain, transferlock=1)
    result = whmcs_call("ReleaseDomain", domain_params_for(domain))
    assert result.error is not None
    assert result.error.startswith("Releasing impossible. Please remove the Registrar Lock first. [ref ")
    assert stack.domain(domain) is not None


@pytest.mark.usefixtures("backend")
def test_release_with_a_malformed_tag_is_refused_before_the_registry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = len(stack.sandbox.command_log)
    result = whmcs_call("ReleaseDomain", domain_params_for(domain, transfertag="<b>tag</b>"))
    assert result.error is not None and result.error.startswith("transfertag must be"), result.error
    assert len(stack.sandbox.command_log) == before


@pytest.mark.usefixtures("backend")
def test_suspend_and_unsuspend_toggle_client_hold(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("SuspendDomain", domain_params_for(domain))
    assert result.returned == {"message": "Domain suspended."}
    assert stack.domain(domain).suspended is True
    assert "clientHold" in stack.domain(domain).status
    result = whmcs_call("UnsuspendDomain", domain_params_for(domain))
    assert result.returned == {"message": "Domain unsuspended."}
    assert stack.domain(domain).suspended is False


@pytest.mark.usefixtures("backend")
def test_suspend_of_a_domain_not_in_the_account_says_why(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    add_foreign_domain(stack, domain)
    result = whmcs_call("SuspendDomain", domain_params_for(domain))
    assert result.error is not None and result.error.startswith("Suspending the domain failed. (5"), (
        result.error
    )


@pytest.mark.usefixtures("backend")
def test_unsuspend_of_a_domain_not_in_the_account_says_why(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    result = whmcs_call("UnsuspendDomain", domain_params_for(domain))
    assert result.error is not None and result.error.startswith("Unsuspending the domain failed. (5"), (
        result.error
    )


def _deleted(stack: E2EStack, domain: str) -> None:
    """Deleted and in redemption: ISPAPI's sandbox deletes at once; CNR's marks it pending delete and the
    registry's clock finishes the deletion (done here instead of waiting)."""
    assert stack.api("DeleteDomain", domain=domain)["code"] == 200
    if stack.backend == "cnr":
        with stack.sandbox.lock:
            world = stack.sandbox.worlds[stack.world]
            finish_delete(world, world.domains[domain], stack.sandbox.clock.now(), restorable_days=30)


@pytest.mark.usefixtures("backend")
def test_renew_in_redemption_restores_the_domain(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    _deleted(stack, domain)
    params = renew_params_for(domain, isInRedemptionGracePeriod=True)
    result = whmcs_call("RenewDomain", params, objects=renew_objects(before))
    assert result.error is None, result.returned
    assert str(result.returned["message"]).startswith("Domain Restore succeeded")
    assert stack.domain(domain).status == ["ACTIVE"]
    assert stack.sandbox.money_count(domain, command="RestoreDomain") == 1


@pytest.mark.usefixtures("backend")
def test_renew_in_redemption_of_a_live_domain_fails(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    params = renew_params_for(domain, isInRedemptionGracePeriod=True)
    result = whmcs_call("RenewDomain", params, objects=renew_objects(expiry_of(stack, domain)))
    # ISPAPI refuses a restore of a live domain by its status, CNR finds no deleted domain of that name.
    code = {"ispapi": 552, "cnr": 545}[stack.backend]
    assert result.error is not None
    assert result.error.startswith(f"Domain Restore failed. ({code} "), result.error
    assert stack.sandbox.money_count(domain, command="RestoreDomain") == 0
