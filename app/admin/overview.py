"""The overview page: is the bridge ready, what does the registry account look like, how old are the
domain snapshot and the pricing cache, and refreshing either of them now.

The registry account's balance, credit limit and currency are read through the registry port
(`account_balance`), on either backend; the block names the backend (the module setting Backend) so the
admin sees which registry the page speaks to. A registry that cannot be reached or refuses the login does
not fail the page: the account block then carries `error`, and the readiness block says what is down.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from importlib import metadata
from typing import Any

from sqlalchemy.orm import Session

from app.admin.inputs import choice, iso_moment
from app.contract.payloads import Result
from app.dates import utcnow
from app.db import refresh_state
from app.pricing import cache as pricing_cache
from app.readiness import readiness
from app.registrar.base import RegistrarContext, array, operation
from app.registry.status import Refusal
from app.settings import Settings
from app.sync import service as snapshot_service, snapshot
from app.sync.account import account_of as account_keyed

log = logging.getLogger(__name__)

REFRESH_WAIT_SECONDS = 20.0  # below the shim's default BridgeTimeout (30 s)
_RUNNING: set[asyncio.Task[dict[str, Any]]] = set()  # refreshes the page no longer waits for

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
    return account_keyed(ctx.config, ctx.shared().settings)


async def _account(ctx: RegistrarContext) -> dict[str, Any]:
    backend = ctx.config.backend
    block: dict[str, Any] = {
        "backend": backend.value,
        "backend_label": backend.label,
        "login": ctx.config.username,
        "system": "OT&E" if ctx.config.test_mode else "LIVE",
    }
    balance = await ctx.registry.status.account_balance()
    if isinstance(balance, Refusal):
        return {**block, "ok": False, "error": str(balance)}
    return {
        **block,
        "ok": True,
        "balance": balance.amount,
        "credit": balance.credit_limit,
        "currency": balance.currency,
    }


def _cache_states(session: Session, *, account: str, settings: Settings, now: datetime) -> dict[str, Any]:
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
    services = ctx.shared()
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


async def _run_refresh(ctx: RegistrarContext, which: str) -> dict[str, Any]:
    services = ctx.shared()
    account = account_of(ctx)
    # The plain client, not ctx.client: a snapshot of thousands of domains would flood the Module Log.
    client = services.client_factory(ctx.config)
    if which == "snapshot":
        done = await snapshot_service.refresh(
            db=services.db, client=client, account=account, backend=ctx.config.backend
        )
        return {"outcome": done.outcome.value, "rows": done.rows, "calls": done.calls}
    priced = await pricing_cache.refresh(
        db=services.db, client=client, account=account, backend=ctx.config.backend
    )
    data = priced.value
    return {
        "outcome": priced.outcome.value,
        "rows": None if data is None else len(data.tlds),
        "calls": None if data is None else data.calls,
    }


@operation("BridgeAdminRefresh")
async def refresh(ctx: RegistrarContext) -> Result:
    """Refresh `params.cache` ("snapshot" or "pricing") now; a concurrent refresh is waited for.

    A refresh that takes longer than REFRESH_WAIT_SECONDS (a large account: one registry page per 1,000
    domains) goes on in the background and the answer says "running", so the admin page never runs into
    the shim's timeout; its failure is then recorded in refresh_state and shown on the overview.
    """
    which = choice(ctx.params, "cache", CACHES, required=True)
    task = asyncio.get_running_loop().create_task(_run_refresh(ctx, which))
    _RUNNING.add(task)
    task.add_done_callback(_finished)
    await asyncio.wait({task}, timeout=REFRESH_WAIT_SECONDS)
    if not task.done():
        ctx.activity(f"ispapi-bridge: {which} refresh started from the admin page.")
        return array({"cache": which, "outcome": "running", "rows": None, "calls": None})
    done = task.result()  # a registry failure raises here, as OperationFailed
    ctx.activity(f"ispapi-bridge: {which} refreshed from the admin page ({done['outcome']}).")
    return array({"cache": which, **done})


def _finished(task: asyncio.Task[dict[str, Any]]) -> None:
    _RUNNING.discard(task)
    if not task.cancelled() and task.exception() is not None:
        # Nobody waits for it any more (the page was answered "running"): the reason is in refresh_state.
        log.warning("admin-page refresh failed: %s", getattr(task.exception(), "message", "error"))


async def wait_for_refreshes() -> None:
    """Let the refreshes the page stopped waiting for finish (tests, shutdown)."""
    if _RUNNING:
        await asyncio.gather(*_RUNNING, return_exceptions=True)
