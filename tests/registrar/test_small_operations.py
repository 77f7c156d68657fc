"""GetNameservers/SaveNameservers, registrar lock, GetEPPCode, config_validate."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result, ResultKind
from app.errors import InvalidInput, OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.registrar.base import OPERATIONS, RegistrarContext
from app.registrar.status.locks import random_fi_auth
from tests.registrar.conftest import lost, reply

OK = reply()
DOMAIN = {"sld": "example", "tld": "com", "domainid": 7}


async def run(
    make_ctx: Any, function: str, params: dict[str, Any] | None = None, config: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    ctx = make_ctx(function, {**DOMAIN, **(params or {})}, config)
    return ctx, await OPERATIONS[function].func(ctx)


async def test_get_nameservers(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(NAMESERVER=["ns1.a.net", "ns2.a.net", "ns3.a.net"]))
    _, result = await run(make_ctx, "GetNameservers")
    assert fake.sent == [{"COMMAND": "StatusDomain", "DOMAIN": "example.com"}]
    assert result.value == {"ns1": "ns1.a.net", "ns2": "ns2.a.net", "ns3": "ns3.a.net"}


async def test_get_nameservers_errors(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(531, "Authorization failed"), lost(may_have_executed=True))
    with pytest.raises(RegistryRejected, match="^Authorization failed$"):
        await run(make_ctx, "GetNameservers")
    with pytest.raises(UpstreamUnavailable):  # a read never reports an unknown outcome
        await run(make_ctx, "GetNameservers")


async def test_save_nameservers(fake, make_ctx) -> None:
    fake.on("ModifyDomain", OK)
    params = {"ns1": "ns1.a.net", "ns2": "", "ns3": "ns3.a.net", "dnsmanagement": "on"}
    _, result = await run(make_ctx, "SaveNameservers", params)
    assert fake.sent == [
        {
            "COMMAND": "ModifyDomain",
            "DOMAIN": "example.com",
            "NAMESERVER0": "ns1.a.net",
            "NAMESERVER1": "ns3.a.net",
            "INTERNALDNS": 1,
        }
    ]
    assert result.value == {"success": True}


async def test_save_nameservers_504_contacts_message(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.5: the intended 'update contact data first' message never fired in
    5.1.12."""
    fake.on(
        "ModifyDomain",
        reply(504, "Missing required attribute; TOO FEW ADMIN CONTACTS"),
        reply(505, "Invalid attribute value syntax"),
    )
    with pytest.raises(RegistryRejected) as err:
        await run(make_ctx, "SaveNameservers", {"ns1": "ns1.a.net"})
    assert err.value.message == "Please update contact data first to be able to update nameserver data."
    with pytest.raises(RegistryRejected, match="^Invalid attribute value syntax$"):
        await run(make_ctx, "SaveNameservers", {"ns1": "ns1.a.net"})


async def test_save_nameservers_lost_reply_is_unknown_outcome(fake, make_ctx) -> None:
    fake.on("ModifyDomain", lost(may_have_executed=True))
    with pytest.raises(OutcomeUnknown):
        await run(make_ctx, "SaveNameservers", {"ns1": "ns1.a.net"})


@pytest.mark.parametrize(
    "params", [{}, {"ns1": "bad host"}, {"ns1": "localhost"}, {"ns1": "a" * 64 + ".com"}]
)
async def test_save_nameservers_bad_input(fake, make_ctx, params) -> None:
    with pytest.raises(InvalidInput):
        await run(make_ctx, "SaveNameservers", params)
    assert fake.sent == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (reply(TRANSFERLOCK="1"), "locked"),
        (reply(TRANSFERLOCK="0"), "unlocked"),
        (reply(TRANSFERLOCK=""), RegistryRejected("Registrar Lock unsupported for this TLD.")),
        (reply(OBJECTID="example.com"), RegistryRejected("Domain Name not found.")),
        (reply(545, "Object not found"), RegistryRejected("Object not found")),
    ],
)
async def test_get_registrar_lock(fake, make_ctx, answer, expected) -> None:
    fake.on("QueryDomainList", answer)
    if isinstance(expected, str):
        _, result = await run(make_ctx, "GetRegistrarLock")
        assert result.kind == ResultKind.STRING and result.value == expected
    else:
        with pytest.raises(RegistryRejected) as err:
            await run(make_ctx, "GetRegistrarLock")
        assert err.value.message == expected.message
    assert fake.sent[0] == {
        "COMMAND": "QueryDomainList",
        "VERSION": 2,
        "NOTOTAL": 1,
        "DOMAIN": "example.com",
        "WIDE": 1,
    }


