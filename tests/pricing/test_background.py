"""GetTLDPricing answers from the database cache; a cache older than BRIDGE_PRICING_TTL_SECONDS is
still answered at once and reloaded in the background (one refresh), and a failed background reload keeps
the old cache (docs/module-behaviour.md §8.1 reloaded everything per admin session instead)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from app.db.models import CacheEntry, RefreshState
from app.db.session import Database
from app.pricing import cache
from app.registrar.catalogue.tld_pricing import get_tld_pricing
from sandbox.core import Sandbox
from tests.sync.conftest import Counting, Gated, context, services

TTL = 3600


def _age_cache(db: Database, *, by: timedelta) -> datetime:
    old = datetime.now(UTC) - by

    def run(session: Any) -> None:
        with session.begin():
            session.execute(update(CacheEntry).values(fetched_at=old))

    with db.sessions() as session:
        run(session)
    return old


def _fetched_at(db: Database) -> datetime:
    with db.sessions() as session:
        value = session.execute(select(CacheEntry.fetched_at)).scalar_one()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def _com_price(client: Counting, db: Database) -> float:
    svc = services(db, client, pricing_ttl_seconds=TTL)
    result = await get_tld_pricing(context("GetTLDPricing", {"currency": "USD"}, client=client, services=svc))
    return next(float(i["register_price"]) for i in result.value if i["extension"] == ".com")


async def test_fresh_cache_answers_without_a_registry_call(client: Counting, db: Database) -> None:
    await _com_price(client, db)
    cold = sum(client.count().values())
    assert 0 < cold <= 12
    await _com_price(client, db)
    await cache.wait_for_background()
    assert sum(client.count().values()) == cold  # younger than the TTL: no refresh at all


async def test_stale_cache_answers_at_once_and_reloads_in_the_background(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    first = await _com_price(client, db)
    cold = client.count()
    old = _age_cache(db, by=timedelta(seconds=TTL + 60))
    # The reload's registry calls are held until the answer is out: answering "at once" means answering
    # without waiting for the reload, shown by an event rather than by a clock.
    reload_may_run = asyncio.Event()
    assert await _com_price(Gated(client, reload_may_run), db) == first  # the stale cache
    assert client.count() == cold  # the reload has not been answered a single call yet
    reload_may_run.set()
    await cache.wait_for_background()

    assert client.count() == cold + cold  # exactly one more refresh, with the same calls as the first
    assert _fetched_at(db) > old
    await _com_price(client, db)
    await cache.wait_for_background()
    assert client.count() == cold + cold  # fresh again: no third refresh


async def test_failed_background_reload_keeps_the_old_cache(
    sandbox: Sandbox, client: Counting, db: Database
) -> None:
    first = await _com_price(client, db)
    old = _age_cache(db, by=timedelta(seconds=TTL + 60))
    sandbox.faults.set("temporary", 1.0, command="StatusUser")
    sandbox.faults.set("temporary", 1.0, command="QueryExchangeRates")

    assert await _com_price(client, db) == first
    await cache.wait_for_background()
    assert _fetched_at(db) == old  # the old data stays
    with db.sessions() as session:
        state = session.execute(select(RefreshState).where(RefreshState.kind == cache.KIND)).scalar_one()
    assert state.last_error  # and the failure is on record for `ispapi-bridge pricing`
    assert await _com_price(client, db) == first  # still answered from the cache
