"""IDProtectToggle, the `whoisprivacy` page and the registry privacy pages of .ca/.se/.nz
(docs/module-behaviour.md §3.14, docs/module-behaviour.md §3.26, §9.4). §13.5: the .ca page refused
organisations only in the template; here the server refuses."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result, ResultKind
from app.errors import InvalidInput, OutcomeUnknown, RegistryRejected
from app.registrar.base import OPERATIONS, RegistrarContext
from tests.registrar.conftest import FakeIspapi, lost, reply

OK = reply()
TRUSTEE = "X-ACCEPT-WHOISTRUSTEE-TAC"


async def run(
    make_ctx: Any, function: str, params: dict[str, Any] | None = None, post: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    base = {"sld": "example", "tld": "com", "domainid": 7}
    full = {**base, **(params or {}), "request": {"post": post or {}, "get": {}}}
    ctx = make_ctx(function, full)
    return ctx, await OPERATIONS[function].func(ctx)


@pytest.mark.parametrize(
    ("flag", "sent", "word"), [("1", 1, "activated"), ("", 0, "deactivated"), (False, 0, "deactivated")]
)
async def test_id_protect_toggle(fake: FakeIspapi, make_ctx: Any, flag: object, sent: int, word: str) -> None:
    fake.on("ModifyDomain", OK)
    ctx, result = await run(make_ctx, "IDProtectToggle", {"protectenable": flag})
    assert fake.sent == [{"COMMAND": "ModifyDomain", "DOMAIN": "example.com", TRUSTEE: sent}]
    # docs/module-behaviour.md §13.9: 5.1.12 always said "deactivated"
    assert result.value == {"success": f"example.com: ID protection {word}"}
    assert ctx.effects.activity == [f"example.com: ID protection {word}"]


async def test_id_protect_toggle_errors(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on(
        "ModifyDomain",
        reply(541, "Invalid attribute value; X-ACCEPT-WHOISTRUSTEE-TAC"),
        lost(may_have_executed=True),
    )
    with pytest.raises(RegistryRejected, match="^Invalid attribute value; X-ACCEPT-WHOISTRUSTEE-TAC$"):
        await run(make_ctx, "IDProtectToggle", {"protectenable": "1"})
    with pytest.raises(OutcomeUnknown):
        await run(make_ctx, "IDProtectToggle", {"protectenable": "1"})


async def test_whoisprivacy_page_shows_the_state(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(cols={TRUSTEE: "1"}))
    _, result = await run(make_ctx, "whoisprivacy", {"idprotection": "1"})
    assert result.kind is ResultKind.TEMPLATE and result.value["templatefile"] == "whoisprivacy"
    assert result.value["vars"] == {
        "domainname": "example.com",
        "protected": True,
        "can_enable": True,
        "error": "",
        "successful": "",
    }
    assert fake.commands() == ["StatusDomain"]


async def test_whoisprivacy_page_disables_and_enables(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("ModifyDomain", OK)
    fake.on("StatusDomain", reply(cols={TRUSTEE: "0"}), reply(cols={TRUSTEE: "1"}))
    ctx, result = await run(make_ctx, "whoisprivacy", {"idprotection": 1}, {"idprotection": "disable"})
    assert fake.sent[0] == {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", TRUSTEE: 0}
    assert result.value["vars"]["successful"] == "disabled" and result.value["vars"]["protected"] is False
    _, result = await run(make_ctx, "whoisprivacy", {"idprotection": 1}, {"idprotection": "enable"})
    assert fake.sent[2] == {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", TRUSTEE: 1}
    assert result.value["vars"]["protected"] is True
    assert ctx.effects.activity == ["example.com: WHOIS privacy disabled by the client"]


async def test_whoisprivacy_page_cannot_reenable_without_the_addon(fake: FakeIspapi, make_ctx: Any) -> None:
    """Documentation: once the admin disabled ID protection, only an admin enables it again."""
    with pytest.raises(InvalidInput, match="ID protection is not active") as caught:
        await run(make_ctx, "whoisprivacy", {"idprotection": 0}, {"idprotection": "enable"})
    assert caught.value.field == "idprotection" and fake.sent == []
    with pytest.raises(InvalidInput, match="'enable' or 'disable'"):
        await run(make_ctx, "whoisprivacy", {"idprotection": 1}, {"idprotection": "maybe"})
    assert fake.sent == []


async def test_whoisprivacy_page_shows_a_registry_refusal(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("ModifyDomain", reply(552, "Object status prohibits operation"))
    fake.on("StatusDomain", reply(cols={TRUSTEE: "1"}))
    _, result = await run(make_ctx, "whoisprivacy", {"idprotection": 1}, {"idprotection": "disable"})
    assert result.value["vars"]["error"] == "Object status prohibits operation"
    assert result.value["vars"]["successful"] == ""


def ca(**extra: Any) -> dict[str, Any]:
    return {"sld": "maple", "tld": "ca", **extra}


async def test_ca_individual_may_disclose_and_protect(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on(
        "StatusDomain",
        reply(cols={"X-CA-LEGALTYPE": "CCT", "X-CA-DISCLOSE": "0"}),
        reply(cols={"X-CA-LEGALTYPE": "CCT", "X-CA-DISCLOSE": "1"}),
    )
    fake.on("ModifyDomain", OK)
    _, shown = await run(make_ctx, "whoisprivacy_ca", ca())
    assert shown.value["templatefile"] == "whoisprivacy_registry"
    assert shown.value["vars"] == {
        "domainname": "maple.ca",
        "tld": "ca",
        "protectable": True,
        "protected": True,
        "error": "",
        "successful": "",
    }
    ctx, changed = await run(make_ctx, "whoisprivacy_ca", ca(), {"idprotection": "disable"})
    assert fake.last("ModifyDomain") == {
        "COMMAND": "ModifyDomain",
        "DOMAIN": "maple.ca",
        "X-CA-DISCLOSE": "1",
    }
    assert changed.value["vars"]["protected"] is False and changed.value["vars"]["successful"] == "disabled"
    assert ctx.effects.activity == ["maple.ca: registry WHOIS privacy disabled by the client"]


async def test_ca_organisation_is_refused_server_side(fake: FakeIspapi, make_ctx: Any) -> None:
    """docs/module-behaviour.md §13.5: a forged POST for a corporation must not reach the registry."""
    fake.on("StatusDomain", reply(cols={"X-CA-LEGALTYPE": "CCO", "X-CA-DISCLOSE": "1"}))
    _, shown = await run(make_ctx, "whoisprivacy_ca", ca())
    assert shown.value["vars"]["protectable"] is False and shown.value["vars"]["protected"] is False
    with pytest.raises(RegistryRejected, match="individuals only"):
        await run(make_ctx, "whoisprivacy_ca", ca(), {"idprotection": "enable"})
    assert "ModifyDomain" not in fake.commands()


async def test_ca_legal_type_falls_back_to_the_stored_field(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(cols={"X-CA-DISCLOSE": "0"}))
    _, shown = await run(make_ctx, "whoisprivacy_ca", ca(additionalfields={"Legal Type": "RES"}))
    assert shown.value["vars"]["protectable"] is True


async def test_se_needs_an_id_number_and_no_company(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(cols={"X-NICSE-IDNUMBER": "19800101-1234", "X-NICSE-DISCLOSE": "0"}))
    fake.on("ModifyDomain", OK)
    _, shown = await run(make_ctx, "whoisprivacy_se", {"sld": "fika", "tld": "se"})
    assert shown.value["vars"]["protectable"] is True
    await run(make_ctx, "whoisprivacy_se", {"sld": "fika", "tld": "se"}, {"idprotection": "disable"})
    assert fake.last("ModifyDomain")["X-NICSE-DISCLOSE"] == "1"
    with pytest.raises(RegistryRejected, match="individuals only"):
        await run(
            make_ctx,
            "whoisprivacy_se",
            {"sld": "fika", "tld": "se", "companyname": "Fika AB"},
            {"idprotection": "enable"},
        )


async def test_nz_enable_sends_disclose_zero(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(cols={"X-DISCLOSE": "1"}), reply(cols={"X-DISCLOSE": "0"}))
    fake.on("ModifyDomain", OK)
    _, result = await run(
        make_ctx, "whoisprivacy_nz", {"sld": "kiwi", "tld": "nz"}, {"idprotection": "enable"}
    )
    assert fake.last("ModifyDomain") == {"COMMAND": "ModifyDomain", "DOMAIN": "kiwi.nz", "X-DISCLOSE": "0"}
    assert result.value["vars"]["protected"] is True


async def test_registry_privacy_page_of_another_tld_is_refused(fake: FakeIspapi, make_ctx: Any) -> None:
    with pytest.raises(InvalidInput, match=r"for \.ca domains only"):
        await run(make_ctx, "whoisprivacy_ca", {"sld": "example", "tld": "com"})
    assert fake.sent == []


async def test_registry_privacy_status_error(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(545, "Object not found"))
    with pytest.raises(RegistryRejected, match="Object not found"):
        await run(make_ctx, "whoisprivacy_ca", ca())
