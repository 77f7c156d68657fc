"""RenewDomain (docs/module-behaviour.md §3.7), restore included: a money operation.

It runs its upstream work inside `ctx.run_money` (the journal), calls `ctx.sending()` right before each money
command leaves, with the expiry and paid-until dates the registry showed before it; its `reconcile` settles a
lost reply by whether those dates moved past the recorded ones (or the object log shows the renewal).
Fixed 5.1.12 defects (docs/module-behaviour.md §13, §13.9): the premium renew price is compared as a
decimal, not with PHP `===` on string vs number; the renewal error text reaches the activity log.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from app.api.envelope import Result
from app.errors import RegistryRejected
from app.exchange import ExchangeError
from app.numbers import is_whole_number
from app.registrar import params as p
from app.registrar.base import LostAttempt, RegistrarContext, array, operation
from app.registrar.dates import api_timestamp, parse_api_datetime
from app.registrar.orders.premium import load_relations, relation
from app.registrar.replies import (
    answered,
    code_and_description,
    count,
    ensure,
    send,
    succeeded,
    try_send,
)

if TYPE_CHECKING:
    from app.ispapi import Response

_NOT_RENEWABLE_EXPLICITLY = 510  # TLD without explicit renewal -> PayDomainRenewal


def _zone_periods(options: Response, key: str) -> list[str]:
    """A QueryDomainOptions period list ("1Y,2Y, 10Y") as ["1Y", "2Y", "10Y"]."""
    return [x.strip().upper() for x in options.first(key).split(",") if x.strip()]


RESTORE_UNCHECKED = "Domain Restore succeeded. Not able to check for matching renewal period."
RESTORE_DONE = "Domain Restore succeeded."
RESTORE_AND_RENEW = "Domain Restore succeeded. Requires additional Renewal to fit Renewal Period provided."
RENEWED = "Renewal succeeded."


def _failed_write(
    ctx: RegistrarContext, domain: p.DomainName, reply: Response | ExchangeError, failed: str
) -> NoReturn:
    """A refused or lost restore/renewal: the activity log says so before the error is raised
    (docs/module-behaviour.md §13.9: 5.1.12 logged "<domain>: <what> failed. (<code> <description>)")."""
    message = f"{failed} ({code_and_description(reply)})"
    ctx.activity(f"{domain.name}: {message}")
    answered(reply)  # a failed exchange or a 4xx reply raises the bridge's error for it
    raise RegistryRejected(message, registry_code=reply.code, description=reply.description)


async def _restore(
    ctx: RegistrarContext, domain: p.DomainName, period: int, evidence: dict[str, str]
) -> tuple[str, int]:
    """RestoreDomain; returns the message and the years still to renew so the total matches `period`."""
    await ctx.sending(evidence)
    reply = await try_send(ctx, {"COMMAND": "RestoreDomain", "DOMAIN": domain.ace})
    if not succeeded(reply):
        _failed_write(ctx, domain, reply, "Domain Restore failed.")
    # Optional: without the zone's periods the restore is reported as done but unchecked.
    options = await try_send(ctx, {"COMMAND": "QueryDomainOptions", "DOMAIN0": domain.ace})
    periods = _zone_periods(options, "ZONERENEWALPERIODS") if succeeded(options) else []
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


async def _premium_renew_class(
    ctx: RegistrarContext, domain: p.DomainName, cost: Decimal, status: Response
) -> str | None:
    """CLASS for a premium renewal when WHMCS's cost equals the class's annual price
    (docs/module-behaviour.md §3.7, §13.1)."""
    subclass = ensure(status).first("SUBCLASS").strip()
    if not subclass:
        return None
    expected = relation(await load_relations(ctx), subclass, "ANNUAL")
    if not expected:
        return None  # not a premium class with its own renewal price
    if p.to_decimal(expected) != cost:
        raise RegistryRejected(
            f"Premium price mismatch for {domain.name}: WHMCS has {cost}, "
            f"the registry renews for {expected}. The domain was not renewed."
        )
    return subclass


# The dates a renewal (RenewDomain: expiration; PayDomainRenewal, restore: paid-until) moves forward,
# recorded in the journal before the command so a lost reply is settled by comparing them afterwards.
_RENEWAL_DATES = {"expiry": "EXPIRATIONDATE", "paid_until": "PAIDUNTILDATE"}


def _renewal_dates(status: Response) -> dict[str, str]:
    return {key: status.first(name) for key, name in _RENEWAL_DATES.items() if status.first(name)}


def _dates_moved(before: dict[str, str] | Mapping[str, str], status: Response) -> bool:
    """Whether any renewal date now lies after the one recorded before the lost attempt."""
    for key, name in _RENEWAL_DATES.items():
        then, now = parse_api_datetime(before.get(key, "")), parse_api_datetime(status.first(name))
        if then is not None and now is not None and now > then:
            return True
    return False


async def _logged_since(ctx: RegistrarContext, domain: p.DomainName, operation: str, since: datetime) -> bool:
    reply = ensure(
        await send(
            ctx,
            {
                "COMMAND": "QueryObjectLogList",
                "OBJECTCLASS": "DOMAIN",
                "OBJECTID": domain.ace,
                "OPERATIONTYPE": operation,
                "OPERATIONSTATUS": "SUCCESSFUL",
                "MINDATE": api_timestamp(since),
                "USERDEPTH": "SELF",
            },
        )
    )
    return count(reply) > 0


@operation("RenewDomain")
async def renew_domain(ctx: RegistrarContext) -> Result:
    params = ctx.params
    domain = p.domain(params)
    period = p.regperiod(params)
    redemption = p.flag(params, "isInRedemptionGracePeriod")
    premium_cost = p.premium_cost(params)
    status_command = {"COMMAND": "StatusDomain", "DOMAIN": domain.ace}

    async def execute() -> Result:
        # Read before anything is sent: the dates a lost renewal would have moved (see reconcile).
        status = answered(await send(ctx, status_command))
        before = _renewal_dates(status) if status.is_success else {}
        years = period
        if redemption:
            message, left = await _restore(ctx, domain, period, before)
            if not left:
                return array({"success": True, "message": message})
            years = left
        command: dict[str, Any] = {"COMMAND": "RenewDomain", "DOMAIN": domain.ace, "PERIOD": years}
        if premium_cost is not None:
            cls = await _premium_renew_class(ctx, domain, premium_cost, status)
            if cls:
                command["CLASS"] = cls
        await ctx.sending(before)
        reply = await try_send(ctx, command)
        if not isinstance(reply, ExchangeError) and reply.code == _NOT_RENEWABLE_EXPLICITLY:
            command["COMMAND"] = "PayDomainRenewal"
            await ctx.sending(before)
            reply = await try_send(ctx, command)
        if not succeeded(reply):
            _failed_write(ctx, domain, reply, "Renewal failed.")
        ctx.activity(f"{domain.name}: {RENEWED}")
        return array({"success": True, "message": RENEWED})

    async def reconcile(attempt: LostAttempt) -> Result | None:
        if attempt.evidence:
            status = answered(await send(ctx, status_command))
            if status.is_success and _dates_moved(attempt.evidence, status):
                return array({"success": True, "message": RENEWED})
        operations = ("RENEW", "RESTORE") if redemption else ("RENEW",)
        for operation_type in operations:
            if await _logged_since(ctx, domain, operation_type, attempt.started_at):
                return array({"success": True, "message": RENEWED})
        return None

    return await ctx.run_money(domain.name, execute=execute, reconcile=reconcile)
