"""StatusDomain HOSTTYPE=ATTRIBUTE lists the host objects registered below the domain (its private
nameservers) after the delegation nameservers: the module's `pnslist` page reads them
(docs/module-behaviour.md §3.26)."""

from __future__ import annotations

from tests.sandbox.wire import demo_client


def test_private_nameservers_appear_with_their_ips() -> None:
    client = demo_client()
    client.add_domain("example.com")
    client.ok("AddNameserver", NAMESERVER="ns2.example.com", IPADDRESS0="192.0.2.2")
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1", IPADDRESS1="2001:db8::1")
    status = client.ok("StatusDomain", DOMAIN="example.com", HOSTTYPE="ATTRIBUTE")
    delegation = status.col("NAMESERVER")
    assert status.col("HOST") == [
        *delegation,
        "ns1.example.com 192.0.2.1 2001:db8::1",
        "ns2.example.com 192.0.2.2",
    ]
    # OBJECT mode shows no host attributes at all
    assert client.ok("StatusDomain", DOMAIN="example.com", HOSTTYPE="OBJECT").col("HOST") == []


def test_a_delegation_host_below_the_domain_is_listed_once() -> None:
    client = demo_client()
    client.add_domain("example.com")
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1")
    client.ok(
        "ModifyDomain", DOMAIN="example.com", NAMESERVER0="ns1.example.com", NAMESERVER1="ns9.example.net"
    )
    status = client.ok("StatusDomain", DOMAIN="example.com", HOSTTYPE="ATTRIBUTE")
    assert status.col("HOST") == ["ns1.example.com 192.0.2.1", "ns9.example.net"]
