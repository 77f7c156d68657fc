"""DNS zone commands through the engine: what the module's GetDNS/SaveDNS/email forwarding/web apps send."""

from __future__ import annotations

import pytest

from sandbox.state import Zone
from sandbox.world.zones import create_zone
from tests.sandbox.wire import Client, demo_client


@pytest.fixture
def client() -> Client:
    c = demo_client()
    c.add_domain("example.com")
    c.ok("CreateDNSZone", DNSZONE="example.com.")
    return c


def test_create_uses_isp_defaults_and_status_shows_soa(client: Client) -> None:
    status = client.ok("StatusDNSZone", DNSZONE="example.com.")
    assert list(status.properties) == [
        "CREATEDDATE",
        "DNSSEC-MODE",
        "PEERUSER",
        "RRSTOTAL",
        "SOAEXPIRE",
        "SOAMINTTL",
        "SOAMNAME",
        "SOAREFRESH",
        "SOARETRY",
        "SOARNAME",
        "SOASERIAL",
        "SOATTL",
        "STATUS",
        "UPDATEDDATE",
        "WWWTARGETDATA",
        "WWWTARGETTYPE",
    ]
    assert status.one("SOAMNAME") == "ns1.ispapi.net."
    assert status.one("SOARNAME") == "hostmaster.example.com."
    assert status.one("SOASERIAL") == "1"
    assert status.one("RRSTOTAL") == "5"  # SOA + 3 NS + MX
    assert status.one("DNSSEC-MODE") == "DISABLED"
    assert status.one("STATUS") == "ACTIVE"
    rrs = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.").col("RR")
    assert (
        rrs[0]
        == "example.com. 3600 IN SOA ns1.ispapi.net. hostmaster.example.com. 1 86400 7200 3600000 172800"
    )
    assert rrs[1:] == [
        "example.com. 3600 IN NS ns1.ispapi.net.",
        "example.com. 3600 IN NS ns2.ispapi.net.",
        "example.com. 3600 IN NS ns3.ispapi.net.",
        "example.com. 3600 IN MX 10 mx.ispapi.net.",
    ]


def test_create_errors(client: Client) -> None:
    again = client.call("CreateDNSZone", DNSZONE="example.com")
    assert (again.code, again.description) == (540, "Attribute value is not unique; zone example.com.")
    assert client.call("CreateDNSZone", DNSZONE="unknown.net.").code == 541  # no domain, no EXTERNAL=1
    client.ok("CreateDNSZone", DNSZONE="unknown.net.", EXTERNAL=1, RR0="@ IN NS ns1.other.net.", SOASERIAL=7)
    assert client.ok("QueryDNSZoneRRList", DNSZONE="unknown.net.", RRTYPE="NS").col("RR") == [
        "unknown.net. 3600 IN NS ns1.other.net."
    ]
    assert client.ok("StatusDNSZone", DNSZONE="unknown.net.").one("SOASERIAL") == "7"
    client.add_domain("theirs.com", owner="someone")
    assert client.call("CreateDNSZone", DNSZONE="theirs.com.").code == 531
    bad = client.call("CreateDNSZone", DNSZONE="other.org.", EXTERNAL=1, RR0="@ A 1.2.3")
    assert (bad.code, bad.description) == (505, "Invalid attribute value syntax; resource record [@ A 1.2.3]")
    assert "other.org." not in client.world.zones  # nothing half-created
    assert client.call("CreateDNSZone", DNSZONE="bad_zone").code == 505
    assert client.call("CreateDNSZone").code == 504
    assert client.call("CreateDNSZone", DNSZONE="x.com", BOGUS=1).code == 503


def test_missing_or_foreign_zone(client: Client) -> None:
    for command in ("StatusDNSZone", "QueryDNSZoneRRList", "UpdateDNSZone", "DeleteDNSZone"):
        assert client.call(command, DNSZONE="missing.com.").code == 545, command
    create_zone(client.world, "foreign.com", "someone", client.engine.clock.now())
    for command in ("StatusDNSZone", "QueryDNSZoneRRList", "UpdateDNSZone", "DeleteDNSZone"):
        assert client.call(command, DNSZONE="foreign.com.").code == 531, command


