"""Admin-area functions end to end: AdminCustomButtonArray, the pending-transfer buttons, the admin domain
tab (transfer status and log, WHOIS output / ERRP settings and their save), the cart's transfer pre-check
hook and the daily application poll (docs/module-behaviour.md §4, §7.4, §9.7, §12)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.catalogue import default_catalogue
from sandbox.controls import finish_application
from sandbox.state import Application
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    OTE,
    E2EStack,
    add_foreign_domain,
    domain_params_for,
    fresh_domain,
    register_in_sandbox,
    register_params_for,
)
from tests.e2e.test_premium import _premium_name
from tests.whmcs.harness import PhpResult, run_whmcs

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def start_transfer(stack: E2EStack) -> str:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    reply = stack.api("TransferDomain", domain=domain, auth=auth, period="1Y")
    assert reply["code"] == 200, reply
    return domain


def tab_call(stack: E2EStack, function: str, domain: str, **ctx: Any) -> PhpResult:
    """AdminDomainsTabFields(Save) as WHMCS calls them: no settings in $params."""
    sld, _, tld = domain.partition(".")
    bare = {"domainid": 42, "sld": sld, "tld": tld, "regperiod": 1, "registrar": "ispapi"}
    result = run_whmcs(function, bare, registrar_config=stack.module_config(), **ctx)
    assert result.warnings == [] and result.exception is None
    return result


def test_admin_buttons_follow_the_whmcs_domain_status(whmcs_call: WhmcsCall) -> None:
    row = {"id": 42, "domain": "x.com", "registrar": "ispapi", "status": "Pending Transfer"}
    result = whmcs_call(
        "AdminCustomButtonArray", {"domainid": 42, "sld": "x", "tld": "com"}, db={"tbldomains": [row]}
    )
    assert result.returned == {
        "Cancel Transfer": "CancelDomainTransfer",
        "Resend Transfer Confirmation": "ResendTransferConfirmation",
    }
    result = whmcs_call("AdminCustomButtonArray", {"domainid": 42, "sld": "x", "tld": "com"})
    assert result.returned == {"Suspend": "SuspendDomain", "Unsuspend": "UnsuspendDomain"}


@pytest.mark.usefixtures("backend")
def test_cancel_transfer_removes_the_pending_transfer(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = start_transfer(stack)
    result = whmcs_call("CancelDomainTransfer", domain_params_for(domain))
    assert result.returned == {"message": "Transfer cancelled."}
    with stack.sandbox.lock:
        assert domain not in stack.sandbox.worlds[stack.world].transfers


@pytest.mark.usefixtures("backend")
def test_cancel_transfer_without_a_pending_transfer_fails(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("CancelDomainTransfer", domain_params_for(fresh_domain()))
    assert result.error is not None and result.error.startswith("Cancelling the transfer failed. (545 "), (
        result.error
    )


@pytest.mark.usefixtures("backend")
def test_resend_transfer_confirmation(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = start_transfer(stack)
    result = whmcs_call("ResendTransferConfirmation", domain_params_for(domain))
    assert result.returned == {"message": "Transfer confirmation email sent again."}
    with stack.sandbox.lock:
        assert (
            "confirmation e-mails sent again" in stack.sandbox.worlds[stack.world].transfers[domain].log[-1]
        )


@pytest.mark.usefixtures("backend")
def test_resend_transfer_confirmation_without_a_transfer_fails(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("ResendTransferConfirmation", domain_params_for(fresh_domain()))
    assert result.error is not None
    assert result.error.startswith("Resending the transfer confirmation email failed. (545 "), result.error


@pytest.mark.usefixtures("backend")
def test_tab_shows_the_pending_transfer_status_and_log(stack: E2EStack) -> None:
    domain = start_transfer(stack)
    rows = tab_call(stack, "AdminDomainsTabFields", domain).returned
    assert rows["Transfer Status"] == {"ispapi": "PENDING", "cnr": "pending"}[stack.backend]  # as it words it
    with stack.sandbox.lock:
        first_line = stack.sandbox.worlds[stack.world].transfers[domain].log[0]
    assert first_line.replace("<", "&lt;").replace(">", "&gt;") in rows["Transfer Log"]
    assert "WHOIS Output: Reseller Name" not in rows  # not in the account yet


@pytest.mark.usefixtures("backend")
def test_tab_shows_whois_and_errp_inputs_and_saves_a_change(stack: E2EStack) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    rows = tab_call(stack, "AdminDomainsTabFields", domain).returned
    assert 'name="ispapi_whois[X-WHOIS-RSP]" value=""' in rows["WHOIS Output: Reseller Name"]
    assert "ERRP: Reseller Email" in rows
    posted = {"ispapi_whois": {"X-WHOIS-RSP": 'Best "Reseller" <Ltd>', "X-ERRP-EMAIL": "errp@example.net"}}
    saved = tab_call(stack, "AdminDomainsTabFieldsSave", domain, post=posted)
    assert saved.returned == {"success": True}
    assert stack.domain(domain).extensions["X-WHOIS-RSP"] == 'Best "Reseller" <Ltd>'
    rows = tab_call(stack, "AdminDomainsTabFields", domain).returned
    assert 'value="Best &quot;Reseller&quot; &lt;Ltd&gt;"' in rows["WHOIS Output: Reseller Name"]


@pytest.mark.usefixtures("backend")
def test_tab_save_with_a_bad_value_changes_nothing(stack: E2EStack) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    posted = {"ispapi_whois": {"X-WHOIS-URL": "javascript:alert(1)"}}
    saved = tab_call(stack, "AdminDomainsTabFieldsSave", domain, post=posted)
    assert saved.returned["error"].startswith("X-WHOIS-URL must be an http:// or https:// address")
    assert "X-WHOIS-URL" not in stack.domain(domain).extensions


def test_tab_when_the_registry_fails_is_one_row_with_the_reason(stack: E2EStack) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    stack.sandbox.faults.set("temporary", 1.0, command="StatusDomain")
    rows = tab_call(stack, "AdminDomainsTabFields", domain).returned
    assert list(rows) == ["Registrar details"]
    assert "could not be reached" in rows["Registrar details"]


def _precheck(stack: E2EStack, cart: list[dict[str, str]]) -> Any:
    result = run_whmcs(
        "MetaData",
        registrar_config=stack.module_config(TRANSFERCARTPRECHECK="on"),
        session={"cart": {"domains": cart}},
        db={"tbldomainpricing": [{"id": 1, "extension": ".com", "autoreg": "ispapi"}]},
        include_hooks=True,
        run_hooks=[{"hook": "ShoppingCartValidateCheckout", "vars": {}}],
    )
    assert result.warnings == []
    return result.hook_results[0]["results"][0]


@pytest.mark.usefixtures("backend")
def test_transfer_precheck_blocks_a_locked_domain_and_a_wrong_code(stack: E2EStack) -> None:
    locked, wrong, fine = fresh_domain(), fresh_domain(), fresh_domain()
    add_foreign_domain(stack, locked, locked=True)
    add_foreign_domain(stack, wrong)
    auth = add_foreign_domain(stack, fine)
    errors = _precheck(
        stack,
        [
            {"type": "transfer", "domain": locked, "eppcode": "whatever-1"},
            {"type": "transfer", "domain": wrong, "eppcode": "Wrong-Code-9"},
            {"type": "transfer", "domain": fine, "eppcode": auth},
            {"type": "register", "domain": fresh_domain()},
        ],
    )
    assert errors == [
        f"{locked}: This domain is locked, so a transfer cannot be started.",
        f"{wrong}: The authorization (EPP) code is wrong, so a transfer cannot be started.",
    ]


@pytest.mark.usefixtures("backend")
def test_transfer_precheck_passes_a_transferable_domain(stack: E2EStack) -> None:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    assert _precheck(stack, [{"type": "transfer", "domain": domain, "eppcode": auth}]) == []


def _pending_application(stack: E2EStack, whmcs_call: WhmcsCall, domainid: int) -> tuple[str, int]:
    if stack.backend == "cnr":
        return _cnr_application(stack)
    domain = _premium_name("guru")
    facts = default_catalogue().premium(domain)
    assert facts is not None
    params = register_params_for(
        domain, domainid=domainid, premiumEnabled=True, premiumCost=f"{facts.register_price:.2f}"
    )
    assert whmcs_call("RegisterDomain", params).returned == {"pending": True}
    with stack.sandbox.lock:
        app = next(a for a in stack.sandbox.worlds[OTE].applications.values() if a.domain == domain)
    return domain, app.id


def _cnr_application(stack: E2EStack) -> tuple[str, int]:
    """CNR registers premium names at once (no application): a .swiss-like application is put into the
    account's world directly, as the registry would hold one."""
    domain = fresh_domain("swiss")
    with stack.sandbox.lock:
        world = stack.sandbox.worlds[stack.world]
        app = Application(
            id=world.next_id(), domain=domain, owner=stack.login, app_class="GOLIVE",
            created_at=stack.sandbox.clock.now(), params={"PERIOD": "1Y"},
        )  # fmt: skip
        world.applications[app.id] = app
    return domain, app.id


