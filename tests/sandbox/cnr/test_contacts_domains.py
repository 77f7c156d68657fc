"""CNR contacts and domains: AddContact/StatusContact/ModifyContact, CheckDomains, AddDomain, StatusDomain,
ModifyDomain, RenewDomain, SetDomainRenewalMode, DeleteDomain, RestoreDomain, PushDomain."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sandbox.systems import CNR
from tests.sandbox.cnr.wire import CONTACT, CnrClient


def test_add_contact_reuses_an_identical_handle_unless_new() -> None:
    client = CnrClient()
    first = client.ok("AddContact", CONTACT)
    assert first.one("contact").startswith("P-JR") and first.one("validated") == "1"
    assert first.one("verification requested") == "0"
    assert client.ok("AddContact", CONTACT).one("contact") == first.one("contact")
    fresh = client.ok("AddContact", {**CONTACT, "NEW": 1, "PREVERIFY": 1, "AUTODELETE": 0})
    assert fresh.one("contact") != first.one("contact") and fresh.one("verification requested") == "1"
    status = client.ok("StatusContact", CONTACT=fresh.one("contact"))
    assert status.column("status") == ["ok", "clientDeleteProhibited"] and status.one("auto_delete") == "0"
    assert status.one("first_name") == "Jane" and status.column("street") == ["Main Street 1"]


def test_add_contact_checks_fields() -> None:
    client = CnrClient()
    assert client.call("AddContact", {**CONTACT, "PHONE": "call me"}).code == 505
    assert client.call("AddContact", {k: v for k, v in CONTACT.items() if k != "ZIP"}).code == 504
    checked = client.ok("AddContact", {**CONTACT, "CHECKONLY": 1})
    assert "contact" not in checked.properties and not client.world.contacts


def test_modify_contact() -> None:
    client = CnrClient()
    handle = client.contact()
    client.world.contacts[handle].verified = True
    changed = client.ok("ModifyContact", CONTACT=handle, EMAIL="new@example.net", CITY="Hamburg")
    assert changed.one("verified") == "0"  # a new address needs a new verification
    status = client.ok("StatusContact", CONTACT=handle)
    assert status.one("email") == "new@example.net" and status.one("city") == "Hamburg"
    assert client.call("ModifyContact", CONTACT=handle, ADDSTATUS0="clientHold").code == 541
    assert client.call("ModifyContact", CONTACT="P-NONE1").code == 545
    other = CnrClient(sandbox=client.sandbox)
    other.login = "intruder"
    from sandbox.controls import add_account

    add_account(client.sandbox, "intruder", "reseller-pass-1", entity=CNR)
    assert other.call("StatusContact", CONTACT=handle).code == 531


def test_check_domains_limits_and_premium_fees() -> None:
    client = CnrClient()
    client.domain("taken-name.com")
    answer = client.ok(
        "CheckDomains",
        DOMAIN0="taken-name.com",
        DOMAIN1="free-name.net",
        DOMAIN2="cloud.xyz",
        DOMAIN3="x.nosuch",
    )
    assert [c[:3] for c in answer.column("domaincheck")] == ["211", "210", "210", "541"]
    assert answer.column("x-fee-class") == ["", "", "premium", ""]
    assert Decimal(answer.column("x-fee-amount")[2]) > 0
    many = {f"DOMAIN{i}": f"name{i}.com" for i in range(33)}
    assert client.call("CheckDomains", many).code == 541
    priced = client.ok("CheckDomains", DOMAIN0="standard-one.com", **{"X-FEE-COMMAND0": "renew"})
    assert priced.one("x-fee-class") == "standard" and priced.one("x-fee-command") == "renew"


def test_add_domain_codes() -> None:
    client = CnrClient()
    made = client.domain("fresh-one.com")
    assert made.one("status") == "ACTIVE" and made.one("registration expiration date")
    assert client.sandbox.money_count("fresh-one.com", entity=CNR) == 1
    handle = client.world.domains["fresh-one.com"].contacts["OWNERCONTACT"][0]
    roles = {f"{r}CONTACT0": handle for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    assert client.call("AddDomain", DOMAIN="fresh-one.com", **roles).code == 554
    assert client.call("AddDomain", DOMAIN="other-one.com", OWNERCONTACT0=handle).code == 504
    assert (
        client.call("AddDomain", DOMAIN="ghost-one.com", **{**roles, "TECHCONTACT0": "P-NONE1"}).code == 545
    )
    assert client.call("AddDomain", DOMAIN="long-one.com", PERIOD=11, **roles).code == 541
    assert client.call("AddDomain", DOMAIN="cloud.xyz", **roles).code == 504  # premium: fee not accepted
    assert client.call("AddDomain", DOMAIN="cloud.xyz", **roles, **{"X-FEE-AMOUNT": "1.00"}).code == 541
    premium = client.ok("AddDomain", DOMAIN="cloud.xyz", **roles, **{"X-ACCEPT-PREMIUMPRICE": 1})
    assert Decimal(premium.one("x-fee-amount")) > 0
    client.sandbox.worlds[CNR].accounts[client.login].balance = Decimal(0)
    assert client.call("AddDomain", DOMAIN="poor-one.com", **roles).code == 546
    assert "poor-one.com" not in client.world.domains


def test_status_and_modify_domain() -> None:
    client = CnrClient()
    client.domain("modify-me.com", TRANSFERLOCK=1, **{"X-WHOISPRIVACY": 1})
    status = client.ok("StatusDomain", DOMAIN="modify-me.com")
    assert status.one("transfer_lock") == "1" and status.one("x-whoisprivacy") == "1"
    assert "clientTransferProhibited" in status.column("status")
    admin = client.contact(FIRSTNAME="Adam")
    client.ok(
        "ModifyDomain", DOMAIN="modify-me.com", ADMINCONTACT0=admin, DELNAMESERVER0="ns2.example.net",
        ADDNAMESERVER0="ns3.example.net", ADDSTATUS0="clientHold", TRANSFERLOCK=0,
        DNSSECDSDATA0="12345 13 2 " + "AB" * 32,
    )  # fmt: skip
    status = client.ok("StatusDomain", DOMAIN="modify-me.com")
    assert status.column("admin_contact") == [admin]
    assert status.column("nameserver") == ["ns1.example.net", "ns3.example.net"]
    assert "clientHold" in status.column("status") and status.one("transfer_lock") == "0"
    assert status.column("dnssecdsdata") == ["12345 13 2 " + "AB" * 32]
    assert client.call("ModifyDomain", DOMAIN="modify-me.com", STATUS0="serverHold").code == 505
    assert client.call("StatusDomain", DOMAIN="nobody-has.com").code == 545


def test_renew_domain_with_expiration_year() -> None:
    client = CnrClient()
    client.domain("renew-me.com")
    year = client.world.domains["renew-me.com"].expiration_date.year
    renewed = client.ok("RenewDomain", DOMAIN="renew-me.com", PERIOD=2, EXPIRATION=year)
    assert renewed.one("registration_expiration_date")[:4] == str(year + 2)
    # A retried renewal names the old year: refused, not renewed twice.
    assert client.call("RenewDomain", DOMAIN="renew-me.com", EXPIRATION=year).code == 555
    assert client.call("RenewDomain", DOMAIN="renew-me.com", PERIOD=9).code == 556
    assert client.sandbox.money_count("renew-me.com", command="RenewDomain") == 1


def test_set_renewal_mode_delete_restore_push() -> None:
    client = CnrClient()
    client.domain("mode-me.com")
    client.ok("SetDomainRenewalMode", DOMAIN="mode-me.com", RENEWALMODE="AUTOEXPIRE")
    assert client.ok("StatusDomain", DOMAIN="mode-me.com").one("renewalmode") == "AUTOEXPIRE"
    deleted = client.ok("DeleteDomain", DOMAIN="mode-me.com")
    assert deleted.one("status") == "PENDINGDELETE"
    assert client.call("RenewDomain", DOMAIN="mode-me.com").code == 552
    client.sandbox.clock.advance(days=2)
    client.call("StatusAccount")  # the clock's transitions run before a command
    assert "mode-me.com" not in client.world.domains
    restored = client.ok("RestoreDomain", DOMAIN="mode-me.com")
    assert restored.one("registration_expiration_date")
    assert client.call("RestoreDomain", DOMAIN="never-was.com").code == 545
    client.domain("push-me.com")
    assert client.ok("PushDomain", DOMAIN="push-me.com", TARGET="registry").one("transfer_status") == "PUSHED"
    assert client.call("StatusDomain", DOMAIN="push-me.com").code == 531
    client.domain("locked-me.com", TRANSFERLOCK=1)
    assert client.call("DeleteDomain", DOMAIN="locked-me.com", ACTION="PUSH").code == 552
    client.ok("ModifyDomain", DOMAIN="locked-me.com", ADDSTATUS0="clientDeleteProhibited")
    assert client.call("DeleteDomain", DOMAIN="locked-me.com").code == 552


def test_renewal_date_follows_the_gtld_grace() -> None:
    client = CnrClient()
    client.domain("dated.com")
    client.domain("dated.de")
    gtld = client.ok("StatusDomain", DOMAIN="dated.com")
    cctld = client.ok("StatusDomain", DOMAIN="dated.de")
    expiry = client.world.domains["dated.com"].expiration_date
    assert gtld.one("renewal_date") == (expiry + timedelta(days=35)).strftime("%Y-%m-%d %H:%M:%S")
    assert cctld.one("renewal_date") == cctld.one("registration_expiration_date")


def test_zone_extensions_are_checked_with_cnr_names() -> None:
    client = CnrClient()
    handle = client.contact()
    roles = {f"{r}CONTACT0": handle for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    missing = client.call("AddDomain", DOMAIN="legal.ca", **roles)
    assert missing.code == 504 and missing.description.endswith("X-CA-LEGAL-TYPE")
    assert client.call("AddDomain", DOMAIN="legal.ca", **roles, **{"X-CA-LEGAL-TYPE": "XYZ"}).code == 541
    client.ok("AddDomain", DOMAIN="legal.ca", **roles, **{"X-CA-LEGAL-TYPE": "CCT"})
    nexus = {"X-US-NEXUS-APPPURPOSE": "P1", "X-US-NEXUS-CATEGORY": "C31"}
    foreign = client.call("AddDomain", DOMAIN="nexus.us", **roles, **nexus)
    assert foreign.code == 504 and foreign.description.endswith("X-US-NEXUS-VALIDATOR")
    client.ok("AddDomain", DOMAIN="nexus.us", **roles, **nexus, **{"X-US-NEXUS-VALIDATOR": "DE"})
    status = client.ok("StatusDomain", DOMAIN="nexus.us")
    assert status.one("x-us-nexus-category") == "C31"
    assert client.call("ModifyDomain", DOMAIN="nexus.us", **{"X-US-NEXUS-CATEGORY": "C99"}).code == 541


def test_other_registrants_hold_and_reserve_names_in_cnr_too() -> None:
    client = CnrClient()
    checked = client.ok(
        "CheckDomains", DOMAIN0="google.com", DOMAIN1="example.net", DOMAIN2="free-name-9.com"
    )
    assert [c[:3] for c in checked.column("domaincheck")] == ["211", "541", "210"]
    handle = client.contact()
    roles = {f"{r}CONTACT0": handle for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    assert client.call("AddDomain", DOMAIN="google.com", **roles).code == 554
    assert client.call("AddDomain", DOMAIN="anything.test", **roles).code == 541


def test_dnssec_format_and_whois_privacy_by_zone() -> None:
    client = CnrClient()
    handle = client.contact()
    roles = {f"{r}CONTACT0": handle for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    bad = client.call("AddDomain", DOMAIN="signed.com", DNSSECDSDATA0="not a ds record", **roles)
    assert bad.code == 505 and "DNSSECDSDATA0" in bad.description
    key = "257 3 13 " + "A" * 40
    client.ok("AddDomain", DOMAIN="signed.com", DNSSEC0=key, **roles)
    assert client.ok("StatusDomain", DOMAIN="signed.com").column("dnssec") == [key]
    client.ok("ModifyDomain", DOMAIN="signed.com", DNSSECDELETE=1)
    assert client.ok("StatusDomain", DOMAIN="signed.com").column("dnssec") == []
    private = client.call("AddDomain", DOMAIN="private.ac", **roles, **{"X-WHOISPRIVACY": 1})
    assert private.code == 541 and "X-WHOISPRIVACY" in private.description


def test_an_empty_first_dnssec_entry_removes_that_list_only() -> None:
    # The reference's .de notes: `DNSSEC0=` without a value removes the keys; the other list stays.
    client = CnrClient()
    handle = client.contact()
    roles = {f"{r}CONTACT0": handle for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    key, ds = "257 3 13 " + "A" * 40, "12345 13 2 " + "AB" * 32
    client.ok("AddDomain", DOMAIN="emptied.com", DNSSEC0=key, DNSSECDSDATA0=ds, **roles)
    client.ok("ModifyDomain", DOMAIN="emptied.com", DNSSEC0="")
    status = client.ok("StatusDomain", DOMAIN="emptied.com")
    assert status.column("dnssec") == [] and status.column("dnssecdsdata") == [ds]
    client.ok("ModifyDomain", DOMAIN="emptied.com", DNSSECDSDATA0="")
    assert client.ok("StatusDomain", DOMAIN="emptied.com").column("dnssecdsdata") == []
