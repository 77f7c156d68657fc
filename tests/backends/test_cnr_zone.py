"""The CNR zone adapter (app/backends/cnr/zone.py, forwards.py) against the scripted fake: the commands it
sends for each intent, and the replies it reads (docs/cnr-protocol.md)."""

from __future__ import annotations

from typing import Any

import pytest

from app.backends.cnr.zone import CnrZone
from app.errors import InvalidInput, RegistryRejected
from app.registrar.base import OPERATIONS, ModuleConfig, RegistrarContext
from app.registry.zone import (
    NO_MAX_SIG_LIFE,
    NO_WEB_APPS,
    DnsRecord,
    Dnssec,
    ForwardKind,
    GlueHost,
    MailForward,
    WebAppLink,
    WebForward,
)
from tests.registrar.conftest import FakeIspapi, PassThroughJournal, reply

OK = reply()
MISSING = reply(545, "Entity reference not found")
ZONE_RRS = [
    "@ 3600 IN SOA ns1.example.net. hostmaster.example.com. 3 28800 7200 604800 3600",
    "@ 3600 IN NS ns1.example.net.",
    "@ 3600 IN A 192.0.2.1",
    "@ 3600 IN MX 10 mx.example.net.",
    "www 300 IN CNAME example.com.",
]
NO_FORWARDS = reply(COUNT=0)


@pytest.fixture
def zone(fake: FakeIspapi) -> CnrZone:
    return CnrZone(fake)


async def test_dns_zone_reads_records_and_the_domains_web_forwards(fake: FakeIspapi, zone: CnrZone) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=ZONE_RRS))
    fake.on(
        "QueryWebFwdList",
        reply(
            SOURCE=["example.com", "go.example.com", "notexample.com", "static.example.com"],
            TARGET=["https://a.example.net", "https://b.example.net", "https://c.example.net", ""],
            TYPE=["RD", "MRD", "RD", "SELF"],
        ),
    )
    entries = await zone.dns_zone("example.com")
    assert fake.sent == [
        {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "example.com", "FIRST": 0, "LIMIT": 1000},
        {"COMMAND": "QueryWebFwdList", "SOURCE": "*example.com", "WIDE": 1},
    ]
    assert entries is not None
    assert entries[2:] == [
        DnsRecord("@", 3600, "A", "192.0.2.1"),
        DnsRecord("@", 3600, "MX", "10 mx.example.net."),
        DnsRecord("www", 300, "CNAME", "example.com."),
        # another domain's forward and static content (no WHMCS forward) are left out
        WebForward("@", ForwardKind.REDIRECT, "https://a.example.net"),
        WebForward("go", ForwardKind.FRAME, "https://b.example.net"),
    ]


async def test_a_missing_zone_is_none_or_the_registrys_refusal(fake: FakeIspapi, zone: CnrZone) -> None:
    fake.on("QueryDNSZoneRRList", MISSING)
    assert await zone.dns_zone("example.com") is None
    with pytest.raises(RegistryRejected, match="^Entity reference not found$"):
        await zone.dns_zone("example.com", missing_ok=False)
    assert await zone.replace_dns("example.com", [DnsRecord("@", 3600, "A", "192.0.2.9")]) is False
    assert "ModifyDNSZone" not in fake.commands()