def _row(id_: int, domain: str, status: str, application: int) -> dict[str, Any]:
    notes = f"APPLICATION:{application}"
    return {"id": id_, "domain": domain, "registrar": "ispapi", "status": status, "additionalnotes": notes}


def _daily_cron(stack: E2EStack, rows: list[dict[str, Any]]) -> PhpResult:
    result = run_whmcs(
        "MetaData",
        registrar_config=stack.module_config(),
        db={"tbldomains": rows},
        include_hooks=True,
        run_hooks=[{"hook": "DailyCronJob", "vars": {}}],
    )
    assert result.warnings == [] and result.hook_results[0]["exception"] is None
    return result


@pytest.mark.usefixtures("backend")
def test_daily_cron_activates_a_successful_and_cancels_a_failed_application(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    won, won_id = _pending_application(stack, whmcs_call, 61)
    lost, lost_id = _pending_application(stack, whmcs_call, 62)
    waiting, waiting_id = _pending_application(stack, whmcs_call, 63)
    finish_application(stack.sandbox, won_id, success=True, entity=stack.world)
    finish_application(stack.sandbox, lost_id, success=False, entity=stack.world)
    rows = [
        _row(61, won, "Pending", won_id),
        _row(62, lost, "Pending Registration", lost_id),
        _row(63, waiting, "Pending", waiting_id),
    ]
    result = _daily_cron(stack, rows)
    statuses = {row["id"]: row["status"] for row in result.db_after["tbldomains"]}
    assert statuses == {61: "Active", 62: "Cancelled", 63: "Pending"}
    messages = [entry["message"] for entry in result.activity]
    assert (
        f"{lost}: Application {lost_id} failed; domain status set to Cancelled. Refund the client manually."
        in messages
    )


@pytest.mark.usefixtures("backend")
def test_daily_cron_with_an_unknown_application_changes_nothing(stack: E2EStack) -> None:
    rows = [
        {
            "id": 70,
            "domain": "gone.swiss",
            "registrar": "ispapi",
            "status": "Pending",
            "additionalnotes": "APPLICATION:999999",
        }
    ]
    result = _daily_cron(stack, rows)
    assert result.db_after["tbldomains"][0]["status"] == "Pending"
    assert any("Application 999999 could not be checked (545" in e["message"] for e in result.activity)