def test_save_dns_round_trip(client: Client) -> None:
    # What SaveDNS sends (docs/module-behaviour.md §9.1): wildcard deletes of every managed type plus the new
    # set.
    deletes = {
        f"DELRR{i}": f"% {t}"
        for i, t in enumerate(("A", "AAAA", "CNAME", "TXT", "MX", "X-HTTP", "X-SMTP", "SRV"))
    }
    reply = client.ok(
        "UpdateDNSZone",
        DNSZONE="example.com.",
        RESOLVETTLCONFLICTS=1,
        INCSERIAL=1,
        EXTENDED=1,
        **deletes,
        ADDRR0="@ A 192.0.2.10",
        ADDRR1="www CNAME example.com.",
        ADDRR2="@ MX 10 mail.example.com",
        ADDRR3="shop X-HTTP /sale REDIRECT https://shop.example.net",
        ADDRR4='@ TXT "v=spf1 mx -all"',
        ADDRR5="_sip._tcp SRV 10 5 5060 sip.example.com.",
    )
    assert reply.one("SOASERIAL") == "2"
    short = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.", SHORT=1, EXTENDED=1).col("RR")
    assert short == [
        "@ 3600 IN SOA ns1.ispapi.net. hostmaster.example.com. 2 86400 7200 3600000 172800",
        "@ 3600 IN NS ns1.ispapi.net.",
        "@ 3600 IN NS ns2.ispapi.net.",
        "@ 3600 IN NS ns3.ispapi.net.",
        "@ 3600 IN A 192.0.2.10",
        "www 3600 IN CNAME example.com.",
        "@ 3600 IN MX 10 mail.example.com",
        "shop 3600 IN X-HTTP /sale REDIRECT https://shop.example.net",
        '@ 3600 IN TXT "v=spf1 mx -all"',
        "_sip._tcp 3600 IN SRV 10 5 5060 sip.example.com.",
    ]
    plain = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.")
    assert not any("X-HTTP" in r for r in plain.col("RR"))  # pseudo records only with EXTENDED=1
    status = client.ok("StatusDNSZone", DNSZONE="example.com.")
    assert (status.one("WWWTARGETTYPE"), status.one("WWWTARGETDATA")) == ("CNAME", "example.com.")


def test_mail_forwards_and_web_apps(client: Client) -> None:
    # SaveEmailForwarding (docs/module-behaviour.md §9.2) then the gsuite web app (§9.5).
    client.ok(
        "UpdateDNSZone",
        DNSZONE="example.com.",
        RESOLVETTLCONFLICTS=1,
        INCSERIAL=1,
        EXTENDED=1,
        DELRR0="@ X-SMTP",
        ADDRR0="@ X-SMTP info@ MAILFORWARD info@example.net",
        ADDRR1="@ X-SMTP @ MAILFORWARD all@example.net",
    )
    client.ok(
        "UpdateDNSZone",
        DNSZONE="example.com.",
        EXTENDED=1,
        ADDRR0="@ IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.",
    )
    rrs = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.", SHORT=1, EXTENDED=1, RR="@ X-SMTP").col(
        "RR"
    )
    assert rrs == [
        "@ 3600 IN X-SMTP info@ MAILFORWARD info@example.net",
        "@ 3600 IN X-SMTP @ MAILFORWARD all@example.net",
    ]
    webapps = client.ok(
        "QueryDNSZoneRRList", DNSZONE="example.com.", SHORT=1, EXTENDED=1, RRTYPE="X-ALIAS-MX-WEBAPP"
    )
    assert webapps.col("RR") == ["@ 3600 IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net."]
    client.ok("UpdateDNSZone", DNSZONE="example.com.", EXTENDED=1, DELRR0="@ IN X-ALIAS-MX-WEBAPP")
    client.ok("UpdateDNSZone", DNSZONE="example.com.", EXTENDED=1, DELRR0="@ X-SMTP")
    left = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.", EXTENDED=1).col("RR")
    assert not any(" X-" in r for r in left)


def test_update_errors_leave_the_zone_unchanged(client: Client) -> None:
    before = list(client.world.zones["example.com."].records)
    bad = client.call(
        "UpdateDNSZone", DNSZONE="example.com.", ADDRR0="www A 192.0.2.1", ADDRR1="www MX ten host."
    )
    assert (bad.code, bad.description) == (
        505,
        "Invalid attribute value syntax; resource record [www MX ten host.]",
    )
    dup = client.call("UpdateDNSZone", DNSZONE="example.com.", ADDRR0="@ IN NS ns1.ispapi.net.")
    assert dup.code == 541
    assert (
        dup.description
        == "Invalid attribute value; duplicate record [example.com. 3600 IN NS ns1.ispapi.net.]"
    )
    cname = client.call("UpdateDNSZone", DNSZONE="example.com.", ADDRR0="@ CNAME other.example.net.")
    assert cname.code == 541
    ttl = client.call("UpdateDNSZone", DNSZONE="example.com.", ADDRR0="@ 600 NS ns4.ispapi.net.")
    assert ttl.code == 541
    pseudo = client.call("UpdateDNSZone", DNSZONE="example.com.", ADDRR0="@ X-SMTP a@ MAILFORWARD b@c.net")
    assert pseudo.code == 505  # pseudo records need EXTENDED=1
    assert client.call("UpdateDNSZone", DNSZONE="example.com.", STATUS="BROKEN").code == 505
    assert client.call("UpdateDNSZone", DNSZONE="example.com.", SOATTL="abc").code == 505
    assert client.world.zones["example.com."].records == before
    assert client.ok("StatusDNSZone", DNSZONE="example.com.").one("SOASERIAL") == "1"


