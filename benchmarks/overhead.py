"""The bridge's own cost per call, with the registry out of the picture.

The sandbox as a process of its own with --domains seeded domains, a bridge subprocess (one uvicorn
process) on SQLite and, when it answers, on PostgreSQL; the snapshot is loaded once, so every Sync is
answered from the database. Like PHP's curl in WHMCS, every call opens a new connection. The clients
speak HTTP/1.1 over plain sockets (benchmarks/support/processes.py) from processes of their own, so the
load generator costs little next to the bridge and never shares its interpreter.

    healthz          GET /healthz one after another: the floor of an HTTP call to this process
    sync             signed Sync one after another (median, p99)
    throughput       16 clients (8 processes x 2 threads) sending Sync for --seconds: calls/s and p99, and
                     the bridge process's CPU time per call (/proc), which bounds what one process can serve
                     (one core: 1000 / cpu_ms calls per second) whatever the clients do
    healthz_throughput  the same clients on /healthz: what this machine lets one process serve at all
    profile          one process, in-process app: where a warm Sync's time goes, per stage (a timer around
                     each stage's function, so unlike a profiler it adds ~1 us per stage and nothing
                     elsewhere), and the garbage collector's share; on each database measured

Targets: sync median <= 2 x healthz median; >= 1,000 Sync/s from 16 clients, on SQLite and PostgreSQL.
Prints JSON, with the load average before and after (the machine may be shared).

    .venv/bin/python benchmarks/overhead.py [--domains 500] [--calls 400] [--seconds 8]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench_overhead] [--no-postgres]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import gc
import importlib
import inspect
import io
import json
import multiprocessing
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support.processes import (
    LOGIN,
    SandboxProcess,
    cpu_seconds,
    load_average,
    raw_request,
    sandbox_process,
    signed_call,
)
from benchmarks.sync import bridge_process

CLIENT_PROCESSES = 8
THREADS_PER_PROCESS = 2
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_overhead"
# The stages of a call: (module, function or Class.method) timed from entry to return, inclusive (a stage may
# hold others: whole_call holds them all, run_operation holds context and snapshot_lookup).
STAGES = {
    "signature": ("app.api.dispatch", "verify_signature"),
    "envelope": ("app.api.dispatch", "parse_envelope"),
    "replay_nonce": ("app.security", "ReplayGuard.remember"),
    "context": ("app.api.dispatch", "_context"),
    "snapshot_lookup": ("app.sync.service", "lookup"),
    "metrics_and_log": ("app.api.dispatch", "_observe"),
    "run_operation": ("app.api.dispatch", "run_operation"),
    "whole_call": ("app.api.dispatch", "handle"),
    "response_json": ("app.api.envelope", "ResponseEnvelope.model_dump_json"),
}


@contextlib.contextmanager
def _stage_timers(totals: dict[str, int]) -> Iterator[None]:
    """Each STAGES function wrapped in a timer adding its nanoseconds to `totals`; restored on exit."""
    restore: list[tuple[Any, str, Any]] = []  # (owner, attribute, its own value or None when inherited)

    def timed(stage: str, original: Any) -> Any:
        if inspect.iscoroutinefunction(original):

            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter_ns()
                try:
                    return await original(*args, **kwargs)
                finally:
                    totals[stage] += time.perf_counter_ns() - started

            return timed_async

        def timed_sync(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter_ns()
            try:
                return original(*args, **kwargs)
            finally:
                totals[stage] += time.perf_counter_ns() - started

        return timed_sync

    for stage, (module_name, path) in STAGES.items():
        owner: Any = importlib.import_module(module_name)
        *classes, attribute = path.split(".")
        for name in classes:
            owner = getattr(owner, name)
        original = getattr(owner, attribute)
        restore.append((owner, attribute, vars(owner).get(attribute)))
        setattr(owner, attribute, timed(stage, original))
    try:
        yield
    finally:
        for owner, attribute, own in reversed(restore):
            if own is None:
                delattr(owner, attribute)  # inherited: the subclass goes back to its base's
            else:
                setattr(owner, attribute, own)


@contextlib.contextmanager
def _collector_time(totals: dict[str, int]) -> Iterator[None]:
    """Nanoseconds spent in garbage collections, added to totals["garbage_collection"]."""
    started = [0]

    def callback(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter_ns()
        else:
            totals["garbage_collection"] += time.perf_counter_ns() - started[0]

    gc.callbacks.append(callback)
    try:
        yield
    finally:
        gc.callbacks.remove(callback)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _sync_params(names: list[str], i: int) -> dict[str, Any]:
    name = names[i % len(names)]
    sld, tld = name.split(".", 1)
    return {"domain": name, "sld": sld, "tld": tld, "domainid": i % len(names) + 1}


def _one(url: str, secret: str, password: str, names: list[str], i: int, path: str) -> bool:
    """One call on a new connection: a signed Sync, or GET `path` when it is not the Sync endpoint."""
    if path != "sync":
        return raw_request(url, "GET", path)[0] == 200
    status, envelope = signed_call(url, secret, "Sync", _sync_params(names, i), password=password)
    return status == 200 and bool(envelope.get("ok"))


def _sequential(url: str, secret: str, password: str, names: list[str], calls: int) -> dict[str, float]:
    health: list[float] = []
    syncs: list[float] = []
    for i in range(calls):
        started = time.perf_counter()
        assert _one(url, secret, password, names, i, "/healthz")
        health.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert _one(url, secret, password, names, i, "sync")
        syncs.append(time.perf_counter() - started)
    return {
        "healthz_ms_median": round(statistics.median(health) * 1000, 2),
        "sync_ms_median": round(statistics.median(syncs) * 1000, 2),
        "sync_ms_p99": round(_percentile(syncs, 0.99) * 1000, 2),
        "ratio": round(statistics.median(syncs) / statistics.median(health), 2),
    }


def _client_process(
    args: tuple[str, str, str, list[str], float, int, str], ready: Any, results_queue: Any
) -> None:
    url, secret, password, names, seconds, seed, path = args
    results: list[tuple[float, bool]] = []
    lock = threading.Lock()
    ready.wait()  # every process starts together, after its own start-up
    stop_at = time.monotonic() + seconds

    def worker(n: int) -> None:
        mine: list[tuple[float, bool]] = []
        i = seed * 100_000 + n * 10_000
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                ok = _one(url, secret, password, names, i, path)
            except OSError:
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
    results_queue.put(results)


def _throughput(
    url: str, secret: str, password: str, names: list[str], seconds: float, pid: int, path: str = "sync"
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    ready, queue = context.Barrier(CLIENT_PROCESSES + 1), context.Queue()
    processes = [
        context.Process(
            target=_client_process, args=((url, secret, password, names, seconds, p, path), ready, queue)
        )
        for p in range(CLIENT_PROCESSES)
    ]
    for process in processes:
        process.start()
    ready.wait()
    cpu_before = cpu_seconds(pid)
    time.sleep(seconds)
    cpu_used = cpu_seconds(pid) - cpu_before
    parts = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    results = [r for part in parts for r in part]
    times = [t for t, _ in results] or [0.0]
    cpu_ms = cpu_used * 1000 / max(len(results), 1)
    return {
        "clients": CLIENT_PROCESSES * THREADS_PER_PROCESS,
        "calls": len(results),
        "failed": sum(1 for _, ok in results if not ok),
        "per_second": round(len(results) / seconds, 1),
        "ms_p50": round(_percentile(times, 0.50) * 1000, 2),
        "ms_p99": round(_percentile(times, 0.99) * 1000, 2),
        "bridge_cpu_ms_per_call": round(cpu_ms, 3),
        "bridge_cpu_share_of_one_core": round(cpu_used / seconds, 2),
        "one_core_ceiling_per_second": round(1000 / cpu_ms, 0) if cpu_ms else None,
    }


def _warm_snapshot(url: str, secret: str, password: str, names: list[str]) -> None:
    for i in range(3):  # the first Sync loads the snapshot; then every Sync is answered from it
        assert _one(url, secret, password, names, i, "sync")


def measure(
    sandbox: SandboxProcess, names: list[str], database_url: str | None, args: argparse.Namespace
) -> dict[str, Any]:
    extra = {"BRIDGE_DATABASE_URL": database_url} if database_url else {}
    with bridge_process(sandbox.sandbox_url, **extra) as (process, secret):
        assert process.process is not None
        url, pid, password = process.url, process.process.pid, sandbox.password
        _warm_snapshot(url, secret, password, names)
        sequential = _sequential(url, secret, password, names, args.calls)
        throughput = _throughput(url, secret, password, names, args.seconds, pid)
        health = _throughput(url, secret, password, names, args.seconds, pid, "/healthz")
    throughput["sync_per_second"] = throughput["per_second"]
    return {
        "database": "postgresql" if database_url else "sqlite",
        **sequential,
        "throughput": throughput,
        "healthz_throughput": health,
    }


def profile(
    sandbox: SandboxProcess, names: list[str], calls: int, database_url: str | None = None
) -> dict[str, Any]:
    """Warm Syncs in-process through the ASGI app; per stage, microseconds of one call. On a new SQLite file
    unless `database_url` names another database."""
    import asyncio
    import secrets as secrets_module
    import tempfile
    import uuid

    from app.cli import main as cli_main
    from app.main import create_app
    from app.security import sign
    from app.settings import Settings

    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-overhead-')) / 'bridge.db'}"
    secret = secrets_module.token_hex(32)
    import os

    os.environ["BRIDGE_DATABASE_URL"], os.environ["BRIDGE_SECRET"] = url, secret
    with contextlib.redirect_stdout(io.StringIO()):  # the report is the only thing on stdout
        cli_main(["migrate"])
    settings = Settings(database_url=url, secret=secret, ispapi_url=sandbox.sandbox_url, log_level="WARNING")
    app = create_app(settings)
    totals: dict[str, int] = collections.Counter()

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
                        "config": {"Username": LOGIN, "Password": sandbox.password},
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
                with _stage_timers(totals), _collector_time(totals):
                    started = time.perf_counter()
                    for i in range(calls):
                        await one(i)
                    return time.perf_counter() - started

    wall = asyncio.run(run())
    stages = {stage: round(totals[stage] / 1000 / calls, 1) for stage in [*STAGES, "garbage_collection"]}
    # The client's side of each call (httpx building the request, reading the answer) is in the wall time.
    return {"calls": calls, "ms_per_call_with_client": round(wall * 1000 / calls, 3), "stages_us": stages}


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
    load_before = load_average()
    with sandbox_process(latency_ms=0, seed_domains=args.domains) as sandbox:
        names = sandbox.domains()
        databases: list[str | None] = [None]
        if not args.no_postgres:
            postgres = _postgres_url(args.postgres)
            if postgres is not None:
                databases.append(postgres)
        results = [measure(sandbox, names, database, args) for database in databases]
        profiled = {
            "postgresql" if database else "sqlite": profile(sandbox, names, args.calls * 5, database)
            for database in databases
        }
    report = {
        "benchmark": "overhead",
        "domains": len(names),
        "results": results,
        "profile": profiled,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "targets": {"sync_vs_healthz_max": 2.0, "sync_per_second_min": 1000},
        "met": all(r["ratio"] <= 2.0 and r["throughput"]["sync_per_second"] >= 1000 for r in results),
    }
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
