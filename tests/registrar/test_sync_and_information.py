"""Sync, TransferSync and GetDomainInformation."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result, ResultKind
from app.backends.ispapi.status import requested_nameservers
from app.errors import RegistryRejected, UpstreamUnavailable
from app.registrar.base import OPERATIONS, RegistrarContext
from tests.registrar.conftest import CONTACT, lost, reply

OK = reply()
NOT_FOUND = reply(545, "Object not found")
DOMAIN = {"sld": "example", "tld": "com", "domainid": 42}
DATES = {"EXPIRATIONDATE": "2031-03-10 10:00:00", "FINALIZATIONDATE": "2031-02-20 10:00:00",
         "PAIDUNTILDATE": "2031-03-10 10:00:00", "FAILUREDATE": "2031-03-01 10:00:00"}  # fmt: skip


async def run(
    make_ctx: Any, function: str, params: dict[str, Any] | None = None, config: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    ctx = make_ctx(function, {**DOMAIN, **(params or {})}, config)
    return ctx, await OPERATIONS[function].func(ctx)


# ---- Sync -------------------------------------------------------------------------------------------------


async def test_sync_active_domain(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(STATUS="ACTIVE", cols={**DATES, "X-ACCEPT-WHOISTRUSTEE-TAC": "1"}))
    ctx, result = await run(make_ctx, "Sync", {"idprotection": True})
    assert result.value == {"active": True, "expirydate": "2031-02-20", "expired": False}
    assert fake.commands() == ["StatusDomain"]
    assert ctx.effects.activity == ["example.com: Domain Sync finished. Updated expirydate: 2031-02-20"]


async def test_sync_without_dates_sends_no_expirydate(fake, make_ctx) -> None:
    """5.1.12 produced 1970 dates for fresh registrations without FINALIZATIONDATE."""
    fake.on("StatusDomain", reply(STATUS="ACTIVE", EXPIRATIONDATE="2031-03-10 10:00:00"))
    _, result = await run(make_ctx, "Sync")
    assert result.value == {"active": True}


async def test_sync_reenables_id_protection(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(STATUS="ACTIVE", cols={**DATES, "X-ACCEPT-WHOISTRUSTEE-TAC": "0"}))
    fake.on("ModifyDomain", OK)
    await run(make_ctx, "Sync", {"idprotection": "on"})
    assert fake.last("ModifyDomain") == {"COMMAND": "ModifyDomain", "DOMAIN": "example.com",
                                         "X-ACCEPT-WHOISTRUSTEE-TAC": 1}  # fmt: skip


async def test_sync_531_transferred_away(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(531, "Authorization failed"))
    ctx, result = await run(make_ctx, "Sync")
    assert result.value == {"transferredAway": True}
    assert ctx.effects.activity == ["example.com: Domain Sync finished. Status updated to `Transferred Away`"]


async def test_sync_545_outbound_transfer(fake, make_ctx) -> None:
    fake.on("StatusDomain", NOT_FOUND)
    fake.on("QueryObjectLogList", reply(OPERATIONTYPE="OUTBOUND_TRANSFER", OPERATIONSTATUS="SUCCESSFUL"))
    _, result = await run(make_ctx, "Sync")
    assert result.value == {"transferredAway": True}


@pytest.mark.parametrize(
    ("application", "expected"),
    [
        ("ACTIVE", {"active": True}),
        ("REQUESTED", {"active": True}),
        ("FAILED", RegistryRejected("Premium Domain Order failed.")),
    ],
)
async def test_sync_545_premium_application(fake, make_ctx, application, expected) -> None:
    fake.on("StatusDomain", NOT_FOUND).on("QueryObjectLogList", reply(COUNT=0))
    fake.on("QueryDomainList", reply(STATUS=application))
    if isinstance(expected, dict):
        _, result = await run(make_ctx, "Sync")
        assert result.value == expected
    else:
        with pytest.raises(RegistryRejected, match=expected.message):
            await run(make_ctx, "Sync")
    query = fake.last("QueryDomainList")
    assert query["OBJECTCLASS"] == "DOMAINAPPLICATION" and query["SUBCLASSREGEX"] == "^PREMIUM_.*$"


@pytest.mark.parametrize(
    ("deleted", "expected", "update"),
    [
        (NOT_FOUND, {"transferredAway": True}, None),
        (
            reply(COUNT=1, EXPIRATIONDATE="2020-01-05 10:00:00"),
            {"expirydate": "2020-01-05", "expired": True},
            None,
        ),
        (reply(COUNT=0), {"expired": True}, {"type": "domain_status", "domainid": 42, "status": "Expired"}),
        (reply(549, "Command failed"), {}, None),
    ],
)
async def test_sync_545_deleted_domain(fake, make_ctx, deleted, expected, update) -> None:
    fake.on("StatusDomain", NOT_FOUND).on("QueryObjectLogList", reply(COUNT=0))
    fake.on("QueryDomainList", reply(COUNT=0)).on("QueryObjectList", deleted)
    ctx, result = await run(make_ctx, "Sync")
    assert result.value == expected
    assert fake.last("QueryObjectList") == {"COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN",
                                            "OBJECTID": "example.com"}  # fmt: skip
    assert ctx.effects.whmcs_updates == ([update] if update else [])


@pytest.mark.parametrize("status", ["Pending", "Pending Registration", "Pending Transfer"])
async def test_sync_pending_order_is_never_expired_by_545(fake, make_ctx, status) -> None:
    fake.on("StatusDomain", NOT_FOUND).on("QueryDomainList", reply(COUNT=0))
    ctx, result = await run(make_ctx, "Sync", {"whmcs_status": status})
    assert result.value == {}
    assert "QueryObjectList" not in fake.commands() and "QueryObjectLogList" not in fake.commands()
    assert ctx.effects.whmcs_updates == []


async def test_sync_other_failure(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(549, "Command failed"), lost(may_have_executed=False))
    ctx = make_ctx("Sync", DOMAIN)
    with pytest.raises(RegistryRejected) as err:
        await OPERATIONS["Sync"].func(ctx)
    assert err.value.message == "Loading domain status failed. (549 Command failed)"
    assert ctx.effects.activity == ["example.com: Domain Sync failed. See Module Log."]
    with pytest.raises(UpstreamUnavailable):
        await run(make_ctx, "Sync")


# ---- TransferSync -----------------------------------------------------------------------------------------

STORED = ["[HEADER]", "user=reseller", "", "[COMMAND]", "COMMAND=TransferDomain", "DOMAIN=example.com",
          "AUTH=Sup3rS3cret", "NAMESERVER0=NS1.new.example", "NAMESERVER1=ns2.new.example", "EOF", "",
          "[RESPONSE]", "CODE=200", "EOF"]  # fmt: skip
REQUEST_LOG = reply(COUNT=1, LOGDATE="2024-05-01 10:00:00", LOGINDEX="123")


def test_requested_nameservers_from_stored_command() -> None:
    assert requested_nameservers(STORED) == ["NS1.new.example", "ns2.new.example"]
    assert requested_nameservers(["nothing"]) == []


async def test_transfer_sync_still_pending(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", reply(TRANSFERSTATUS="REQUESTED"))
    ctx, result = await run(make_ctx, "TransferSync")
    assert result.value == {}
    assert ctx.effects.activity == ["example.com: Domain Transfer is still pending (Existing Request)."]


async def test_transfer_sync_completed_with_ns_and_contact_update(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", NOT_FOUND).on("QueryObjectLogList", REQUEST_LOG)
    fake.on(
        "StatusDomain",
        reply(
            STATUS="ACTIVE",
            NAMESERVER=["ns1.old.example"],
            OWNERCONTACT="AUTO-ABC",
            ADMINCONTACT="P-XYZ1",
            TECHCONTACT="",
            BILLINGCONTACT="P-XYZ1",
            cols=DATES,
        ),
    )
    fake.on("StatusObjectLog", reply(OPERATIONINFO=STORED)).on("ModifyDomain", OK)
    config = {"NSUpdTransfer": "on", "CHUpdTransfer": "on"}
    ctx, result = await run(make_ctx, "TransferSync", CONTACT, config)
    assert result.value == {"completed": True, "expirydate": "2031-02-20"}
    ns_update, contact_update = [c for c in fake.sent if c["COMMAND"] == "ModifyDomain"]
    assert ns_update == {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "NAMESERVER0": "NS1.new.example",
                         "NAMESERVER1": "ns2.new.example"}  # fmt: skip
    # docs/module-behaviour.md §13.3: 5.1.12 sent it empty
    assert contact_update["OWNERCONTACT0EMAIL"] == "zoe@example.org"
    assert contact_update["TECHCONTACT0EMAIL"] == "admin@example.org"
    assert not any(k.startswith(("ADMINCONTACT0", "BILLINGCONTACT0")) for k in contact_update)
    assert "example.com: Domain Transfer finished. expirydate: 2031-02-20" in ctx.effects.activity


async def test_transfer_sync_contact_update_normalises_or_skips_bad_contacts(fake, make_ctx) -> None:
    status = reply(STATUS="ACTIVE", NAMESERVER=["ns1.old.example"], OWNERCONTACT="AUTO-ABC", cols=DATES)
    fake.on("StatusDomainTransfer", NOT_FOUND).on("QueryObjectLogList", REQUEST_LOG)
    fake.on("StatusDomain", status).on("ModifyDomain", OK)
    config = {"CHUpdTransfer": "on"}
    # the same treatment as RegisterDomain: a national number with its calling code becomes +CC.NNNN
    await run(make_ctx, "TransferSync", {**CONTACT, "phonenumber": "0221 1234567", "phonecc": "49"}, config)
    assert fake.last("ModifyDomain")["OWNERCONTACT0PHONE"] == "+49.2211234567"
    # a malformed number: the (finished) transfer is still reported, the contacts are left alone and why
    sent_before = len(fake.sent)
    ctx, result = await run(make_ctx, "TransferSync", {**CONTACT, "phonenumber": "call me"}, config)
    assert result.value == {"completed": True, "expirydate": "2031-02-20"}
    assert "ModifyDomain" not in [c["COMMAND"] for c in fake.sent[sent_before:]]
    assert any(line.startswith("example.com: Contact update skipped: phonenumber is invalid")
               for line in ctx.effects.activity)  # fmt: skip


async def test_transfer_sync_same_nameservers_are_not_rewritten(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.3: 5.1.12 compared wrapper arrays, so the NS update was sent every
    time."""
    fake.on("StatusDomainTransfer", NOT_FOUND).on("QueryObjectLogList", REQUEST_LOG)
    fake.on(
        "StatusDomain", reply(STATUS="ACTIVE", NAMESERVER=["ns2.new.example.", "ns1.new.example"], cols=DATES)
    )
    fake.on("StatusObjectLog", reply(OPERATIONINFO=STORED))
    await run(make_ctx, "TransferSync", CONTACT, {"NSUpdTransfer": "on"})
    assert "ModifyDomain" not in fake.commands()


