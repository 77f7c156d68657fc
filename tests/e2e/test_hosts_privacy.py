"""Private nameservers, ID protection, the WHOIS privacy pages and Web Apps end to end: real php shim ->
bridge -> sandbox (docs/module-behaviour.md §3.13, §3.14, §3.26, §9.4, §9.5). Happy path and main failure of
each."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.registry.zone import NO_WEB_APPS
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, add_foreign_domain, domain_params_for, fresh_domain, register_in_sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.php]

TRUSTEE = "X-ACCEPT-WHOISTRUSTEE-TAC"
TOKEN = "google-site-verification=e2eTOKEN123"


@pytest.fixture
def domain(stack: E2EStack) -> str:
    name = fresh_domain()
    register_in_sandbox(stack, name)
    return name


def id_protected(stack: E2EStack, name: str) -> bool:
    """The registrar's ID protection as the sandbox holds it: ISPAPI's WHOISTRUSTEE, CNR's X-WHOISPRIVACY."""
    record = stack.domain(name)
    if stack.backend == "cnr":
        return bool(record.extensions.get("X-WHOISPRIVACY") == "1")
    return bool(record.whois_trustee)


# .ca registrations need a legal type; CNR spells the extension differently (sandbox/cnr/extensions.toml).
CA_LEGAL_TYPE = {"ispapi": "X-CA-LEGALTYPE", "cnr": "X-CA-LEGAL-TYPE"}
# Registry WHOIS privacy (.ca/.se/.nz) has no CNR parameter: the pages say so (app/backends/cnr/contacts.py).
NOT_OFFERED = "cannot be switched through CentralNic Reseller"


def register_ca(stack: E2EStack, name: str, legal_type: str) -> None:
    register_in_sandbox(stack, name, **{CA_LEGAL_TYPE[stack.backend]: legal_type})


def assert_not_offered(stack: E2EStack, whmcs_call: WhmcsCall, page: str, name: str) -> None:
    """On CNR the registry-privacy page says plainly that it cannot switch, and a POST changes nothing."""
    posted = whmcs_call(page, domain_params_for(name, companyname=""), post={"idprotection": "disable"})
    assert posted.returned["templatefile"] == "templates/whoisprivacy_registry", posted.returned
    assert NOT_OFFERED in posted.returned["vars"]["unavailable"]
    assert posted.returned["vars"]["successful"] == "" and not posted.returned["vars"]["protectable"]
    assert not any(key.endswith("DISCLOSE") for key in stack.domain(name).extensions)


def host(stack: E2EStack, name: str) -> Any:
    with stack.sandbox.lock:
        return stack.sandbox.worlds[stack.world].hosts.get(name)


# ---- private nameservers ---------------------------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_private_nameserver_life_cycle(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    ns = f"ns1.{domain}"
    added = whmcs_call("RegisterNameserver", domain_params_for(domain, nameserver=ns, ipaddress="192.0.2.53"))
    assert added.returned == {"success": "success"}
    assert host(stack, ns).ips == ["192.0.2.53"]
    listed = whmcs_call("pnslist", domain_params_for(domain))
    assert listed.returned["templatefile"] == "templates/pnslist"
    assert listed.returned["vars"]["hosts"] == [{"hostname": ns, "ips": ["192.0.2.53"]}]
    params = domain_params_for(
        domain, nameserver=ns, currentipaddress="192.0.2.53", newipaddress="2001:db8::53"
    )
    assert whmcs_call("ModifyNameserver", params).returned == {"success": "success"}
    assert host(stack, ns).ips == ["2001:db8::53"]
    assert whmcs_call("DeleteNameserver", domain_params_for(domain, nameserver=ns)).returned == {
        "success": "success"
    }
    assert host(stack, ns) is None
    assert whmcs_call("pnslist", domain_params_for(domain)).returned["vars"]["hosts"] == []


