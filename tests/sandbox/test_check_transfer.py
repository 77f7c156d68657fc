"""Availability, transfers, applications, trades and registrant verification through the engine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox import controls
from tests.sandbox.wire import Client, all_contacts, contact


@pytest.fixture
def client() -> Client:
    return Client()


# ---- CheckDomains / CheckDomain / suggestions ----


def test_check_domains_rows(client: Client) -> None:
    client.register("already-mine.com")
    rows = client.ok(
        "CheckDomains",
        DOMAIN0="free-name-42.com",
        DOMAIN1="already-mine.com",
        DOMAIN2="cloud.xyz",
        DOMAIN3="www.com",
        DOMAIN4="corp.shop",
        DOMAIN5="x.notatld",
        DOMAIN6="bad_name!.com",
        PREMIUMCHANNELS="*",
    )
    checks = [value[:3] for value in rows.col("DOMAINCHECK")]
    assert checks == ["210", "211", "211", "211", "211", "549", "549"]
    assert rows.col("REASON")[1] == "Domain name already registered"
    assert rows.col("DOMAINCHECK")[2] == "211 Premium Domain name available [PREMIUM]"
    assert (rows.col("CLASS")[2], rows.col("PREMIUMCHANNEL")[2]) == ("PREMIUM_CNIC_C", "CNIC")
    assert (rows.col("PRICE")[2], rows.col("CURRENCY")[2]) == ("548.90", "USD")
    assert "reserved" in rows.col("REASON")[3] and rows.col("CLASS")[3] == "COM"
    assert rows.col("DOMAINCHECK")[4].startswith("211 Collision Domain name available {")


def test_premium_only_for_enabled_channels(client: Client) -> None:
    off = client.ok("CheckDomains", DOMAIN0="cloud.xyz", PREMIUMCHANNELS="")
    assert off.col("DOMAINCHECK") == ["211 Domain name not available"] and off.col("PREMIUMCHANNEL") == [""]
    listed = client.ok("CheckDomains", DOMAIN0="cloud.xyz", PREMIUMCHANNELS="GMO,CNIC")
    assert listed.col("PREMIUMCHANNEL") == ["CNIC"]
    other = client.ok("CheckDomains", DOMAIN0="cloud.xyz", PREMIUMCHANNELS="GMO")
    assert other.col("DOMAINCHECK")[0].startswith("211 Domain name not available")


def test_check_domain_single_and_errors(client: Client) -> None:
    assert client.call("CheckDomain", DOMAIN="free-name-42.com").code == 210
    client.register("taken-single.com")
    taken = client.call("CheckDomain", DOMAIN="taken-single.com")
    assert (taken.code, taken.one("REASON")) == (211, "Domain name already registered")
    assert client.call("CheckDomain", DOMAIN="x.notatld").code == 549
    assert client.call("CheckDomains").code == 504


def test_suggestions_are_deterministic_and_paged(client: Client) -> None:
    first = client.ok("QueryDomainSuggestionList", KEYWORD="Blue Bird", ZONE0="com", ZONE1="net", LIMIT=5)
    again = client.ok("QueryDomainSuggestionList", KEYWORD="Blue Bird", ZONE0="com", ZONE1="net", LIMIT=5)
    assert first.col("DOMAIN") == again.col("DOMAIN") and len(first.col("DOMAIN")) == 5
    assert first.col("DOMAIN")[0] == "bluebird.com"
    total = int(first.one("TOTAL"))
    second = client.ok(
        "QueryDomainSuggestionList", KEYWORD="Blue Bird", ZONE0="com", ZONE1="net", FIRST=5, LIMIT=5
    )
    assert not set(first.col("DOMAIN")) & set(second.col("DOMAIN")) and total > 10
    client.register("bluebird.com")
    after = client.ok("QueryDomainSuggestionList", KEYWORD="Blue Bird", ZONE0="com", LIMIT=5)
    assert "bluebird.com" not in after.col("DOMAIN")
    assert client.call("QueryDomainSuggestionList", KEYWORD="!!!").code == 541


# ---- transfers ----


def test_inbound_transfer_by_the_clock(client: Client) -> None:
    auth = controls.add_foreign_domain(client.engine, "incoming.com", auth="Right-Auth-1")
    check = client.call("CheckDomainTransfer", DOMAIN="incoming.com", AUTH="wrong")
    assert check.code == 219 and "WRONG AUTH" in check.description and check.one("AUTHISVALID") == "NO"
    check = client.call("CheckDomainTransfer", DOMAIN="incoming.com", AUTH=auth)
    assert (check.code, check.one("AUTHISVALID"), check.one("USERTRANSFERREQUIRED")) == (218, "YES", "0")
    assert check.one("AUTHREQUIRED") == "1" and check.col("PERIOD") == ["1Y"]
    assert client.call("TransferDomain", DOMAIN="incoming.com").code == 504
    assert client.call("TransferDomain", DOMAIN="incoming.com", AUTH="wrong").code == 531
    started = client.ok("TransferDomain", DOMAIN="incoming.com", AUTH=auth, NAMESERVER0="ns1.new-dns.net")
    assert (
        started.pending and started.description == "Command completed successfully; domain transfer initiated"
    )
    status = client.ok("StatusDomainTransfer", DOMAIN="incoming.com")
    assert (status.one("TRANSFERSTATUS"), status.one("TRANSFERTYPE")) == ("PENDING", "INCOMING")
    assert "[INITIATED]" in status.col("TRANSFERLOG")[0] and status.col("NAMESERVER") == ["ns1.new-dns.net"]
    assert client.call("CheckDomainTransfer", DOMAIN="incoming.com", AUTH=auth).code == 219
    listed = client.ok("QueryTransferList")
    assert listed.col("DOMAIN") == ["incoming.com"]
    client.engine.clock.advance(days=6)
    assert client.call("StatusDomainTransfer", DOMAIN="incoming.com").code == 545
    domain = client.world.domains["incoming.com"]
    assert domain.owner == client.login and domain.nameservers == ["ns1.new-dns.net"]
    ops = [(e.operation_type, e.operation_status, e.user) for e in client.world.object_log]
    assert ("TRANSFER", "REQUEST", client.login) in ops
    assert ("INBOUND_TRANSFER", "SUCCESSFUL", client.login) in ops
    assert ("OUTBOUND_TRANSFER", "SUCCESSFUL", controls_foreign()) in ops
    assert client.engine.money_count("incoming.com", command="TransferDomain") == 1


def controls_foreign() -> str:
    from sandbox.world.transfers import FOREIGN

    return FOREIGN


def test_transfer_refusals_and_free_period(client: Client) -> None:
    controls.add_foreign_domain(client.engine, "locked.com", auth="Auth-1", locked=True)
    locked = client.call("CheckDomainTransfer", DOMAIN="locked.com", AUTH="Auth-1")
    assert locked.code == 219 and "(clientTransferProhibited)" in locked.description
    assert locked.one("TRANSFERLOCK") == "1"
    controls.add_foreign_domain(client.engine, "young.com", auth="Auth-1", age_days=10)
    assert (
        "AGE OF THE DOMAIN"
        in client.call("CheckDomainTransfer", DOMAIN="young.com", AUTH="Auth-1").description
    )
    assert client.call("TransferDomain", DOMAIN="young.com", AUTH="Auth-1").code == 552
    assert client.call("TransferDomain", DOMAIN="never-registered.com", AUTH="x").code == 545
    # .de transfers are free (PERIOD 0Y): no money moves, expiry unchanged.
    controls.add_foreign_domain(client.engine, "free-move.de", auth="Auth-1")
    before = client.world.accounts[client.login].balance
    client.ok("TransferDomain", DOMAIN="free-move.de", AUTH="Auth-1", PERIOD="0Y")
    assert client.world.accounts[client.login].balance == before


def test_transfer_cancel_refunds_and_control_failure(client: Client) -> None:
    controls.add_foreign_domain(client.engine, "cancel-me.com", auth="Auth-1")
    before = client.world.accounts[client.login].balance
    client.ok("TransferDomain", DOMAIN="cancel-me.com", AUTH="Auth-1")
    assert client.world.accounts[client.login].balance == before - Decimal("9.99")
    client.ok("TransferDomain", DOMAIN="cancel-me.com", ACTION="CANCEL")
    assert client.world.accounts[client.login].balance == before
    assert client.call("TransferDomain", DOMAIN="cancel-me.com", ACTION="CANCEL").code == 545
    client.ok("TransferDomain", DOMAIN="cancel-me.com", AUTH="Auth-1")
    controls.finish_transfer(client.engine, "cancel-me.com", success=False)
    assert client.world.domains["cancel-me.com"].owner != client.login
    assert ("TRANSFER", "FAILED") in [(e.operation_type, e.operation_status) for e in client.world.object_log]


def test_user_transfer_between_accounts(client: Client) -> None:
    controls.add_account(client.engine, "loser", "loser-pass-1")
    loser = client.as_user("loser", "loser-pass-1")
    loser.register("moving.com")
    auth = client.world.domains["moving.com"].auth_code
    check = client.call("CheckDomainTransfer", DOMAIN="moving.com", AUTH=auth)
    assert check.one("USERTRANSFERREQUIRED") == "1"
    client.ok("TransferDomain", DOMAIN="moving.com", AUTH=auth, ACTION="USERTRANSFER")
    assert client.world.domains["moving.com"].owner == client.login
    assert loser.call("StatusDomain", DOMAIN="moving.com").code == 531
    outbound = [e for e in client.world.object_log if e.operation_type == "OUTBOUND_TRANSFER"]
    assert [(e.user, e.object_id) for e in outbound] == [("loser", "moving.com")]


def test_losing_side_can_deny(client: Client) -> None:
    controls.add_account(client.engine, "holder", "holder-pass-1")
    holder = client.as_user("holder", "holder-pass-1")
    holder.register("keep-it.com")
    client.engine.clock.advance(days=61)
    auth = client.world.domains["keep-it.com"].auth_code
    client.ok("TransferDomain", DOMAIN="keep-it.com", AUTH=auth)
    assert holder.ok("StatusDomainTransfer", DOMAIN="keep-it.com").one("TRANSFERTYPE") == "OUTGOING"
    holder.ok("TransferDomain", DOMAIN="keep-it.com", ACTION="DENY")
    assert client.world.domains["keep-it.com"].owner == "holder"


# ---- applications ----


def test_swiss_golive_application_by_the_clock(client: Client) -> None:
    assert (
        client.call(
            "AddDomainApplication", CLASS="GOLIVE", DOMAIN="app.com", PERIOD="1Y", **all_contacts()
        ).code
        == 541
    )
    added = client.ok(
        "AddDomainApplication", CLASS="GOLIVE", DOMAIN="my-brand.swiss", PERIOD="1Y", **all_contacts()
    )
    app_id = added.one("APPLICATION")
    assert added.one("STATUS") == "REQUESTED"
    client.engine.clock.advance(seconds=7200)
    assert client.ok("StatusDomainApplication", APPLICATION=app_id).one("STATUS") == "ACTIVE"
    listed = client.ok("QueryDomainApplicationList")
    assert listed.col("APPLICATION") == [app_id]
    v2 = client.ok("QueryDomainList", VERSION=2, OBJECTCLASS="DOMAINAPPLICATION")
    assert v2.col("OBJECTID") == [app_id] and v2.col("STATUS") == ["ACTIVE"]
    client.engine.clock.advance(days=4)
    assert client.ok("StatusDomainApplication", APPLICATION=app_id).one("STATUS") == "SUCCESSFUL"
    assert client.world.domains["my-brand.swiss"].owner == client.login
    assert client.call("StatusDomainApplication", APPLICATION="999999").code == 545


def test_premium_application_price_must_match(client: Client) -> None:
    base = {"CLASS": "PREMIUM_CNIC_C", "DOMAIN": "cloud.xyz", "PERIOD": "1Y", **all_contacts()}
    assert client.call("AddDomainApplication", **base).code == 504
    wrong = client.call("AddDomainApplication", PRICE="1.00", CURRENCY="USD", **base)
    assert wrong.code == 541 and "price mismatch" in wrong.description
    before = client.world.accounts[client.login].balance
    added = client.ok("AddDomainApplication", PRICE="548.90", CURRENCY="USD", **base)
    assert before - client.world.accounts[client.login].balance == Decimal("548.90")
    controls.finish_application(client.engine, int(added.one("APPLICATION")))
    assert client.world.domains["cloud.xyz"].premium_class == "PREMIUM_CNIC_C"
    assert client.engine.money_count("cloud.xyz", command="AddDomainApplication") == 1


def test_failed_application_is_refunded(client: Client) -> None:
    before = client.world.accounts[client.login].balance
    added = client.ok(
        "AddDomainApplication", CLASS="GOLIVE", DOMAIN="refund.swiss", PERIOD="1Y", **all_contacts()
    )
    controls.finish_application(client.engine, int(added.one("APPLICATION")), success=False)
    assert (
        client.world.accounts[client.login].balance == before and "refund.swiss" not in client.world.domains
    )


# ---- trades ----


def test_trade_rules(client: Client) -> None:
    client.register("trade-me.eu")
    same = client.call("TradeDomain", DOMAIN="trade-me.eu", **contact("OWNERCONTACT", CITY="Hamburg"))
    assert same.code == 506 and "trade is only allowed for change of registrant" in same.description
    traded = client.ok("TradeDomain", DOMAIN="trade-me.eu", **contact("OWNERCONTACT", LASTNAME="Buyer"))
    assert traded.description == "Command completed successfully; realtime domain trade succeeded"
    owner = client.world.domains["trade-me.eu"].contacts["OWNERCONTACT"][0]
    assert client.world.contacts[owner].fields["LASTNAME"] == "Buyer"
    assert client.engine.money_count("trade-me.eu", command="TradeDomain") == 1
    client.register("trade-me.ca", **{"X-CA-LEGALTYPE": "CCT"})
    update = client.call("TradeDomain", DOMAIN="trade-me.ca", **contact("OWNERCONTACT", LASTNAME="Buyer"))
    assert update.code == 219 and "UPDATE" in update.description


def test_icann_trade_waits_for_confirmations(client: Client) -> None:
    client.register("trade-me.com")
    pending = client.ok("TradeDomain", DOMAIN="trade-me.com", **contact("OWNERCONTACT", LASTNAME="Buyer"))
    assert pending.pending
    status = client.ok("StatusDomainTrade", DOMAIN="trade-me.com")
    assert (status.one("TRANSFERSTATUS"), status.one("TRANSFERTYPE")) == ("REQUESTED", "TRADE")
    client.engine.clock.advance(days=6)
    assert client.call("StatusDomainTrade", DOMAIN="trade-me.com").code == 545
    assert client.ok("StatusDomain", DOMAIN="trade-me.com").one("TRADE-TRANSFERLOCK-EXPIRATIONDATE")
    client.register("trade-now.com")
    done = client.ok(
        "TradeDomain",
        DOMAIN="trade-now.com",
        **contact("OWNERCONTACT", LASTNAME="Buyer"),
        **{
            "X-CONFIRM-DA-OLD-REGISTRANT": 1,
            "X-CONFIRM-DA-NEW-REGISTRANT": 1,
            "X-REQUEST-OPT-OUT-TRANSFERLOCK": 1,
        },
    )
    assert not done.pending
    assert (
        "TRADE-TRANSFERLOCK-EXPIRATIONDATE"
        not in client.ok("StatusDomain", DOMAIN="trade-now.com").properties
    )


# ---- registrant verification ----


def test_registrant_verification_list(client: Client) -> None:
    client.register("verify-me.com")
    client.register("no-verify.de")
    pending = client.ok("QueryDomainPendingRegistrantVerificationList")
    assert pending.col("DOMAIN") == ["verify-me.com"]
    assert pending.col("X-REGISTRANT-VERIFICATION-STATUS") == ["PENDING"]
    assert pending.col("X-REGISTRANT-VERIFICATION-EMAIL") == ["jane@example.net"]
    client.ok("ResendDomainRegistrantVerificationEmail", DOMAIN="verify-me.com")
    assert client.call("ResendDomainRegistrantVerificationEmail", DOMAIN="no-verify.de").code == 552
    assert client.ok("StatusDomainRegistrantVerification", DOMAIN="verify-me.com").one("STATUS") == "PENDING"
    client.engine.clock.advance(days=16)
    listed = client.ok("QueryDomainPendingRegistrantVerificationList")
    assert listed.col("X-REGISTRANT-VERIFICATION-STATUS") == ["OVERDUE"]
    controls.verify_registrant(client.engine, "verify-me.com")
    assert client.ok("QueryDomainPendingRegistrantVerificationList").col("DOMAIN") == []


def test_pending_transfer_blocks_changes_with_553(client: Client) -> None:
    """docs/ispapi-wire.md §3 code 553 "Operation not allowed. Object pending transfer": while a transfer
    of a domain is pending, its holder can neither modify, renew nor delete it, and a second request is
    refused."""
    controls.add_account(client.engine, "holder", "holder-pass-1")
    holder = client.as_user("holder", "holder-pass-1")
    holder.register("in-flight.com")
    client.engine.clock.advance(days=61)
    auth = client.world.domains["in-flight.com"].auth_code
    client.ok("TransferDomain", DOMAIN="in-flight.com", AUTH=auth)
    refused = {
        "ModifyDomain": holder.call("ModifyDomain", DOMAIN="in-flight.com", NAMESERVER0="ns1.other.net"),
        "RenewDomain": holder.call("RenewDomain", DOMAIN="in-flight.com", PERIOD="1"),
        "DeleteDomain": holder.call("DeleteDomain", DOMAIN="in-flight.com"),
        "TransferDomain": client.call("TransferDomain", DOMAIN="in-flight.com", AUTH=auth),
    }
    assert {name: reply.code for name, reply in refused.items()} == dict.fromkeys(refused, 553)
    assert all(
        reply.description.startswith("Operation not allowed. Object pending transfer")
        for reply in refused.values()
    )
    assert client.engine.money_count("in-flight.com", command="RenewDomain") == 0
    # Once the transfer is decided, the domain can be changed again (by its new holder).
    controls.finish_transfer(client.engine, "in-flight.com", success=True)
    assert client.call("ModifyDomain", DOMAIN="in-flight.com", NAMESERVER0="ns1.other.net").code == 200


def test_internal_dns_with_the_transfer(client: Client) -> None:
    # INTERNALDNS=1 makes the zone when the transfer completes, however it completes.
    auth = controls.add_foreign_domain(client.engine, "zone-comes.com", auth="Auth-1")
    client.ok("TransferDomain", DOMAIN="zone-comes.com", AUTH=auth, INTERNALDNS=1)
    assert "zone-comes.com." not in client.world.zones
    controls.finish_transfer(client.engine, "zone-comes.com")
    assert client.world.zones["zone-comes.com."].owner == client.login
    assert client.world.domains["zone-comes.com"].internal_dns is True


def test_internal_dns_transfer_leaves_the_losing_accounts_zone_alone(client: Client) -> None:
    controls.add_account(client.engine, "holder", "holder-pass-1")
    holder = client.as_user("holder", "holder-pass-1")
    holder.register("zone-stays.com")
    holder.ok("CreateDNSZone", DNSZONE="zone-stays.com", RR0="@ 600 IN A 192.0.2.7")
    client.engine.clock.advance(days=61)
    auth = client.world.domains["zone-stays.com"].auth_code
    client.ok("TransferDomain", DOMAIN="zone-stays.com", AUTH=auth, INTERNALDNS=1)
    client.engine.clock.advance(days=6)
    client.ok("StatusDomain", DOMAIN="zone-stays.com")  # the clock completed the transfer
    zone = client.world.zones["zone-stays.com."]
    assert zone.owner == "holder" and zone.records == ["zone-stays.com. 600 IN A 192.0.2.7"]
    assert client.world.domains["zone-stays.com"].internal_dns is True
