"""Contacts, owner changes, trade costs, IRTP resend and the Change-of-Registrant pages end to end:
php (the real shim) -> bridge -> sandbox. Each function: its happy path and its main failure."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, domain_params_for, fresh_domain, register_in_sandbox

# What AddDomain of these TLDs needs in the sandbox besides contacts (registration terms, legal type), per
# backend: CNR names its extensions differently (sandbox/cnr/extensions.toml).
REGISTER_EXTRAS: dict[str, dict[str, dict[str, Any]]] = {
    "ispapi": {
        "it": {
            "X-IT-ACCEPT-LIABILITY-TAC": 1,
            "X-IT-ACCEPT-REGISTRATION-TAC": 1,
            "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC": 1,
            "X-IT-ACCEPT-EXPLICIT-TAC": 1,
        },
        "se": {"X-SE-ACCEPT-REGISTRATION-TAC": 1, "X-NICSE-IDNUMBER": "19800101-1234"},
        "ca": {"X-CA-LEGALTYPE": "CCT"},
    },
    "cnr": {"it": {}, "se": {}, "ca": {"X-CA-LEGAL-TYPE": "CCT"}},
}

pytestmark = [pytest.mark.e2e, pytest.mark.php]

DA = "Check to act as Designated Agent for all contact changes."  # the option text contains the phrase


def registrant_tab(**overrides: str) -> dict[str, Any]:
    tab = {
        "First Name": "Read",
        "Last Name": "Tester",
        "Company Name": "",
        "Email Address": "read@example.net",
        "Address 1": "1 Test Street",
        "Address 2": "",
        "City": "Berlin",
        "State": "",
        "Postcode": "10115",
        "Country": "DE",
        "Phone Number": "+49.301234567",
        "Fax Number": "",
    }
    tab.update(overrides)
    return tab


def save_params(domain: str, **registrant: str) -> dict[str, Any]:
    details = {
        "Registrant": registrant_tab(**registrant),
        "Admin": registrant_tab(),
        "Technical": registrant_tab(),
    }
    return domain_params_for(domain, contactdetails=details, irtpOptOut="")


def owner_fields(stack: E2EStack, domain: str) -> dict[str, str]:
    with stack.sandbox.lock:
        world = stack.sandbox.worlds[stack.world]
        handle = world.domains[domain].contacts["OWNERCONTACT"][0]
        return dict(world.contacts[handle].fields)


# A ccTLD trade: the ISPAPI sandbox completes it at once; CNR's when the registry has (days later), so
# SaveContactDetails answers "pending" there.
TRADE_PENDING = {"ispapi": False, "cnr": True}


def trade_price(stack: E2EStack, tld: str) -> str:
    """The account's owner-change price of `tld` as the activity log quotes it ("6.90 EUR")."""
    if stack.backend == "cnr":
        row = stack.api("QueryZoneList", zone=tld)["properties"]
        return f"{row['TRADE'][0]} {row['CURRENCY'][0]}"
    return "6.90 EUR"  # the sandbox's StatusUser relations for .eu


