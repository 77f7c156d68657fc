"""Sync's snapshot, hold and clock paths below end to end: the in-memory stores of
app/sync/stores.py in the context, scripted ISPAPI replies, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.registrar.base import ModuleConfig, RegistrarContext
from app.registrar.orders.renewals import MODE_NOT_SET, MODE_SET
from app.registrar.status.domain_sync import sync
from app.sync.stores import FixedClock, MemoryHolds, MemorySnapshots, SnapshotRow
from tests.registrar.conftest import FakeIspapi, PassThroughJournal, reply

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PARAMS = {"domain": "example.com", "sld": "example", "tld": "com", "domainid": 7, "idprotection": False}
SUSPEND = {"SuspendAfterExpiration": "on"}


class UnreadableHolds(MemoryHolds):
    """A hold record that cannot be read (the database is down)."""

    async def held(self, domain: str) -> bool | None:
        return None


def dates(expiry: datetime) -> dict[str, str]:
    stamp = expiry.strftime("%Y-%m-%d %H:%M:%S")
    return {"EXPIRATIONDATE": stamp, "FINALIZATIONDATE": stamp, "PAIDUNTILDATE": stamp, "FAILUREDATE": ""}


def row(
    expiry: datetime, *, status: str = "ACTIVE", trustee: bool | None = False, mode: str = ""
) -> SnapshotRow:
    return SnapshotRow(
        domain="example.com",
        status=status,
        expiration_date=expiry,
        paid_until_date=expiry,
        finalization_date=expiry,
        failure_date=None,
        whois_trustee=trustee,
        needs_check=False,
        renewal_mode=mode,
    )


def context(fake: FakeIspapi, config: dict[str, Any] | None = None, **stores: Any) -> RegistrarContext:
    return RegistrarContext(
        function="Sync",
        params=dict(PARAMS, **stores.pop("params", {})),
        config=ModuleConfig.from_settings({"Username": "test.user", "Password": "pw", **(config or {})}),
        client=fake,
        journal=PassThroughJournal(),
        request_id="req-sync-stores",
        clock=FixedClock(NOW),
        **stores,
    )


def modifies(fake: FakeIspapi) -> list[dict[str, Any]]:
    return [c for c in fake.sent if c["COMMAND"] == "ModifyDomain"]


async def test_a_snapshot_row_answers_without_a_registry_call() -> None:
    fake = FakeIspapi()
    snapshots = MemorySnapshots({"example.com": row(NOW + timedelta(days=100))}, clock=FixedClock(NOW))
    result = await sync(context(fake, snapshots=snapshots))
    assert result.value == {"active": True, "expirydate": "2026-09-09", "expired": False}
    assert fake.sent == []


async def test_id_protection_switched_on_from_the_snapshot_updates_the_row() -> None:
    fake = FakeIspapi().on("ModifyDomain", reply())
    snapshots = MemorySnapshots({"example.com": row(NOW + timedelta(days=100))}, clock=FixedClock(NOW))
    ctx = context(fake, snapshots=snapshots, params={"idprotection": True})
    await sync(ctx)
    assert modifies(fake) == [
        {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "X-ACCEPT-WHOISTRUSTEE-TAC": 1}
    ]
    assert snapshots.rows["example.com"].whois_trustee is True
    assert "example.com: ID protection enabled at the registry." in ctx.effects.activity


async def test_suspend_after_expiration_holds_once_then_lifts_its_own_hold() -> None:
    holds = MemoryHolds()
    expired = reply(STATUS="ACTIVE", cols=dates(NOW - timedelta(days=10)))
    fake = FakeIspapi().on("StatusDomain", expired).on("ModifyDomain", reply())
    first = context(fake, SUSPEND, holds=holds)
    assert (await sync(first)).value == {"active": True, "expirydate": "2026-05-22", "expired": True}
    assert modifies(fake) == [
        {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "ADDSTATUS0": "clientHold"}
    ]
    assert holds.domains == {"example.com"}
    assert (
        "example.com: Domain suspended at the registry (Suspend after Expiration)." in first.effects.activity
    )

    held = reply(STATUS=["ACTIVE", "clientHold"], cols=dates(NOW - timedelta(days=10)))
    again = FakeIspapi().on("StatusDomain", held)
    await sync(context(again, SUSPEND, holds=holds))
    assert modifies(again) == []  # already on hold

    renewed = reply(STATUS=["ACTIVE", "clientHold"], cols=dates(NOW + timedelta(days=355)))
    lifted = FakeIspapi().on("StatusDomain", renewed).on("ModifyDomain", reply())
    await sync(context(lifted, SUSPEND, holds=holds))
    assert modifies(lifted) == [
        {"COMMAND": "ModifyDomain", "DOMAIN": "example.com", "DELSTATUS0": "clientHold"}
    ]
    assert holds.domains == set()


async def test_a_hold_the_bridge_did_not_set_or_cannot_tell_is_left() -> None:
    renewed = reply(STATUS=["ACTIVE", "clientHold"], cols=dates(NOW + timedelta(days=355)))
    for holds in (MemoryHolds(), UnreadableHolds({"example.com"})):
        fake = FakeIspapi().on("StatusDomain", renewed)
        await sync(context(fake, SUSPEND, holds=holds))
        assert modifies(fake) == []


async def test_an_expired_snapshot_row_is_decided_on_the_registry_dates() -> None:
    snapshots = MemorySnapshots({"example.com": row(NOW - timedelta(days=10))}, clock=FixedClock(NOW))
    current = reply(STATUS="ACTIVE", cols=dates(NOW + timedelta(days=355)))  # renewed meanwhile
    fake = FakeIspapi().on("StatusDomain", current)
    result = await sync(context(fake, SUSPEND, snapshots=snapshots))
    assert fake.commands() == ["StatusDomain"]
    assert result.value["expired"] is False and modifies(fake) == []


async def test_a_failed_hold_is_reported_and_not_remembered() -> None:
    holds = MemoryHolds()
    expired = reply(STATUS="ACTIVE", cols=dates(NOW - timedelta(days=10)))
    fake = FakeIspapi().on("StatusDomain", expired).on("ModifyDomain", reply(531, "Authorization failed"))
    ctx = context(fake, SUSPEND, holds=holds)
    await sync(ctx)
    assert holds.domains == set()
    assert "example.com: Domain could not be suspended. (531 Authorization failed)" in ctx.effects.activity


async def test_hexonet_renewal_modes_are_left_alone() -> None:
    fake = FakeIspapi().on("StatusDomain", reply(STATUS="ACTIVE", RENEWALMODE="AUTORENEW", cols=dates(NOW)))
    await sync(context(fake))
    assert fake.commands() == ["StatusDomain"]


# ---- renewal mode from the snapshot (docs/cnr-renewals.md): one SetDomainRenewalMode per domain, then none

CNR = {"Backend": "cnr"}


def snapshot_of(mode: str) -> MemorySnapshots:
    return MemorySnapshots({"example.com": row(NOW + timedelta(days=100), mode=mode)}, clock=FixedClock(NOW))


@pytest.mark.parametrize("mode", ["DEFAULT", "AUTORENEW", "autorenew"])
async def test_a_snapshot_sync_on_cnr_sets_autoexpire_once(mode: str) -> None:
    snapshots = snapshot_of(mode)
    fake = FakeIspapi().on("SetDomainRenewalMode", reply())
    ctx = context(fake, CNR, snapshots=snapshots)
    assert (await sync(ctx)).value == {"active": True, "expirydate": "2026-09-09", "expired": False}
    assert fake.sent == [
        {"COMMAND": "SetDomainRenewalMode", "DOMAIN": "example.com", "RENEWALMODE": "AUTOEXPIRE"}
    ]
    assert f"example.com: {MODE_SET.format(mode='AUTOEXPIRE')}" in ctx.effects.activity
    assert snapshots.rows["example.com"].renewal_mode == "AUTOEXPIRE"
    # Later Syncs before the next refresh read the row the bridge brought in line: nothing is sent.
    again = context(fake, CNR, snapshots=snapshots)
    assert (await sync(again)).value == {"active": True, "expirydate": "2026-09-09", "expired": False}
    assert len(fake.sent) == 1


@pytest.mark.parametrize("mode", ["AUTOEXPIRE", "AUTODELETE", "RENEWONCE", "", "MONTHLY"])
async def test_a_snapshot_sync_on_cnr_leaves_other_modes(mode: str) -> None:
    fake = FakeIspapi()
    await sync(context(fake, CNR, snapshots=snapshot_of(mode)))
    assert fake.sent == []


async def test_a_failed_mode_change_never_fails_the_snapshot_sync() -> None:
    snapshots = snapshot_of("AUTORENEW")
    fake = FakeIspapi().on("SetDomainRenewalMode", reply(531, "Authorization failed"))
    ctx = context(fake, CNR, snapshots=snapshots)
    assert (await sync(ctx)).value == {"active": True, "expirydate": "2026-09-09", "expired": False}
    line = MODE_NOT_SET.format(reason="531 Authorization failed")
    assert f"example.com: {line}" in ctx.effects.activity
    assert snapshots.rows["example.com"].renewal_mode == "AUTORENEW"  # not done: the next Sync tries again


async def test_hexonet_snapshot_rows_keep_their_renewal_mode() -> None:
    fake = FakeIspapi()
    snapshots = snapshot_of("AUTORENEW")
    await sync(context(fake, snapshots=snapshots))
    assert fake.sent == [] and snapshots.rows["example.com"].renewal_mode == "AUTORENEW"
