"""GetDNS / SaveDNS / GetEmailForwarding / SaveEmailForwarding against the scripted ISPAPI fake
(docs/module-behaviour.md §9.1, §9.2; §13.5 MX owners). Every bad input is refused before any command is
sent."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result
from app.errors import InvalidInput, OutcomeUnknown, RegistryRejected
from app.registrar.base import OPERATIONS, RegistrarContext
from tests.registrar.conftest import FakeIspapi, lost, reply

OK = reply()
DOMAIN = {"sld": "example", "tld": "com", "domainid": 7}
ZONE_RRS = [
    "example.com. 3600 IN SOA ns1.ispapi.net. hostmaster.example.com. 5 28800 7200 604800 3600",
    "example.com. 3600 IN NS ns1.ispapi.net.",
    "example.com. 300 IN A 192.0.2.1",
    "www.example.com. 3600 IN CNAME example.com.",
    "example.com. 3600 IN MX 10 mx.ispapi.net.",
    "sub.example.com. 3600 IN MX 20 mxe-host-for-ip-192-0-2-9.example.com.",
    "mxe-host-for-ip-192-0-2-9.example.com. 3600 IN A 192.0.2.9",
    "v6.example.com. 3600 IN AAAA 2001:db8::1",
    'example.com. 3600 IN TXT "v=spf1 -all"',
    "_sip._tcp.example.com. 3600 IN SRV 10 60 5060 sip.example.net.",
    "go.example.com. 3600 IN X-HTTP /docs REDIRECT https://docs.example.net/",
    "frame.example.com. 3600 IN X-HTTP FRAME http://framed.example.net",
    "example.com. 3600 IN X-SMTP info@ MAILFORWARD owner@example.org",
    "example.com. 3600 IN X-SMTP @ MAILFORWARD all@example.org",
    "example.com. 3600 IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.",
    "example.com. 3600 IN CAA 0 issue letsencrypt.org",
]


async def run(
    make_ctx: Any, function: str, params: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    ctx = make_ctx(function, {**DOMAIN, **(params or {})})
    return ctx, await OPERATIONS[function].func(ctx)


def row(hostname: str, rtype: str, address: str, priority: str = "N/A", **extra: str) -> dict[str, str]:
    return {
        "hostname": hostname,
        "type": rtype,
        "address": address,
        "priority": priority,
        "recid": "",
        **extra,
    }


NEW_ROW = row("", "A", "")


# ---- GetDNS ----------------------------------------------------------------------------------------


async def test_get_dns_maps_every_record_type_and_normalises_owners(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=ZONE_RRS))
    _, result = await run(make_ctx, "GetDNS")
    assert fake.sent == [{"COMMAND": "QueryDNSZoneRRList", "DNSZONE": "example.com.", "EXTENDED": 1}]
    shown = [(r["hostname"], r["type"], r["address"], r["priority"], r["ttl"]) for r in result.value]
    assert shown == [
        ("@", "A", "192.0.2.1", "", "300"),
        ("www", "CNAME", "example.com", "", "3600"),
        # owner normalised (docs/module-behaviour.md §13.5: 5.1.12 showed it raw)
        ("@", "MX", "mx.ispapi.net", "10", "3600"),
        ("sub", "MXE", "192.0.2.9", "20", "3600"),  # the mxe-host A record is hidden
        ("v6", "AAAA", "2001:db8::1", "", "3600"),
        ("@", "TXT", '"v=spf1 -all"', "", "3600"),
        ("_sip._tcp", "SRV", "60 5060 sip.example.net", "10", "3600"),
        ("go/docs", "URL", "https://docs.example.net/", "", "3600"),
        ("frame", "FRAME", "http://framed.example.net", "", "3600"),
    ]
    assert [r["recid"] for r in result.value] == [str(i) for i in range(9)]


async def test_get_dns_relative_owners_of_short_replies(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=["@ 3600 IN MX 5 mail.example.net.", "www 600 IN A 192.0.2.2"]))
    _, result = await run(make_ctx, "GetDNS")
    assert [(r["hostname"], r["type"]) for r in result.value] == [("@", "MX"), ("www", "A")]


async def test_get_dns_without_zone_is_empty_unless_dns_management_was_ordered(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    fake.on("QueryDNSZoneRRList", reply(545, "Object not found"))
    _, result = await run(make_ctx, "GetDNS")
    assert result.value == [] and fake.commands() == ["QueryDNSZoneRRList"]


async def test_get_dns_creates_the_zone_when_dns_management_is_ordered(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    fake.on(
        "QueryDNSZoneRRList", reply(545, "Object not found"), reply(RR=["example.com. 3600 IN A 192.0.2.1"])
    )
    fake.on("ModifyDomain", OK)
    ctx, result = await run(make_ctx, "GetDNS", {"dnsmanagement": "1"})
    assert fake.commands() == ["QueryDNSZoneRRList", "ModifyDomain", "QueryDNSZoneRRList"]
    assert fake.last("ModifyDomain") == {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "INTERNALDNS": 1}
    assert [r["address"] for r in result.value] == ["192.0.2.1"]
    assert ctx.effects.activity == ["example.com: DNS zone created"]


async def test_get_dns_registry_error_is_shown(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("QueryDNSZoneRRList", reply(531, "Authorization failed"))
    with pytest.raises(RegistryRejected, match="^Authorization failed$"):
        await run(make_ctx, "GetDNS")


# ---- SaveDNS ---------------------------------------------------------------------------------------


async def test_save_dns_sends_every_type_with_ttl_and_skips_the_empty_rows(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    fake.on("UpdateDNSZone", OK)
    records = [
        row("@", "A", "192.0.2.1", ttl="300"),
        row("@", "A", "192.0.2.1"),  # duplicate of the first: sent once
        row("v6", "AAAA", "2001:DB8::1"),
        row("www", "CNAME", "example.com"),
        row("@", "MX", "mx.example.net", "10"),
        row("@", "MX", "20 backup.example.net"),  # preference in the address (5.1.12)
        row("mail", "MXE", "192.0.2.9", "5"),
        row("@", "TXT", '"v=spf1 include:example.net -all"'),
        row("_sip._tcp", "SRV", "60 5060 sip.example.net", "10"),
        row("go/docs", "URL", "https://docs.example.net/x"),
        row("frame", "FRAME", "framed.example.net"),
        row("blank", "A", ""),  # blanked by the client: removed
        NEW_ROW,
    ]
    ctx, result = await run(make_ctx, "SaveDNS", {"dnsrecords": records})
    assert result.value == {"success": "success"}
    sent = fake.last("UpdateDNSZone")
    assert {k: sent[k] for k in ("DNSZONE", "RESOLVETTLCONFLICTS", "INCSERIAL", "EXTENDED")} == {
        "DNSZONE": "example.com.",
        "RESOLVETTLCONFLICTS": 1,
        "INCSERIAL": 1,
        "EXTENDED": 1,
    }
    # Mail forwards (X-SMTP) and web-app aliases are not among the replaced types: they stay untouched.
    assert [sent[f"DELRR{i}"] for i in range(7)] == [
        "% A", "% AAAA", "% CNAME", "% TXT", "% MX", "% X-HTTP", "% SRV",
    ]  # fmt: skip
    assert "DELRR7" not in sent
    added = [v for k, v in sorted(sent.items(), key=lambda kv: kv[0]) if k.startswith("ADDRR")]
    assert sorted(added) == sorted(
        [
            "@ 300 IN A 192.0.2.1",
            "v6 3600 IN AAAA 2001:db8::1",
            "www 3600 IN CNAME example.com.",
            "@ 3600 IN MX 10 mx.example.net.",
            "@ 3600 IN MX 20 backup.example.net.",
            "mail 3600 IN MX 5 mxe-host-for-ip-192-0-2-9.example.com.",
            "mxe-host-for-ip-192-0-2-9 3600 IN A 192.0.2.9",
            '@ 3600 IN TXT "v=spf1 include:example.net -all"',
            "_sip._tcp 3600 IN SRV 10 60 5060 sip.example.net.",
            "go 3600 IN X-HTTP /docs REDIRECT https://docs.example.net/x",
            "frame 3600 IN X-HTTP FRAME http://framed.example.net",
        ]
    )
    assert ctx.effects.activity == ["example.com: DNS zone updated (11 records)"]


async def test_save_dns_accepts_records_as_a_php_object_and_absolute_owners(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    fake.on("UpdateDNSZone", OK)
    records = {"0": row("www.example.com.", "A", "192.0.2.3"), "1": row("example.com", "A", "192.0.2.4")}
    await run(make_ctx, "SaveDNS", {"dnsrecords": records})
    sent = fake.last("UpdateDNSZone")
    assert (sent["ADDRR0"], sent["ADDRR1"]) == ("www 3600 IN A 192.0.2.3", "@ 3600 IN A 192.0.2.4")


async def test_save_dns_creates_a_missing_zone_and_retries_once(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("UpdateDNSZone", reply(545, "Object not found"), OK)
    fake.on("ModifyDomain", OK)
    await run(make_ctx, "SaveDNS", {"dnsrecords": [row("@", "A", "192.0.2.1")]})
    assert fake.commands() == ["UpdateDNSZone", "ModifyDomain", "UpdateDNSZone"]


async def test_save_dns_zone_creation_failure_names_the_cause(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("UpdateDNSZone", reply(545, "Object not found"))
    fake.on("ModifyDomain", reply(531, "Authorization failed"))
    with pytest.raises(
        RegistryRejected, match=r"^Creating the DNS zone failed: \(531 Authorization failed\)$"
    ):
        await run(make_ctx, "SaveDNS", {"dnsrecords": [row("@", "A", "192.0.2.1")]})


async def test_save_dns_registry_error_and_lost_reply(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on(
        "UpdateDNSZone",
        reply(505, "Invalid attribute value syntax; resource record [x]"),
        lost(may_have_executed=True),
    )
    with pytest.raises(RegistryRejected, match=r"resource record \[x\]"):
        await run(make_ctx, "SaveDNS", {"dnsrecords": [row("@", "A", "192.0.2.1")]})
    with pytest.raises(OutcomeUnknown):
        await run(make_ctx, "SaveDNS", {"dnsrecords": [row("@", "A", "192.0.2.1")]})


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        (row("bad host!", "A", "192.0.2.1"), "dnsrecords[0][hostname]", "hostname is not a valid host name"),
        (row("a..b", "A", "192.0.2.1"), "dnsrecords[0][hostname]", "not a valid host name"),
        (row("@", "A", "192.0.2.300"), "dnsrecords[0][address]", "not a valid IPv4 address"),
        (row("@", "A", "2001:db8::1"), "dnsrecords[0][address]", "not a valid IPv4 address"),
        (row("@", "AAAA", "192.0.2.1"), "dnsrecords[0][address]", "not a valid IPv6 address"),
        (row("@", "MXE", "mail.example.net"), "dnsrecords[0][address]", "not a valid IPv4 address"),
        (row("@", "NAPTR", "x"), "dnsrecords[0][type]", "unknown record type 'NAPTR'"),
        (
            row("@", "A", "192.0.2.1", ttl="59"),
            "dnsrecords[0][ttl]",
            "TTL must be a whole number from 60 to 86400",
        ),
        (row("@", "A", "192.0.2.1", ttl="86401"), "dnsrecords[0][ttl]", "from 60 to 86400"),
        (row("@", "A", "192.0.2.1", ttl="1h"), "dnsrecords[0][ttl]", "from 60 to 86400"),
        (row("@", "MX", "mx.example.net", "70000"), "dnsrecords[0][priority]", "MX priority must be"),
        (row("@", "MX", "mx.example.net", "-1"), "dnsrecords[0][priority]", "MX priority must be"),
        (row("@", "MX", "not a host"), "dnsrecords[0][address]", "one host name"),
        (
            row("_sip._tcp", "SRV", "5060 sip.example.net", "1"),
            "dnsrecords[0][address]",
            "'weight port target'",
        ),
        (row("_sip._tcp", "SRV", "1 99999 sip.example.net", "1"), "dnsrecords[0][address]", "SRV port"),
        (row("go", "URL", "ftp://files.example.net"), "dnsrecords[0][address]", "http:// or https://"),
        (row("go", "URL", "javascript:alert(1)"), "dnsrecords[0][address]", "http:// or https://"),
        (row("@", "TXT", "a\nCOMMAND=DeleteDomain"), "dnsrecords[0][address]", "line break"),
        (row("@", "TXT", 'unbalanced "quote'), "dnsrecords[0][address]", "unbalanced quote"),
    ],
)
async def test_save_dns_refuses_bad_records_before_any_call(
    fake: FakeIspapi, make_ctx: Any, record: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        await run(make_ctx, "SaveDNS", {"dnsrecords": [record]})
    assert caught.value.field == field
    assert caught.value.message.startswith("dnsrecords[0]")
    assert fake.sent == []


async def test_save_dns_refuses_a_cname_beside_other_data(fake: FakeIspapi, make_ctx: Any) -> None:
    records = [row("www", "CNAME", "example.net"), row("www", "A", "192.0.2.1")]
    with pytest.raises(InvalidInput, match="www: a CNAME record cannot share"):
        await run(make_ctx, "SaveDNS", {"dnsrecords": records})
    assert fake.sent == []


async def test_save_dns_second_bad_row_is_named(fake: FakeIspapi, make_ctx: Any) -> None:
    with pytest.raises(InvalidInput, match=r"^dnsrecords\[1\] \(www A\): address") as caught:
        await run(make_ctx, "SaveDNS", {"dnsrecords": [row("@", "A", "192.0.2.1"), row("www", "A", "x")]})
    assert caught.value.field == "dnsrecords[1][address]"


# ---- e-mail forwarding -----------------------------------------------------------------------------


async def test_get_email_forwarding(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("QueryDNSZoneRRList", reply(RR=ZONE_RRS))
    _, result = await run(make_ctx, "GetEmailForwarding")
    assert result.value == [
        {"prefix": "info", "forwardto": "owner@example.org"},
        {"prefix": "*", "forwardto": "all@example.org"},
    ]


async def test_get_email_forwarding_without_zone_and_on_error(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("QueryDNSZoneRRList", reply(545, "Object not found"), reply(531, "Authorization failed"))
    assert (await run(make_ctx, "GetEmailForwarding"))[1].value == []
    with pytest.raises(RegistryRejected, match="Authorization failed"):
        await run(make_ctx, "GetEmailForwarding")


async def test_save_email_forwarding(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("UpdateDNSZone", OK)
    params = {
        # WHMCS 7 nests the whole list in the first element (docs/module-behaviour.md §9.2)
        "prefix": [["Info", "*", "", "sales", "info"]],
        "forwardto": [["owner@example.org", "all@example.org", "", "", "owner@example.org"]],
    }
    ctx, result = await run(make_ctx, "SaveEmailForwarding", params)
    assert result.value == {"success": "success"}
    sent = fake.last("UpdateDNSZone")
    assert sent == {
        "COMMAND": "UpdateDNSZone",
        "DNSZONE": "example.com.",
        "RESOLVETTLCONFLICTS": 1,
        "INCSERIAL": 1,
        "EXTENDED": 1,
        "DELRR0": "@ X-SMTP",
        "ADDRR0": "@ X-SMTP info@ MAILFORWARD owner@example.org",
        "ADDRR1": "@ X-SMTP @ MAILFORWARD all@example.org",
    }
    assert ctx.effects.activity == ["example.com: e-mail forwarding updated (2 forwards)"]


async def test_save_email_forwarding_creates_the_zone(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("UpdateDNSZone", reply(545, "Object not found"), OK)
    fake.on("ModifyDomain", OK)
    await run(make_ctx, "SaveEmailForwarding", {"prefix": ["a"], "forwardto": ["b@example.org"]})
    assert fake.commands() == ["UpdateDNSZone", "ModifyDomain", "UpdateDNSZone"]


@pytest.mark.parametrize(
    ("prefix", "target", "field", "message"),
    [
        ("in fo", "x@example.org", "prefix[0]", "not a valid mailbox name"),
        ("info", "not-an-address", "forwardto[0]", "not a valid e-mail address"),
        ("info", "x@bad_host", "forwardto[0]", "not a valid e-mail address"),
        ("", "x@example.org", "prefix[0]", "enter a mailbox name or \\*"),
        ("info", "x@example.org\nCOMMAND=DeleteDomain", "forwardto[0]", "line break"),
    ],
)
async def test_save_email_forwarding_refuses_bad_input(
    fake: FakeIspapi, make_ctx: Any, prefix: str, target: str, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        await run(make_ctx, "SaveEmailForwarding", {"prefix": [prefix], "forwardto": [target]})
    assert caught.value.field == field
    assert fake.sent == []
