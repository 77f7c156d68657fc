"""DNS records, e-mail forwarding and the DNSSEC page end to end: real php shim -> bridge -> sandbox
(docs/module-behaviour.md §9.1-§9.3), on both registry backends. Each function: its happy path, its main
failure as the reseller reads it, and bad input refused before anything reaches the registry.

ISPAPI keeps web and mail forwards in the zone (X-HTTP, X-SMTP); CNR keeps them as objects of their own,
forwards whole host names only (no path) and has no maxSigLife setting."""

from __future__ import annotations

from typing import Any

import pytest

from app.registry.zone import NO_MAX_SIG_LIFE
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, add_foreign_domain, domain_params_for, fresh_domain, register_in_sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.php]

DIGEST = "2BB183AF5F22588179A53B0A98631FAD1A292118"
PUBKEY = "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh"


def row(hostname: str, rtype: str, address: str, priority: str = "N/A", **extra: str) -> dict[str, str]:
    return {
        "hostname": hostname,
        "type": rtype,
        "address": address,
        "priority": priority,
        "recid": "",
        **extra,
    }


def zone_records(stack: E2EStack, domain: str) -> list[str]:
    """The zone's records with relative owners (ISPAPI: with its pseudo records)."""
    extended = {"extended": 1, "short": 1} if stack.backend == "ispapi" else {}
    reply = stack.api("QueryDNSZoneRRList", dnszone=f"{domain}.", **extended)
    assert reply["code"] == 200, reply
    return list(reply["properties"].get("RR", []))


def zone_version(stack: E2EStack, domain: str) -> tuple[int, object]:
    """The zone's serial and last change in the sandbox: any zone write moves them."""
    with stack.sandbox.lock:
        zone = stack.sandbox.worlds[stack.world].zones[f"{domain}."]
        return zone.soa_serial, zone.updated_at


def mail_forwards_at_cnr(stack: E2EStack, domain: str) -> list[str]:
    reply = stack.api("QueryMailFwdList", dnszone=domain, wide=1)
    assert reply["code"] == 200, reply
    return [
        f"{a} -> {t}" for a, t in zip(reply["properties"]["FROM"], reply["properties"]["TO"], strict=True)
    ]


@pytest.fixture
def domain(stack: E2EStack) -> str:
    """A .com domain of the reseller with a DNS zone (ISPAPI: INTERNALDNS=1; CNR: AddDNSZone)."""
    name = fresh_domain()
    if stack.backend == "cnr":
        register_in_sandbox(stack, name)
        assert stack.api("AddDNSZone", dnszone=name)["code"] == 200
    else:
        register_in_sandbox(stack, name, internaldns=1)
    return name