async def test_replace_dns_sends_only_the_difference(fake: FakeIspapi, zone: CnrZone) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=ZONE_RRS))
    fake.on("ModifyDNSZone", OK)
    fake.on(
        "QueryWebFwdList", reply(SOURCE=["go.example.com"], TARGET=["https://old.example.net"], TYPE=["RD"])
    )
    fake.on("DeleteWebFwd", OK)
    fake.on("AddWebFwd", OK)
    wanted = [
        DnsRecord("@", 3600, "A", "192.0.2.1"),  # there already: neither deleted nor added
        DnsRecord("www", 3600, "A", "192.0.2.2"),
        WebForward("go", ForwardKind.FRAME, "https://new.example.net", ttl=3600),
    ]
    assert await zone.replace_dns("example.com", wanted) is True
    # NS and SOA are not the DNS page's; the MX and the CNAME are no longer wanted
    assert fake.last("ModifyDNSZone") == {
        "COMMAND": "ModifyDNSZone",
        "DNSZONE": "example.com",
        "DELRR0": "@ 3600 IN MX 10 mx.example.net.",
        "DELRR1": "www 300 IN CNAME example.com.",
        "ADDRR0": "www 3600 IN A 192.0.2.2",
    }
    assert fake.last("DeleteWebFwd") == {"COMMAND": "DeleteWebFwd", "SOURCE": "go.example.com"}
    assert fake.last("AddWebFwd") == {
        "COMMAND": "AddWebFwd",
        "SOURCE": "go.example.com",
        "TARGET": "https://new.example.net",
        "TYPE": "MRD",
    }
    assert fake.commands().index("DeleteWebFwd") < fake.commands().index("AddWebFwd")


async def test_replace_dns_without_changes_sends_no_write(fake: FakeIspapi, zone: CnrZone) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=["@ 3600 IN A 192.0.2.1"]))
    fake.on("QueryWebFwdList", NO_FORWARDS)
    assert await zone.replace_dns("example.com", [DnsRecord("@", 3600, "A", "192.0.2.1")]) is True
    assert fake.commands() == ["QueryDNSZoneRRList", "QueryWebFwdList"]


async def test_a_forward_of_a_path_is_refused_before_anything_is_sent(
    fake: FakeIspapi, zone: CnrZone
) -> None:
    forward = WebForward("go", ForwardKind.REDIRECT, "https://docs.example.net", path="/docs")
    with pytest.raises(InvalidInput, match="not paths: go/docs cannot be forwarded"):
        await zone.replace_dns("example.com", [forward])
    assert fake.sent == []


async def test_mail_forwards_read_one_row_per_target_and_the_catch_all(
    fake: FakeIspapi, zone: CnrZone
) -> None:
    fake.on(
        "QueryMailFwdList",
        reply(
            FROM=["*@example.com", "info@example.com"], TO=["all@example.org", "a@example.org,b@example.org"]
        ),
    )
    assert await zone.mail_forwards("example.com") == [
        MailForward("", "all@example.org"),
        MailForward("info", "a@example.org"),
        MailForward("info", "b@example.org"),
    ]
    assert fake.sent == [{"COMMAND": "QueryMailFwdList", "DNSZONE": "example.com", "WIDE": 1}]


async def test_replace_mail_forwards_keeps_the_same_and_replaces_the_changed(
    fake: FakeIspapi, zone: CnrZone
) -> None:
    fake.on(
        "QueryMailFwdList",
        reply(
            FROM=["*@example.com", "info@example.com", "old@example.com"],
            TO=["all@example.org", "a@example.org", "x@example.org"],
        ),
    )
    fake.on("DeleteMailFwd", OK)
    fake.on("AddMailFwd", OK)
    wanted = [
        MailForward("", "all@example.org"),  # unchanged
        MailForward("info", "a@example.org"),
        MailForward("info", "b@example.org"),  # a second target for info@
        MailForward("sales", "s@example.org"),
    ]
    assert await zone.replace_mail_forwards("example.com", wanted) is True
    writes = [c for c in fake.sent if c["COMMAND"] != "QueryMailFwdList"]
    assert writes == [
        {"COMMAND": "DeleteMailFwd", "FROM": "info@example.com"},
        {"COMMAND": "DeleteMailFwd", "FROM": "old@example.com"},
        {"COMMAND": "AddMailFwd", "FROM": "info@example.com", "TO": "a@example.org,b@example.org"},
        {"COMMAND": "AddMailFwd", "FROM": "sales@example.com", "TO": "s@example.org"},
    ]


