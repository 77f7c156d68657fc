"""Private nameservers: Register/Modify/DeleteNameserver and the `pnslist` page
(docs/module-behaviour.md §3.13, §3.26)."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result, ResultKind
from app.errors import InvalidInput, OutcomeUnknown, RegistryRejected
from app.registrar.base import OPERATIONS, RegistrarContext
from tests.registrar.conftest import FakeIspapi, lost, reply

OK = reply()
DOMAIN = {"sld": "example", "tld": "com", "domainid": 7}


async def run(
    make_ctx: Any, function: str, params: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    ctx = make_ctx(function, {**DOMAIN, **(params or {})})
    return ctx, await OPERATIONS[function].func(ctx)


async def test_register_nameserver(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("AddNameserver", OK)
    ctx, result = await run(
        make_ctx, "RegisterNameserver", {"nameserver": "NS1.Example.com", "ipaddress": "192.0.2.53"}
    )
    assert fake.sent == [
        {"COMMAND": "AddNameserver", "NAMESERVER": "ns1.example.com", "IPADDRESS0": "192.0.2.53"}
    ]
    assert result.value == {"success": "success"}
    assert ctx.effects.activity == ["example.com: private nameserver ns1.example.com (192.0.2.53) registered"]


async def test_register_nameserver_ipv6_and_idn_domain(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("AddNameserver", OK)
    params = {"sld": "bücher", "tld": "de", "nameserver": "ns1.bücher.de", "ipaddress": "2001:DB8::53"}
    await run(make_ctx, "RegisterNameserver", params)
    assert fake.last("AddNameserver")["NAMESERVER"] == "ns1.xn--bcher-kva.de"
    assert fake.last("AddNameserver")["IPADDRESS0"] == "2001:db8::53"


async def test_register_nameserver_registry_error(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("AddNameserver", reply(540, "Attribute value is not unique; nameserver ns1.example.com"))
    with pytest.raises(RegistryRejected, match="^Attribute value is not unique; nameserver ns1.example.com$"):
        await run(
            make_ctx, "RegisterNameserver", {"nameserver": "ns1.example.com", "ipaddress": "192.0.2.53"}
        )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"nameserver": "ns1.example.org", "ipaddress": "192.0.2.1"},
            "nameserver",
            "not a host name under example.com",
        ),
        ({"nameserver": "example.com", "ipaddress": "192.0.2.1"}, "nameserver", "not a host name under"),
        (
            {"nameserver": "ns1.badexample.com", "ipaddress": "192.0.2.1"},
            "nameserver",
            "not a host name under",
        ),
        ({"nameserver": "ns 1.example.com", "ipaddress": "192.0.2.1"}, "nameserver", "not a valid host name"),
        (
            {"nameserver": "ns1.example.com", "ipaddress": "192.0.2.256"},
            "ipaddress",
            "not a valid IP address",
        ),
        ({"nameserver": "ns1.example.com", "ipaddress": ""}, "ipaddress", "not a valid IP address"),
    ],
)
async def test_register_nameserver_bad_input(
    fake: FakeIspapi, make_ctx: Any, params: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        await run(make_ctx, "RegisterNameserver", params)
    assert caught.value.field == field and fake.sent == []


async def test_modify_nameserver(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("ModifyNameserver", OK)
    params = {"nameserver": "ns1.example.com", "currentipaddress": "192.0.2.1", "newipaddress": "192.0.2.2"}
    ctx, result = await run(make_ctx, "ModifyNameserver", params)
    assert fake.sent == [
        {
            "COMMAND": "ModifyNameserver",
            "NAMESERVER": "ns1.example.com",
            "DELIPADDRESS0": "192.0.2.1",
            "ADDIPADDRESS0": "192.0.2.2",
        }
    ]
    assert result.value == {"success": "success"}
    assert ctx.effects.activity == [
        "example.com: private nameserver ns1.example.com changed from 192.0.2.1 to 192.0.2.2"
    ]


async def test_modify_nameserver_same_ip_sends_nothing_and_bad_ip_is_refused(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    same = {"nameserver": "ns1.example.com", "currentipaddress": "192.0.2.1", "newipaddress": "192.0.2.1"}
    assert (await run(make_ctx, "ModifyNameserver", same))[1].value == {"success": "success"}
    bad = {**same, "newipaddress": "192.0.2"}
    with pytest.raises(InvalidInput, match="newipaddress is not a valid IP address") as caught:
        await run(make_ctx, "ModifyNameserver", bad)
    assert caught.value.field == "newipaddress" and fake.sent == []


async def test_modify_nameserver_errors(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("ModifyNameserver", reply(545, "Object not found"), lost(may_have_executed=True))
    params = {"nameserver": "ns1.example.com", "currentipaddress": "192.0.2.1", "newipaddress": "192.0.2.2"}
    with pytest.raises(RegistryRejected, match="^Object not found$"):
        await run(make_ctx, "ModifyNameserver", params)
    with pytest.raises(OutcomeUnknown):
        await run(make_ctx, "ModifyNameserver", params)


async def test_delete_nameserver(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("DeleteNameserver", OK, reply(545, "Object not found"))
    _, result = await run(make_ctx, "DeleteNameserver", {"nameserver": "ns1.example.com"})
    assert fake.sent == [{"COMMAND": "DeleteNameserver", "NAMESERVER": "ns1.example.com"}]
    assert result.value == {"success": "success"}
    with pytest.raises(RegistryRejected, match="^Object not found$"):
        await run(make_ctx, "DeleteNameserver", {"nameserver": "ns1.example.com"})
    with pytest.raises(InvalidInput):
        await run(make_ctx, "DeleteNameserver", {"nameserver": "ns1.other.com"})


async def test_pnslist_lists_only_hosts_below_the_domain(fake: FakeIspapi, make_ctx: Any) -> None:
    hosts = ["ns1.provider.net", "ns1.example.com 192.0.2.1 2001:db8::1", "ns2.example.com 192.0.2.2"]
    fake.on("StatusDomain", reply(HOST=hosts))
    _, result = await run(make_ctx, "pnslist")
    assert fake.sent == [{"COMMAND": "StatusDomain", "DOMAIN": "example.com", "HOSTTYPE": "ATTRIBUTE"}]
    assert result.kind is ResultKind.TEMPLATE
    assert result.value == {
        "templatefile": "pnslist",
        "vars": {
            "domainname": "example.com",
            "hosts": [
                {"hostname": "ns1.example.com", "ips": ["192.0.2.1", "2001:db8::1"]},
                {"hostname": "ns2.example.com", "ips": ["192.0.2.2"]},
            ],
        },
    }


async def test_pnslist_registry_error(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(531, "Authorization failed"))
    with pytest.raises(RegistryRejected, match="Authorization failed"):
        await run(make_ctx, "pnslist")
