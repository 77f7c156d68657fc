"""RenewDomain (docs/module-behaviour.md §3.7), restore included: a money operation.

It runs its upstream work inside `ctx.run_money` (the journal), calls `ctx.sending()` right before each money
command leaves (the adapter calls back), with the expiry and paid-until dates the registry showed before it;
its `reconcile` settles a lost reply by whether those dates moved past the recorded ones (or the registry
logged the renewal). Fixed 5.1.12 defects (docs/module-behaviour.md §13, §13.9): the premium renew price is
compared as a decimal, not with PHP `===` on string vs number; the renewal error text reaches the activity
log.

The registry commands are the adapters' (app/backends/*/lifecycle.py); on CentralNic Reseller a renewal
also keeps the registry from renewing the domain by itself (docs/cnr-renewals.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NoReturn

from app.contract.payloads import Result
from app.dates import parse_api_datetime
from app.errors import OperationFailed, RegistryRejected
from app.numbers import is_whole_number, to_decimal
from app.registrar import params as p
from app.registrar.base import LostAttempt, RegistrarContext, array, operation
from app.registrar.orders.lifecycle import reworded
from app.registry.lifecycle import Renewal, RenewalMode, RenewalState, failure_quote

RESTORE_UNCHECKED = "Domain Restore succeeded. Not able to check for matching renewal period."
RESTORE_DONE = "Domain Restore succeeded."
RESTORE_AND_RENEW = "Domain Restore succeeded. Requires additional Renewal to fit Renewal Period provided."
RENEWED = "Renewal succeeded."
SCHEDULED = "The registry renews this domain at its renewal date (renewal mode RENEWONCE)."
MODE_SET = "Renewal mode set to {mode}: the registry does not renew the domain by itself; WHMCS does."
# A domain just registered follows the account's renewal mode (DEFAULT), which may renew it by itself
# (docs/cnr-renewals.md).
NEW_DOMAIN = RenewalState(mode=RenewalMode.DEFAULT)
MODE_NOT_SET = "The renewal mode could not be set ({reason}); the registry may renew the domain by itself."


def _failed(ctx: RegistrarContext, domain: p.DomainName, exc: OperationFailed, what: str) -> NoReturn:
    """A refused or lost restore/renewal: the activity log says so before the error is raised
    (docs/module-behaviour.md §13.9: 5.1.12 logged "<domain>: <what> failed. (<code> <description>)")."""
    message = f"{what} ({failure_quote(exc)})"
    ctx.activity(f"{domain.name}: {message}")
    reworded(exc, message)


async def _restore(
    ctx: RegistrarContext, domain: p.DomainName, period: int, evidence: Mapping[str, str]
) -> tuple[str, int]:
    """Restore; returns the message and the years still to renew so the total matches `period`."""
    lifecycle = ctx.registry.lifecycle
    try:
        await lifecycle.restore(domain.ace, before_send=lambda: ctx.sending(evidence))
    except OperationFailed as exc:
        _failed(ctx, domain, exc, "Domain Restore failed.")
    # Optional: without the zone's periods the restore is reported as done but unchecked.
    periods = await lifecycle.renewal_periods(domain.ace)
    first = periods[0].removesuffix("Y") if periods else ""
    message, left = RESTORE_UNCHECKED, 0
    if is_whole_number(first):
        diff = period - int(first)
        if diff == 0:
            message = RESTORE_DONE
        elif f"{diff}Y" in periods:
            message, left = RESTORE_AND_RENEW, diff
    ctx.activity(f"{domain.name}: {message}")
    return message, left


async def _premium_tag(
    ctx: RegistrarContext, domain: p.DomainName, state: RenewalState, cost: Decimal | None
) -> str:
    """What a premium renewal names when WHMCS's cost equals the registry's yearly renewal price
    (docs/module-behaviour.md §3.7, §13.1); "" for a name without a premium renewal price."""
    if cost is None:
        return ""
    premium = await ctx.registry.lifecycle.premium_renewal(domain.ace, state)
    if premium is None:
        return ""
    if to_decimal(premium.price) != cost:
        raise RegistryRejected(
            f"Premium price mismatch for {domain.name}: WHMCS has {cost}, "
            f"the registry renews for {premium.price}. The domain was not renewed."
        )
    return premium.tag


def _dates_moved(before: Mapping[str, str], now: Mapping[str, str]) -> bool:
    """Whether any renewal date now lies after the one recorded before the lost attempt."""
    for key, value in now.items():
        then, later = parse_api_datetime(before.get(key, "")), parse_api_datetime(value)
        if then is not None and later is not None and later > then:
            return True
    return False


async def keep_renewals_with_whmcs(ctx: RegistrarContext, domain: p.DomainName, state: RenewalState) -> None:
    """After a paid renewal or a registration: the registry must not renew the domain by itself as well
    (docs/cnr-renewals.md). A failure here never fails the order, which is done; it is logged for the
    admin."""
    try:
        mode = await ctx.registry.lifecycle.keep_renewals_with_whmcs(domain.ace, state)
    except OperationFailed as exc:
        ctx.activity(f"{domain.name}: {MODE_NOT_SET.format(reason=failure_quote(exc))}")
        return
    if mode is not None:
        ctx.activity(f"{domain.name}: {MODE_SET.format(mode=mode.value)}")


@operation("RenewDomain")
async def renew_domain(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    period = p.regperiod(ctx.params)
    redemption = p.flag(ctx.params, "isInRedemptionGracePeriod")
    premium_cost = p.premium_cost(ctx.params)
    lifecycle = ctx.registry.lifecycle

    async def execute() -> Result:
        # Read before anything is sent: the dates a lost renewal would have moved (see reconcile).
        state = await lifecycle.renewal_state(domain.ace)
        before = dict(state.dates)
        years = period
        if redemption:
            message, left = await _restore(ctx, domain, period, before)
            if not left:
                return array({"success": True, "message": message})
            years = left
        tag = await _premium_tag(ctx, domain, state, premium_cost)
        try:
            done = await lifecycle.renew(
                domain.ace, years, state=state, premium_tag=tag, before_send=lambda: ctx.sending(before)
            )
        except OperationFailed as exc:
            _failed(ctx, domain, exc, "Renewal failed.")
        ctx.activity(f"{domain.name}: {RENEWED}")
        if done is Renewal.SCHEDULED:
            ctx.activity(f"{domain.name}: {SCHEDULED}")
        else:
            await keep_renewals_with_whmcs(ctx, domain, state)
        return array({"success": True, "message": RENEWED})

    async def reconcile(attempt: LostAttempt) -> Result | None:
        if attempt.evidence:
            state = await lifecycle.renewal_state(domain.ace)
            if state.refusal is None and _dates_moved(attempt.evidence, state.dates):
                return array({"success": True, "message": RENEWED})
        if await lifecycle.renewed_since(domain.ace, attempt.started_at, restore=redemption):
            return array({"success": True, "message": RENEWED})
        return None

    return await ctx.run_money(domain.name, execute=execute, reconcile=reconcile)
