"""Object logs and object lists: the module's TransferSync/Sync look-ups
(docs/module-behaviour.md §7.1-§7.3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.state import DeletedDomain, ObjectLogEntry
from sandbox.world.dates import fmt
from tests.sandbox.wire import CONTACT, Client, demo_client


@pytest.fixture
def client() -> Client:
    c = demo_client()
    c.add_domain("example.com")
    return c


def _entry(
    client: Client, *, object_id: str, op: str, status: str, user: str = "demo", days: float = 0
) -> ObjectLogEntry:
    entry = ObjectLogEntry(
        index=client.world.next_id(),
        date=client.engine.clock.now() + timedelta(days=days),
        object_class="DOMAIN",
        object_id=object_id,
        operation_type=op,
        operation_status=status,
        user=user,
        info=["[HEADER]", f"user={user}", "", "[COMMAND]", "COMMAND=TransferDomain", f"DOMAIN={object_id}",
              "NAMESERVER0=ns1.example.net", "EOF"],
    )  # fmt: skip
    client.world.object_log.append(entry)
    return entry


def test_transfer_sync_lookup(client: Client) -> None:
    _entry(client, object_id="moved.com", op="TRANSFER", status="REQUEST", days=-2)
    latest = _entry(client, object_id="moved.com", op="TRANSFER", status="REQUEST", days=-1)
    _entry(client, object_id="moved.com", op="INBOUND_TRANSFER", status="FAILED")
    _entry(client, object_id="moved.com", op="TRANSFER", status="REQUEST", user="stranger")
    found = client.ok(
        "QueryObjectLogList", OBJECTCLASS="DOMAIN", OBJECTID="moved.com", ORDERBY="LOGDATEDESC",
        OPERATIONTYPE="TRANSFER", OPERATIONSTATUS="REQUEST", USERDEPTH="SELF", LIMIT=1,
    )  # fmt: skip
    assert found.one("COUNT") == "1" and found.one("TOTAL") == "2"
    assert found.one("LOGINDEX") == str(latest.index) and found.one("LOGDATE") == fmt(latest.date)
    assert list(found.properties)[:5] == ["FIRST", "LAST", "COUNT", "TOTAL", "LIMIT"]
    for name in (
        "LOGROLEID",
        "LOGUSER",
        "OBJECTCLASS",
        "OBJECTID",
        "OPERATIONSTATUS",
        "OPERATIONTYPE",
        "REFERENCE",
    ):
        assert found.one(name) is not None
    failed = client.ok(
        "QueryObjectLogList", OBJECTID="moved.com", OBJECTCLASS="DOMAIN", MINDATE=found.one("LOGDATE"),
        OPERATIONTYPE="INBOUND_TRANSFER", OPERATIONSTATUS="FAILED", ORDERBY="LOGDATEDESC", LIMIT=1,
    )  # fmt: skip
    assert failed.one("COUNT") == "1"
    status = client.ok("StatusObjectLog", LOGINDEX=latest.index)
    assert status.col("OPERATIONINFO")[4:7] == [
        "COMMAND=TransferDomain",
        "DOMAIN=moved.com",
        "NAMESERVER0=ns1.example.net",
    ]
    assert (status.one("LOGSTATUS"), status.one("OPERATIONTYPE"), status.one("OPERATIONSTATUS")) == (
        "ok",
        "TRANSFER",
        "REQUEST",
    )
    none = client.ok("QueryObjectLogList", OBJECTID="never.com", OPERATIONTYPE="TRANSFER")
    assert none.one("COUNT") == "0" and "LOGINDEX" not in none.properties  # no rows, no row columns


def test_entries_written_by_commands_carry_request_and_response(client: Client) -> None:
    handle = client.ok("AddContact", **CONTACT).one("CONTACT")
    index = client.ok("QueryObjectLogList", OBJECTCLASS="CONTACT").one("LOGINDEX")
    info = client.ok("StatusObjectLog", LOGINDEX=index).col("OPERATIONINFO")
    assert info[:4] == ["[HEADER]", "user=demo", "", "[COMMAND]"]
    assert "COMMAND=AddContact" in info and f"PROPERTY[CONTACT][0]={handle}" in info and info[-1] == "EOF"


def test_filters_order_paging_and_errors(client: Client) -> None:
    for i in range(5):
        _entry(client, object_id=f"d{i}.com", op="CREATE", status="SUCCESSFUL", days=i)
    ordered = client.ok("QueryObjectLogList", ORDERBY="OBJECTIDDESC", FIRST=1, LIMIT=2)
    assert ordered.col("OBJECTID") == ["d3.com", "d2.com"]
    assert [ordered.one(k) for k in ("FIRST", "LAST", "COUNT", "TOTAL")] == ["1", "2", "2", "5"]
    today = fmt(client.engine.clock.now())[:10]
    assert client.ok("QueryObjectLogList", MAXDATE=today).col("OBJECTID") == ["d0.com"]
    assert client.call("QueryObjectLogList", ORDERBY="SIZE").code == 505
    assert client.call("QueryObjectLogList", MINDATE="last week").code == 505
    assert client.call("QueryObjectLogList", FIRST=-1).code == 505
    assert client.call("QueryObjectLogList", COLOUR="red").code == 503
    assert client.call("StatusObjectLog", LOGINDEX=999999).code == 545
    assert client.call("StatusObjectLog", LOGINDEX="abc").code == 505
    assert client.call("StatusObjectLog").code == 504
    foreign = _entry(client, object_id="x.com", op="CREATE", status="SUCCESSFUL", user="stranger")
    assert client.call("StatusObjectLog", LOGINDEX=foreign.index).code == 531
    client.add_account("sub", parent="demo")
    _entry(client, object_id="sub.com", op="CREATE", status="SUCCESSFUL", user="sub")
    assert client.ok("QueryObjectLogList", OBJECTID="sub.com").one("COUNT") == "1"  # default depth ALL
    assert client.ok("QueryObjectLogList", OBJECTID="sub.com", USERDEPTH="SELF").one("COUNT") == "0"


def test_deleted_domain_lookup(client: Client) -> None:
    now = client.engine.clock.now()
    client.world.deleted["gone.com"] = DeletedDomain(
        name="gone.com", owner="demo", deleted_at=now, restorable_until=now + timedelta(days=30),
        expiration_date=now - timedelta(days=1),
    )  # fmt: skip
    client.world.deleted["late.com"] = DeletedDomain(
        name="late.com",
        owner="demo",
        deleted_at=now - timedelta(days=60),
        restorable_until=now - timedelta(days=30),
    )
    restorable = client.ok("QueryObjectList", OBJECTCLASS="DELETEDDOMAIN", OBJECTID="gone.com")
    assert restorable.one("COUNT") == "1" and restorable.one("EXPIRATIONDATE") == fmt(now - timedelta(days=1))
    assert client.ok("QueryObjectList", OBJECTCLASS="DELETEDDOMAIN", OBJECTID="late.com").one("COUNT") == "0"
    away = client.call("QueryObjectList", OBJECTCLASS="DELETEDDOMAIN", OBJECTID="transferred.com")
    assert away.code == 545  # never deleted here: the module reads "transferred away"


def test_object_list_classes(client: Client) -> None:
    client.ok("AddContact", **CONTACT)
    client.ok("AddNameserver", NAMESERVER="ns1.example.com", IPADDRESS0="192.0.2.1")
    client.ok("CreateDNSZone", DNSZONE="example.com")
    everything = client.ok("QueryObjectList", WIDE=1)
    assert everything.col("OBJECTCLASS") == ["DOMAIN", "CONTACT", "NAMESERVER", "DNSZONE"]
    assert everything.col("USER") == ["demo"] * 4
    zones = client.ok("QueryObjectList", OBJECTCLASS="DNSZONE")
    assert zones.col("OBJECTID") == ["example.com."] and "USER" not in zones.properties
    by_id = client.ok("QueryObjectList", ORDERBY="OBJECTIDDESC", OBJECTID="*example.com")
    assert by_id.col("OBJECTID") == ["ns1.example.com", "example.com.", "example.com"]
    assert client.call("QueryObjectList", ORDERBY="BOGUS").code == 505
    assert client.call("QueryObjectList", WIDE=2).code == 505
