"""RequestDelete, ReleaseDomain, SuspendDomain/UnsuspendDomain (docs/module-behaviour.md §3.17, §3.18, §3.20)
with a scripted registry: the exact commands sent and what WHMCS and the activity log get."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput, OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.registrar.orders.lifecycle import (
    RELEASE_LOCKED,
    release_domain,
    request_delete,
    suspend_domain,
    unsuspend_domain,
)
from tests.registrar.conftest import lost, reply

DOMAIN = {"sld": "example", "tld": "com", "domainid": 7}


async def test_request_delete_sends_delete_domain_and_logs(fake, make_ctx) -> None:
    fake.on("DeleteDomain", reply(200, "Command completed successfully; action pending"))
    ctx = make_ctx("RequestDelete", dict(DOMAIN))
    result = await request_delete(ctx)
    assert result.value == {"success": True}
    assert fake.sent == [{"COMMAND": "DeleteDomain", "DOMAIN": "example.com"}]
    assert ctx.effects.activity == ["example.com: Deletion requested."]


async def test_request_delete_refused_shows_the_registry_description(fake, make_ctx) -> None:
    fake.on("DeleteDomain", reply(552, "Object status prohibits operation; clientDeleteProhibited"))
    ctx = make_ctx("RequestDelete", dict(DOMAIN))
    with pytest.raises(RegistryRejected) as caught:
        await request_delete(ctx)
    assert caught.value.message == "Object status prohibits operation; clientDeleteProhibited"
    assert caught.value.registry_code == 552
    assert "Deletion request failed. (552 " in ctx.effects.activity[0]


async def test_request_delete_reply_lost_is_outcome_unknown(fake, make_ctx) -> None:
    fake.on("DeleteDomain", lost(may_have_executed=True))
    with pytest.raises(OutcomeUnknown):
        await request_delete(make_ctx("RequestDelete", dict(DOMAIN)))


async def test_release_pushes_with_the_transfer_tag(fake, make_ctx) -> None:
    fake.on("QueryDomainList", reply(TRANSFERLOCK="0", DOMAIN="example.co.uk"))
    fake.on("PushDomain", reply())
    ctx = make_ctx("ReleaseDomain", {"sld": "example", "tld": "co.uk", "transfertag": "NEW-TAG"})
    result = await release_domain(ctx)
    assert result.value == {"success": "success"}
    assert fake.last("PushDomain") == {
        "COMMAND": "PushDomain",
        "DOMAIN": "example.co.uk",
        "TARGET": "NEW-TAG",
    }
    assert ctx.effects.activity == ["example.co.uk: Releasing succeeded."]


async def test_release_without_tag_uses_the_registry_default_target(fake, make_ctx) -> None:
    fake.on("QueryDomainList", reply(TRANSFERLOCK="0"))
    fake.on("PushDomain", reply())
    await release_domain(make_ctx("ReleaseDomain", {"sld": "example", "tld": "de"}))
    assert "TARGET" not in fake.last("PushDomain")


async def test_release_refused_while_locked_sends_no_push(fake, make_ctx) -> None:
    fake.on("QueryDomainList", reply(TRANSFERLOCK="1"))
    ctx = make_ctx("ReleaseDomain", {"sld": "example", "tld": "de"})
    with pytest.raises(RegistryRejected) as caught:
        await release_domain(ctx)
    assert caught.value.message == RELEASE_LOCKED
    assert fake.commands() == ["QueryDomainList"]
    assert ctx.effects.activity == [f"example.de: {RELEASE_LOCKED}"]


async def test_release_failure_names_the_registry_reason(fake, make_ctx) -> None:
    fake.on("QueryDomainList", reply(TRANSFERLOCK="0"))
    fake.on("PushDomain", reply(541, "Invalid attribute value; TARGET"))
    ctx = make_ctx("ReleaseDomain", {"sld": "example", "tld": "co.uk", "transfertag": "NOPE"})
    with pytest.raises(RegistryRejected) as caught:
        await release_domain(ctx)
    assert caught.value.message == "Releasing failed. (Invalid attribute value; TARGET)"
    assert ctx.effects.activity == ["example.co.uk: Releasing failed. (Invalid attribute value; TARGET)"]


@pytest.mark.parametrize("tag", ["bad tag", "<script>", "x" * 65, "TAG;DROP"])
async def test_release_with_a_malformed_tag_is_refused_before_any_call(fake, make_ctx, tag: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await release_domain(
            make_ctx("ReleaseDomain", {"sld": "example", "tld": "co.uk", "transfertag": tag})
        )
    assert caught.value.field == "transfertag"
    assert fake.sent == []


async def test_release_lock_lookup_unreachable_is_retryable(fake, make_ctx) -> None:
    fake.on("QueryDomainList", lost(may_have_executed=False))
    with pytest.raises(UpstreamUnavailable):
        await release_domain(make_ctx("ReleaseDomain", {"sld": "example", "tld": "de"}))
    assert "PushDomain" not in fake.commands()


async def test_suspend_sets_client_hold(fake, make_ctx) -> None:
    fake.on("ModifyDomain", reply())
    ctx = make_ctx("SuspendDomain", dict(DOMAIN))
    result = await suspend_domain(ctx)
    assert result.value == {"message": "Domain suspended."}
    assert fake.sent == [{"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "ADDSTATUS0": "clientHold"}]
    assert ctx.effects.activity == ["example.com: Domain suspended."]


async def test_unsuspend_removes_client_hold(fake, make_ctx) -> None:
    fake.on("ModifyDomain", reply())
    result = await unsuspend_domain(make_ctx("UnsuspendDomain", dict(DOMAIN)))
    assert result.value == {"message": "Domain unsuspended."}
    assert fake.sent[0]["DELSTATUS0"] == "clientHold"


async def test_suspend_failure_carries_code_and_description(fake, make_ctx) -> None:
    fake.on("ModifyDomain", reply(545, "Entity reference not found"))
    ctx = make_ctx("SuspendDomain", dict(DOMAIN))
    with pytest.raises(RegistryRejected) as caught:
        await suspend_domain(ctx)
    assert caught.value.message == "Suspending the domain failed. (545 Entity reference not found)"
    assert ctx.effects.activity == [f"example.com: {caught.value.message}"]


async def test_missing_domain_is_invalid_input(fake, make_ctx) -> None:
    with pytest.raises(InvalidInput) as caught:
        await suspend_domain(make_ctx("SuspendDomain", {"sld": "", "tld": "com"}))
    assert caught.value.field == "domain"
    assert fake.sent == []