async def test_transfer_sync_failed_reason_without_secrets(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", NOT_FOUND)
    fake.on("QueryObjectLogList", REQUEST_LOG, reply(COUNT=1, LOGINDEX="124"))
    fake.on("StatusDomain", NOT_FOUND).on("StatusObjectLog", reply(OPERATIONINFO=STORED))
    _, result = await run(make_ctx, "TransferSync")
    assert result.value["failed"] is True
    assert result.value["reason"].startswith("Transfer Failed\n[HEADER]")
    assert "Sup3rS3cret" not in result.value["reason"]
    failed_query = fake.sent[3]
    assert (
        failed_query["OPERATIONTYPE"] == "INBOUND_TRANSFER"
        and failed_query["MINDATE"] == "2024-05-01 10:00:00"
    )
    assert fake.last("StatusObjectLog") == {"COMMAND": "StatusObjectLog", "LOGINDEX": "124"}


async def test_transfer_sync_no_request_log(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", NOT_FOUND).on("QueryObjectLogList", reply(COUNT=0))
    _, result = await run(make_ctx, "TransferSync")
    assert result.value == {}


# ---- GetDomainInformation ---------------------------------------------------------------------------------


async def test_information_active_domain(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", NOT_FOUND)
    extra = {"X-ACCEPT-WHOISTRUSTEE-TAC": "1", "TRADE-TRANSFERLOCK-EXPIRATIONDATE": "2031-05-01 00:00:00"}
    fake.on("StatusDomain", reply(STATUS="ACTIVE", NAMESERVER=["ns1.a.net", "ns2.a.net"], TRANSFERLOCK="1",
                                  cols={**DATES, **extra}))  # fmt: skip
    fake.on("QueryDomainOptions", reply(ZONEPOLICYREGISTRANTNAMECHANGEBY="ICANN-TRADE"))
    fake.on("QueryDomainPendingRegistrantVerificationList",
            reply(cols={"X-REGISTRANT-VERIFICATION-STATUS": "PENDING",
                        "X-REGISTRANT-VERIFICATION-DUEDATE": "2031-01-15 12:00:00"}))  # fmt: skip
    _, result = await run(make_ctx, "GetDomainInformation")
    assert result.kind == ResultKind.DOMAIN_INFORMATION
    value = result.value
    assert value["nameservers"] == {"ns1": "ns1.a.net", "ns2": "ns2.a.net"}
    assert value["transfer_lock"] is True and value["expiry_date"] == "2031-02-20"
    # docs/module-behaviour.md §13.6
    assert value["id_protection"] is True and value["registration_status"] == "Active"
    assert value["irtp_transfer_lock"] is True and value["irtp_transfer_lock_expiry_date"] == "2031-05-01"
    assert value["is_irtp_enabled"] is True and value["contact_change_pending"] is True
    # docs/module-behaviour.md §13.6: from the verification list
    assert value["contact_change_expiry_date"] == "2031-01-15"


async def test_information_pending_transfer(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", reply(TRANSFERSTATUS="REQUESTED", NAMESERVER=["ns1.a.net"]))
    _, result = await run(make_ctx, "GetDomainInformation")
    assert result.value == {"domain": "example.com", "nameservers": {"ns1": "ns1.a.net"}}


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (reply(531, "Authorization failed"), "Domain no longer in management - probably transferred away."),
        (reply(549, "Command failed"), "Loading Domain information failed. You may retry in few minutes."),
    ],
)
async def test_information_errors(fake, make_ctx, status, message) -> None:
    fake.on("StatusDomainTransfer", NOT_FOUND).on("StatusDomain", status)
    with pytest.raises(RegistryRejected) as err:
        await run(make_ctx, "GetDomainInformation")
    assert err.value.message.startswith(message)


async def test_information_545_pending_order_and_deleted_domain(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", NOT_FOUND).on("StatusDomain", NOT_FOUND).on(
        "QueryDomainList", reply(COUNT=0)
    )
    _, result = await run(make_ctx, "GetDomainInformation", {"whmcs_status": "Pending"})
    assert result.value == {"domain": "example.com"}
    fake.on("QueryObjectList", reply(COUNT=0)).on("CheckDomains", reply(DOMAINCHECK="210 Available"))
    ctx = make_ctx("GetDomainInformation", DOMAIN)
    with pytest.raises(RegistryRejected) as err:
        await OPERATIONS["GetDomainInformation"].func(ctx)
    assert err.value.message == "Domain not found in Registrar's System. Available for registration."
    assert ctx.effects.whmcs_updates == [{"type": "domain_status", "domainid": 42, "status": "Expired"}]


async def test_information_restorable_deleted_domain(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.6: the 'deleted but restorable' branch was unreachable in 5.1.12."""
    fake.on("StatusDomainTransfer", NOT_FOUND).on("StatusDomain", NOT_FOUND).on(
        "QueryDomainList", reply(COUNT=0)
    )
    fake.on("QueryObjectList", reply(COUNT=1, EXPIRATIONDATE="2099-01-01 00:00:00"))
    _, result = await run(make_ctx, "GetDomainInformation")
    assert result.value == {"domain": "example.com", "registration_status": "Pending Delete Restorable",
                            "restorable": True, "expiry_date": "2099-01-01"}  # fmt: skip
