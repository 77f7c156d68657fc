"""PollApplications: the daily cron's check of `.swiss` and premium applications (docs/module-behaviour.md §4,
docs/module-behaviour.md §7.4).

hooks.php (DailyCronJob) sends the WHMCS domains that are Pending with an `APPLICATION:<id>` note as
`params.applications = [{"domainid", "domain", "application"}]`. Each application is looked up at the
registry (concurrently, bounded; app/backends/*/lifecycle.py); the outcome becomes a WHMCS update the shim
applies:

    SUCCESSFUL  -> domain_status Active     (the registration is complete)
    FAILED      -> domain_status Cancelled  (the reseller refunds the client by hand, as documented)
    undecided   -> nothing yet (requested, in progress: the registry has not decided)

Every change is an activity-log line. A lookup that fails leaves its domain alone (the next day retries);
a registry refusal is logged so an application that vanished does not go unnoticed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from app.contract.payloads import Result
from app.errors import InvalidInput, OperationFailed, RegistryRejected
from app.numbers import is_whole_number
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registry.lifecycle import ApplicationState, failure_quote

MAX_APPLICATIONS = 500
CONCURRENT_LOOKUPS = 8
# Decided application -> (WHMCS status, activity text).
OUTCOMES: dict[ApplicationState, tuple[str, str]] = {
    ApplicationState.SUCCESSFUL: ("Active", "Application {id} succeeded; domain status set to Active."),
    ApplicationState.FAILED: (
        "Cancelled",
        "Application {id} failed; domain status set to Cancelled. Refund the client manually.",
    ),
}


def _applications(params: p.Params) -> list[tuple[int, str, str]]:
    """[(domainid, domain, application id)] validated before any call."""
    raw = params.get("applications")
    if not isinstance(raw, list):
        raise InvalidInput(
            "applications must be a list of {domainid, domain, application}", field="applications"
        )
    found: list[tuple[int, str, str]] = []
    for index, entry in enumerate(raw[:MAX_APPLICATIONS]):
        if not isinstance(entry, Mapping):
            raise InvalidInput(f"applications[{index}] must be an object", field=f"applications[{index}]")
        domainid, application = p.text(entry, "domainid"), p.text(entry, "application")
        if not is_whole_number(domainid):
            field = f"applications[{index}].domainid"
            raise InvalidInput(f"{field} must be a WHMCS domain id", field=field)
        if not is_whole_number(application, max_digits=20):
            field = f"applications[{index}].application"
            raise InvalidInput(f"{field} must be a numeric application id", field=field)
        found.append((int(domainid), p.text(entry, "domain") or f"domain #{domainid}", application))
    return found


@operation("PollApplications")
async def poll_applications(ctx: RegistrarContext) -> Result:
    applications = _applications(ctx.params)
    semaphore = asyncio.Semaphore(CONCURRENT_LOOKUPS)

    async def poll(domainid: int, domain: str, application: str) -> str:
        try:
            async with semaphore:
                state = await ctx.registry.lifecycle.application_state(application)
        except RegistryRejected as exc:
            # Logged so that an application that vanished does not go unnoticed.
            ctx.activity(f"{domain}: Application {application} could not be checked ({failure_quote(exc)}).")
            return "unchecked"
        except OperationFailed:
            return "unchecked"  # the registry could not be asked: the next day retries
        outcome = OUTCOMES.get(state)
        if outcome is None:
            return "pending"
        whmcs_status, text = outcome
        ctx.effects.whmcs_updates.append(
            {"type": "domain_status", "domainid": domainid, "status": whmcs_status}
        )
        ctx.activity(f"{domain}: {text.format(id=application)}")
        return whmcs_status.lower()

    states = await asyncio.gather(*(poll(*entry) for entry in applications))
    summary = {state: states.count(state) for state in ("active", "cancelled", "pending", "unchecked")}
    return array({"checked": len(states), **summary})
