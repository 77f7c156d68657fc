"""Domain object commands through the engine (API/DOMAIN/*.md, docs/ispapi-wire.md §4.3,
docs/module-behaviour.md §7.1 dates)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from sandbox.world.dates import parse_date
from tests.sandbox.wire import Client, all_contacts, contact


@pytest.fixture
def client() -> Client:
    return Client()


def test_add_domain_dates_money_and_object_log(client: Client) -> None:
    before = client.world.accounts[client.login].balance
    added = client.register("first-one.com", PERIOD="2Y")
    created = client.engine.clock.now()
    expiry = parse_date(added.one("REGISTRATIONEXPIRATIONDATE"))
    assert (expiry.year - created.year, expiry.month, expiry.day) == (2, created.month, created.day)
    assert parse_date(added.one("PAIDUNTILDATE")) == expiry
    assert parse_date(added.one("FINALIZATIONDATE")) == expiry + timedelta(days=1)
    assert parse_date(added.one("ACCOUNTINGDATE")) == expiry - timedelta(days=5)
    assert parse_date(added.one("FAILUREDATE")) == expiry + timedelta(days=44)
    # .com: SETUP 0.00 + 2 x ANNUAL 9.99 from the StatusUser relations.
    assert before - client.world.accounts[client.login].balance == Decimal("19.98")
    assert client.engine.money_count("first-one.com", command="AddDomain") == 1
    log = [e for e in client.world.object_log if e.object_id == "first-one.com"]
    assert [(e.operation_type, e.operation_status) for e in log] == [("CREATE", "SUCCESSFUL")]
    assert "COMMAND=AddDomain" in log[0].info and "CODE=200" in log[0].info


def test_status_domain_properties(client: Client) -> None:
    client.register("status-me.com", TRANSFERLOCK=1, **{"X-ACCEPT-WHOISTRUSTEE-TAC": 1})
    status = client.ok("StatusDomain", DOMAIN="Status-Me.COM", HOSTTYPE="ATTRIBUTE")
    assert status.col("STATUS") == ["ACTIVE", "clientTransferProhibited"]
    assert status.col("NAMESERVER") == ["ns1.example.net", "ns2.example.net"]
    assert status.col("HOST") == ["ns1.example.net", "ns2.example.net"]
    assert status.one("TRANSFERLOCK") == "1" and status.one("X-ACCEPT-WHOISTRUSTEE-TAC") == "1"
    assert status.one("OWNERCONTACT").startswith("AUTO-") and status.one("USER") == client.login
    assert status.one("SUBCLASS") == "COM" and status.one("REPOSITORY")
    assert status.one("X-REGISTRANT-VERIFICATION-STATUS") == "PENDING"
    assert len(status.one("AUTH")) >= 8
    for name in ("CREATEDDATE", "EXPIRATIONDATE", "PAIDUNTILDATE", "FAILUREDATE", "FINALIZATIONDATE"):
        parse_date(status.one(name))


@pytest.mark.parametrize(
    ("params", "code", "detail"),
    [
        ({"DOMAIN": "bad_name!.com"}, 505, "DOMAIN"),
        ({"DOMAIN": "fine.notatld"}, 549, "not supported"),
        ({"DOMAIN": "fine.com", "COLOUR": "red"}, 503, "COLOUR"),
        ({"DOMAIN": "fine.com", "PERIOD": "11Y"}, 541, "period"),
        ({"DOMAIN": "fine.swiss"}, 510, "AddDomainApplication"),
        ({"DOMAIN": "fine.ca"}, 504, "X-CA-LEGALTYPE"),
        ({"DOMAIN": "shop.xyz"}, 504, "CLASS=PREMIUM_CNIC_C"),
        ({"DOMAIN": "www.com"}, 541, "reserved"),
        ({"DOMAIN": "fine.com", "NAMESERVER0": "not a host"}, 505, "NAMESERVER0"),
    ],
)
def test_add_domain_errors(client: Client, params: dict[str, str], code: int, detail: str) -> None:
    answer = client.call("AddDomain", **{"PERIOD": "1Y", **all_contacts(), **params})
    assert (answer.code, detail in answer.description) == (code, True), answer.description
    assert client.world.domains == {} and client.engine.money_counts == {}


def test_add_domain_missing_contact_and_duplicates(client: Client) -> None:
    answer = client.call("AddDomain", DOMAIN="lonely.com", **contact("OWNERCONTACT"))
    assert answer.code == 504 and "ADMINCONTACT" in answer.description
    client.register("taken-one.com")
    assert client.call("AddDomain", DOMAIN="taken-one.com", **all_contacts()).code == 540
    client.engine.seed_domains(1, login=client.login)
    other = "rival"
    from sandbox.controls import add_account

    add_account(client.engine, other, "rival-pass-1")
    rival = client.as_user(other, "rival-pass-1")
    assert rival.call("AddDomain", DOMAIN="taken-one.com", **all_contacts()).code == 554


def test_credit_limit_leaves_state_untouched(client: Client) -> None:
    client.world.accounts[client.login].balance = Decimal("5.00")
    answer = client.call("AddDomain", DOMAIN="too-poor.com", PERIOD="1", **all_contacts())
    assert answer.code == 546
    assert "too-poor.com" not in client.world.domains and client.world.object_log == []
    assert client.world.accounts[client.login].balance == Decimal("5.00")
    assert client.engine.money_count("too-poor.com") == 0


def test_modify_nameservers_lock_zone_secdns_status(client: Client) -> None:
    client.register("modify-me.com")
    client.ok(
        "ModifyDomain",
        DOMAIN="modify-me.com",
        DELNAMESERVER0="ns2.example.net",
        ADDNAMESERVER0="ns3.example.org",
    )
    assert client.world.domains["modify-me.com"].nameservers == ["ns1.example.net", "ns3.example.org"]
    client.ok(
        "ModifyDomain", DOMAIN="modify-me.com", NAMESERVER0="a.ns.net", NAMESERVER1="b.ns.net", TRANSFERLOCK=1
    )
    domain = client.world.domains["modify-me.com"]
    assert domain.nameservers == ["a.ns.net", "b.ns.net"] and domain.transfer_lock is True
    client.ok("ModifyDomain", DOMAIN="modify-me.com", INTERNALDNS=1)
    assert "modify-me.com." in client.world.zones
    ds = "12345 13 2 " + "AB" * 32
    client.ok("ModifyDomain", DOMAIN="modify-me.com", **{"SECDNS-DS0": ds, "SECDNS-MAXSIGLIFE": "86400"})
    assert client.ok("StatusDomain", DOMAIN="modify-me.com").col("SECDNS-DS") == [ds]
    client.ok("ModifyDomain", DOMAIN="modify-me.com", **{"DELSECDNS-DS0": ds})
    assert domain.secdns_ds == []
    assert client.call("ModifyDomain", DOMAIN="modify-me.com", **{"SECDNS-DS0": "nonsense"}).code == 505
    client.ok("ModifyDomain", DOMAIN="modify-me.com", ADDSTATUS0="clientHold")
    assert domain.suspended and "clientHold" in client.ok("StatusDomain", DOMAIN="modify-me.com").col(
        "STATUS"
    )
    client.ok("ModifyDomain", DOMAIN="modify-me.com", DELSTATUS0="clientHold")
    assert not domain.suspended
    assert client.call("ModifyDomain", DOMAIN="modify-me.com", ADDSTATUS0="serverHold").code == 541
    old_auth = domain.auth_code
    client.ok("ModifyDomain", DOMAIN="modify-me.com", GENERATERANDOMAUTH=1)
    assert domain.auth_code != old_auth


def test_modify_privacy_and_owner_change_rules(client: Client) -> None:
    client.register("owner-change.eu")
    answer = client.call("ModifyDomain", DOMAIN="owner-change.eu", **{"X-ACCEPT-WHOISTRUSTEE-TAC": "1"})
    assert answer.code == 541 and "WHOIS privacy" in answer.description
    # .eu changes registrants by trade: a new name through ModifyDomain is refused (506).
    answer = client.call(
        "ModifyDomain", DOMAIN="owner-change.eu", **contact("OWNERCONTACT", LASTNAME="Other")
    )
    assert answer.code == 506 and "TradeDomain" in answer.description
    # A correction that keeps name, organisation and e-mail is an update.
    client.ok("ModifyDomain", DOMAIN="owner-change.eu", **contact("OWNERCONTACT", CITY="Hamburg"))
    # ICANN gTLDs: the update is allowed and starts the 60-day trade lock.
    client.register("owner-change.com")
    client.ok("ModifyDomain", DOMAIN="owner-change.com", **contact("OWNERCONTACT", LASTNAME="Other"))
    status = client.ok("StatusDomain", DOMAIN="owner-change.com")
    assert parse_date(status.one("TRADE-TRANSFERLOCK-EXPIRATIONDATE")) > client.engine.clock.now()


def test_renew_explicit_and_pay_renewal(client: Client) -> None:
    client.register("renew-me.com")
    expiry = client.world.domains["renew-me.com"].expiration_date
    assert expiry is not None
    renewed = client.ok("RenewDomain", DOMAIN="renew-me.com", PERIOD="1Y", EXPIRATION=expiry.year)
    assert parse_date(renewed.one("EXPIRATIONDATE")).year == expiry.year + 1
    # The same renewal sent again (the client did not see the reply) is refused: 555.
    assert client.call("RenewDomain", DOMAIN="renew-me.com", EXPIRATION=expiry.year).code == 555
    assert client.engine.money_count("renew-me.com", command="RenewDomain") == 1
    assert client.call("RenewDomain", DOMAIN="renew-me.com", PERIOD="11Y").code == 541
    codes = [client.call("RenewDomain", DOMAIN="renew-me.com").code for _ in range(9)]
    # Nothing renews beyond ten years from now: 548 once that limit is reached.
    assert codes == [200] * 8 + [548]
    final = client.world.domains["renew-me.com"].expiration_date
    assert final is not None and final.year == client.engine.clock.now().year + 10
    # .de has no explicit renewal: RenewDomain answers 510, PayDomainRenewal moves paid-until only.
    client.register("renew-me.de")
    assert client.call("RenewDomain", DOMAIN="renew-me.de").code == 510
    domain = client.world.domains["renew-me.de"]
    registry_expiry = domain.expiration_date
    paid = client.ok("PayDomainRenewal", DOMAIN="renew-me.de", PERIOD="1Y")
    assert domain.expiration_date == registry_expiry
    assert parse_date(paid.one("EXPIRATIONDATE")) == domain.paid_until_date
    assert domain.paid_until_date is not None and registry_expiry is not None
    assert domain.paid_until_date > registry_expiry
    assert client.call("RenewDomain", DOMAIN="nobody.com").code == 545


def test_renewal_mode_delete_and_restore(client: Client) -> None:
    client.register("delete-me.com")
    assert (
        client.ok("SetDomainRenewalMode", DOMAIN="delete-me.com", RENEWALMODE="AUTOEXPIRE").one("UNRENEW")
        == "1"
    )
    deleted = client.ok("DeleteDomain", DOMAIN="delete-me.com")
    assert deleted.pending and deleted.one("STATUS") == "PENDINGDELETE"
    assert client.ok("StatusDomain", DOMAIN="delete-me.com").col("STATUS") == ["PENDINGDELETE"]
    client.engine.clock.advance(days=2)
    assert client.call("StatusDomain", DOMAIN="delete-me.com").code == 545
    gone = client.world.deleted["delete-me.com"]
    assert gone.restorable_until is not None and gone.restorable_until > client.engine.clock.now()
    before = client.world.accounts[client.login].balance
    restored = client.ok("RestoreDomain", DOMAIN="delete-me.com")
    assert restored.pending and before - client.world.accounts[client.login].balance == Decimal("75.00")
    assert client.ok("StatusDomain", DOMAIN="delete-me.com").col("STATUS") == ["ACTIVE"]
    assert client.call("RestoreDomain", DOMAIN="delete-me.com").code == 552
    client.ok("DeleteDomain", DOMAIN="delete-me.com")
    client.engine.clock.advance(days=2)
    assert client.call("StatusDomain", DOMAIN="delete-me.com").code == 545
    assert "delete-me.com" in client.world.deleted
    client.engine.clock.advance(days=31)
    assert client.call("RestoreDomain", DOMAIN="delete-me.com").code == 552


def test_push_refused_while_locked(client: Client) -> None:
    client.register("push-me.de", TRANSFERLOCK=1)
    assert client.call("PushDomain", DOMAIN="push-me.de", TARGET="TRANSIT").code == 552
    client.ok("ModifyDomain", DOMAIN="push-me.de", TRANSFERLOCK=0)
    client.ok("PushDomain", DOMAIN="push-me.de", TARGET="TRANSIT")
    assert "push-me.de" not in client.world.domains


def test_query_domain_list_v1_v2_paging_and_filters(client: Client) -> None:
    client.engine.seed_domains(250, login=client.login)
    page = client.ok("QueryDomainList", VERSION=2, WIDE=1, FIRST=100, LIMIT=50, ORDERBY="OBJECTID")
    assert (page.one("FIRST"), page.one("LAST"), page.one("COUNT"), page.one("TOTAL"), page.one("LIMIT")) == (
        "100",
        "149",
        "50",
        "250",
        "50",
    )
    names = page.col("OBJECTID")
    assert names == sorted(names) and len(set(page.col("EXPIRATIONDATE"))) > 1
    for column in ("STATUS", "TRANSFERLOCK", "PAIDUNTILDATE", "FAILUREDATE", "NAMESERVER", "RENEWALMODE"):
        assert len(page.col(column)) == 50
    assert "TOTAL" not in client.ok("QueryDomainList", VERSION=2, NOTOTAL=1, LIMIT=5).properties
    newest = client.ok("QueryDomainList", VERSION=2, WIDE=1, ORDERBY="CREATEDDATEDESC", LIMIT=3).col(
        "CREATEDDATE"
    )
    assert newest == sorted(newest, reverse=True)
    only_de = client.ok("QueryDomainList", DOMAIN="*.de", LIMIT=1000)
    assert only_de.col("DOMAIN") and all(n.endswith(".de") for n in only_de.col("DOMAIN"))
    wide_v1 = client.ok("QueryDomainList", WIDE=1, LIMIT=2)
    assert len(wide_v1.col("DOMAINEXPIRATIONDATE")) == 2 and len(wide_v1.col("DOMAINTRANSFERLOCK")) == 2
    locked = client.ok("QueryDomainList", VERSION=2, TRANSFERLOCK=1, LIMIT=1000, WIDE=1)
    assert set(locked.col("TRANSFERLOCK")) == {"1"}
    single = client.ok("QueryDomainList", VERSION=2, NOTOTAL=1, DOMAIN=names[0], WIDE=1)
    assert single.col("OBJECTID") == [names[0]]
    empty = client.ok("QueryDomainList", VERSION=2, DOMAIN="nothing-here.com")
    assert (empty.one("COUNT"), empty.one("TOTAL"), empty.col("OBJECTID")) == ("0", "0", [])
    assert client.call("QueryDomainList", ORDERBY="COLOUR").code == 505
    assert client.call("QueryDomainList", FIRST="-1").code == 505


def test_query_domain_options_and_repository(client: Client) -> None:
    options = client.ok("QueryDomainOptions", DOMAIN0="example.de", DOMAIN1="example.com")
    assert options.col("ZONETRANSFERPERIODS") == ["0Y", "1Y"]
    assert options.col("ZONEPOLICYREGISTRANTNAMECHANGEBY") == ["TRADE", "ICANN-TRADE"]
    assert client.call("QueryDomainOptions", DOMAIN0="example.notatld").code == 549
    info = client.ok("QueryDomainRepositoryInfo", DOMAIN="example.com")
    assert info.one("REGISTRYEXPLICITRENEWAL") == "YES"


def test_auth_codes(client: Client) -> None:
    client.register("auth-me.de")
    created = client.ok("DENIC_CreateAuthInfo1", DOMAIN="auth-me.de")
    assert created.one("AUTH") == client.world.domains["auth-me.de"].auth_code
    assert parse_date(created.one("X-DE-AUTHINFO1-EXPIRATIONDATE")) > client.engine.clock.now()
    client.register("auth-me.com")
    assert client.call("DENIC_CreateAuthInfo1", DOMAIN="auth-me.com").code == 510
    requested = client.ok("RequestDomainAuthInfo", DOMAIN="auth-me.com")
    assert requested.pending and requested.one("STATUS") == "PENDING" and "AUTH" not in requested.properties


def test_other_accounts_domain_is_531(client: Client) -> None:
    from sandbox.controls import add_account

    client.register("mine-only.com")
    add_account(client.engine, "second", "second-pass-1")
    other = client.as_user("second", "second-pass-1")
    assert other.call("StatusDomain", DOMAIN="mine-only.com").code == 531
    assert other.call("ModifyDomain", DOMAIN="mine-only.com", TRANSFERLOCK=1).code == 531


def test_non_realtime_registration_is_pending_until_the_clock(client: Client) -> None:
    added = client.call("AddDomain", DOMAIN="slow-registry.dk", PERIOD="1Y", **all_contacts())
    assert added.code == 200, added.description
    assert added.pending and added.one("STATUS") == "REQUESTED"
    client.engine.clock.advance(seconds=7200)
    assert client.ok("StatusDomain", DOMAIN="slow-registry.dk").col("STATUS") == ["ACTIVE"]


def test_registry_renews_prepaid_domains_and_unpaid_ones_fail(client: Client) -> None:
    client.register("prepaid.de")
    client.register("unpaid.de")
    client.ok("PayDomainRenewal", DOMAIN="prepaid.de", PERIOD="1Y")
    prepaid = client.world.domains["prepaid.de"]
    first_expiry = prepaid.expiration_date
    assert first_expiry is not None
    # Past the registry expiry: the prepaid domain is renewed there; the unpaid one runs into FAILUREDATE.
    client.engine.clock.advance(days=366 + 45)
    client.ok("StatusAccount")
    assert prepaid.expiration_date is not None and prepaid.expiration_date.year == first_expiry.year + 1
    assert "unpaid.de" not in client.world.domains and "unpaid.de" in client.world.deleted
    deleted = client.ok("StatusDomain", DOMAIN="prepaid.de")
    assert deleted.col("STATUS") == ["ACTIVE"]
    ops = {(e.object_id, e.operation_type) for e in client.world.object_log}
    assert ("unpaid.de", "DELETE") in ops


def test_internal_dns_zone_of_another_account_is_a_540_that_changes_nothing(client: Client) -> None:
    client.add_account("other")
    other = client.as_user("other", client.password)
    other.ok("CreateDNSZone", DNSZONE="zone-taken.com", EXTERNAL=1)
    before = client.world.accounts[client.login].balance
    refused = client.call("AddDomain", DOMAIN="zone-taken.com", PERIOD="1", INTERNALDNS=1, **all_contacts())
    assert (refused.code, refused.description) == (540, "Attribute value is not unique; zone zone-taken.com.")
    assert "zone-taken.com" not in client.world.domains
    assert client.world.accounts[client.login].balance == before
    assert client.engine.money_count("zone-taken.com") == 0
    client.register("zone-taken.com")
    refused = client.call("ModifyDomain", DOMAIN="zone-taken.com", NAMESERVER0="a.ns.net", INTERNALDNS=1)
    assert refused.code == 540
    domain = client.world.domains["zone-taken.com"]
    assert domain.nameservers == ["ns1.example.net", "ns2.example.net"] and not domain.internal_dns
    assert client.world.zones["zone-taken.com."].owner == "other"