async def test_save_registrar_lock(fake, make_ctx) -> None:
    fake.on("ModifyDomain", OK)
    ctx, result = await run(make_ctx, "SaveRegistrarLock", {"lockenabled": "locked"})
    assert fake.sent == [{"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "TRANSFERLOCK": 1}]
    assert result.value == {"success": "example.com: Successfully set registrar lock."}
    assert ctx.effects.activity == ["example.com: Successfully set registrar lock."]


async def test_save_registrar_lock_error(fake, make_ctx) -> None:
    fake.on("ModifyDomain", reply(552, "Object status does not allow for operation"))
    with pytest.raises(RegistryRejected) as err:
        await run(make_ctx, "SaveRegistrarLock", {"lockenabled": "unlocked"})
    assert err.value.message == (
        "example.com: Unable to remove registrar lock. [Object status does not allow for operation]"
    )


async def test_fi_unlock_sets_random_auth_that_is_never_logged(fake, make_ctx) -> None:
    fake.on("ModifyDomain", OK)
    ctx, _ = await run(make_ctx, "SaveRegistrarLock", {"tld": "fi", "lockenabled": "unlocked"})
    auth = fake.sent[0]["AUTH"]
    assert len(auth) == 11 and fake.sent[0]["TRANSFERLOCK"] == 0
    assert all(auth not in line for line in ctx.effects.activity)
    assert "AUTH" not in str(ctx.effects.model_dump())


def test_random_fi_auth_recipe() -> None:
    codes = {random_fi_auth() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert sum(c.isdigit() for c in code) == 3 and sum(c.islower() for c in code) == 3
        assert sum(c.isupper() for c in code) == 3 and sum(c in "@#$*[]{}=+" for c in code) == 2


async def test_save_registrar_lock_bad_value(fake, make_ctx) -> None:
    with pytest.raises(InvalidInput):
        await run(make_ctx, "SaveRegistrarLock", {"lockenabled": "maybe"})
    assert fake.sent == []


@pytest.mark.parametrize(
    ("tld", "command", "answer", "expected"),
    [
        ("com", "StatusDomain", reply(AUTH="Xy9#abc"), {"eppcode": "Xy9#abc"}),
        ("de", "DENIC_CreateAuthInfo1", reply(AUTH="de-code"), {"eppcode": "de-code"}),
        ("eu", "RequestDomainAuthInfo", reply(200, "Command completed successfully; action pending"), {}),
    ],
)
async def test_get_epp_code(fake, make_ctx, tld, command, answer, expected) -> None:
    fake.on(command, answer)
    ctx, result = await run(make_ctx, "GetEPPCode", {"tld": tld})
    assert fake.sent == [{"COMMAND": command, "DOMAIN": f"example.{tld}"}]
    assert result.value == expected
    assert ctx.effects.activity == [f"example.{tld}: Successfully loaded the epp code."]


@pytest.mark.parametrize(
    ("tld", "answer", "message"),
    [
        (
            "com",
            reply(AUTH=""),
            "Failed loading the epp code (No authcode assigned to this domain name. Contact Support).",
        ),
        ("com", reply(545, "Object not found"), "Failed loading the epp code (Object not found)."),
        (
            "fi",
            reply(AUTH="x", TRANSFERLOCK="1"),
            "Failed loading the epp code. Please unlock this domain name first.",
        ),
    ],
)
async def test_get_epp_code_errors(fake, make_ctx, tld, answer, message) -> None:
    fake.on("StatusDomain", answer)
    ctx = make_ctx("GetEPPCode", {**DOMAIN, "tld": tld})
    with pytest.raises(RegistryRejected) as err:
        await OPERATIONS["GetEPPCode"].func(ctx)
    assert err.value.message.startswith(message)
    assert ctx.effects.activity[0].startswith(f"example.{tld}: {message}")


async def test_config_validate(fake, make_ctx) -> None:
    fake.on("CheckAuthentication", OK, reply(530, "Authentication failed"))
    _, result = await run(make_ctx, "config_validate", config={"Username": "u1", "Password": "pw1"})
    assert fake.sent == [{"COMMAND": "CheckAuthentication", "SUBUSER": "u1", "PASSWORD": "pw1"}]
    assert result.value == {}
    with pytest.raises(RegistryRejected) as err:
        await run(make_ctx, "config_validate", config={"Username": "u1", "Password": "pw1", "TestMode": "on"})
    assert err.value.message == "Connecting to the OT&E Environment failed. (530 Authentication failed)"
    assert "pw1" not in err.value.message


@pytest.mark.parametrize("failure", [lost(may_have_executed=False), reply(421, "Command failed")])
async def test_config_validate_without_a_decision_is_unavailable_not_refused(fake, make_ctx, failure) -> None:
    fake.on("CheckAuthentication", failure)
    with pytest.raises(UpstreamUnavailable) as err:
        await run(make_ctx, "config_validate", config={"Username": "u1", "Password": "pw1"})
    assert err.value.message.startswith("Connecting to the LIVE Environment failed. (421 ")


def test_every_issue4_function_is_registered() -> None:
    names = {"RegisterDomain", "TransferDomain", "RenewDomain", "GetNameservers", "SaveNameservers",
             "GetRegistrarLock", "SaveRegistrarLock", "GetEPPCode", "GetDomainInformation", "Sync",
             "TransferSync", "CheckAvailability", "config_validate"}  # fmt: skip
    assert names <= set(OPERATIONS)
    assert {n for n in names if OPERATIONS[n].money} == {"RegisterDomain", "TransferDomain", "RenewDomain"}