@pytest.mark.usefixtures("backend")
def test_get_contact_details(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("GetContactDetails", domain_params_for(domain))
    assert result.error is None
    registrant = result.returned["Registrant"]
    assert registrant["First Name"] == "Read" and registrant["Phone Number"] == "+49.301234567"
    assert set(result.returned) == {"Registrant", "Admin", "Technical", "Billing"}


@pytest.mark.usefixtures("backend")
def test_get_contact_details_of_a_foreign_domain_fails(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("GetContactDetails", domain_params_for(fresh_domain()))
    assert result.error is not None and "[ref " in result.error


@pytest.mark.usefixtures("backend")
def test_save_contact_details_updates_the_registry(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    params = save_params(domain, City="Hamburg", **{"Phone Number": "+49 40 1234567"})
    result = whmcs_call("SaveContactDetails", params)
    assert result.returned == {"success": True}, result.returned
    fields = owner_fields(stack, domain)
    assert fields["CITY"] == "Hamburg" and fields["PHONE"] == "+49.401234567"


@pytest.mark.usefixtures("backend")
def test_save_contact_details_bad_phone_is_refused_before_the_registry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("SaveContactDetails", save_params(domain, **{"Phone Number": "call me maybe"}))
    assert result.error is not None and result.error.startswith("Registrant Phone Number is invalid")
    assert owner_fields(stack, domain)["PHONE"] == "+49.301234567"


@pytest.mark.usefixtures("backend")
def test_icann_trade_as_designated_agent(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    config = stack.module_config(IRTP=DA)
    result = whmcs_call("SaveContactDetails", save_params(domain, **{"Last Name": "Newowner"}), config=config)
    assert result.returned.get("success") is True, result.returned
    assert owner_fields(stack, domain)["LASTNAME"] == "Newowner"
    assert any("Change of Registrant" in str(line) for line in result.activity), result.activity


@pytest.mark.usefixtures("backend")
def test_cctld_trade_costs_are_logged_and_in_the_ledger(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("eu")
    register_in_sandbox(stack, domain)
    params = save_params(domain, **{"Last Name": "Buyer"})
    params["additionalfields"] = {"Registrant Citizenship": "DE"}
    result = whmcs_call("SaveContactDetails", params, config=stack.module_config(TradeCostTodo="on"))
    assert result.returned.get("success") is True, (result.returned, result.activity)
    if TRADE_PENDING[stack.backend]:
        assert result.returned.get("pending") is True, result.returned
        with stack.sandbox.lock:
            trade = stack.sandbox.worlds[stack.world].trades[domain]
            assert trade.status == "REQUESTED" and trade.new_owner_contact != trade.old_owner_contact
    else:
        assert owner_fields(stack, domain)["LASTNAME"] == "Buyer"
    price = trade_price(stack, "eu")
    cost_lines = [str(line["message"]) for line in result.activity if "costs" in str(line)]
    assert cost_lines and cost_lines[0].startswith(f"{domain}: Change of Registrant (trade) costs {price}")
    todo = [row for row in result.db_after.get("tbltodolist", []) if domain in str(row.get("title"))]
    assert todo, result.db_after.get("tbltodolist")
    ledger = stack.bridge.run_cli("ledger", "--csv")
    assert ledger.returncode == 0, ledger.stderr
    amount, currency = price.split()
    rows = [line for line in ledger.stdout.splitlines() if line.split(",")[1] == domain]
    assert any(f",{amount},{currency}," in line for line in rows), ledger.stdout


def verification_pending(stack: E2EStack, domain: str) -> None:
    """The registrant's email awaits verification: ISPAPI keeps that per domain, CNR per contact."""
    with stack.sandbox.lock:
        world = stack.sandbox.worlds[stack.world]
        if stack.backend == "cnr":
            world.contacts[world.domains[domain].contacts["OWNERCONTACT"][0]].verified = False
        else:
            world.domains[domain].registrant_verification = {
                "STATUS": "PENDING",
                "DUEDATE": "2099-01-01 00:00:00",
            }


def verified(stack: E2EStack, domain: str) -> str:
    """Mark the registrant verified; returns what the refused resend says. CNR verifies an email address:
    every contact of the account with the registrant's address counts."""
    if stack.backend == "cnr":
        with stack.sandbox.lock:
            world = stack.sandbox.worlds[stack.world]
            email = world.contacts[world.domains[domain].contacts["OWNERCONTACT"][0]].fields["EMAIL"]
            for contact in world.contacts.values():
                if contact.fields.get("EMAIL") == email:
                    contact.verified = True
        return "is already verified"
    assert stack.api("ModifyDomain", domain=domain, **{"registrant-verified": 1})["code"] == 200
    return "no registrant verification pending [ref "


@pytest.mark.usefixtures("backend")
def test_resend_irtp_verification_email(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    verification_pending(stack, domain)
    result = whmcs_call("ResendIRTPVerificationEmail", domain_params_for(domain))
    assert result.returned == {"success": True}


@pytest.mark.usefixtures("backend")
def test_resend_without_pending_verification_fails(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    refusal = verified(stack, domain)
    result = whmcs_call("ResendIRTPVerificationEmail", domain_params_for(domain))
    assert result.error is not None and refusal in result.error, result.error


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(
    ("page", "tld"),
    [
        ("registrantmodification_it", "it"),
        ("registrantmodification_tld", "se"),
        ("registrantmodification_ca", "ca"),
    ],
)
def test_registrant_pages_show_the_current_registrant(
    stack: E2EStack, whmcs_call: WhmcsCall, page: str, tld: str
) -> None:
    domain = fresh_domain(tld)
    register_in_sandbox(stack, domain, **REGISTER_EXTRAS[stack.backend][tld])
    result = whmcs_call(page, domain_params_for(domain))
    assert result.returned["templatefile"] == f"templates/{page}"
    values = result.returned["vars"]["values"]
    assert values["First Name"] == "Read"


@pytest.mark.usefixtures("backend")
def test_registrant_page_trade_and_its_failure(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("se")
    register_in_sandbox(stack, domain, **REGISTER_EXTRAS[stack.backend]["se"])
    post = {"submit": "1", "contactdetails": {"Registrant": registrant_tab(**{"Last Name": "Svensson"})}}
    refused = whmcs_call("registrantmodification_tld", domain_params_for(domain), post=post)
    assert refused.returned["vars"]["error"].startswith("Please confirm that you will send the form back")
    post["se-checkbox"] = "1"
    post["additionalfields"] = {"Agreement": "on", "Fax required": "on", "ID Number": "19800101-1234"}
    done = whmcs_call("registrantmodification_tld", domain_params_for(domain), post=post)
    assert "error" not in done.returned["vars"], done.returned["vars"].get("error")
    assert done.returned["vars"]["successful"]


# The .ca legal type as each registry names it in StatusDomain.
CA_LEGAL_TYPE = {"ispapi": "X-CA-LEGALTYPE", "cnr": "X-CA-LEGAL-TYPE"}


@pytest.mark.usefixtures("backend")
def test_ca_page_reads_and_changes_the_legal_type(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain("ca")
    register_in_sandbox(stack, domain, **REGISTER_EXTRAS[stack.backend]["ca"])
    shown = whmcs_call("registrantmodification_ca", domain_params_for(domain))
    assert shown.returned["vars"]["posted"]["Legal Type"] == "CCT"
    canadian = registrant_tab(City="Ottawa", State="ON", Postcode="K1A 0B1", Country="CA")
    post = {
        "submit": "1",
        "contactdetails": {"Registrant": canadian},
        "additionalfields": {"Legal Type": "RES"},
    }
    done = whmcs_call("registrantmodification_ca", domain_params_for(domain), post=post)
    assert "error" not in done.returned["vars"], done.returned["vars"].get("error")
    assert done.returned["vars"]["posted"]["Legal Type"] == "RES"
    status = stack.api("StatusDomain", domain=domain)["properties"]
    assert status[CA_LEGAL_TYPE[stack.backend]] == ["RES"]
