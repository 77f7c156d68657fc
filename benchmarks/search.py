"""Benchmark 2 (issue 6): one CheckAvailability over 200 TLDs through the bridge, 100 ms per registry call.

CheckDomains goes out in batches of 25, the batches concurrently, so the search should cost about one
registry round trip. Prints JSON: wall time of the search, of one bare registry call, their ratio
(target <= 2.5), and the registry calls made.

    .venv/bin/python benchmarks/search.py [--tlds 200] [--latency-ms 100] [--rounds 5]
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

from benchmarks.sync import LOGIN, bridge, call, sandbox_stack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tlds", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with sandbox_stack(latency_ms=args.latency_ms) as stack:
        tlds = [info.name for info in stack.engine.catalogue.all() if "." not in info.name][: args.tlds]
        with bridge(stack) as (url, secret), httpx.Client(trust_env=False, timeout=60.0) as client:
            bare: list[float] = []
            searches: list[float] = []
            calls: list[int] = []
            statuses: dict[str, int] = {}
            for i in range(args.rounds):
                started = time.perf_counter()
                client.post(
                    stack.sandbox_url,
                    data={
                        "s_login": LOGIN,
                        "s_pw": stack.password,
                        "COMMAND": "CheckDomains",
                        "DOMAIN0": "x.com",
                    },
                )
                bare.append(time.perf_counter() - started)
                before = stack.calls["all"]
                params = {"searchTerm": f"benchsearch{i}", "tldsToInclude": tlds, "premiumEnabled": True}
                started = time.perf_counter()
                result = call(client, url, secret, "CheckAvailability", params, password=stack.password)
                searches.append(time.perf_counter() - started)
                calls.append(stack.calls["all"] - before)
                assert result["ok"], result
                for item in result["result"]["value"]:
                    statuses[item["status"]] = statuses.get(item["status"], 0) + 1
    one_call, search = statistics.median(bare), statistics.median(searches)
    report = {
        "benchmark": "search",
        "tlds": len(tlds),
        "latency_ms": args.latency_ms,
        "rounds": args.rounds,
        "one_registry_call_ms": round(one_call * 1000, 1),
        "search_ms_median": round(search * 1000, 1),
        "search_ms_all": [round(s * 1000, 1) for s in searches],
        "registry_calls_per_search": calls[0],
        "statuses": statuses,
        "ratio": round(search / one_call, 2),
        "target_ratio_max": 2.5,
        "met": search / one_call <= 2.5,
    }
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
