"""Benchmark 3 (issue 6): GetTLDPricing for the sandbox's whole TLD list (>= 1,200 TLDs) through the bridge.

A cold GetTLDPricing fills the pricing cache (StatusUser, QueryExchangeRates, ConvertIDN, QueryDomainOptions
in chunks); warm calls answer from the database. Prints JSON: registry calls and time of the cold call
(target <= 12 calls), and the warm answer times (target < 300 ms).

    .venv/bin/python benchmarks/pricing.py [--latency-ms 40] [--rounds 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.sync import bridge, call, sandbox_stack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with sandbox_stack(latency_ms=args.latency_ms) as stack:
        with bridge(stack) as (url, secret), httpx.Client(trust_env=False, timeout=120.0) as client:
            params = {"currency": "EUR"}
            started = time.perf_counter()
            cold = call(client, url, secret, "GetTLDPricing", params, password=stack.password)
            cold_seconds = time.perf_counter() - started
            cold_calls = stack.calls["all"]
            assert cold["ok"], cold
            warm: list[float] = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                answer = call(client, url, secret, "GetTLDPricing", params, password=stack.password)
                warm.append(time.perf_counter() - started)
                assert answer["ok"], answer
            warm_calls = stack.calls["all"] - cold_calls
    items = len(cold["result"]["value"])
    report = {
        "benchmark": "pricing",
        "latency_ms": args.latency_ms,
        "tlds_priced": items,
        "cold_registry_calls": cold_calls,
        "cold_ms": round(cold_seconds * 1000, 1),
        "warm_registry_calls": warm_calls,
        "warm_ms_median": round(statistics.median(warm) * 1000, 1),
        "warm_ms_max": round(max(warm) * 1000, 1),
        "targets": {"cold_registry_calls_max": 12, "warm_ms_max": 300},
        "met": cold_calls <= 12 and max(warm) < 0.3 and items >= 1200,
    }
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
