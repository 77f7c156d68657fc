"""CNR name servers, DNS zones and forwards: AddNameserver/ModifyNameserver/DeleteNameserver/
StatusNameserver/QueryNameserverList, AddDNSZone/ModifyDNSZone/QueryDNSZoneRRList,
AddMailFwd/DeleteMailFwd/QueryMailFwdList, AddWebFwd/DeleteWebFwd/QueryWebFwdList."""

from __future__ import annotations

from tests.sandbox.cnr.wire import CnrClient


def test_nameservers() -> None:
    client = CnrClient()
    client.domain("host-me.com")
    client.ok("AddNameserver", NAMESERVER="ns1.host-me.com", IPADDRESS0="192.0.2.1", IPADDRESS1="2001:db8::1")
    assert client.call("AddNameserver", NAMESERVER="ns1.host-me.com", IPADDRESS0="192.0.2.9").code == 540
    assert client.call("AddNameserver", NAMESERVER="ns1.not-here.com", IPADDRESS0="192.0.2.9").code == 550
    assert client.call("AddNameserver", NAMESERVER="ns2.host-me.com", IPADDRESS0="300.1.1.1").code == 505
    status = client.ok("StatusNameserver", NAMESERVER="ns1.host-me.com")
    assert status.column("ipaddress") == ["192.0.2.1", "2001:db8::1"]
    client.ok(
        "ModifyNameserver",
        NAMESERVER="ns1.host-me.com",
        DELIPADDRESS0="2001:db8::1",
        ADDIPADDRESS0="192.0.2.2",
    )
    assert client.ok("StatusNameserver", NAMESERVER="ns1.host-me.com").column("ipaddress") == [
        "192.0.2.1",
        "192.0.2.2",
    ]
    client.ok("ModifyDomain", DOMAIN="host-me.com", ADDNAMESERVER0="ns1.host-me.com")
    assert client.call("DeleteNameserver", NAMESERVER="ns1.host-me.com").code == 532
    client.ok("DeleteNameserver", NAMESERVER="ns1.host-me.com", FORCE=1)
    assert client.call("StatusNameserver", NAMESERVER="ns1.host-me.com").code == 545
    assert "ns1.host-me.com" not in client.world.domains["host-me.com"].nameservers


def test_nameserver_list_by_pattern_and_parent_domain() -> None:
    client = CnrClient()
    client.domain("hosts-a.com")
    client.domain("hosts-b.com")
    for name in ("ns2.hosts-a.com", "ns1.hosts-a.com", "ns1.hosts-b.com"):
        client.ok("AddNameserver", NAMESERVER=name, IPADDRESS0="192.0.2.1")
    listed = client.ok("QueryNameserverList", PARENTDOMAIN="hosts-a.com")
    assert listed.column("nameserver") == ["ns1.hosts-a.com", "ns2.hosts-a.com"]
    assert listed.one("total") == "2"
    assert client.ok("QueryNameserverList", NAMESERVER="ns1.*").column("nameserver") == [
        "ns1.hosts-a.com",
        "ns1.hosts-b.com",
    ]
    paged = client.ok("QueryNameserverList", NAMESERVER="*.hosts-*.com", FIRST=1, LIMIT=1)
    assert (paged.column("nameserver"), paged.one("total")) == (["ns1.hosts-b.com"], "3")


def test_dns_zones() -> None:
    client = CnrClient()
    added = client.ok("AddDNSZone", DNSZONE="zone-me.com", RR0="@ 3600 IN A 192.0.2.10", CLTRID="abc-1")
    assert added.one("cltrid") == "abc-1" and added.one("svtrid")
    assert client.call("AddDNSZone", DNSZONE="zone-me.com").code == 540
    assert client.call("AddDNSZone", DNSZONE="bad-rr.com", RR0="@ IN A nonsense").code == 505
    client.ok("ModifyDNSZone", DNSZONE="zone-me.com", ADDRR0="www 600 IN CNAME zone-me.com.", SOAREFRESH=3600)
    client.ok("ModifyDNSZone", DNSZONE="zone-me.com", DELRR0="@ IN A 192.0.2.10")
    listed = client.ok("QueryDNSZoneRRList", DNSZONE="zone-me.com", WIDE=1)
    assert listed.column("type") == ["SOA", "CNAME"] and listed.column("locked") == ["1", "0"]
    assert listed.one("total") == "2"
    assert client.ok("QueryDNSZoneRRList", DNSZONE="zone-me.com", TYPE="CNAME").one("count") == "1"
    assert client.call("ModifyDNSZone", DNSZONE="zone-me.com", SOAREFRESH=60).code == 541
    assert client.call("QueryDNSZoneRRList", DNSZONE="no-zone.com").code == 545


def test_mail_and_web_forwards() -> None:
    client = CnrClient()
    client.domain("fwd-me.com")
    client.ok("AddMailFwd", FROM="info@fwd-me.com", TO="a@example.net,b@example.net")
    assert client.call("AddMailFwd", FROM="info@fwd-me.com", TO="c@example.net").code == 562
    assert client.call("AddMailFwd", FROM="info@not-mine.com", TO="c@example.net").code == 545
    listed = client.ok("QueryMailFwdList", WIDE=1)
    assert listed.column("from") == ["info@fwd-me.com"] and listed.one("to") == "a@example.net,b@example.net"
    client.ok("DeleteMailFwd", FROM="info@fwd-me.com", TO="a@example.net")
    assert client.ok("QueryMailFwdList", WIDE=1).one("to") == "b@example.net"
    client.ok("DeleteMailFwd", FROM="info@fwd-me.com")
    assert client.ok("QueryMailFwdList").one("total") == "0"
    client.ok("AddWebFwd", SOURCE="www.fwd-me.com", TARGET="https://example.net", TYPE="RD")
    assert client.call("AddWebFwd", SOURCE="fwd-me.com", TYPE="MRD").code == 504
    assert client.call("AddWebFwd", SOURCE="fwd-me.com", TYPE="SELF", TARGET="https://x.example").code == 541
    web = client.ok("QueryWebFwdList", WIDE=1)
    assert web.column("source") == ["www.fwd-me.com"] and web.one("type") == "RD"
    assert client.ok("QueryWebFwdList").one("webfwd") == "www.fwd-me.com RD https://example.net"
    client.ok("DeleteWebFwd", SOURCE="www.fwd-me.com")
    assert client.call("DeleteWebFwd", SOURCE="www.fwd-me.com").code == 545
