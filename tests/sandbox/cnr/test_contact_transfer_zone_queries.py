"""CNR DeleteContact, CheckDomainTransfer, QueryTransferList, StatusDNSZone and QueryDNSZoneList: their
parameter checks, codes and answers."""

from __future__ import annotations

from sandbox.controls import add_account, add_foreign_domain
from sandbox.systems import CNR
from tests.sandbox.cnr.wire import PASSWORD, CnrClient


def test_delete_contact() -> None:
    client = CnrClient()
    spare = client.contact(FIRSTNAME="Spare")
    assert client.call("DeleteContact").code == 504
    assert client.call("DeleteContact", CONTACT="bad handle!").code == 505
    assert client.call("DeleteContact", CONTACT="P-NOSUCH").code == 545
    client.ok("DeleteContact", CONTACT=spare)
    assert spare not in client.world.contacts
    assert client.call("StatusContact", CONTACT=spare).code == 545
    client.domain("uses-contact.com")
    handle = client.ok("StatusDomain", DOMAIN="uses-contact.com").one("owner_contact")
    in_use = client.call("DeleteContact", CONTACT=handle)
    assert in_use.code == 561 and "uses-contact.com" in in_use.description
    add_account(client.sandbox, "other", PASSWORD, entity=CNR)
    client.login = "other"
    assert client.call("DeleteContact", CONTACT=handle).code == 531


def test_delete_contact_named_by_a_pending_transfer() -> None:
    client = CnrClient()
    auth = add_foreign_domain(client.sandbox, "arriving.com", entity=CNR)
    owner = client.contact(FIRSTNAME="Arriving")
    client.ok("TransferDomain", DOMAIN="arriving.com", AUTH=auth, OWNERCONTACT0=owner)
    assert client.call("DeleteContact", CONTACT=owner).code == 561


def test_check_domain_transfer() -> None:
    client = CnrClient()
    auth = add_foreign_domain(client.sandbox, "movable.com", entity=CNR)
    assert client.call("CheckDomainTransfer").code == 504
    assert client.call("CheckDomainTransfer", DOMAIN="movable.com", ACTION="STEAL").code == 505
    free = client.call("CheckDomainTransfer", DOMAIN="movable.com")  # no AUTH: the code is not checked
    assert free.code == 218 and free.description == "Request is available"
    assert free.one("registrar") == "foreign-registrar" and int(free.one("ageindays")) >= 60
    assert free.one("transferlock") == "0" and float(free.one("x-fee-amount")) > 0
    assert client.call("CheckDomainTransfer", DOMAIN="movable.com", AUTH=auth).code == 218
    wrong = client.call("CheckDomainTransfer", DOMAIN="movable.com", AUTH="wrong-code")
    assert wrong.code == 219 and wrong.description.startswith("Request is not available")
    absent = client.call("CheckDomainTransfer", DOMAIN="not-registered-anywhere.com")
    assert absent.code == 219 and "not registered" in absent.description
    client.domain("mine-already.com")
    assert client.call("CheckDomainTransfer", DOMAIN="mine-already.com").code == 219
    client.ok("TransferDomain", DOMAIN="movable.com", AUTH=auth)
    pending = client.call("CheckDomainTransfer", DOMAIN="movable.com", AUTH=auth)
    assert pending.code == 219 and pending.one("transferstatus") == "pending"
    assert client.world.domains["movable.com"].owner != client.login  # a check changes nothing


def test_query_transfer_list() -> None:
    client = CnrClient()
    for name in ("alpha-in.com", "beta-in.net", "gamma-in.com"):
        client.ok("TransferDomain", DOMAIN=name, AUTH=add_foreign_domain(client.sandbox, name, entity=CNR))
    listed = client.ok("QueryTransferList")
    assert listed.column("domain") == ["alpha-in.com", "beta-in.net", "gamma-in.com"]
    assert listed.column("domaintransferstatus") == ["PENDING"] * 3 and listed.one("total") == "3"
    assert client.ok("QueryTransferList", DOMAIN="*.com").column("domain") == ["alpha-in.com", "gamma-in.com"]
    page = client.ok("QueryTransferList", FIRST=1, LIMIT=1)
    assert page.column("domain") == ["beta-in.net"] and page.one("count") == "1"
    assert client.call("QueryTransferList", WIDE=2).code == 505
    assert client.call("QueryTransferList", ORDERBY="DOMAIN").code == 503
    add_account(client.sandbox, "other", PASSWORD, entity=CNR)
    client.login = "other"
    assert client.ok("QueryTransferList").one("total") == "0"  # only the caller's own transfers


def test_status_dns_zone() -> None:
    client = CnrClient()
    client.ok("AddDNSZone", DNSZONE="zoned.com", SOAREFRESH=3600, SIGNED=1)
    status = client.ok("StatusDNSZone", DNSZONE="zoned.com", CLTRID="c-1")
    assert status.one("dnszone") == "zoned.com" and status.one("soarefresh") == "3600"
    assert (
        status.one("signed") == "1"
        and status.one("zonetype") == "Master"
        and status.one("status") == "ACTIVE"
    )
    assert status.one("soarname").startswith("hostmaster.") and status.one("cltrid") == "c-1"
    assert status.one("soaserial").isdigit() and status.one("soamname").endswith(".")
    assert client.call("StatusDNSZone").code == 504
    assert client.call("StatusDNSZone", DNSZONE="no-such-zone.com").code == 545
    assert client.call("StatusDNSZone", DNSZONE="not a zone").code == 505
    add_account(client.sandbox, "other", PASSWORD, entity=CNR)
    client.login = "other"
    assert client.call("StatusDNSZone", DNSZONE="zoned.com").code == 531


def test_query_dns_zone_list() -> None:
    client = CnrClient()
    for name in ("b-zone.com", "a-zone.net", "c-zone.com"):
        client.ok("AddDNSZone", DNSZONE=name)
    listed = client.ok("QueryDNSZoneList")
    assert listed.column("dnszone") == ["a-zone.net", "b-zone.com", "c-zone.com"]
    assert listed.column("column") == ["dnszone"] and listed.one("total") == "3"
    assert client.ok("QueryDNSZoneList", ORDER="DESC").column("dnszone")[0] == "c-zone.com"
    assert client.ok("QueryDNSZoneList", DNSZONE="*.com").column("dnszone") == ["b-zone.com", "c-zone.com"]
    wide = client.ok("QueryDNSZoneList", WIDE=1, LIMIT=2)
    assert wide.column("zonetype") == ["Master", "Master"] and wide.column("updated date")
    assert wide.one("count") == "2" and wide.one("total") == "3"
    assert client.ok("QueryDNSZoneList", EXTERNAL=1).one("total") == "0"
    assert client.call("QueryDNSZoneList", ORDER="UP").code == 505
    assert client.call("QueryDNSZoneList", EXTERNAL="O").code == 505
    add_account(client.sandbox, "other", PASSWORD, entity=CNR)
    client.login = "other"
    assert client.ok("QueryDNSZoneList").one("total") == "0"
