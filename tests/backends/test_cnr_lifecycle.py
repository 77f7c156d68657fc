"""The CNR lifecycle adapter (app/backends/cnr/lifecycle.py) against a scripted registry: the commands it
sends and how it reads the replies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.backends.cnr.lifecycle import CnrLifecycle, renews_by_mode
from app.errors import OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.registry.lifecycle import (
    EXPIRY,
    PAID_UNTIL,
    ApplicationState,
    Renewal,
    RenewalMode,
    RenewalState,
    failure_quote,
)
from tests.registrar.conftest import FakeIspapi, lost, reply

STATUS = reply(
    REGISTRATION_EXPIRATION_DATE="2027-03-04 10:00:00",
    PAIDUNTIL_DATE="2027-03-04 10:00:00",
    RENEWALMODE="AUTORENEW",
)


class Sends:
    """Counts the journal's `sending` calls the adapter makes."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self) -> None:
        self.count += 1


def adapter(fake: FakeIspapi) -> CnrLifecycle:
    return CnrLifecycle(fake)


async def test_renewal_state_reads_dates_mode_and_premium_fee() -> None:
    fake = FakeIspapi().on("StatusDomain", STATUS)
    state = await adapter(fake).renewal_state("example.com")
    assert state.dates == {EXPIRY: "2027-03-04 10:00:00", PAID_UNTIL: "2027-03-04 10:00:00"}
    assert state.mode is RenewalMode.AUTORENEW and state.premium == "" and state.refusal is None
    assert fake.last("StatusDomain")["X-FEE-COMMAND"] == "renew"
    premium = FakeIspapi().on(
        "StatusDomain", reply(cols={"X-FEE-CLASS": "premium", "X-FEE-AMOUNT": "120.00"}, RENEWALMODE="")
    )
    state = await adapter(premium).renewal_state("cloud.xyz")
    assert state.premium == "120.00" and state.mode is RenewalMode.OTHER
    found = await adapter(premium).premium_renewal("cloud.xyz", state)
    assert found is not None and (found.price, found.tag) == ("120.00", "120.00")


async def test_renewal_state_of_a_domain_elsewhere_is_a_refusal_not_an_error() -> None:
    fake = FakeIspapi().on("StatusDomain", reply(545, "Entity reference not found"))
    state = await adapter(fake).renewal_state("gone.com")
    assert state.refusal is not None and state.refusal.registry_code == 545 and not state.dates
    with pytest.raises(RegistryRejected, match="Entity reference not found"):
        await adapter(fake).premium_renewal("gone.com", state)
    down = FakeIspapi().on("StatusDomain", lost(may_have_executed=True))
    with pytest.raises(UpstreamUnavailable):  # a read that got no reply changed nothing
        await adapter(down).renewal_state("gone.com")


async def test_explicit_renewal_names_the_current_expiry_year() -> None:
    fake = FakeIspapi().on("RenewDomain", reply(REGISTRATION_EXPIRATION_DATE="2029-03-04 10:00:00"))
    sends = Sends()
    state = RenewalState(dates={EXPIRY: "2027-03-04 10:00:00"}, mode=RenewalMode.AUTOEXPIRE)
    done = await adapter(fake).renew("example.com", 2, state=state, premium_tag="", before_send=sends)
    assert done is Renewal.RENEWED and sends.count == 1
    assert fake.last("RenewDomain") == {
        "COMMAND": "RenewDomain", "DOMAIN": "example.com", "PERIOD": 2, "EXPIRATION": 2027,
    }  # fmt: skip


async def test_premium_renewal_accepts_the_fee_for_the_whole_period() -> None:
    fake = FakeIspapi().on("RenewDomain", reply())
    state = RenewalState(dates={EXPIRY: "2027-03-04 10:00:00"}, premium="120.00")
    await adapter(fake).renew("cloud.xyz", 2, state=state, premium_tag="120.00", before_send=Sends())
    sent = fake.last("RenewDomain")
    assert sent["X-FEE-AMOUNT"] == "240.00" and sent["X-ACCEPT-PREMIUMPRICE"] == 1


async def test_renewal_after_a_restore_reads_the_expiry_again() -> None:
    fake = FakeIspapi().on("StatusDomain", STATUS).on("RenewDomain", reply())
    await adapter(fake).renew("back.com", 1, state=RenewalState(), premium_tag="", before_send=Sends())
    assert fake.commands() == ["StatusDomain", "RenewDomain"]
    assert fake.last("RenewDomain")["EXPIRATION"] == 2027