async def test_dnssec_is_the_domains_dnssec_parameters(fake: FakeIspapi, zone: CnrZone) -> None:
    key, ds = "257 3 13 AAAA", "12345 13 2 ABCD"
    fake.on("StatusDomain", reply(DNSSEC=[key, ""], DNSSECDSDATA=[ds]))
    fake.on("ModifyDomain", OK)
    current = await zone.dnssec("example.com")
    assert current == Dnssec(ds=(ds,), keys=(key,))
    # the keys emptied, a new DS list: the emptied list goes as its entry 0 without a value
    confirmation = await zone.set_dnssec("example.com", Dnssec(ds=("1 8 2 FF", "2 8 2 EE")), current)
    assert confirmation == "Command completed successfully"
    assert fake.last("ModifyDomain") == {
        "COMMAND": "ModifyDomain",
        "DOMAIN": "example.com",
        "DNSSECDSDATA0": "1 8 2 FF",
        "DNSSECDSDATA1": "2 8 2 EE",
        "DNSSEC0": "",
    }


async def test_max_sig_life_is_refused_before_anything_is_sent(fake: FakeIspapi, zone: CnrZone) -> None:
    with pytest.raises(InvalidInput) as refused:
        await zone.set_dnssec("example.com", Dnssec(max_sig_life="604800"), Dnssec())
    assert (refused.value.message, refused.value.field) == (NO_MAX_SIG_LIFE, "MAXSIGLIFE")
    assert fake.sent == []


async def test_private_nameservers_are_host_objects(fake: FakeIspapi, zone: CnrZone) -> None:
    for command in ("AddNameserver", "ModifyNameserver", "DeleteNameserver"):
        fake.on(command, OK)
    await zone.add_host("ns1.example.com", ["192.0.2.53", "2001:db8::53"])
    await zone.change_host_ip("ns1.example.com", "192.0.2.53", "192.0.2.54")
    await zone.delete_host("ns1.example.com")
    assert fake.sent == [
        {"COMMAND": "AddNameserver", "NAMESERVER": "ns1.example.com", "IPADDRESS0": "192.0.2.53",
         "IPADDRESS1": "2001:db8::53"},
        {"COMMAND": "ModifyNameserver", "NAMESERVER": "ns1.example.com", "DELIPADDRESS0": "192.0.2.53",
         "ADDIPADDRESS0": "192.0.2.54"},
        {"COMMAND": "DeleteNameserver", "NAMESERVER": "ns1.example.com"},
    ]  # fmt: skip


async def test_glue_hosts_are_the_domains_hosts_with_their_addresses(fake: FakeIspapi, zone: CnrZone) -> None:
    fake.on("StatusDomain", reply(HOST=["ns1.example.com", "ns2.example.com"]))
    fake.on("StatusNameserver", reply(IPADDRESS=["192.0.2.1"]), reply(IPADDRESS=["192.0.2.2", "2001:db8::2"]))
    assert await zone.glue_hosts("example.com") == [
        GlueHost("ns1.example.com", ("192.0.2.1",)),
        GlueHost("ns2.example.com", ("192.0.2.2", "2001:db8::2")),
    ]
    assert [c.get("NAMESERVER") for c in fake.sent] == [None, "ns1.example.com", "ns2.example.com"]


async def test_web_apps_say_there_is_no_equivalent(fake: FakeIspapi, zone: CnrZone) -> None:
    for intent in (
        zone.web_apps_allowed(),
        zone.connected_web_apps("example.com"),
        zone.connect_web_app("example.com", WebAppLink("gsuite", {}), create_zone=False),
        zone.disconnect_web_app("example.com", "gsuite"),
    ):
        with pytest.raises(RegistryRejected, match=f"^{NO_WEB_APPS}$"):
            await intent
    assert fake.sent == []


# ---- the operations over the CNR adapter ------------------------------------------------------------


def cnr_ctx(fake: FakeIspapi, function: str, params: dict[str, Any]) -> RegistrarContext:
    config = ModuleConfig.from_settings({"Username": "test.user", "Password": "secret-pw", "Backend": "cnr"})
    return RegistrarContext(
        function=function,
        params={"sld": "example", "tld": "com", "domainid": 7, **params},
        config=config,
        client=fake,
        journal=PassThroughJournal(),
        request_id="req-12345678",
    )


