"""The overview page: is the bridge ready, what does the registry account look like, how old are the
domain snapshot and the pricing cache, and refreshing either of them now.

The registry account is read with StatusAccount (AMOUNT, CREDIT, CURRENCY). A registry that cannot be
reached or refuses the login does not fail the page: the account block then carries `error`, and the
readiness block says what is down.
"""

from __future__ import annotations

from datetime import datetime
from importlib import metadata
from typing import Any

from sqlalchemy.orm import Session

from app.admin.inputs import choice, iso_moment
from app.api.envelope import Result
from app.db import refresh_state
from app.pricing import cache as pricing_cache
from app.readiness import readiness
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.dates import utcnow
from app.registrar.replies import code_and_description, send
from app.sync import service as snapshot_service, snapshot
from app.sync.account import account_for

# Page name of each cache -> (refresh_state kind, settings attribute holding its TTL in seconds).
CACHES: dict[str, tuple[str, str]] = {
    "snapshot": (snapshot.KIND, "snapshot_ttl_seconds"),
    "pricing": (pricing_cache.KIND, "pricing_ttl_seconds"),
}


def bridge_version() -> str:
    try:
        return metadata.version("ispapi-bridge")
    except metadata.PackageNotFoundError:  # running from a checkout without an install
        return "unknown"


def account_of(ctx: RegistrarContext) -> str:
    return account_for(ctx.config, ispapi_url=ctx.services.settings.ispapi_url)


async def _account(ctx: RegistrarContext) -> dict[str, Any]:
    block: dict[str, Any] = {
        "login": ctx.config.username,
        "system": "OT&E" if ctx.config.test_mode else "LIVE",
    }
    reply = await send(ctx, {"COMMAND": "StatusAccount"})
    if not reply.is_success:
        return {**block, "ok": False, "error": code_and_description(reply)}
    return {
        **block,
        "ok": True,
        "balance": reply.first("AMOUNT"),
        "credit": reply.first("CREDIT"),
        "currency": reply.first("CURRENCY"),
    }


def _cache_states(session: Session, *, account: str, settings: Any, now: datetime) -> dict[str, Any]:
    states: dict[str, Any] = {}
    for name, (kind, ttl_attribute) in CACHES.items():
        ttl = int(getattr(settings, ttl_attribute))
        state = refresh_state.load(session, account=account, kind=kind)
        refreshed = state.refreshed_at if state is not None else None
        age = None if refreshed is None else int((now - refreshed).total_seconds())
        states[name] = {
            "refreshed_at": iso_moment(refreshed),
            "age_seconds": age,
            "ttl_seconds": ttl,
            "stale": age is None or age > ttl,
            "rows": state.row_count if state is not None else 0,
            "registry_calls": state.registry_calls if state is not None else 0,
            "last_error": state.last_error if state is not None else None,
        }
    return states


@operation("BridgeAdminOverview")
async def overview(ctx: RegistrarContext) -> Result:
    services = ctx.services
    ready = await readiness(services)
    account = account_of(ctx)
    now = utcnow()
    caches = await services.db.run(
        lambda s: _cache_states(s, account=account, settings=services.settings, now=now)
    )
    return array(
        {
            "bridge": {"version": bridge_version(), "ready": ready.ok, "checks": ready.checks},
            "account": await _account(ctx),
            "caches": caches,
            "sync_mode": services.settings.sync_mode,
            "now": iso_moment(now),
        }
    )


@operation("BridgeAdminRefresh")
async def refresh(ctx: RegistrarContext) -> Result:
    """Refresh `params.cache` ("snapshot" or "pricing") now; a concurrent refresh is waited for."""
    which = choice(ctx.params, "cache", CACHES, required=True)
    services = ctx.services
    account = account_of(ctx)
    # The plain client, not ctx.client: a snapshot of thousands of domains would flood the Module Log.
    client = services.client_factory(ctx.config)
    if which == "snapshot":
        done = await snapshot_service.refresh(db=services.db, client=client, account=account)
        rows, calls = done.rows, done.calls
        outcome = done.outcome.value
    else:
        priced = await pricing_cache.refresh(db=services.db, client=client, account=account)
        rows = None if priced.value is None else len(priced.value.tlds)
        calls = None if priced.value is None else priced.value.calls
        outcome = priced.outcome.value
    ctx.activity(f"ispapi-bridge: {which} refreshed from the admin page ({outcome}).")
    return array({"cache": which, "outcome": outcome, "rows": rows, "calls": calls})
