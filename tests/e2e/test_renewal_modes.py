"""Renewals on CentralNic Reseller end to end (docs/cnr-renewals.md): a zone renewed only by the registry's
renewal system gets RENEWONCE, exactly once even when the reply is lost; a paid renewal keeps the registry
from renewing the domain by itself (its renewal mode follows WHMCS)."""

from __future__ import annotations

import pytest

from sandbox.systems import CNR_OTE
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, expiry_of, fresh_domain, register_in_sandbox, renew_params_for
from tests.whmcs.harness import renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]


@pytest.fixture
def cnr(stack: E2EStack) -> E2EStack:
    return stack.for_backend("cnr")


def test_a_zone_renewed_by_mode_is_scheduled_with_renewonce(cnr: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("de")
    register_in_sandbox(cnr, domain)
    before = expiry_of(cnr, domain)
    result = whmcs_call(
        "RenewDomain", renew_params_for(domain), objects=renew_objects(before), config=cnr.module_config()
    )
    assert result.returned == {"success": True, "message": "Renewal succeeded."}
    assert cnr.domain(domain).renewal_mode == "RENEWONCE"
    messages = [entry["message"] for entry in result.activity]
    assert (
        f"{domain}: The registry renews this domain at its renewal date (renewal mode RENEWONCE)." in messages
    )
    sent = [e["command"] for e in cnr.sandbox.command_log if e.get("params", {}).get("DOMAIN") == domain]
    assert "RenewDomain" not in sent and sent[-1] == "SetDomainRenewalMode"
    assert expiry_of(cnr, domain) == before  # the registry renews at the renewal date, not now


def test_a_lost_renewonce_reply_is_settled_without_sending_it_again(
    cnr: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain("de")
    register_in_sandbox(cnr, domain)
    params, objects = renew_params_for(domain), renew_objects(expiry_of(cnr, domain))
    cnr.sandbox.system_faults[CNR_OTE].next(kind="reply_lost", command="SetDomainRenewalMode")
    first = whmcs_call("RenewDomain", params, objects=objects, config=cnr.module_config())
    assert first.error is not None and "may have been executed" in first.error, first.error
    retry = whmcs_call("RenewDomain", params, objects=objects, config=cnr.module_config())
    assert retry.returned == {"success": True, "message": "Renewal succeeded."}, retry.returned
    sent = [e for e in cnr.sandbox.command_log if e.get("params", {}).get("DOMAIN") == domain]
    assert [e["command"] for e in sent].count("SetDomainRenewalMode") == 1
    assert cnr.domain(domain).renewal_mode == "RENEWONCE"


@pytest.mark.parametrize("mode", ["DEFAULT", "AUTORENEW"])
def test_a_paid_renewal_stops_the_registry_renewing_by_itself(
    cnr: E2EStack, whmcs_call: WhmcsCall, mode: str
) -> None:
    domain = fresh_domain()
    register_in_sandbox(cnr, domain)
    assert cnr.api("SetDomainRenewalMode", domain=domain, renewalmode=mode)["code"] == 200
    before = expiry_of(cnr, domain)
    result = whmcs_call(
        "RenewDomain", renew_params_for(domain), objects=renew_objects(before), config=cnr.module_config()
    )
    assert result.returned == {"success": True, "message": "Renewal succeeded."}
    assert int(expiry_of(cnr, domain)[:4]) == int(before[:4]) + 1
    assert cnr.sandbox.money_count(domain, command="RenewDomain") == 1
    assert cnr.domain(domain).renewal_mode == "AUTOEXPIRE"
    note = "Renewal mode set to AUTOEXPIRE: the registry does not renew the domain by itself; WHMCS does."
    assert {"message": f"{domain}: {note}", "userid": 0} in result.activity


def test_an_expiring_domain_keeps_its_mode(cnr: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(cnr, domain)
    assert cnr.api("SetDomainRenewalMode", domain=domain, renewalmode="AUTODELETE")["code"] == 200
    result = whmcs_call(
        "RenewDomain",
        renew_params_for(domain),
        objects=renew_objects(expiry_of(cnr, domain)),
        config=cnr.module_config(),
    )
    assert result.error is None, result.error
    assert cnr.domain(domain).renewal_mode == "AUTODELETE"
    sent = [e["command"] for e in cnr.sandbox.command_log if e.get("params", {}).get("DOMAIN") == domain]
    assert sent.count("SetDomainRenewalMode") == 1  # only the test's own