async def test_zones_renewed_by_mode_get_renewonce_instead() -> None:
    assert renews_by_mode("beispiel.de") and renews_by_mode("example.co.za") and renews_by_mode("x.it")
    assert not renews_by_mode("example.com") and not renews_by_mode("example.za")
    fake = FakeIspapi().on("SetDomainRenewalMode", reply())
    sends = Sends()
    state = RenewalState(dates={EXPIRY: "2027-03-04 10:00:00"}, mode=RenewalMode.DEFAULT)
    done = await adapter(fake).renew("beispiel.de", 1, state=state, premium_tag="", before_send=sends)
    assert done is Renewal.SCHEDULED and sends.count == 1
    assert fake.sent == [
        {"COMMAND": "SetDomainRenewalMode", "DOMAIN": "beispiel.de", "RENEWALMODE": "RENEWONCE"}
    ]


async def test_a_zone_renewed_by_mode_renews_one_year_at_a_time() -> None:
    fake = FakeIspapi()
    sends = Sends()
    with pytest.raises(RegistryRejected, match="one year at a time; renew it for 1 year, not 2"):
        await adapter(fake).renew("beispiel.de", 2, state=RenewalState(), premium_tag="", before_send=sends)
    assert fake.sent == [] and sends.count == 0


async def test_a_refused_or_lost_renewal_raises_the_bridge_error_with_the_registry_wording() -> None:
    refused = FakeIspapi().on("RenewDomain", reply(555, "Domain already renewed"))
    state = RenewalState(dates={EXPIRY: "2027-03-04 10:00:00"})
    with pytest.raises(RegistryRejected) as caught:
        await adapter(refused).renew("example.com", 1, state=state, premium_tag="", before_send=Sends())
    assert failure_quote(caught.value) == "555 Domain already renewed"
    gone = FakeIspapi().on("RenewDomain", lost(may_have_executed=True))
    with pytest.raises(OutcomeUnknown) as unknown:
        await adapter(gone).renew("example.com", 1, state=state, premium_tag="", before_send=Sends())
    assert failure_quote(unknown.value) == "421 Command failed due to HTTP communication error"


def _log(*rows: tuple[str, str]) -> str:
    return reply(
        OPERATION_TYPE=[kind for kind, _ in rows],
        OPERATION_STATUS=[status for _, status in rows],
        COUNT=len(rows),
    )


async def test_renewed_since_reads_the_object_log() -> None:
    since = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
    fake = FakeIspapi().on("QueryObjectLogList", _log(("MODIFY", "SUCCESSFUL"), ("RENEW", "SUCCESSFUL")))
    assert await adapter(fake).renewed_since("example.com", since, restore=False)
    assert fake.last("QueryObjectLogList") == {
        "COMMAND": "QueryObjectLogList", "OBJECTCLASS": "DOMAIN", "OBJECTID": "example.com",
        "MINDATE": "2026-12-07 18:00:00",
    }  # fmt: skip
    failed = FakeIspapi().on("QueryObjectLogList", _log(("RENEW", "FAILED"), ("RESTORE", "SUCCESSFUL")))
    assert not await adapter(failed).renewed_since("example.com", since, restore=False)
    assert await adapter(failed).renewed_since("example.com", since, restore=True)


async def test_a_lost_renewonce_is_settled_by_the_mode() -> None:
    since = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
    fake = FakeIspapi().on("StatusDomain", reply(RENEWALMODE="RENEWONCE"))
    assert await adapter(fake).renewed_since("beispiel.de", since, restore=False)
    assert fake.commands() == ["StatusDomain"]
    unset = FakeIspapi().on("StatusDomain", reply(RENEWALMODE="AUTOEXPIRE")).on("QueryObjectLogList", _log())
    assert not await adapter(unset).renewed_since("beispiel.de", since, restore=False)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (RenewalMode.AUTORENEW, RenewalMode.AUTOEXPIRE),
        (RenewalMode.DEFAULT, RenewalMode.AUTOEXPIRE),
        (RenewalMode.RENEWONCE, None),
        (RenewalMode.AUTOEXPIRE, None),
        (RenewalMode.AUTODELETE, None),
        (RenewalMode.OTHER, None),
    ],
)
async def test_a_domain_whmcs_renews_does_not_renew_by_itself(
    mode: RenewalMode, expected: RenewalMode | None
) -> None:
    fake = FakeIspapi().on("SetDomainRenewalMode", reply())
    assert await adapter(fake).keep_renewals_with_whmcs("example.com", RenewalState(mode=mode)) is expected
    sent = [{"COMMAND": "SetDomainRenewalMode", "DOMAIN": "example.com", "RENEWALMODE": "AUTOEXPIRE"}]
    assert fake.sent == (sent if expected else [])


