"""The bridge's own cost per call, with the registry out of the picture.

A sandbox with --domains seeded domains, a bridge subprocess (one uvicorn process) on SQLite and, when it
answers, on PostgreSQL; the snapshot is loaded once, so every Sync is answered from the database. Like
PHP's curl in WHMCS, every call opens a new connection.

    healthz          GET /healthz one after another: the floor of an HTTP call to this process
    sync             signed Sync one after another (median, p99)
    throughput       16 clients (4 processes x 4 threads) sending Sync for --seconds: calls/s and p99
    profile          one process, in-process app: where a Sync's time goes, per stage (cProfile)

Targets: sync median <= 2 x healthz median; >= 1,000 Sync/s from 16 clients, on SQLite and PostgreSQL.
Prints JSON.

    .venv/bin/python benchmarks/overhead.py [--domains 500] [--calls 400] [--seconds 8]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench_overhead] [--no-postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import multiprocessing
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.sync import LOGIN, Stack, bridge, call, sandbox_stack
from sandbox.controls import seed_domains

CLIENT_PROCESSES = 4
THREADS_PER_PROCESS = 4
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_overhead"
# Functions whose cumulative time is one stage of a call (module path suffix, function name).
STAGES = {
    "signature": ("app/security.py", "verify_signature"),
    "replay_nonce": ("app/security.py", "remember"),
    "envelope": ("app/api/dispatch.py", "parse_envelope"),
    "operation": ("app/registrar/status/domain_sync.py", "sync"),
    "run_operation": ("app/api/dispatch.py", "run_operation"),
    "whole_call": ("app/api/dispatch.py", "handle"),
}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _fresh_connection() -> httpx.Client:
    # No keep-alive: each call pays the TCP handshake, as a WHMCS cron run through PHP's curl does.
    return httpx.Client(trust_env=False, timeout=30.0, limits=httpx.Limits(max_keepalive_connections=0))


def _sync_params(names: list[str], i: int) -> dict[str, Any]:
    name = names[i % len(names)]
    sld, tld = name.split(".", 1)
    return {"domain": name, "sld": sld, "tld": tld, "domainid": i % len(names) + 1}


def _sequential(url: str, secret: str, password: str, names: list[str], calls: int) -> dict[str, float]:
    health: list[float] = []
    syncs: list[float] = []
    with _fresh_connection() as client:
        for i in range(calls):
            started = time.perf_counter()
            assert client.get(f"{url}/healthz").status_code == 200
            health.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = call(client, url, secret, "Sync", _sync_params(names, i), password=password)
            syncs.append(time.perf_counter() - started)
            assert result["ok"], result
    return {
        "healthz_ms_median": round(statistics.median(health) * 1000, 2),
        "sync_ms_median": round(statistics.median(syncs) * 1000, 2),
        "sync_ms_p99": round(_percentile(syncs, 0.99) * 1000, 2),
        "ratio": round(statistics.median(syncs) / statistics.median(health), 2),
    }


def _client_process(args: tuple[str, str, str, list[str], float, int]) -> list[tuple[float, bool]]:
    url, secret, password, names, seconds, seed = args
    results: list[tuple[float, bool]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(n: int) -> None:
        mine: list[tuple[float, bool]] = []
        i = seed * 100_000 + n * 10_000
        with _fresh_connection() as client:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    ok = bool(
                        call(client, url, secret, "Sync", _sync_params(names, i), password=password)["ok"]
                    )
                except httpx.HTTPError:
                    ok = False
                mine.append((time.perf_counter() - started, ok))
                i += 1
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS_PER_PROCESS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _throughput(url: str, secret: str, password: str, names: list[str], seconds: float) -> dict[str, Any]:
    jobs = [(url, secret, password, names, seconds, p) for p in range(CLIENT_PROCESSES)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(CLIENT_PROCESSES) as pool:
        parts = pool.map(_client_process, jobs)
    wall = time.perf_counter() - started
    results = [r for part in parts for r in part]
    times = [t for t, _ in results]
    return {
        "clients": CLIENT_PROCESSES * THREADS_PER_PROCESS,
        "calls": len(results),
        "failed": sum(1 for _, ok in results if not ok),
        "sync_per_second": round(len(results) / min(wall, seconds + 1.0), 1),
        "ms_p50": round(_percentile(times, 0.50) * 1000, 2),
        "ms_p99": round(_percentile(times, 0.99) * 1000, 2),
    }


def _warm_snapshot(url: str, secret: str, password: str, names: list[str]) -> None:
    with httpx.Client(trust_env=False, timeout=120.0) as client:
        for i in range(3):  # the first Sync loads the snapshot; then every Sync is answered from it
            assert call(client, url, secret, "Sync", _sync_params(names, i), password=password)["ok"]


def measure(
    stack: Stack, names: list[str], database_url: str | None, args: argparse.Namespace
) -> dict[str, Any]:
    extra = {"BRIDGE_DATABASE_URL": database_url} if database_url else {}
    with bridge(stack, **extra) as (url, secret):
        _warm_snapshot(url, secret, stack.password, names)
        sequential = _sequential(url, secret, stack.password, names, args.calls)
        throughput = _throughput(url, secret, stack.password, names, args.seconds)
    return {"database": "postgresql" if database_url else "sqlite", **sequential, "throughput": throughput}


def profile(stack: Stack, names: list[str], calls: int) -> dict[str, Any]:
    """Sync in-process through the ASGI app under cProfile; per stage, ms of one call."""
    import asyncio
    import secrets as secrets_module
    import tempfile
    import uuid

    from app.cli import main as cli_main
    from app.main import create_app
    from app.security import sign
    from app.settings import Settings

    database = Path(tempfile.mkdtemp(prefix="bench-overhead-")) / "bridge.db"
    url = f"sqlite:///{database}"
    secret = secrets_module.token_hex(32)
    import os

    os.environ["BRIDGE_DATABASE_URL"], os.environ["BRIDGE_SECRET"] = url, secret
    with contextlib.redirect_stdout(io.StringIO()):  # the report is the only thing on stdout
        cli_main(["migrate"])
    settings = Settings(database_url=url, secret=secret, ispapi_url=stack.sandbox_url, log_level="WARNING")
    app = create_app(settings)
    profiler = cProfile.Profile()

    async def run() -> float:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bridge") as client:

                async def one(i: int) -> None:
                    request_id = uuid.uuid4().hex
                    envelope = {
                        "protocol": "ispapi-bridge/1",
                        "request_id": request_id,
                        "function": "Sync",
                        "whmcs": {"area": "cron"},
                        "config": {"Username": LOGIN, "Password": stack.password},
                        "params": _sync_params(names, i),
                    }
                    body = json.dumps(envelope).encode()
                    headers = {
                        "Content-Type": "application/json",
                        "X-Bridge-Signature": sign(secret, body),
                        "X-Request-Id": request_id,
                    }
                    reply = await client.post("/v1/whmcs/Sync", content=body, headers=headers)
                    assert reply.status_code == 200 and reply.json()["ok"], reply.text

                for i in range(5):
                    await one(i)
                started = time.perf_counter()
                profiler.enable()
                for i in range(calls):
                    await one(i)
                profiler.disable()
                return time.perf_counter() - started

    wall = asyncio.run(run())
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    stages: dict[str, float] = {}
    for stage, (path, function) in STAGES.items():
        cumulative = sum(
            entry[3] for (file, _, name), entry in stats.items() if file.endswith(path) and name == function
        )
        stages[stage] = round(cumulative * 1000 / calls, 3)
    return {"calls": calls, "ms_per_call_profiled": round(wall * 1000 / calls, 3), "stages_ms": stages}


def _postgres_url(url: str) -> str | None:
    """The benchmark database on the local PostgreSQL, created when missing; None when it does not answer."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    try:
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.execute(
                text("select 1 from pg_database where datname = :name"), {"name": target.database}
            ).first()
            if exists is None:
                connection.execute(text(f'create database "{target.database}"'))
        admin.dispose()
    except Exception:
        return None
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=500)
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with sandbox_stack(latency_ms=0) as stack:
        seed_domains(stack.engine, args.domains)
        names = sorted(stack.engine.worlds["54cd"].domains)
        databases: list[str | None] = [None]
        if not args.no_postgres:
            postgres = _postgres_url(args.postgres)
            if postgres is not None:
                databases.append(postgres)
        results = [measure(stack, names, database, args) for database in databases]
        profiled = profile(stack, names, min(args.calls, 300))
    report = {
        "benchmark": "overhead",
        "domains": len(names),
        "results": results,
        "profile": profiled,
        "targets": {"sync_vs_healthz_max": 2.0, "sync_per_second_min": 1000},
        "met": all(r["ratio"] <= 2.0 and r["throughput"]["sync_per_second"] >= 1000 for r in results),
    }
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
