"""The `webapps` page (docs/module-behaviour.md §9.5): permission, overview, connect (zone creation),
disconnect."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.api.envelope import Result
from app.errors import InvalidInput, RegistryRejected
from app.registrar.base import OPERATIONS, RegistrarContext
from tests.registrar.conftest import FakeIspapi, reply

OK = reply()
ON = {"Username": "test.user", "Password": "secret-pw", "WebApps": "on"}
ALLOWED = reply(ENVIRONMENTVALUE="true")
TOKEN = "google-site-verification=abc123XYZ"
GSUITE_RRS = ["@ 3600 IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.", f'@ 3600 IN TXT "{TOKEN}"']


async def run(
    make_ctx: Any,
    request: dict[str, Any] | None = None,
    *,
    config: dict[str, Any] | None = None,
    dns: bool = True,
) -> tuple[RegistrarContext, Result]:
    params = {
        "sld": "example",
        "tld": "com",
        "domainid": 7,
        "dnsmanagement": dns,
        "request": {"post": request or {}, "get": {}},
    }
    ctx = make_ctx("webapps", params, config or ON)
    return ctx, await OPERATIONS["webapps"].func(ctx)


async def test_overview_lists_gsuite_and_its_state(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED)
    fake.on("QueryDNSZoneRRList", reply(RR=GSUITE_RRS))
    _, result = await run(make_ctx)
    assert fake.sent[0] == {
        "COMMAND": "GetEnvironment",
        "ENVIRONMENTKEY": "_cp3/config_subuser",
        "ENVIRONMENTNAME": "enable_webapps",
        "USEPARENT": 1,
        "LEVEL": 1,
    }
    assert result.value["templatefile"] == "webapps"
    shown = result.value["vars"]
    assert shown["view"] == "overview" and shown["dnszone_missing"] is False
    assert shown["apps"] == [
        {
            "id": "gsuite",
            "name": "G Suite",
            "connected": True,
            "extra": [{"name": "watoken", "label": "Verification token"}],
        }
    ]


async def test_permission_falls_back_to_direct_customers(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", reply(ENVIRONMENTVALUE=""), reply(ENVIRONMENTVALUE=""))
    fake.on(
        "StatusUser",
        reply(USER="reseller1", PARENTUSER="hexonet"),
        reply(USER="reseller1", PARENTUSER="other"),
    )
    fake.on("QueryDNSZoneRRList", reply(545, "Object not found"))
    _, result = await run(make_ctx)
    assert fake.last("StatusUser") == {"COMMAND": "StatusUser", "RELATIONS": 0}
    assert result.value["vars"]["dnszone_missing"] is True
    with pytest.raises(RegistryRejected, match="not available for this reseller account"):
        await run(make_ctx)


async def test_setting_off_and_invalid_access(fake: FakeIspapi, make_ctx: Any) -> None:
    with pytest.raises(InvalidInput, match="setting WebApps is off"):
        await run(make_ctx, config={"Username": "u", "Password": "p"})
    with pytest.raises(InvalidInput, match="^Invalid access.$"):
        await run(make_ctx, {"subaction": "explode", "webapp": "gsuite"})
    with pytest.raises(InvalidInput, match="^Invalid access.$"):
        await run(make_ctx, {"subaction": "connect", "webapp": "myspace"})
    assert fake.sent == []


async def test_connect_creates_the_zone_adds_records_and_stores_the_token(
    fake: FakeIspapi, make_ctx: Any
) -> None:
    fake.on("GetEnvironment", ALLOWED)
    fake.on("QueryDNSZoneRRList", reply(545, "Object not found"), reply(RR=GSUITE_RRS))
    fake.on("ModifyDomain", OK)
    fake.on("UpdateDNSZone", OK)
    fake.on("SetEnvironment", OK)
    ctx, result = await run(make_ctx, {"subaction": "doconnect", "webapp": "gsuite", "watoken": TOKEN})
    assert fake.commands() == [
        "GetEnvironment",
        "QueryDNSZoneRRList",
        "ModifyDomain",
        "UpdateDNSZone",
        "SetEnvironment",
        "QueryDNSZoneRRList",
    ]
    assert fake.last("ModifyDomain") == {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "INTERNALDNS": 1}
    assert fake.last("UpdateDNSZone") == {
        "COMMAND": "UpdateDNSZone",
        "DNSZONE": "example.com.",
        "EXTENDED": 1,
        "ADDRR0": "@ IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.",
        "ADDRR1": f'@ IN TXT "{TOKEN}"',
    }
    stored = fake.last("SetEnvironment")
    assert (stored["ENVIRONMENTKEY0"], stored["ENVIRONMENTNAME0"]) == ("_cp3/config/webapps", "gsuite")
    assert json.loads(stored["ENVIRONMENTVALUE0"]) == {"token": TOKEN}
    assert result.value["vars"]["successful"] == "G Suite connected"
    assert result.value["vars"]["apps"][0]["connected"] is True
    assert ctx.effects.activity == ["example.com: Web App G Suite connected"]


async def test_connect_refuses_bad_tokens_and_missing_dns_management(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED)
    fake.on("QueryDNSZoneRRList", reply(RR=[]))
    for token in ("", 'x" ADDRR9=evil', "short", "a" * 256):
        with pytest.raises(InvalidInput, match="Verification token") as caught:
            await run(make_ctx, {"subaction": "doconnect", "webapp": "gsuite", "watoken": token})
        assert caught.value.field == "watoken"
    with pytest.raises(InvalidInput, match="DNS management") as caught:
        await run(make_ctx, {"subaction": "doconnect", "webapp": "gsuite", "watoken": TOKEN}, dns=False)
    assert "UpdateDNSZone" not in fake.commands() and "ModifyDomain" not in fake.commands()


async def test_connect_failure_message(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED)
    fake.on("QueryDNSZoneRRList", reply(RR=[]))
    fake.on("UpdateDNSZone", reply(541, "Invalid attribute value"))
    with pytest.raises(
        RegistryRejected, match=r"^Connecting Web App failed. \(541 Invalid attribute value\)$"
    ):
        await run(make_ctx, {"subaction": "doconnect", "webapp": "gsuite", "watoken": TOKEN})


async def test_disconnect_removes_exactly_the_stored_records(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED, ALLOWED, reply(ENVIRONMENTVALUE=json.dumps({"token": TOKEN})))
    fake.on("QueryDNSZoneRRList", reply(RR=GSUITE_RRS), reply(RR=GSUITE_RRS), reply(RR=[]))
    fake.on("UpdateDNSZone", OK)
    fake.on("SetEnvironment", OK)
    _, confirm = await run(make_ctx, {"subaction": "disconnect", "webapp": "gsuite"})
    assert confirm.value["vars"]["view"] == "disconnect" and confirm.value["vars"]["webapp"] == "gsuite"
    _, result = await run(make_ctx, {"subaction": "dodisconnect", "webapp": "gsuite"})
    assert fake.last("UpdateDNSZone") == {
        "COMMAND": "UpdateDNSZone",
        "DNSZONE": "example.com.",
        "EXTENDED": 1,
        "DELRR0": "@ IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.",
        "DELRR1": f'@ IN TXT "{TOKEN}"',
        "DELRR2": "@ IN X-ALIAS-MX-WEBAPP",
        "DELRR3": "@ IN X-ALIAS-TXT-WEBAPP",
    }
    assert fake.last("SetEnvironment") == {
        "COMMAND": "SetEnvironment",
        "ENVIRONMENTKEY0": "_cp3/config/webapps",
        "ENVIRONMENTNAME0": "gsuite",
    }
    assert result.value["vars"]["successful"] == "G Suite disconnected"
    assert result.value["vars"]["apps"][0]["connected"] is False


async def test_disconnect_without_stored_configuration(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED, reply(ENVIRONMENTVALUE=""))
    fake.on("QueryDNSZoneRRList", reply(RR=GSUITE_RRS))
    with pytest.raises(RegistryRejected, match="Configuration missing in environment"):
        await run(make_ctx, {"subaction": "dodisconnect", "webapp": "gsuite"})
    assert "UpdateDNSZone" not in fake.commands()


async def test_disconnect_of_an_app_not_connected(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED)
    fake.on("QueryDNSZoneRRList", reply(RR=[]))
    with pytest.raises(InvalidInput, match="G Suite is not connected"):
        await run(make_ctx, {"subaction": "dodisconnect", "webapp": "gsuite"})


async def test_connecting_again_replaces_the_old_records(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("GetEnvironment", ALLOWED, reply(ENVIRONMENTVALUE=json.dumps({"token": "old-token-123"})))
    fake.on("QueryDNSZoneRRList", reply(RR=GSUITE_RRS))
    fake.on("UpdateDNSZone", OK)
    fake.on("SetEnvironment", OK)
    await run(make_ctx, {"subaction": "doconnect", "webapp": "gsuite", "watoken": TOKEN})
    sent = fake.last("UpdateDNSZone")
    assert [sent[f"DELRR{i}"] for i in range(4)] == [
        "@ IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.",
        '@ IN TXT "old-token-123"',
        "@ IN X-ALIAS-MX-WEBAPP",
        "@ IN X-ALIAS-TXT-WEBAPP",
    ]
    assert sent["ADDRR1"] == f'@ IN TXT "{TOKEN}"'