async def test_save_dns_on_cnr_creates_a_missing_zone_and_sends_once_more(fake: FakeIspapi) -> None:
    fake.on("QueryDNSZoneRRList", MISSING, reply(RR=["@ 3600 IN NS ns1.example.net."]))
    fake.on("AddDNSZone", OK)
    fake.on("ModifyDNSZone", OK)
    fake.on("QueryWebFwdList", NO_FORWARDS)
    row = {"hostname": "www", "type": "A", "address": "192.0.2.7", "priority": "N/A"}
    ctx = cnr_ctx(fake, "SaveDNS", {"dnsrecords": [row]})
    result = await OPERATIONS["SaveDNS"].func(ctx)
    assert result.value == {"success": "success"}
    assert fake.commands() == [
        "QueryDNSZoneRRList", "AddDNSZone", "QueryDNSZoneRRList", "ModifyDNSZone", "QueryWebFwdList",
    ]  # fmt: skip
    assert fake.last("ModifyDNSZone")["ADDRR0"] == "www 3600 IN A 192.0.2.7"
    assert ctx.effects.activity == [
        "example.com: DNS zone created",
        "example.com: DNS zone updated (1 records)",
    ]


async def test_get_dns_on_cnr_shows_records_and_forwards(fake: FakeIspapi) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=ZONE_RRS))
    fake.on(
        "QueryWebFwdList", reply(SOURCE=["go.example.com"], TARGET=["https://b.example.net"], TYPE=["RD"])
    )
    result = await OPERATIONS["GetDNS"].func(cnr_ctx(fake, "GetDNS", {}))
    shown = [(r["hostname"], r["type"], r["address"], r["priority"], r["ttl"]) for r in result.value]
    assert shown == [
        ("@", "A", "192.0.2.1", "", "3600"),
        ("@", "MX", "mx.example.net", "10", "3600"),
        ("www", "CNAME", "example.com", "", "300"),
        ("go", "URL", "https://b.example.net", "", "3600"),
    ]


async def test_the_dnssec_page_on_cnr_shows_the_max_sig_life_refusal_with_the_form(fake: FakeIspapi) -> None:
    fake.on("StatusDomain", reply(DNSSEC=[], DNSSECDSDATA=[]))
    post = {"submit": "1", "MAXSIGLIFE": "604800"}
    ctx = cnr_ctx(fake, "dnssec", {"request": {"post": post}})
    ctx.config = ModuleConfig.from_settings(
        {"Username": "test.user", "Password": "secret-pw", "Backend": "cnr", "DNSSEC": "on"}
    )
    result = await OPERATIONS["dnssec"].func(ctx)
    shown = result.value["vars"]
    assert (shown["error"], shown["error_field"], shown["maxsiglife"]) == (
        NO_MAX_SIG_LIFE,
        "MAXSIGLIFE",
        "604800",
    )
    assert shown["maxsiglife_offered"] is False  # the template leaves the field out
    assert fake.commands() == ["StatusDomain"]


async def test_a_zone_is_read_page_by_page(fake: FakeIspapi, zone: CnrZone) -> None:
    first = reply(RR=["a 3600 IN A 192.0.2.1", "b 3600 IN A 192.0.2.2"], FIRST=0, LIMIT=2, TOTAL=3)
    fake.on("QueryDNSZoneRRList", first, reply(RR=["c 3600 IN A 192.0.2.3"], FIRST=2, LIMIT=2, TOTAL=3))
    fake.on("QueryWebFwdList", NO_FORWARDS)
    entries = await zone.dns_zone("example.com")
    assert [e.owner for e in entries or [] if isinstance(e, DnsRecord)] == ["a", "b", "c"]
    assert [c["FIRST"] for c in fake.sent if c["COMMAND"] == "QueryDNSZoneRRList"] == [0, 2]