def test_update_replace_soa_status_and_dnssec(client: Client) -> None:
    reply = client.ok(
        "UpdateDNSZone",
        DNSZONE="example.com.",
        RR0="@ IN NS ns1.ispapi.net.",
        RR1="@ 600 IN A 192.0.2.1",
        SOASERIAL=2024010100,
        SOARNAME="admin.example.com",
        SOATTL=600,
        STATUS="INACTIVE",
        **{"DNSSEC-MODE": "AUTO"},
    )
    assert reply.one("SOASERIAL") == "2024010100"
    assert client.ok("QueryDNSZoneRRList", DNSZONE="example.com.", SHORT=1).col("RR") == [
        "@ 600 IN SOA ns1.ispapi.net. admin.example.com. 2024010100 86400 7200 3600000 172800",
        "@ 3600 IN NS ns1.ispapi.net.",
        "@ 600 IN A 192.0.2.1",
    ]
    status = client.ok("StatusDNSZone", DNSZONE="example.com.")
    assert (status.one("STATUS"), status.one("DNSSEC-MODE")) == ("INACTIVE", "AUTO")


def test_rr_list_filters_and_pages(client: Client) -> None:
    client.ok(
        "UpdateDNSZone", DNSZONE="example.com.", **{f"ADDRR{i}": f"h{i} A 192.0.2.{i + 1}" for i in range(5)}
    )
    page = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.", RRTYPE="a", FIRST=1, LIMIT=2)
    assert page.col("RR") == ["h1.example.com. 3600 IN A 192.0.2.2", "h2.example.com. 3600 IN A 192.0.2.3"]
    assert [page.one(k) for k in ("FIRST", "LAST", "COUNT", "TOTAL", "LIMIT")] == ["1", "2", "2", "5", "2"]
    one = client.ok("QueryDNSZoneRRList", DNSZONE="example.com.", RR="h3 IN A 192.0.2.4")
    assert one.col("RR") == ["h3.example.com. 3600 IN A 192.0.2.4"]
    assert client.call("QueryDNSZoneRRList", DNSZONE="example.com.", LIMIT=0).code == 505
    assert client.call("QueryDNSZoneRRList", DNSZONE="example.com.", RR="@ NOPE").code == 505


def test_zone_list_delete_and_log(client: Client) -> None:
    client.add_domain("b-zone.com")
    client.ok("CreateDNSZone", DNSZONE="b-zone.com")
    listing = client.ok("QueryDNSZoneList", ORDERBY="DNSZONEDESC")
    assert listing.col("DNSZONE") == ["example.com.", "b-zone.com."]
    wide = client.ok("QueryDNSZoneList", WIDE=1, DNSZONE="b-*")
    assert wide.col("DNSZONE") == ["b-zone.com."]
    assert (
        wide.one("DNSZONERRSTOTAL") == "5"
        and wide.one("USER") == "demo"
        and wide.one("DNSZONEUMLAUT") == "b-zone.com."
    )
    assert client.call("QueryDNSZoneList", ORDERBY="NONSENSE").code == 505
    client.ok("DeleteDNSZone", DNSZONE="b-zone.com.")
    assert client.call("StatusDNSZone", DNSZONE="b-zone.com.").code == 545
    ops = [(e.object_id, e.operation_type) for e in client.world.object_log if e.object_class == "DNSZONE"]
    assert ops == [("example.com.", "CREATE"), ("b-zone.com.", "CREATE"), ("b-zone.com.", "DELETE")]


def test_create_zone_for_internal_dns() -> None:
    c = demo_client()
    now = c.engine.clock.now()
    zone = create_zone(c.world, "bücher.de", "demo", now)
    assert zone.name == "xn--bcher-kva.de." and len(zone.records) == 4
    assert create_zone(c.world, "xn--bcher-kva.de", "demo", now, exist_ok=True) is zone
    with pytest.raises(Exception) as caught:
        create_zone(c.world, "bücher.de", "demo", now)
    assert getattr(caught.value, "code", None) == 540


def test_zone_stored_with_relative_owners_and_an_soa_line() -> None:
    # A zone written directly into state (by hand: no command stores an SOA line) is read the same way.
    c = demo_client()
    c.world.zones["other.com."] = Zone(
        name="other.com.",
        owner="demo",
        records=["@ 3600 IN SOA ns1.ispapi.net. h.other.com. 1 2 3 4 5", "@ 3600 IN NS ns1.ispapi.net."],
    )
    assert c.ok("QueryDNSZoneRRList", DNSZONE="other.com.", RRTYPE="NS").col("RR") == [
        "other.com. 3600 IN NS ns1.ispapi.net."
    ]
    assert c.ok("StatusDNSZone", DNSZONE="other.com.").one("RRSTOTAL") == "2"
    c.ok("UpdateDNSZone", DNSZONE="other.com.", ADDRR0="www A 192.0.2.1")
    assert c.world.zones["other.com."].records == [
        "other.com. 3600 IN NS ns1.ispapi.net.",
        "www.other.com. 3600 IN A 192.0.2.1",
    ]
