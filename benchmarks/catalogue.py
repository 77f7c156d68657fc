"""The catalogue on both backends, side by side: a 200-TLD search and the TLD pricing of the sandbox's whole
zone list (about 1,500 zones), through the bridge over HTTP against the sandbox at N ms per registry call.

Per backend (ispapi: HEXONET ISPAPI endpoint; cnr: the CentralNic Reseller endpoint of the same sandbox):

    one_call_ms              one bare CheckDomains straight to the sandbox (the floor of a search)
    search_ms_median         CheckAvailability over --tlds TLDs with premium names on (median of --rounds,
                             after the pricing cache is warm); ISPAPI sends batches of 25, CNR of 32
    search_calls             registry calls per search (CNR: 7 for 200 TLDs, all in flight at once)
    pricing_cold_ms, _calls  the first GetTLDPricing of an install: the whole price list loaded and cached
                             (ISPAPI: StatusUser, QueryExchangeRates, ConvertIDN, QueryDomainOptions chunks;
                             CNR: QueryZoneList, QueryExchangeRates, StatusAccount, GetZoneInfo per zone)
    pricing_warm_ms_*        later GetTLDPricing calls, answered from the database cache
    pricing_reload_ms, _calls  a later load of the price list (the daily background refresh), with the cached
                             list as the previous one (CNR reuses its zone rules for a week)

Targets: search <= 1.5 x one_call, warm GetTLDPricing < 300 ms (max), every zone priced. Prints JSON.

    .venv/bin/python benchmarks/catalogue.py [--tlds 200] [--latency-ms 40] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from app.backends import build_registry
from app.cnr import CnrClient
from app.db.models import CacheEntry
from app.db.session import Database
from app.ispapi import IspapiClient
from app.pricing.cache import KIND
from app.registry import Backend
from app.registry.catalogue import PricingData
from benchmarks.sync import LOGIN, Stack, bridge, call, sandbox_stack
from sandbox.systems import CNR, ISPAPI

BACKENDS = ("ispapi", "cnr")
SYSTEM = {"ispapi": ISPAPI, "cnr": CNR}
TARGETS = {"search_vs_one_call": 1.5, "pricing_warm_ms_max": 300}


def _one_call(client: httpx.Client, url: str, stack: Stack, backend: str) -> float:
    form = {"s_login": LOGIN, "s_pw": stack.password, "s_command": "COMMAND=CheckDomains\nDOMAIN0=x.com"}
    if backend == "ispapi":
        form = {"s_login": LOGIN, "s_pw": stack.password, "COMMAND": "CheckDomains", "DOMAIN0": "x.com"}
    started = time.perf_counter()
    client.post(url, data=form).raise_for_status()
    return time.perf_counter() - started


def _timed(client: httpx.Client, bridge_url: str, secret: str, stack: Stack, function: str, params: Any,
           config: dict[str, Any]) -> tuple[float, dict[str, Any]]:  # fmt: skip
    started = time.perf_counter()
    answer = call(client, bridge_url, secret, function, params, password=stack.password, config=config)
    elapsed = time.perf_counter() - started
    assert answer["ok"], answer
    return elapsed, answer


def _reload(backend: str, url: str, stack: Stack, database: str) -> tuple[float, int]:
    """(seconds, registry calls) of a price-list load given the list the bridge cached as the previous."""
    db = Database.from_url(database)
    try:
        row = asyncio.run(
            db.run(lambda s: s.execute(select(CacheEntry).where(CacheEntry.kind == KIND)).scalar_one())
        )
        previous = PricingData.from_json(json.loads(row.value))
    finally:
        db.dispose()

    async def load() -> tuple[float, int]:
        client: Any = (
            CnrClient(login=LOGIN, password=stack.password, url=url, allow_insecure_url=True)
            if backend == "cnr"
            else IspapiClient(login=LOGIN, password=stack.password, url=url, allow_insecure_url=True)
        )
        started = time.perf_counter()
        data = await build_registry(Backend(backend), client).catalogue.price_list(previous=previous)
        elapsed = time.perf_counter() - started
        await client.aclose()
        return elapsed, data.calls

    return asyncio.run(load())


def measure(backend: str, *, latency_ms: int, tld_count: int, rounds: int) -> dict[str, Any]:
    with sandbox_stack(latency_ms=latency_ms) as stack:
        engine = stack.engine
        engine.system_latency[SYSTEM[backend]].default_ms = latency_ms
        calls: Counter[str] = Counter()
        engine.log_sinks.append(lambda entry: calls.update([str(entry.get("system", ISPAPI))]))
        base = stack.sandbox_url.rsplit("/api/call.cgi", 1)[0]
        url = stack.sandbox_url if backend == "ispapi" else f"{base}/cnr/api/call.cgi"
        config = {"Backend": backend}
        tlds = [info.name for info in engine.catalogue.all() if "." not in info.name][:tld_count]
        system = SYSTEM[backend]
        database = f"sqlite:///{tempfile.mkdtemp(prefix='bench-catalogue-')}/bridge.db"
        env = {"BRIDGE_CNR_URL": f"{base}/cnr/api/call.cgi", "BRIDGE_DATABASE_URL": database}
        with (
            bridge(stack, **env) as (bridge_url, secret),
            httpx.Client(trust_env=False, timeout=120.0) as client,
        ):
            one_call = statistics.median(_one_call(client, url, stack, backend) for _ in range(rounds))
            before = calls[system]
            cold, priced = _timed(
                client, bridge_url, secret, stack, "GetTLDPricing", {"currency": "EUR"}, config
            )
            cold_calls = calls[system] - before
            warm = [
                _timed(client, bridge_url, secret, stack, "GetTLDPricing", {"currency": "EUR"}, config)[0]
                for _ in range(rounds)
            ]
            before = calls[system]
            searches = []
            for i in range(rounds):
                params = {"searchTerm": f"bench-{backend}-{i}", "tldsToInclude": tlds, "premiumEnabled": True}
                searches.append(
                    _timed(client, bridge_url, secret, stack, "CheckAvailability", params, config)[0]
                )
            search_calls = (calls[system] - before) / rounds
        reload_seconds, reload_calls = _reload(backend, url, stack, database)
    search = statistics.median(searches)
    figures = {
        "backend": backend,
        "latency_ms": latency_ms,
        "tlds_searched": len(tlds),
        "one_call_ms": round(one_call * 1000, 1),
        "search_ms_median": round(search * 1000, 1),
        "search_ms_all": [round(t * 1000, 1) for t in searches],
        "search_calls": search_calls,
        "ratio_search_vs_one_call": round(search / one_call, 2),
        "zones_priced": len(priced["result"]["value"]),
        "pricing_cold_ms": round(cold * 1000, 1),
        "pricing_cold_calls": cold_calls,
        "pricing_warm_ms_median": round(statistics.median(warm) * 1000, 1),
        "pricing_warm_ms_max": round(max(warm) * 1000, 1),
        "pricing_reload_ms": round(reload_seconds * 1000, 1),
        "pricing_reload_calls": reload_calls,
    }
    figures["met"] = (
        figures["ratio_search_vs_one_call"] <= TARGETS["search_vs_one_call"]
        and figures["pricing_warm_ms_max"] < TARGETS["pricing_warm_ms_max"]
        and figures["zones_priced"] >= 1200
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tlds", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", choices=BACKENDS, nargs="+", default=list(BACKENDS))
    args = parser.parse_args()
    results = {
        backend: measure(backend, latency_ms=args.latency_ms, tld_count=args.tlds, rounds=args.rounds)
        for backend in args.backend
    }
    report = {
        "benchmark": "catalogue",
        "targets": TARGETS,
        "results": results,
        "met": all(r["met"] for r in results.values()),
    }
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
