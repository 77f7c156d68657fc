"""The status family on CentralNic Reseller (app/backends/cnr/status.py) against scripted replies: dates
(never a 1969/1970 expiry), the domain list for the snapshot, a domain no longer in the account, TransferSync,
EPP codes and the transfer lock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.backends.cnr.status import FAILED_TRANSFER, CnrStatus, cnr_date
from app.errors import RegistryRejected, UpstreamUnavailable
from app.registrar import load_all
from app.registrar.base import OPERATIONS, ModuleConfig, RegistrarContext
from app.registrar.dates import expiry_of
from app.registrar.sync_stores import FixedClock
from app.registry.status import AccountBalance, DomainStatus, Refusal
from app.sync.snapshot import row_values
from tests.registrar.conftest import FakeIspapi, PassThroughJournal, lost, reply

load_all()

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DOMAIN = {"domain": "example.com", "sld": "example", "tld": "com", "domainid": 7}
STATUS = {"REGISTRATION_EXPIRATION_DATE": "2027-03-04 10:00:00", "RENEWAL_DATE": "2027-04-08 10:00:00",
          "PAIDUNTIL_DATE": "2027-03-04 10:00:00", "CREATED_DATE": "2020-03-04 10:00:00"}  # fmt: skip
NOT_FOUND = reply(545, "Entity reference not found")


def context(fake: FakeIspapi, function: str, params: dict[str, Any], **config: str) -> RegistrarContext:
    settings = {"Username": "reseller", "Password": "secret-pw", "Backend": "cnr", **config}
    return RegistrarContext(
        function=function,
        params={**DOMAIN, **params},
        config=ModuleConfig.from_settings(settings),
        client=fake,
        journal=PassThroughJournal(),
        request_id="req-cnr-status",
        clock=FixedClock(NOW),
    )


async def run(fake: FakeIspapi, function: str, params: dict[str, Any] | None = None, **config: str) -> Any:
    ctx = context(fake, function, params or {}, **config)
    return ctx, await OPERATIONS[function].func(ctx)


# ---- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "   ", "0000-00-00 00:00:00", "0000-00-00", "1970-01-01 00:00:00", "1969-12-31 23:00:00", "garbage"],
)
def test_an_empty_zero_or_epoch_date_is_unknown(value: str) -> None:
    assert cnr_date(value) is None


def test_a_real_date_is_kept() -> None:
    assert cnr_date("2027-03-04 10:00:00") == datetime(2027, 3, 4, 10, tzinfo=UTC)
    assert cnr_date("2027-03-04") == datetime(2027, 3, 4, tzinfo=UTC)


async def test_sync_reports_the_registration_expiry_as_yyyy_mm_dd() -> None:
    fake = FakeIspapi().on("StatusDomain", reply(STATUS="ACTIVE", cols=STATUS))
    ctx, result = await run(fake, "Sync")
    assert result.value == {"active": True, "expirydate": "2027-03-04", "expired": False}
    assert fake.sent == [{"COMMAND": "StatusDomain", "DOMAIN": "example.com"}]


@pytest.mark.parametrize("empty", ["", "1969-12-31 23:59:59", "1970-01-01 00:00:00", "0000-00-00 00:00:00"])
async def test_sync_never_reports_a_1969_or_1970_expiry(empty: str) -> None:
    fake = FakeIspapi().on(
        "StatusDomain", reply(STATUS="ACTIVE", cols={**STATUS, "REGISTRATION_EXPIRATION_DATE": empty})
    )
    ctx, result = await run(fake, "Sync")
    assert result.value == {"active": True}  # expirydate left alone in WHMCS
    assert ctx.effects.activity == [
        "example.com: Domain Sync finished. The registry gave no complete expiry data; expirydate unchanged."
    ]


async def test_a_domain_set_to_expire_counts_its_renewal_date_as_deletion() -> None:
    status = CnrStatus(FakeIspapi().on("StatusDomain", reply(RENEWALMODE="AUTOEXPIRE", cols=STATUS)))
    found = await status.status("example.com")
    assert isinstance(found, DomainStatus)
    dates = found.dates
    assert dates.failure_date == datetime(2027, 4, 8, 10, tzinfo=UTC)
    assert expiry_of(dates).expirydate == "2027-03-04"


# ---- the domain list for the snapshot ----------------------------------------------------------------


async def test_domain_page_reads_the_wide_list() -> None:
    page_reply = reply(
        cols={
            "DOMAIN": ["a.com", "B.net"],
            "DOMAIN_REGISTRATION_EXPIRATION_DATE": ["2027-03-04 10:00:00", "0000-00-00 00:00:00"],
            "DOMAIN_CREATED_DATE": ["2020-03-04 10:00:00", ""],
            "DOMAIN_RENEWAL_DATE": ["2027-04-08 10:00:00", ""],
            "RENEWALMODE": ["DEFAULT", "AUTODELETE"],
            "TRANSFERLOCK": ["1", "0"],
            "STATUS": ["ACTIVE,clientTransferProhibited", "ACTIVE"],
            "TOTAL": ["2"],
            "COUNT": ["2"],
        }
    )
    fake = FakeIspapi().on("QueryDomainList", page_reply)
    page = await CnrStatus(fake).domain_page(first=0, limit=1000)
    assert fake.sent == [
        {"COMMAND": "QueryDomainList", "WIDE": 1, "ORDERBY": "DOMAIN", "FIRST": 0, "LIMIT": 1000}
    ]
    assert (page.size, page.total) == (2, 2)
    first, second = page.rows
    assert first.domain == "a.com" and first.transfer_lock is True and first.whois_privacy is None
    assert first.dates.status == "ACTIVE clientTransferProhibited"
    assert expiry_of(first.dates).expirydate == "2027-03-04"
    stored = row_values(first, account="acct", now=NOW)
    assert stored["needs_check"] is False and stored["expiration_date"] == datetime(
        2027, 3, 4, 10, tzinfo=UTC
    )
    # A zero expiry is unknown: the row cannot answer for Sync, which asks StatusDomain instead.
    assert second.domain == "b.net" and second.dates.expiration_date is None
    assert row_values(second, account="acct", now=NOW)["needs_check"] is True


# ---- a domain no longer in the account ----------------------------------------------------------------


async def test_a_domain_not_in_the_account_is_transferred_away_without_an_error() -> None:
    fake = FakeIspapi().on("StatusDomain", NOT_FOUND)
    ctx, result = await run(fake, "Sync")
    assert result.value == {"transferredAway": True}
    assert ctx.effects.activity == ["example.com: Domain Sync finished. Status updated to `Transferred Away`"]
    assert fake.commands() == ["StatusDomain"]  # nothing CNR would refuse (no ISPAPI-only look-ups)


async def test_a_domain_held_by_another_account_is_transferred_away() -> None:
    fake = FakeIspapi().on("StatusDomain", reply(531, "Authorization failed"))
    _, result = await run(fake, "Sync")
    assert result.value == {"transferredAway": True}


# ---- TransferSync ----------------------------------------------------------------------------------------


async def test_transfer_sync_while_pending() -> None:
    fake = FakeIspapi().on("StatusDomainTransfer", reply(TRANSFERSTATUS="REQUESTED"))
    _, result = await run(fake, "TransferSync")
    assert result.value == {}


async def test_transfer_sync_after_completion_sets_whmcs_nameservers() -> None:
    fake = (
        FakeIspapi()
        .on("StatusDomainTransfer", NOT_FOUND)
        .on("StatusDomain", reply(STATUS="ACTIVE", NAMESERVER=["ns1.old.example"], cols=STATUS))
        .on("ModifyDomain", reply())
    )
    params = {"ns1": "ns1.new.example", "ns2": "ns2.new.example"}
    ctx, result = await run(fake, "TransferSync", params, NSUpdTransfer="on")
    assert result.value == {"completed": True, "expirydate": "2027-03-04"}
    modify = [c for c in fake.sent if c["COMMAND"] == "ModifyDomain"]
    assert modify == [
        {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "NAMESERVER0": "ns1.new.example",
         "NAMESERVER1": "ns2.new.example"}
    ]  # fmt: skip
    assert "example.com: Nameserver update requested." in ctx.effects.activity


async def test_transfer_sync_of_a_transfer_that_ended_elsewhere_failed() -> None:
    fake = (
        FakeIspapi()
        .on("StatusDomainTransfer", NOT_FOUND)
        .on("StatusDomain", reply(531, "Authorization failed"))
    )
    _, result = await run(fake, "TransferSync")
    assert result.value == {"failed": True, "reason": f"Transfer Failed\n{FAILED_TRANSFER}"}


# ---- EPP code, lock ----------------------------------------------------------------------------------


async def test_epp_code_from_status_domain() -> None:
    fake = FakeIspapi().on("StatusDomain", reply(AUTH="Abc-123-xyz", cols=STATUS))
    _, result = await run(fake, "GetEPPCode")
    assert result.value == {"eppcode": "Abc-123-xyz"}
    assert fake.commands() == ["StatusDomain"]


async def test_epp_code_made_when_the_domain_has_none() -> None:
    fake = (
        FakeIspapi().on("StatusDomain", reply(AUTH="", cols=STATUS)).on("SetAuthCode", reply(AUTH="New-999"))
    )
    _, result = await run(fake, "GetEPPCode")
    assert result.value == {"eppcode": "New-999"}
    assert fake.sent[-1] == {"COMMAND": "SetAuthCode", "DOMAIN": "example.com"}


async def test_epp_code_of_a_de_domain_is_made_on_request() -> None:
    fake = (
        FakeIspapi().on("StatusDomain", reply(AUTH="old", cols=STATUS)).on("SetAuthCode", reply(AUTH="De-1"))
    )
    _, result = await run(fake, "GetEPPCode", {"domain": "example.de", "sld": "example", "tld": "de"})
    assert result.value == {"eppcode": "De-1"}


@pytest.mark.parametrize(("value", "answer"), [("1", "locked"), ("0", "unlocked")])
async def test_registrar_lock_from_the_list(value: str, answer: str) -> None:
    fake = FakeIspapi().on("QueryDomainList", reply(DOMAIN="example.com", TRANSFERLOCK=value, TOTAL=1))
    _, result = await run(fake, "GetRegistrarLock")
    assert result.value == answer


async def test_registrar_lock_of_a_domain_not_listed() -> None:
    fake = FakeIspapi().on("QueryDomainList", reply(TOTAL=0, COUNT=0))
    with pytest.raises(Exception, match="Domain Name not found"):
        await run(fake, "GetRegistrarLock")


# ---- WHMCS renews: the registry must not renew by itself as well ----------------------------------------


@pytest.mark.parametrize("mode", ["DEFAULT", "AUTORENEW"])
async def test_sync_stops_a_registry_that_would_renew_by_itself(mode: str) -> None:
    fake = (
        FakeIspapi()
        .on("StatusDomain", reply(STATUS="ACTIVE", RENEWALMODE=mode, cols=STATUS))
        .on("SetDomainRenewalMode", reply())
    )
    ctx, result = await run(fake, "Sync")
    assert result.value["expirydate"] == "2027-03-04"
    assert fake.sent[-1] == {
        "COMMAND": "SetDomainRenewalMode",
        "DOMAIN": "example.com",
        "RENEWALMODE": "AUTOEXPIRE",
    }
    assert any("Renewal mode set to AUTOEXPIRE" in line for line in ctx.effects.activity)


@pytest.mark.parametrize("mode", ["AUTOEXPIRE", "AUTODELETE", "RENEWONCE"])
async def test_sync_leaves_a_mode_that_does_not_renew_by_itself(mode: str) -> None:
    fake = FakeIspapi().on("StatusDomain", reply(STATUS="ACTIVE", RENEWALMODE=mode, cols=STATUS))
    await run(fake, "Sync")
    assert fake.commands() == ["StatusDomain"]


async def test_a_failed_mode_change_never_fails_the_sync() -> None:
    fake = (
        FakeIspapi()
        .on("StatusDomain", reply(STATUS="ACTIVE", RENEWALMODE="DEFAULT", cols=STATUS))
        .on("SetDomainRenewalMode", reply(531, "Authorization failed"))
    )
    ctx, result = await run(fake, "Sync")
    assert result.value["active"] is True
    assert any(
        "The renewal mode could not be set (531 Authorization failed)" in a for a in ctx.effects.activity
    )


# ---- the account: config_validate's login check, the admin overview's balance ----------------------------


async def test_config_validate_checks_the_login_with_status_account() -> None:

    fake = FakeIspapi().on("StatusAccount", reply(AMOUNT="10.00", CURRENCY="USD"))
    _, result = await run(fake, "config_validate")
    assert result.value == {} and fake.sent == [{"COMMAND": "StatusAccount"}]  # no SUBUSER: CNR acts as it

    fake = FakeIspapi().on("StatusAccount", reply(530, "Authentication failed"))
    with pytest.raises(RegistryRejected) as refused:
        await run(fake, "config_validate", TestMode="on")
    assert refused.value.message == "Connecting to the OT&E Environment failed. (530 Authentication failed)"
    assert refused.value.registry_code == 530 and "secret-pw" not in refused.value.message

    fake = FakeIspapi().on("StatusAccount", lost(may_have_executed=False))
    with pytest.raises(UpstreamUnavailable) as unreachable:
        await run(fake, "config_validate")
    assert unreachable.value.message.startswith("Connecting to the LIVE Environment failed. (421 ")


async def test_account_balance_reads_status_account_and_returns_a_refusal_for_any_failure() -> None:

    fake = FakeIspapi().on(
        "StatusAccount",
        reply(AMOUNT="-12.50", CREDIT="987.50", CREDIT_THRESHOLD="1000.00", CURRENCY="EUR"),
        reply(530, "Authentication failed"),
        lost(may_have_executed=True),
    )
    status = CnrStatus(fake)
    assert await status.account_balance() == AccountBalance(
        amount="-12.50", credit_limit="1000.00", currency="EUR"
    )
    assert await status.account_balance() == Refusal(530, "Authentication failed")
    failed = await status.account_balance()
    assert isinstance(failed, Refusal) and failed.code == 421


async def test_status_gives_the_created_date() -> None:
    fake = FakeIspapi().on("StatusDomain", reply(**STATUS, OWNER_CONTACT="P-ABC1", STATUS="ACTIVE"))
    found = await CnrStatus(fake).status("example.com")
    assert isinstance(found, DomainStatus)
    assert found.created_date == datetime(2020, 3, 4, 10, tzinfo=UTC) and found.contacts["owner"] == "P-ABC1"