@pytest.mark.usefixtures("backend")
def test_save_and_get_dns_round_trip(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    go = "go/docs" if stack.backend == "ispapi" else "go"  # CNR forwards whole host names
    records = [
        row("@", "A", "192.0.2.10", ttl="600"),
        row("@", "A", "192.0.2.10"),  # duplicate: sent once
        row("www", "CNAME", domain),
        row("v6", "AAAA", "2001:db8::10"),
        row("@", "MX", "mx1.example.net", "10"),
        row("backup", "MXE", "192.0.2.25", "20"),
        row("@", "TXT", '"v=spf1 -all"'),
        row("_sip._tcp", "SRV", "60 5060 sip.example.net", "10"),
        row(go, "URL", "https://docs.example.net/"),
        row("frame", "FRAME", "http://framed.example.net"),
        row("", "A", ""),  # WHMCS's empty "new" row
    ]
    saved = whmcs_call("SaveDNS", {**domain_params_for(domain), "dnsrecords": records})
    assert saved.returned == {"success": "success"}
    assert {"message": f"{domain}: DNS zone updated (10 records)", "userid": 0} in saved.activity
    got = whmcs_call("GetDNS", domain_params_for(domain))
    shown = {(r["hostname"], r["type"], r["address"], r["priority"], r["ttl"]) for r in got.returned}
    assert shown == {
        ("@", "A", "192.0.2.10", "", "600"),
        ("www", "CNAME", domain, "", "3600"),
        ("v6", "AAAA", "2001:db8::10", "", "3600"),
        ("@", "MX", "mx1.example.net", "10", "3600"),
        ("backup", "MXE", "192.0.2.25", "20", "3600"),
        ("@", "TXT", '"v=spf1 -all"', "", "3600"),
        ("_sip._tcp", "SRV", "60 5060 sip.example.net", "10", "3600"),
        (go, "URL", "https://docs.example.net/", "", "3600"),
        ("frame", "FRAME", "http://framed.example.net", "", "3600"),
    }
    # what GetDNS showed can be saved back unchanged (the form round trip)
    again = whmcs_call("SaveDNS", {**domain_params_for(domain), "dnsrecords": got.returned})
    assert again.returned == {"success": "success"}
    assert len(whmcs_call("GetDNS", domain_params_for(domain)).returned) == 9


@pytest.mark.usefixtures("backend")
def test_save_dns_keeps_mail_forwards(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    forwards = {"prefix": ["info"], "forwardto": ["owner@example.org"]}
    assert whmcs_call("SaveEmailForwarding", {**domain_params_for(domain), **forwards}).returned == {
        "success": "success"
    }
    whmcs_call("SaveDNS", {**domain_params_for(domain), "dnsrecords": [row("@", "A", "192.0.2.1")]})
    assert whmcs_call("GetEmailForwarding", domain_params_for(domain)).returned == [
        {"prefix": "info", "forwardto": "owner@example.org"}
    ]


@pytest.mark.usefixtures("backend")
def test_save_dns_creates_a_missing_zone(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    name = fresh_domain()
    register_in_sandbox(stack, name)  # no zone yet
    assert whmcs_call("GetDNS", domain_params_for(name)).returned == []
    saved = whmcs_call("SaveDNS", {**domain_params_for(name), "dnsrecords": [row("www", "A", "192.0.2.7")]})
    assert saved.returned == {"success": "success"}
    assert {"message": f"{name}: DNS zone created", "userid": 0} in saved.activity
    assert "www 3600 IN A 192.0.2.7" in zone_records(stack, name)


@pytest.mark.usefixtures("backend")
def test_get_dns_creates_the_zone_when_dns_management_was_ordered(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    name = fresh_domain()
    register_in_sandbox(stack, name)
    result = whmcs_call("GetDNS", domain_params_for(name, dnsmanagement=True))
    # a new zone holds only the registry's defaults (NS hidden; the MX of the mail-forwarding service)
    assert all(r["address"] == "mx.ispapi.net" for r in result.returned), result.returned
    assert stack.api("StatusDNSZone", dnszone=f"{name}.")["code"] == 200


def foreign_zone(stack: E2EStack) -> str:
    """A domain and its DNS zone held by another account of the registry."""
    from sandbox.world.zones import create_zone

    name = fresh_domain()
    add_foreign_domain(stack, name)
    with stack.sandbox.lock:
        world = stack.sandbox.worlds[stack.world]
        create_zone(world, name, world.domains[name].owner, stack.sandbox.clock.now())
    return name


@pytest.mark.usefixtures("backend")
def test_dns_of_a_domain_of_another_account_is_refused(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    foreign = foreign_zone(stack)
    got = whmcs_call("GetDNS", domain_params_for(foreign))
    # The registries name the refused object differently.
    refused = {"ispapi": f"zone {foreign}.", "cnr": f"{foreign}."}[stack.backend]
    assert got.error is not None and got.error.startswith(f"Authorization failed; {refused} [ref "), got.error
    saved = whmcs_call("SaveDNS", {**domain_params_for(foreign), "dnsrecords": [row("@", "A", "192.0.2.1")]})
    assert saved.error is not None and saved.error.startswith("Authorization failed"), saved.error


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(
    ("record", "message"),
    [
        (row("bad host!", "A", "192.0.2.1"), "dnsrecords[0]: hostname is not a valid host name: 'bad host!'"),
        (
            row("@", "A", "192.0.2.999"),
            "dnsrecords[0] (@ A): address is not a valid IPv4 address: '192.0.2.999'",
        ),
        (row("@", "AAAA", "192.0.2.1"), "dnsrecords[0] (@ AAAA): address is not a valid IPv6 address"),
        (row("@", "MXE", "mx.example.net"), "dnsrecords[0] (@ MXE): address is not a valid IPv4 address"),
        (row("@", "HINFO", "x"), "dnsrecords[0]: unknown record type 'HINFO'"),
        (row("@", "A", "192.0.2.1", ttl="30"), "dnsrecords[0]: TTL must be a whole number from 60 to 86400"),
        (row("@", "MX", "mx.example.net", "99999"), "dnsrecords[0]: MX priority must be a whole number"),
        (row("_x._tcp", "SRV", "1 2", "0"), "dnsrecords[0]: SRV address must be 'weight port target'"),
        (
            row("go", "URL", "ftp://example.net"),
            "dnsrecords[0] (go URL): address must be an http:// or https://",
        ),
    ],
)
def test_save_dns_refuses_bad_records_before_the_registry(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall, record: dict[str, str], message: str
) -> None:
    before = zone_records(stack, domain)
    version = zone_version(stack, domain)
    result = whmcs_call(
        "SaveDNS", {**domain_params_for(domain), "dnsrecords": [row("@", "A", "192.0.2.1"), record]}
    )
    assert result.error is not None
    assert result.error.startswith(message.replace("[0]", "[1]")), result.error
    assert " [ref " in result.error
    assert zone_records(stack, domain) == before and zone_version(stack, domain) == version


@pytest.mark.usefixtures("backend")
def test_email_forwarding_round_trip(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    params = {
        **domain_params_for(domain),
        "prefix": ["info", "*", ""],
        "forwardto": ["owner@example.org", "all@example.org", ""],
    }
    saved = whmcs_call("SaveEmailForwarding", params)
    assert saved.returned == {"success": "success"}
    shown = whmcs_call("GetEmailForwarding", domain_params_for(domain)).returned
    expected = [
        {"prefix": "info", "forwardto": "owner@example.org"},
        {"prefix": "*", "forwardto": "all@example.org"},
    ]
    # ISPAPI lists the zone's records in the order saved; CNR lists its forwards by address.
    assert shown == (expected if stack.backend == "ispapi" else expected[::-1])
    # saving one forward replaces the list
    whmcs_call(
        "SaveEmailForwarding",
        {**domain_params_for(domain), "prefix": ["sales"], "forwardto": ["s@example.org"]},
    )
    assert whmcs_call("GetEmailForwarding", domain_params_for(domain)).returned == [
        {"prefix": "sales", "forwardto": "s@example.org"}
    ]


@pytest.mark.usefixtures("backend")
def test_email_forwarding_failures(stack: E2EStack, domain: str, whmcs_call: WhmcsCall) -> None:
    bad = whmcs_call(
        "SaveEmailForwarding",
        {**domain_params_for(domain), "prefix": ["info"], "forwardto": ["not-an-address"]},
    )
    assert bad.error is not None
    assert bad.error.startswith("forwardto[0] is not a valid e-mail address: 'not-an-address' [ref "), (
        bad.error
    )
    foreign = foreign_zone(stack)
    refused = whmcs_call("GetEmailForwarding", domain_params_for(foreign))
    if stack.backend == "cnr":  # CNR lists only the account's own forwards: none for a foreign domain
        assert refused.error is None and refused.returned == [], refused.error
        return
    assert refused.error is not None and refused.error.startswith("Authorization failed"), refused.error


@pytest.mark.usefixtures("backend")
def test_email_forwarding_creates_the_zone(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    name = fresh_domain()
    register_in_sandbox(stack, name)
    assert whmcs_call("GetEmailForwarding", domain_params_for(name)).returned == []
    saved = whmcs_call(
        "SaveEmailForwarding", {**domain_params_for(name), "prefix": ["a"], "forwardto": ["b@example.org"]}
    )
    assert saved.returned == {"success": "success"}
    if stack.backend == "cnr":  # a forward of its own, no zone needed
        assert mail_forwards_at_cnr(stack, name) == [f"a@{name} -> b@example.org"]
        return
    assert any("X-SMTP a@ MAILFORWARD b@example.org" in rr for rr in zone_records(stack, name))


# ---- DNSSEC page -----------------------------------------------------------------------------------


def dnssec_page(
    whmcs_call: WhmcsCall, stack: E2EStack, domain: str, post: dict[str, Any] | None = None
) -> Any:
    return whmcs_call(
        "dnssec", domain_params_for(domain), config=stack.module_config(DNSSEC="on"), post=post or {}
    )


@pytest.mark.usefixtures("backend")
def test_dnssec_page_adds_and_removes_every_record(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    empty = dnssec_page(whmcs_call, stack, domain)
    assert empty.returned["templatefile"] == "templates/dnssec"
    assert empty.returned["vars"]["secdnsds"] == [] and "_lang" in empty.returned["vars"]
    # CNR has no maxSigLife setting: the page leaves the field out
    assert empty.returned["vars"].get("maxsiglife_offered", True) is (stack.backend == "ispapi")
    life = "604800" if stack.backend == "ispapi" else ""  # CNR has no maxSigLife setting
    post = {
        "submit": "1",
        "MAXSIGLIFE": life,
        "SECDNS-DS": {"0": {"keytag": "12345", "alg": "8", "digesttype": "1", "digest": DIGEST}},
        "SECDNS-KEY": {"0": {"flags": "257", "protocol": "3", "alg": "8", "pubkey": PUBKEY}},
    }
    saved = dnssec_page(whmcs_call, stack, domain, post)
    shown = saved.returned["vars"]
    assert shown["error"] == "" and shown["successful"]
    assert shown["secdnsds"] == [{"keytag": "12345", "alg": "8", "digesttype": "1", "digest": DIGEST}]
    assert shown["secdnskey"] == [{"flags": "257", "protocol": "3", "alg": "8", "pubkey": PUBKEY}]
    assert shown["maxsiglife"] == life
    record = stack.domain(domain)
    assert record.secdns_ds == [f"12345 8 1 {DIGEST}"] and record.secdns_key == [f"257 3 8 {PUBKEY}"]
    # docs/module-behaviour.md §13.5: emptying the lists removes every DS and every DNSKEY
    cleared = dnssec_page(whmcs_call, stack, domain, {"submit": "1", "SECDNS-DS": {}, "SECDNS-KEY": {}})
    assert cleared.returned["vars"]["secdnsds"] == [] and cleared.returned["vars"]["secdnskey"] == []
    assert stack.domain(domain).secdns_ds == [] and stack.domain(domain).secdns_key == []


@pytest.mark.usefixtures("backend")
def test_dnssec_page_refuses_a_bad_digest_before_the_registry(
    stack: E2EStack, domain: str, whmcs_call: WhmcsCall
) -> None:
    post = {
        "submit": "1",
        "SECDNS-DS": {"0": {"keytag": "1", "alg": "8", "digesttype": "2", "digest": DIGEST}},
    }
    page = dnssec_page(whmcs_call, stack, domain, post)
    shown = page.returned["vars"]
    assert shown["error"] == "digest must be 64 hexadecimal characters for digest type 2"
    assert shown["error_field"] == "SECDNS-DS[0][digest]"
    assert page.modulelog == [] or all("ModifyDomain" not in str(e) for e in page.modulelog)
    assert stack.domain(domain).secdns_ds == []


@pytest.mark.usefixtures("backend")
def test_dnssec_page_failures_show_the_error_page(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    foreign = fresh_domain()
    add_foreign_domain(stack, foreign)
    page = dnssec_page(whmcs_call, stack, foreign)
    assert page.returned["templatefile"] == "templates/error"
    assert page.returned["vars"]["error"].startswith("Authorization failed")
    off = whmcs_call("dnssec", domain_params_for(foreign), config=stack.module_config(DNSSEC=""))
    assert off.returned["templatefile"] == "templates/error"
    assert off.returned["vars"]["error"].startswith("DNSSEC management is not offered")


def test_dnssec_page_on_cnr_says_it_has_no_max_sig_life(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    cnr = stack.for_backend("cnr")
    name = fresh_domain()
    register_in_sandbox(cnr, name)
    post = {
        "submit": "1",
        "MAXSIGLIFE": "604800",
        "SECDNS-DS": {"0": {"keytag": "12345", "alg": "8", "digesttype": "1", "digest": DIGEST}},
    }
    page = dnssec_page(whmcs_call, cnr, name, post)
    shown = page.returned["vars"]
    assert (shown["error"], shown["error_field"]) == (NO_MAX_SIG_LIFE, "MAXSIGLIFE")
    assert shown["secdnsds"] == [{"keytag": "12345", "alg": "8", "digesttype": "1", "digest": DIGEST}]
    assert cnr.domain(name).secdns_ds == []  # nothing sent
