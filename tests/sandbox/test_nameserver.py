"""Nameserver host commands through the engine (API/DOMAIN/NAMESERVER/*.md)."""

from __future__ import annotations

import pytest

from tests.sandbox.wire import Client, demo_client


@pytest.fixture
def client() -> Client:
    c = demo_client()
    c.add_domain("example.com")
    return c


def test_add_and_status(client: Client) -> None:
    added = client.ok(
        "AddNameserver", NAMESERVER="NS1.example.com.", IPADDRESS0="192.0.2.1", IPADDRESS1="2001:DB8::1"
    )
    assert added.one("HOST") == "ns1.example.com" and added.one("CREATEDDATE")
    status = client.ok("StatusNameserver", NAMESERVER="ns1.example.com")
    assert status.col("IPADDRESS") == ["192.0.2.1", "2001:db8::1"]
    assert (status.one("HOST"), status.one("DOMAIN"), status.one("STATUS"), status.one("USER")) == (
        "ns1.example.com",
        "example.com",
        "ACTIVE",
        "demo",
    )
    for name in (
        "CREATEDBY",
        "CREATEDDATE",
        "PEERUSER",
        "REGISTRAR",
        "REPOSITORY",
        "UPDATEDBY",
        "UPDATEDDATE",
    ):
        assert name in status.properties


def test_add_errors(client: Client) -> None:
    assert client.call("AddNameserver", NAMESERVER="ns1.example.com").code == 504  # no IP address
    bad_ip = client.call("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="300.1.1.1")
    assert (bad_ip.code, bad_ip.description) == (
        505,
        "Invalid attribute value syntax; Syntax error in Parameter IPADDRESS0 (300.1.1.1)",
    )
    assert (
        client.call(
            "AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1", IPADDRESS1="192.0.2.1"
        ).code
        == 541
    )
    assert client.call("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS13="192.0.2.1").code == 503
    too_many = {f"IPADDRESS{i}": f"192.0.2.{i + 1}" for i in range(13)} | {"IPADDRESS": "192.0.2.99"}
    assert client.call("AddNameserver", NAMESERVER="ns1.example.com", **too_many).code == 541
    assert client.call("AddNameserver", NAMESERVER="ns1.unknown.org", IPADDRESS0="192.0.2.1").code == 545
    client.add_domain("theirs.com", owner="someone")
    assert client.call("AddNameserver", NAMESERVER="ns1.theirs.com", IPADDRESS0="192.0.2.1").code == 531
    assert (
        client.call(
            "AddNameserver", NAMESERVER="ns1.example.com", DOMAIN="other.com", IPADDRESS0="192.0.2.1"
        ).code
        == 541
    )
    assert client.call("AddNameserver", NAMESERVER="not a host", IPADDRESS0="192.0.2.1").code == 505
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1")
    assert client.call("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.2").code == 540


def test_modify_ips_and_rename(client: Client) -> None:
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1", IPADDRESS1="192.0.2.2")
    client.ok(
        "ModifyNameserver", NAMESERVER="ns1.example.com", DELIPADDRESS0="192.0.2.1", ADDIPADDRESS0="192.0.2.3"
    )
    assert client.ok("StatusNameserver", NAMESERVER="ns1.example.com").col("IPADDRESS") == [
        "192.0.2.2",
        "192.0.2.3",
    ]
    client.ok("ModifyNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="2001:db8::53")
    assert client.ok("StatusNameserver", NAMESERVER="ns1.example.com").col("IPADDRESS") == ["2001:db8::53"]
    assert (
        client.call(
            "ModifyNameserver",
            NAMESERVER="ns1.example.com",
            IPADDRESS0="192.0.2.9",
            ADDIPADDRESS0="192.0.2.8",
        ).code
        == 507
    )
    assert (
        client.call("ModifyNameserver", NAMESERVER="ns1.example.com", DELIPADDRESS0="192.0.2.77").code == 541
    )
    assert (
        client.call("ModifyNameserver", NAMESERVER="ns1.example.com", ADDIPADDRESS0="2001:db8::53").code
        == 541
    )
    assert (
        client.call("ModifyNameserver", NAMESERVER="ns1.example.com", DELIPADDRESS0="2001:db8::53").code
        == 541
    )  # none left
    assert client.call("ModifyNameserver", NAMESERVER="ns1.example.com", ADDIPADDRESS0="1.2.3").code == 505
    domain = client.world.domains["example.com"]
    domain.nameservers = ["ns1.example.com", "ns.other.net"]
    client.ok("ModifyNameserver", NAMESERVER="ns1.example.com", NEWNAMESERVER="dns.example.com")
    assert domain.nameservers == ["dns.example.com", "ns.other.net"]
    assert client.call("StatusNameserver", NAMESERVER="ns1.example.com").code == 545
    assert (
        client.call("ModifyNameserver", NAMESERVER="dns.example.com", NEWNAMESERVER="dns.elsewhere.org").code
        == 545
    )
    assert (
        client.call("ModifyNameserver", NAMESERVER="missing.example.com", ADDIPADDRESS0="192.0.2.1").code
        == 545
    )


def test_delete_refused_while_linked(client: Client) -> None:
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1")
    client.world.domains["example.com"].nameservers = ["NS1.example.com."]
    linked = client.call("DeleteNameserver", NAMESERVER="ns1.example.com")
    assert linked.code == 532 and linked.description.startswith("Domain names linked with name server")
    client.ok("DeleteNameserver", NAMESERVER="ns1.example.com", FORCE=1)
    assert client.call("StatusNameserver", NAMESERVER="ns1.example.com").code == 545
    assert client.call("DeleteNameserver", NAMESERVER="ns1.example.com").code == 545
    ops = [(e.object_class, e.operation_type) for e in client.world.object_log]
    assert ops == [("NAMESERVER", "CREATE"), ("NAMESERVER", "DELETE")]


def test_foreign_host_and_check(client: Client) -> None:
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1")
    taken = client.call("CheckNameserver", NAMESERVER="ns1.example.com")
    assert (taken.code, taken.description) == (213, "Nameserver not available") and taken.one("REASON")
    free = client.call("CheckNameserver", NAMESERVER="ns2.example.com")
    assert (free.code, free.description) == (212, "Nameserver is available")
    client.world.hosts["ns1.example.com"].owner = "someone"
    for command in ("StatusNameserver", "ModifyNameserver", "DeleteNameserver"):
        assert client.call(command, NAMESERVER="ns1.example.com").code == 531, command
