"""RegisterDomain, TransferDomain, RenewDomain end to end (docs/module-behaviour.md §3.5-§3.7): php -> bridge
-> sandbox.

Each happy path is checked on both sides: the WHMCS return value and what the registry (sandbox) holds and
charged. The failures show the text the reseller sees for the main registry errors. The registration and
transfer tests run once per registry backend (ISPAPI, CentralNic Reseller); the wording of a registry's
refusal is that registry's.
"""

from __future__ import annotations

from unittest.mock import ANY

import pytest

from sandbox.controls import finish_transfer
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    add_foreign_domain,
    domain_params_for,
    domains_row,
    expiry_of,
    fresh_domain,
    register_in_sandbox,
    register_params_for,
    renew_params_for,
    transfer_params_for,
)
from tests.whmcs.harness import renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]


@pytest.mark.usefixtures("backend")
def test_register_creates_the_domain_with_nameservers_lock_and_one_charge(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    result = whmcs_call("RegisterDomain", register_params_for(domain))
    assert result.returned == {"success": True}
    created = stack.domain(domain)
    assert created is not None and created.owner == stack.login
    assert created.nameservers == ["ns1.example.net", "ns2.example.net"]  # empty ns3..ns5 dropped
    assert created.transfer_lock is True  # module setting TRANSFERLOCK "on"
    # idprotection add-on ordered: ISPAPI's WHOIS trustee, CNR's WHOIS privacy
    privacy = {"ispapi": created.whois_trustee, "cnr": created.extensions.get("X-WHOISPRIVACY") == "1"}
    assert privacy[stack.backend] is True
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1


# The renewal mode a registration leaves: WHMCS bills the renewals, so CNR's domain must not renew by itself
# (docs/cnr-renewals.md); HEXONET's mode was never touched by the module and still is not.
MODE_AFTER_ORDER = {"ispapi": "DEFAULT", "cnr": "AUTOEXPIRE"}


@pytest.mark.usefixtures("backend")
def test_register_leaves_the_renewals_to_whmcs(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    result = whmcs_call("RegisterDomain", register_params_for(domain))
    assert result.returned == {"success": True}
    assert stack.domain(domain).renewal_mode == MODE_AFTER_ORDER[stack.backend]
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    if stack.backend == "cnr":
        messages = [entry["message"] for entry in result.activity]
        assert f"{domain}: Renewal mode set to AUTOEXPIRE" in " ".join(messages)


def _registrant(stack: E2EStack, domain: str) -> dict[str, str]:
    created = stack.domain(domain)
    handle = created.contacts["OWNERCONTACT"][0]
    with stack.sandbox.lock:
        return dict(stack.sandbox.worlds[stack.world].contacts[handle].fields)


@pytest.mark.usefixtures("backend")
def test_register_sends_the_untransliterated_registrant(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("de")  # a registry that takes UTF-8 contacts (and has no WHOIS privacy)
    assert whmcs_call("RegisterDomain", register_params_for(domain, idprotection=False)).error is None
    contact = _registrant(stack, domain)
    assert contact["FIRSTNAME"] == "Zoë" and contact["CITY"] == "Köln"
    # the phone number as typed ("221 1234567", phonecc 49) reaches the registry as +CC.NNNN
    assert contact["PHONE"] == "+49.2211234567"


@pytest.mark.usefixtures("backend")
def test_register_for_an_ascii_registry_sends_latin_letters(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()  # .com: the registry takes ASCII contacts only, as in SaveContactDetails
    assert whmcs_call("RegisterDomain", register_params_for(domain)).error is None
    contact = _registrant(stack, domain)
    assert contact["FIRSTNAME"] == "Zoe" and contact["CITY"] == "Koln"
    assert contact["PHONE"] == "+49.2211234567"


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("backend", ["cnr"], indirect=True)
def test_cnr_orders_reuse_the_contact_handles_of_identical_contacts(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """CNR names contacts by handle: one AddContact per distinct contact of an order, and an identical
    contact of a later order gets the existing handle, not a duplicate."""
    first, second = fresh_domain(), fresh_domain()
    calls_before = len(stack.sandbox.command_log)
    assert whmcs_call("RegisterDomain", register_params_for(first)).returned == {"success": True}
    added = [e for e in stack.sandbox.command_log[calls_before:] if e["command"].upper() == "ADDCONTACT"]
    roles = stack.domain(first).contacts
    assert len(added) == len({handle for handles in roles.values() for handle in handles})
    assert roles["ADMINCONTACT"] == roles["TECHCONTACT"] == roles["BILLINGCONTACT"]  # all from admin*
    with stack.sandbox.lock:
        contacts_before = len(stack.sandbox.worlds[stack.world].contacts)
    assert whmcs_call("RegisterDomain", register_params_for(second)).returned == {"success": True}
    with stack.sandbox.lock:
        assert len(stack.sandbox.worlds[stack.world].contacts) == contacts_before  # no new handle
    assert stack.domain(second).contacts == roles


@pytest.mark.usefixtures("backend")
def test_register_with_a_bad_phone_number_reaches_no_registry(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    params = register_params_for(domain)
    for source in (params, params["original"]):  # and no WHMCS-formatted number to fall back on
        source.update(phonenumber="call me maybe", fullphonenumber="")
    calls_before = len(stack.sandbox.command_log)
    result = whmcs_call("RegisterDomain", params)
    assert result.error is not None and result.error.startswith("phonenumber is invalid"), result.error
    assert len(stack.sandbox.command_log) == calls_before  # refused by the bridge, nothing sent
    assert stack.domain(domain) is None


@pytest.mark.usefixtures("backend")
def test_dns_management_ordered_with_the_registration_works_right_away(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    result = whmcs_call("RegisterDomain", register_params_for(domain, dnsmanagement=True))
    assert result.returned == {"success": True}
    assert stack.api("StatusDNSZone", dnszone=f"{domain}.")["code"] == 200  # INTERNALDNS=1 made the zone
    calls_before = len(stack.sandbox.command_log)
    shown = whmcs_call("GetDNS", domain_params_for(domain, dnsmanagement=True))
    assert shown.error is None
    assert all(r["address"] == "mx.ispapi.net" for r in shown.returned), shown.returned
    asked = [entry["command"] for entry in stack.sandbox.command_log[calls_before:]]
    assert "ModifyDomain" not in asked  # the zone was there: GetDNS did not have to create it


@pytest.mark.usefixtures("backend")
def test_register_of_a_name_at_another_registrar_is_refused(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    add_foreign_domain(stack, domain)
    result = whmcs_call("RegisterDomain", register_params_for(domain))
    assert result.error is not None
    wording = {"ispapi": "Object already registered", "cnr": "Domain already registered"}[stack.backend]
    assert result.error.startswith(f"{wording}; {domain} "), result.error
    assert stack.sandbox.money_count(domain) == 0


@pytest.mark.usefixtures("backend")
def test_register_of_a_name_already_in_the_account_is_refused(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("RegisterDomain", register_params_for(domain))
    wording = {"ispapi": "already assigned to your account", "cnr": "Domain already registered"}
    assert result.error is not None and wording[stack.backend] in result.error, result.error
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1  # only the direct registration


@pytest.mark.usefixtures("backend")
def test_register_with_a_premium_cost_for_a_standard_name_registers_nothing(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    result = whmcs_call("RegisterDomain", register_params_for(domain, premiumCost="249.00"))
    assert result.error is not None and result.error.startswith("Premium price mismatch"), result.error
    assert stack.domain(domain) is None


@pytest.mark.usefixtures("backend")
def test_transfer_with_the_right_auth_code_starts_a_transfer(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    result = whmcs_call("TransferDomain", transfer_params_for(domain, auth))
    assert result.returned == {"success": True}
    with stack.sandbox.lock:
        transfer = stack.sandbox.worlds[stack.world].transfers[domain]
    assert transfer.requester == stack.login and transfer.status == "PENDING"
    assert transfer.nameservers == ["ns1.example.net", "ns2.example.net"]
    assert stack.sandbox.money_count(domain, command="TransferDomain") == 1


@pytest.mark.usefixtures("backend")
def test_dns_management_ordered_with_a_transfer_has_its_zone_when_it_completes(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    params = transfer_params_for(domain, auth, dnsmanagement=True)
    assert whmcs_call("TransferDomain", params).returned == {"success": True}
    finish_transfer(stack.sandbox, domain, entity=stack.world)
    assert stack.api("StatusDNSZone", dnszone=f"{domain}.")["code"] == 200
    shown = whmcs_call("GetDNS", domain_params_for(domain, dnsmanagement=True))
    assert shown.error is None and all(r["address"] == "mx.ispapi.net" for r in shown.returned)


def test_a_completed_transfer_leaves_the_renewals_to_whmcs(
    stack: E2EStack, whmcs_call: WhmcsCall, backend: str
) -> None:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain)
    assert whmcs_call("TransferDomain", transfer_params_for(domain, auth)).returned == {"success": True}
    finish_transfer(stack.sandbox, domain, entity=stack.world)
    result = whmcs_call("TransferSync", domain_params_for(domain), db=domains_row(domain, "Pending Transfer"))
    assert result.returned == {"completed": True, "expirydate": ANY}, (result.returned, result.activity)
    assert stack.domain(domain).renewal_mode == MODE_AFTER_ORDER[backend]


@pytest.mark.usefixtures("backend")
def test_transfer_with_a_wrong_auth_code_is_refused(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    add_foreign_domain(stack, domain)
    result = whmcs_call("TransferDomain", transfer_params_for(domain, "Wrong-Auth-123"))
    assert result.error is not None and "WRONG AUTH" in result.error.upper(), result.error
    with stack.sandbox.lock:
        assert domain not in stack.sandbox.worlds[stack.world].transfers
    assert stack.sandbox.money_count(domain) == 0


@pytest.mark.usefixtures("backend")
def test_transfer_of_a_locked_domain_is_refused(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    auth = add_foreign_domain(stack, domain, locked=True)
    result = whmcs_call("TransferDomain", transfer_params_for(domain, auth))
    assert result.error is not None
    wording = {"ispapi": "PROHIBITED BY STATUS (clientTransferProhibited)", "cnr": "clientTransferProhibited"}
    assert wording[stack.backend] in result.error, result.error
    assert stack.sandbox.money_count(domain) == 0


@pytest.mark.usefixtures("backend")
def test_renew_extends_the_expiry_by_the_period(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    result = whmcs_call("RenewDomain", renew_params_for(domain), objects=renew_objects(before))
    assert result.returned == {"success": True, "message": "Renewal succeeded."}
    assert {"message": f"{domain}: Renewal succeeded.", "userid": 0} in result.activity
    assert int(expiry_of(stack, domain)[:4]) == int(before[:4]) + 1
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 1


def test_renew_of_an_auto_renewing_tld_pays_the_renewal_instead(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    # .at answers RenewDomain with 510: PayDomainRenewal (docs/module-behaviour.md §3.7)
    domain = fresh_domain("at")
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    result = whmcs_call("RenewDomain", renew_params_for(domain), objects=renew_objects(before))
    assert result.returned == {"success": True, "message": "Renewal succeeded."}
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 0
    assert stack.sandbox.money_count(domain, command="PayDomainRenewal") == 1
    commands = [
        entry["command"]
        for entry in stack.sandbox.command_log
        if entry.get("params", {}).get("DOMAIN") == domain
    ]
    assert commands[-2:] == ["RenewDomain", "PayDomainRenewal"]


def test_renew_with_a_period_the_tld_does_not_offer_says_why(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("at")  # .at renews 1Y only
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    result = whmcs_call("RenewDomain", renew_params_for(domain, regperiod=2), objects=renew_objects(before))
    assert result.error is not None
    assert result.error.startswith("Renewal failed. (541 "), result.error
    assert {"message": f"{domain}: {result.error.split(' [ref')[0]}", "userid": 0} in result.activity
    assert expiry_of(stack, domain) == before


@pytest.mark.usefixtures("backend")
def test_renew_of_a_domain_not_in_the_account_fails(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    add_foreign_domain(stack, domain)
    result = whmcs_call("RenewDomain", renew_params_for(domain), objects=renew_objects("2027-01-01"))
    assert result.error is not None and result.error.startswith("Renewal failed. (5"), result.error
    assert stack.sandbox.money_count(domain) == 0
