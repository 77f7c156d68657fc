"""RenewDomain on the CentralNic Reseller backend (docs/cnr-renewals.md), with a scripted registry: what the
operation records, logs and returns around the CNR adapter's commands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.errors import RegistryRejected
from app.registrar.base import OPERATIONS, LostAttempt
from app.registrar.orders.renewals import MODE_NOT_SET, MODE_SET, RENEWED, SCHEDULED, renew_domain
from tests.registrar.conftest import reply

CNR = {"Username": "test.user", "Password": "secret-pw", "Backend": "cnr"}
DATES = {"REGISTRATION_EXPIRATION_DATE": "2027-03-04 10:00:00", "PAIDUNTIL_DATE": "2027-03-04 10:00:00"}
EVIDENCE = {"expiry": "2027-03-04 10:00:00", "paid_until": "2027-03-04 10:00:00"}


def params(**extra: Any) -> dict[str, Any]:
    return {"sld": "example", "tld": "com", "domainid": 42, "regperiod": 1, **extra}


async def test_a_paid_renewal_sets_autoexpire_where_the_registry_would_renew(fake, make_ctx, journal) -> None:
    fake.on("StatusDomain", reply(RENEWALMODE="DEFAULT", **DATES)).on("RenewDomain", reply())
    fake.on("SetDomainRenewalMode", reply())
    ctx = make_ctx("RenewDomain", params(), CNR)
    result = await renew_domain(ctx)
    assert result.value == {"success": True, "message": RENEWED}
    assert fake.commands() == ["StatusDomain", "RenewDomain", "SetDomainRenewalMode"]
    assert fake.last("RenewDomain")["EXPIRATION"] == 2027
    assert journal.sent == [EVIDENCE]  # recorded right before the money command
    assert ctx.effects.activity == [
        f"example.com: {RENEWED}",
        f"example.com: {MODE_SET.format(mode='AUTOEXPIRE')}",
    ]


async def test_a_mode_that_cannot_be_set_does_not_fail_the_paid_renewal(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(RENEWALMODE="AUTORENEW", **DATES)).on("RenewDomain", reply())
    fake.on("SetDomainRenewalMode", reply(531, "Authorization failed"))
    ctx = make_ctx("RenewDomain", params(), CNR)
    assert (await renew_domain(ctx)).value == {"success": True, "message": RENEWED}
    assert ctx.effects.activity[-1] == (
        f"example.com: {MODE_NOT_SET.format(reason='531 Authorization failed')}"
    )


async def test_a_zone_renewed_by_mode_is_scheduled(fake, make_ctx, journal) -> None:
    fake.on("StatusDomain", reply(RENEWALMODE="AUTORENEW", **DATES)).on("SetDomainRenewalMode", reply())
    ctx = make_ctx("RenewDomain", params(sld="beispiel", tld="de"), CNR)
    assert (await renew_domain(ctx)).value == {"success": True, "message": RENEWED}
    assert fake.commands() == ["StatusDomain", "SetDomainRenewalMode"]
    assert fake.last("SetDomainRenewalMode")["RENEWALMODE"] == "RENEWONCE"  # never AUTOEXPIRE after it
    assert journal.sent == [EVIDENCE]
    assert ctx.effects.activity == [f"beispiel.de: {RENEWED}", f"beispiel.de: {SCHEDULED}"]


async def test_a_premium_renewal_at_another_price_is_refused_before_any_order(fake, make_ctx) -> None:
    status = reply(
        cols={"X-FEE-CLASS": "premium", "X-FEE-AMOUNT": "120.00"}, RENEWALMODE="AUTOEXPIRE", **DATES
    )
    fake.on("StatusDomain", status).on("RenewDomain", reply())
    with pytest.raises(RegistryRejected, match="Premium price mismatch"):
        await renew_domain(make_ctx("RenewDomain", params(premiumEnabled=True, premiumCost="100.00"), CNR))
    assert "RenewDomain" not in fake.commands()
    ctx = make_ctx("RenewDomain", params(premiumEnabled=True, premiumCost="120"), CNR)
    await renew_domain(ctx)
    sent = fake.last("RenewDomain")
    assert sent["X-FEE-AMOUNT"] == "120.00" and sent["X-ACCEPT-PREMIUMPRICE"] == 1


async def test_a_refused_renewal_is_logged_with_the_registry_code(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(RENEWALMODE="AUTOEXPIRE", **DATES))
    fake.on("RenewDomain", reply(555, "Domain already renewed"))
    ctx = make_ctx("RenewDomain", params(), CNR)
    with pytest.raises(RegistryRejected, match=r"^Renewal failed\. \(555 Domain already renewed\)$"):
        await renew_domain(ctx)
    assert ctx.effects.activity == ["example.com: Renewal failed. (555 Domain already renewed)"]


async def test_a_lost_renewal_is_settled_by_the_moved_expiry(fake, make_ctx, journal) -> None:
    fake.on("StatusDomain", reply(RENEWALMODE="AUTOEXPIRE", **DATES)).on("RenewDomain", reply())
    await renew_domain(make_ctx("RenewDomain", params(), CNR))
    moved = {**DATES, "REGISTRATION_EXPIRATION_DATE": "2028-03-04 10:00:00"}
    fake.script.clear()
    fake.on("StatusDomain", reply(RENEWALMODE="AUTOEXPIRE", **moved))
    settled = await journal.reconcile(LostAttempt(datetime.now(UTC), EVIDENCE))
    assert settled.value == {"success": True, "message": RENEWED}
    fake.script.clear()
    fake.on("StatusDomain", reply(RENEWALMODE="AUTOEXPIRE", **DATES))
    fake.on("QueryObjectLogList", reply(OPERATION_TYPE="MODIFY", OPERATION_STATUS="SUCCESSFUL"))
    assert await journal.reconcile(LostAttempt(datetime.now(UTC), EVIDENCE)) is None


# ---- a transfer: the domain is not in the account before it completes; TransferSync sets the mode then
# (branch status: app/registrar/status/domain_sync.py; e2e: tests/e2e/test_domains.py)


async def test_a_transfer_request_sets_no_mode_yet(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available")).on("TransferDomain", reply())
    ctx = make_ctx("TransferDomain", {**params(), "eppcode": "S3cr3t!", "ns1": "ns1.example.net"}, CNR)
    assert (await OPERATIONS["TransferDomain"].func(ctx)).value == {"success": True}
    assert fake.commands() == ["CheckDomainTransfer", "TransferDomain"]  # SetDomainRenewalMode would be 545