async def test_restore_and_the_zone_renewal_periods() -> None:
    fake = FakeIspapi().on("RestoreDomain", reply()).on("GetZoneInfo", reply(DOMAIN_RENEWAL="1Y, 2Y,5Y"))
    sends = Sends()
    await adapter(fake).restore("back.com", before_send=sends)
    assert sends.count == 1 and fake.last("RestoreDomain") == {
        "COMMAND": "RestoreDomain",
        "DOMAIN": "back.com",
    }
    assert await adapter(fake).renewal_periods("back.com") == ["1Y", "2Y", "5Y"]
    unknown = FakeIspapi().on("GetZoneInfo", reply(545, "Entity reference not found"))
    assert await adapter(unknown).renewal_periods("back.nosuch") == []


async def test_end_of_life_commands() -> None:
    fake = FakeIspapi()
    for name in ("DeleteDomain", "PushDomain", "ModifyDomain", "TransferDomain", "ResendNotification"):
        fake.on(name, reply())
    port = adapter(fake)
    await port.request_delete("example.com")
    await port.release("example.de", "TRANSIT")
    await port.release("example.com", "")
    await port.set_hold("example.com", on=True)
    await port.set_hold("example.com", on=False)
    await port.cancel_transfer("moving.com")
    await port.resend_transfer_confirmation("moving.com")
    assert fake.sent == [
        {"COMMAND": "DeleteDomain", "DOMAIN": "example.com", "ACTION": "INSTANT"},
        {"COMMAND": "PushDomain", "DOMAIN": "example.de", "TARGET": "TRANSIT"},
        {"COMMAND": "PushDomain", "DOMAIN": "example.com"},
        {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "ADDSTATUS0": "clientHold"},
        {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "DELSTATUS0": "clientHold"},
        {"COMMAND": "TransferDomain", "ACTION": "CANCEL", "DOMAIN": "moving.com"},
        {"COMMAND": "ResendNotification", "TYPE": "domaintransfer", "OBJECT": "moving.com"},
    ]


async def test_a_temporary_reply_is_unavailable_and_quoted_with_its_code() -> None:
    fake = FakeIspapi().on(
        "DeleteDomain", reply(421, "Command failed due to server error. Client should try again")
    )
    with pytest.raises(UpstreamUnavailable) as caught:
        await adapter(fake).request_delete("example.com")
    assert failure_quote(caught.value) == "421 Command failed due to server error. Client should try again"


async def test_release_lock_reads_the_status() -> None:
    locked = FakeIspapi().on("StatusDomain", reply(TRANSFER_LOCK=1))
    assert await adapter(locked).release_locked("example.com")
    free = FakeIspapi().on("StatusDomain", reply(TRANSFER_LOCK=0))
    assert not await adapter(free).release_locked("example.com")
    elsewhere = FakeIspapi().on("StatusDomain", reply(545, "Entity reference not found"))
    assert not await adapter(elsewhere).release_locked("example.com")  # not known to be locked


async def test_transfer_obstacle_is_the_reason_of_a_219_only() -> None:
    fake = FakeIspapi().on(
        "CheckDomainTransfer", reply(219, "Request is not available; clientTransferProhibited")
    )
    assert await adapter(fake).transfer_obstacle("locked.com", "Secret-1") == (
        "Request is not available; clientTransferProhibited"
    )
    assert fake.last("CheckDomainTransfer")["AUTH"] == "Secret-1"
    for answer in (reply(218, "Request is available"), lost(may_have_executed=False)):
        other = FakeIspapi().on("CheckDomainTransfer", answer)
        assert await adapter(other).transfer_obstacle("fine.com", "") is None
        assert "AUTH" not in other.last("CheckDomainTransfer")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("SUCCESSFUL", ApplicationState.SUCCESSFUL),
        ("FAILED", ApplicationState.FAILED),
        ("PROCESSING", ApplicationState.UNDECIDED),
        ("REQUESTED", ApplicationState.UNDECIDED),
    ],
)
async def test_application_state(status: str, expected: ApplicationState) -> None:
    fake = FakeIspapi().on("StatusDomainApplication", reply(STATUS=status))
    assert await adapter(fake).application_state("77") is expected
    assert fake.last("StatusDomainApplication") == {"COMMAND": "StatusDomainApplication", "APPLICATION": "77"}