@pytest.mark.usefixtures("backend")
def test_private_nameserver_registry_errors(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    ns = f"ns1.{domain}"
    whmcs_call("RegisterNameserver", domain_params_for(domain, nameserver=ns, ipaddress="192.0.2.53"))
    again = whmcs_call("RegisterNameserver", domain_params_for(domain, nameserver=ns, ipaddress="192.0.2.54"))
    assert again.error is not None, again.error
    # Each registry's own wording of "exists already" and "not found" (docs/cnr-protocol.md).
    exists = {
        "ispapi": f"Attribute value is not unique; nameserver {ns}",
        "cnr": f"Attribute value is not unique; name server {ns}",
    }[stack.backend]
    not_found = {"ispapi": "Object not found", "cnr": "Entity reference not found"}[stack.backend]
    assert again.error.startswith(f"{exists} [ref "), again.error
    missing = f"ns7.{domain}"
    params = domain_params_for(
        domain, nameserver=missing, currentipaddress="192.0.2.1", newipaddress="192.0.2.2"
    )
    modified = whmcs_call("ModifyNameserver", params)
    assert modified.error is not None and modified.error.startswith(not_found), modified.error
    deleted = whmcs_call("DeleteNameserver", domain_params_for(domain, nameserver=missing))
    assert deleted.error is not None and deleted.error.startswith(not_found), deleted.error


@pytest.mark.usefixtures("backend")
def test_private_nameserver_bad_input_never_reaches_the_registry(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    outside = whmcs_call(
        "RegisterNameserver", domain_params_for(domain, nameserver="ns1.example.org", ipaddress="192.0.2.1")
    )
    assert outside.error is not None
    assert outside.error.startswith(f"nameserver ns1.example.org is not a host name under {domain}"), (
        outside.error
    )
    bad_ip = whmcs_call(
        "RegisterNameserver", domain_params_for(domain, nameserver=f"ns1.{domain}", ipaddress="300.1.1.1")
    )
    assert bad_ip.error is not None and bad_ip.error.startswith(
        "ipaddress is not a valid IP address: '300.1.1.1'"
    )
    assert host(stack, f"ns1.{domain}") is None and host(stack, "ns1.example.org") is None


@pytest.mark.usefixtures("backend")
def test_pnslist_of_a_foreign_domain_shows_the_error_page(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    foreign = fresh_domain()
    add_foreign_domain(stack, foreign)
    page = whmcs_call("pnslist", domain_params_for(foreign))
    assert page.returned["templatefile"] == "templates/error"
    assert page.returned["vars"]["error"].startswith("Authorization failed")


# ---- ID protection -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_id_protect_toggle(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    on = whmcs_call("IDProtectToggle", domain_params_for(domain, protectenable=True))
    assert on.returned == {"success": f"{domain}: ID protection activated"}
    assert id_protected(stack, domain) is True
    off = whmcs_call("IDProtectToggle", domain_params_for(domain, protectenable=False))
    assert off.returned == {"success": f"{domain}: ID protection deactivated"}
    assert id_protected(stack, domain) is False


@pytest.mark.usefixtures("backend")
def test_id_protect_toggle_where_the_tld_has_no_privacy_service(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    name = fresh_domain("ca")
    register_ca(stack, name, "CCT")
    result = whmcs_call("IDProtectToggle", domain_params_for(name, protectenable=True))
    assert result.error is not None and "WHOIS privacy is not offered for this" in result.error, result.error


@pytest.mark.usefixtures("backend")
def test_whoisprivacy_page(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    params = domain_params_for(domain, idprotection=True)
    shown = whmcs_call("whoisprivacy", params)
    assert shown.returned["templatefile"] == "templates/whoisprivacy"
    assert shown.returned["vars"]["protected"] is False and shown.returned["vars"]["can_enable"] is True
    enabled = whmcs_call("whoisprivacy", params, post={"idprotection": "enable"})
    assert (
        enabled.returned["vars"]["protected"] is True and enabled.returned["vars"]["successful"] == "enabled"
    )
    assert id_protected(stack, domain) is True
    disabled = whmcs_call("whoisprivacy", params, post={"idprotection": "disable"})
    assert disabled.returned["vars"]["protected"] is False
    assert id_protected(stack, domain) is False


@pytest.mark.usefixtures("backend")
def test_whoisprivacy_page_refuses_enabling_without_the_addon(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    page = whmcs_call(
        "whoisprivacy", domain_params_for(domain, idprotection=False), post={"idprotection": "enable"}
    )
    assert page.returned["templatefile"] == "templates/error"
    assert page.returned["vars"]["error"].startswith("ID protection is not active for this domain")
    assert id_protected(stack, domain) is False


# ---- registry WHOIS privacy (.ca, .se, .nz) ----------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_ca_registry_privacy_for_an_individual(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    name = fresh_domain("ca")
    register_ca(stack, name, "CCT")
    if stack.backend == "cnr":
        assert_not_offered(stack, whmcs_call, "whoisprivacy_ca", name)
        return
    shown = whmcs_call("whoisprivacy_ca", domain_params_for(name))
    assert shown.returned["templatefile"] == "templates/whoisprivacy_registry"
    assert shown.returned["vars"]["protectable"] is True and shown.returned["vars"]["protected"] is True
    disclosed = whmcs_call("whoisprivacy_ca", domain_params_for(name), post={"idprotection": "disable"})
    assert disclosed.returned["vars"]["protected"] is False
    assert stack.domain(name).extensions["X-CA-DISCLOSE"] == "1"
    protected = whmcs_call("whoisprivacy_ca", domain_params_for(name), post={"idprotection": "enable"})
    assert protected.returned["vars"]["protected"] is True
    assert stack.domain(name).extensions["X-CA-DISCLOSE"] == "0"


def test_ca_registry_privacy_is_refused_for_a_corporation(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    """docs/module-behaviour.md §13.5: 5.1.12 hid the button for organisations but executed a forged POST."""
    name = fresh_domain("ca")
    register_in_sandbox(stack, name, **{"X-CA-LEGALTYPE": "CCO"})
    shown = whmcs_call("whoisprivacy_ca", domain_params_for(name))
    assert shown.returned["vars"]["protectable"] is False
    forged = whmcs_call("whoisprivacy_ca", domain_params_for(name), post={"idprotection": "enable"})
    assert forged.returned["templatefile"] == "templates/error"
    assert "individuals only" in forged.returned["vars"]["error"]
    assert "X-CA-DISCLOSE" not in stack.domain(name).extensions


@pytest.mark.usefixtures("backend")
def test_se_and_nz_registry_privacy(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    if stack.backend == "cnr":
        for tld in ("se", "nz"):
            name = fresh_domain(tld)
            register_in_sandbox(stack, name)
            assert_not_offered(stack, whmcs_call, f"whoisprivacy_{tld}", name)
        return
    se = fresh_domain("se")
    register_in_sandbox(
        stack, se, **{"X-NICSE-IDNUMBER": "19800101-1234", "X-SE-ACCEPT-REGISTRATION-TAC": "1"}
    )
    done = whmcs_call(
        "whoisprivacy_se", domain_params_for(se, companyname=""), post={"idprotection": "disable"}
    )
    assert done.returned["vars"]["successful"] == "disabled", done.returned
    assert stack.domain(se).extensions["X-NICSE-DISCLOSE"] == "1"
    nz = fresh_domain("nz")
    register_in_sandbox(stack, nz)
    page = whmcs_call(
        "whoisprivacy_nz", domain_params_for(nz, companyname=""), post={"idprotection": "disable"}
    )
    assert page.returned["vars"]["protected"] is False and stack.domain(nz).extensions["X-DISCLOSE"] == "1"
    company = whmcs_call(
        "whoisprivacy_nz", domain_params_for(nz, companyname="Kiwi Ltd"), post={"idprotection": "enable"}
    )
    assert company.returned["templatefile"] == "templates/error"
    assert stack.domain(nz).extensions["X-DISCLOSE"] == "1"


# ---- Web Apps ------------------------------------------------------------------------------------------


def webapps(whmcs_call: WhmcsCall, stack: E2EStack, domain: str, post: dict[str, Any] | None = None) -> Any:
    params = domain_params_for(domain, dnsmanagement=True)
    return whmcs_call("webapps", params, config=stack.module_config(WebApps="on"), post=post or {})


@pytest.fixture
def webapps_allowed(stack: E2EStack) -> Any:
    if stack.backend == "cnr":  # no Web Apps at CNR: nothing to allow
        yield
        return
    reply = stack.api(
        "SetEnvironment",
        environmentkey0="_cp3/config_subuser",
        environmentname0="enable_webapps",
        environmentvalue0="true",
    )
    assert reply["code"] == 200, reply
    yield
    stack.api("SetEnvironment", environmentkey0="_cp3/config_subuser", environmentname0="enable_webapps")


@pytest.mark.usefixtures("backend")
def test_webapps_connect_and_disconnect_gsuite(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall, webapps_allowed: Any
) -> None:
    overview = webapps(whmcs_call, stack, domain)
    if stack.backend == "cnr":  # the page says plainly that CNR has no equivalent
        assert overview.returned["templatefile"] == "templates/error"
        assert overview.returned["vars"]["error"].startswith(NO_WEB_APPS), overview.returned
        return
    assert overview.returned["templatefile"] == "templates/webapps"
    assert overview.returned["vars"]["dnszone_missing"] is True
    assert overview.returned["vars"]["apps"][0]["connected"] is False
    connected = webapps(
        whmcs_call, stack, domain, {"subaction": "doconnect", "webapp": "gsuite", "watoken": TOKEN}
    )
    assert connected.returned["vars"]["successful"] == "G Suite connected"
    assert connected.returned["vars"]["apps"][0]["connected"] is True
    rrs = stack.api("QueryDNSZoneRRList", dnszone=f"{domain}.", extended=1, short=1)["properties"]["RR"]
    assert any("X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net." in rr for rr in rrs)
    assert any(f'TXT "{TOKEN}"' in rr for rr in rrs)
    stored = stack.api("GetEnvironment", environmentkey0="_cp3/config/webapps", environmentname0="gsuite")
    assert json.loads(stored["properties"]["ENVIRONMENTVALUE"][0]) == {"token": TOKEN}
    gone = webapps(whmcs_call, stack, domain, {"subaction": "dodisconnect", "webapp": "gsuite"})
    assert gone.returned["vars"]["apps"][0]["connected"] is False
    rrs = stack.api("QueryDNSZoneRRList", dnszone=f"{domain}.", extended=1, short=1)["properties"].get(
        "RR", []
    )
    assert not any("WEBAPP" in rr or TOKEN in rr for rr in rrs)


def test_webapps_failures(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    # the demo reseller is no direct customer and its environment does not enable Web Apps
    denied = webapps(whmcs_call, stack, domain)
    assert denied.returned["templatefile"] == "templates/error"
    assert denied.returned["vars"]["error"].startswith("Web Apps are not available for this reseller account")
    invalid = webapps(whmcs_call, stack, domain, {"subaction": "hack", "webapp": "gsuite"})
    assert invalid.returned["vars"]["error"].startswith("Invalid access.")


def test_webapps_bad_token_is_refused(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall, webapps_allowed: Any
) -> None:
    page = webapps(
        whmcs_call, stack, domain, {"subaction": "doconnect", "webapp": "gsuite", "watoken": 'x" evil'}
    )
    assert page.returned["templatefile"] == "templates/error"
    assert page.returned["vars"]["error"].startswith("Verification token must be")
    assert stack.api("StatusDNSZone", dnszone=f"{domain}.")["code"] == 545  # nothing created
