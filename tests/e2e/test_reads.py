"""Nameservers, registrar lock, EPP code and GetDomainInformation end to end
(docs/module-behaviour.md §3.8-§3.12)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    add_foreign_domain,
    domain_params_for,
    expiry_of,
    fresh_domain,
    register_in_sandbox,
)

pytestmark = [pytest.mark.e2e, pytest.mark.php]

NO_NS: dict[str, Any] = {"ns3": "", "ns4": "", "ns5": ""}


@pytest.fixture
def domain(stack: E2EStack) -> str:
    """A .com domain in the reseller's OT&E account, registered directly through the sandbox API."""
    name = fresh_domain()
    register_in_sandbox(stack, name)
    return name


@pytest.mark.usefixtures("backend")
def test_get_nameservers_lists_the_registry_hosts(domain: str, whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("GetNameservers", domain_params_for(domain))
    assert result.returned == {"ns1": "ns1.e2e-dns.example", "ns2": "ns2.e2e-dns.example"}


@pytest.mark.usefixtures("backend")
def test_get_nameservers_of_a_domain_elsewhere_is_an_error(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    foreign = fresh_domain()
    add_foreign_domain(stack, foreign)
    result = whmcs_call("GetNameservers", domain_params_for(foreign))
    assert result.error is not None and result.error.startswith(f"Authorization failed; {foreign} [ref ")
    missing = fresh_domain()
    result = whmcs_call("GetNameservers", domain_params_for(missing))
    # The registry's own wording of code 545 (docs/cnr-protocol.md: CNR words it differently).
    wording = {"ispapi": "Object not found", "cnr": "Entity reference not found"}[stack.backend]
    assert result.error is not None and result.error.startswith(f"{wording}; {missing} [ref ")


@pytest.mark.usefixtures("backend")
def test_save_nameservers_changes_them_at_the_registry(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    params = domain_params_for(
        domain, ns1="ns1.moved.example", ns2="ns2.moved.example", ns3="ns3.moved.example"
    )
    result = whmcs_call("SaveNameservers", {**params, "ns4": "", "ns5": ""})
    assert result.returned == {"success": True}
    assert stack.domain(domain).nameservers == ["ns1.moved.example", "ns2.moved.example", "ns3.moved.example"]
    again = whmcs_call("GetNameservers", domain_params_for(domain))
    assert again.returned == {
        "ns1": "ns1.moved.example",
        "ns2": "ns2.moved.example",
        "ns3": "ns3.moved.example",
    }


@pytest.mark.usefixtures("backend")
def test_save_nameservers_with_an_invalid_host_changes_nothing(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    result = whmcs_call("SaveNameservers", domain_params_for(domain, ns1="not a host", ns2="", **NO_NS))
    assert result.error is not None
    assert result.error.startswith("ns1 is not a valid host name: 'not a host' [ref "), result.error
    assert stack.domain(domain).nameservers == ["ns1.e2e-dns.example", "ns2.e2e-dns.example"]


@pytest.mark.usefixtures("backend")
def test_registrar_lock_round_trip(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    assert whmcs_call("GetRegistrarLock", domain_params_for(domain)).returned == "unlocked"
    locked = whmcs_call("SaveRegistrarLock", domain_params_for(domain, lockenabled="locked"))
    assert locked.returned == {"success": f"{domain}: Successfully set registrar lock."}
    assert {"message": f"{domain}: Successfully set registrar lock.", "userid": 0} in locked.activity
    assert stack.domain(domain).transfer_lock is True
    assert whmcs_call("GetRegistrarLock", domain_params_for(domain)).returned == "locked"
    unlocked = whmcs_call("SaveRegistrarLock", domain_params_for(domain, lockenabled="unlocked"))
    assert unlocked.returned == {"success": f"{domain}: Successfully removed registrar lock."}
    assert stack.domain(domain).transfer_lock is False


@pytest.mark.usefixtures("backend")
def test_registrar_lock_of_a_domain_elsewhere(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    foreign = fresh_domain()
    add_foreign_domain(stack, foreign)
    got = whmcs_call("GetRegistrarLock", domain_params_for(foreign))
    assert got.error is not None and got.error.startswith("Domain Name not found. [ref ")
    saved = whmcs_call("SaveRegistrarLock", domain_params_for(foreign, lockenabled="locked"))
    assert saved.error is not None
    assert saved.error.startswith(
        f"{foreign}: Unable to set registrar lock. [Authorization failed; {foreign}]"
    )
    assert stack.domain(foreign).transfer_lock is False


@pytest.mark.usefixtures("backend")
def test_get_epp_code_returns_the_registry_code(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("GetEPPCode", domain_params_for(domain))
    assert result.returned == {"eppcode": stack.domain(domain).auth_code}
    assert result.activity == [{"message": f"{domain}: Successfully loaded the epp code.", "userid": 0}]


def test_get_epp_code_of_a_locked_fi_domain_asks_to_unlock_first(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    fi = fresh_domain("fi")
    register_in_sandbox(stack, fi, transferlock=1, **{"x-fi-accept-registration-tac": 1})
    locked = whmcs_call("GetEPPCode", domain_params_for(fi))
    assert locked.error is not None
    assert locked.error.startswith("Failed loading the epp code. Please unlock this domain name first.")
    # Unlocking a .fi domain sets a fresh auth code (docs/module-behaviour.md §3.10); GetEPPCode then shows
    # it.
    old = stack.domain(fi).auth_code
    assert whmcs_call("SaveRegistrarLock", domain_params_for(fi, lockenabled="unlocked")).error is None
    new = stack.domain(fi).auth_code
    assert new != old and len(new) == 11
    assert whmcs_call("GetEPPCode", domain_params_for(fi)).returned == {"eppcode": new}


@pytest.mark.usefixtures("backend")
def test_get_epp_code_of_a_domain_elsewhere(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    foreign = fresh_domain()
    add_foreign_domain(stack, foreign)
    result = whmcs_call("GetEPPCode", domain_params_for(foreign))
    assert result.error is not None
    assert result.error.startswith(f"Failed loading the epp code (Authorization failed; {foreign}). [ref ")


@pytest.mark.usefixtures("backend")
def test_domain_information_is_a_registrar_domain_object(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    result = whmcs_call("GetDomainInformation", domain_params_for(domain))
    info = result.returned
    assert result.exception is None
    assert info["__class__"] == "WHMCS\\Domain\\Registrar\\Domain"
    assert info["domain"] == domain
    assert info["nameservers"] == {"ns1": "ns1.e2e-dns.example", "ns2": "ns2.e2e-dns.example"}
    assert info["transferLock"] is False
    assert info["registrationStatus"] == "Active"
    assert info["expiryDate"]["__class__"] == "WHMCS\\Carbon"
    assert info["expiryDate"]["date"][:10] == expiry_of(stack, domain)
    # WHMCS asks for IRTP verification when one of these registrant fields changes.
    triggers = info["irtpVerificationTriggerFields"]["Registrant"]
    assert {"First Name", "Last Name"} <= set(triggers) and len(triggers) == 4


@pytest.mark.usefixtures("backend")
def test_domain_information_of_a_domain_elsewhere_throws_for_whmcs(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    foreign = fresh_domain()
    add_foreign_domain(stack, foreign)
    result = whmcs_call("GetDomainInformation", domain_params_for(foreign))
    assert result.returned is None  # throw mode (docs/whmcs.md §4.5): WHMCS shows the message
    assert result.exception is not None
    assert result.exception["message"].startswith(
        "Domain no longer in management - probably transferred away."
    )
