"""Benchmark 1 (issue 6): WHMCS-like sequential Sync of every domain through the bridge over HTTP.

A sandbox (in-process, 40 ms per registry call) holds N seeded domains (default 5,000); a bridge
subprocess per mode (BRIDGE_SYNC_MODE=snapshot, then per-domain) gets one signed Sync envelope per domain,
one after the other, like the WHMCS domain sync cron. Prints JSON: registry calls and wall time per mode
and the ratios against the targets (calls <= 1 %, wall time <= 10 % of per-domain mode).

    .venv/bin/python benchmarks/sync.py [--domains 5000] [--latency-ms 40] [--backend ispapi|cnr]

With `--backend cnr` the domains live in the sandbox's CentralNic Reseller (live) world and the bridge
reaches it through BRIDGE_CNR_URL, with the module setting Backend=cnr. A first snapshot pass is measured
on its own there (`first_pass_after_switch`, with the registry calls by command): it sets AUTOEXPIRE once on
every domain the registry would renew by itself; the two modes are then compared on the steady state.

The helpers here (`Stack`, `call`) are shared by benchmarks/search.py and benchmarks/pricing.py.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support.processes import LOGIN, signed_request
from sandbox.controls import seed_domains
from sandbox.core import Sandbox, SandboxConfig
from sandbox.systems import CNR
from tests.e2e.stack import ROOT, BridgeProcess, SandboxServer, free_port


@dataclass
class Stack:
    engine: Sandbox
    sandbox_url: str
    password: str
    calls: Counter[str]


@contextmanager
def sandbox_stack(*, latency_ms: int) -> Iterator[Stack]:
    """The sandbox in-process; every command it executes is counted."""
    password = secrets.token_urlsafe(12)
    engine = Sandbox(SandboxConfig(login=LOGIN, password=password))
    calls: Counter[str] = Counter()
    execute = engine.execute

    def counting(body: bytes) -> Any:
        executed = execute(body)
        calls["all"] += 1
        return executed

    engine.execute = counting  # type: ignore[method-assign]
    engine.latency.default_ms = latency_ms
    server = SandboxServer(engine, free_port())
    server.start()
    try:
        yield Stack(engine, f"http://127.0.0.1:{server.port}/api/call.cgi", password, calls)
    finally:
        server.stop()


@contextmanager
def bridge_process(sandbox_url: str, **extra_env: str) -> Iterator[tuple[BridgeProcess, str]]:
    """A bridge subprocess on its own SQLite file: (the process, its secret)."""
    import os

    workdir = Path(tempfile.mkdtemp(prefix="bench-bridge-"))
    secret = secrets.token_hex(16)
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and "proxy" not in k.lower()}
    env = {
        **base,
        "PYTHONPATH": str(ROOT),
        "BRIDGE_DATABASE_URL": f"sqlite:///{workdir / 'bridge.db'}",
        "BRIDGE_SECRET": secret,
        "BRIDGE_PORT": str(free_port()),
        "BRIDGE_ISPAPI_URL": sandbox_url,
        "BRIDGE_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    process = BridgeProcess(workdir=workdir, port=int(env["BRIDGE_PORT"]), env=env)
    process.start()
    try:
        yield process, secret
    finally:
        process.stop()


@contextmanager
def bridge(stack: Stack, **extra_env: str) -> Iterator[tuple[str, str]]:
    """A bridge subprocess on its own SQLite file: (url, secret)."""
    with bridge_process(stack.sandbox_url, **extra_env) as (process, secret):
        yield process.url, secret


def call(
    client: httpx.Client,
    url: str,
    secret: str,
    function: str,
    params: dict[str, Any],
    *,
    password: str,
    config: dict[str, Any] | None = None,
    module_log: bool = True,
) -> dict[str, Any]:
    """One signed WHMCS call on the client's keep-alive connection; returns the response envelope.
    `module_log`: WHMCS's Module Debug Mode, which the shim reports (off, the bridge renders no module-log
    texts)."""
    body, headers = signed_request(
        function, params, secret=secret, password=password, config=config, module_log=module_log
    )
    reply = client.post(f"{url}/v1/whmcs/{function}", content=body, headers=headers)
    reply.raise_for_status()
    data: dict[str, Any] = reply.json()
    return data


def _run_mode(
    stack: Stack, names: list[str], mode: str, *, backend: str = "ispapi", env: dict[str, str] | None = None
) -> dict[str, Any]:
    with bridge(stack, BRIDGE_SYNC_MODE=mode, **(env or {})) as (url, secret):
        before = stack.calls["all"]
        failures = 0
        started = time.perf_counter()
        with httpx.Client(trust_env=False, timeout=60.0) as client:
            for i, name in enumerate(names):
                sld, tld = name.split(".", 1)
                params = {"domain": name, "sld": sld, "tld": tld, "domainid": i + 1}
                config = {"Backend": backend}
                result = call(client, url, secret, "Sync", params, password=stack.password, config=config)
                failures += 0 if result["ok"] else 1
        wall = time.perf_counter() - started
    return {
        "mode": mode,
        "sync_calls": len(names),
        "registry_calls": stack.calls["all"] - before,
        "wall_seconds": round(wall, 2),
        "ms_per_sync": round(wall * 1000 / len(names), 2),
        "failed_syncs": failures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=5000)
    parser.add_argument("--latency-ms", type=int, default=40)
    parser.add_argument("--backend", choices=("ispapi", "cnr"), default="ispapi")
    args = parser.parse_args()
    with sandbox_stack(latency_ms=args.latency_ms) as stack:
        world, env = "54cd", {}
        if args.backend == "cnr":
            world = CNR  # the CNR live system's world (sandbox/systems.py), with its own latency
            stack.engine.system_latency[CNR].default_ms = args.latency_ms
            # The CNR dialect has its own engine: count its commands from the command log instead.
            stack.engine.log_sinks.append(
                lambda entry: stack.calls.update(["all", f"cnr:{entry['command']}"])
            )
            env = {"BRIDGE_CNR_URL": stack.sandbox_url.replace("/api/call.cgi", "/cnr/api/call.cgi")}
        seed_domains(stack.engine, args.domains, entity=world)
        names = sorted(stack.engine.worlds[world].domains)
        first_pass = None
        if args.backend == "cnr":
            # The first Sync of each domain after the switch sets AUTOEXPIRE where the registry would renew
            # it by itself (docs/cnr-renewals.md): one SetDomainRenewalMode per such domain, once. Measured on
            # its own; the modes below are compared on the daily cron's steady state, as for ISPAPI.
            before = Counter(stack.calls)
            first_pass = _run_mode(stack, names, "snapshot", backend=args.backend, env=env)
            first_pass["by_command"] = {
                name.removeprefix("cnr:"): count - before[name]
                for name, count in sorted(stack.calls.items())
                if name.startswith("cnr:") and count > before[name]
            }
        snapshot = _run_mode(stack, names, "snapshot", backend=args.backend, env=env)
        per_domain = _run_mode(stack, names, "per-domain", backend=args.backend, env=env)
    calls_ratio = snapshot["registry_calls"] / max(per_domain["registry_calls"], 1)
    wall_ratio = snapshot["wall_seconds"] / max(per_domain["wall_seconds"], 1e-9)
    report = {
        "benchmark": "sync",
        "backend": args.backend,
        "domains": len(names),
        "latency_ms": args.latency_ms,
        **({"first_pass_after_switch": first_pass} if first_pass is not None else {}),
        "snapshot": snapshot,
        "per_domain": per_domain,
        "registry_calls_ratio": round(calls_ratio, 4),
        "wall_time_ratio": round(wall_ratio, 4),
        "targets": {"registry_calls_ratio_max": 0.01, "wall_time_ratio_max": 0.10},
        "met": calls_ratio <= 0.01 and wall_ratio <= 0.10,
    }
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
