"""Per-call time of ispapi_AdditionalDomainFields with a warm local cache (target < 5 ms per call).

One php process runs CALLS calls over a mix of TLDs (a cart page renders several), like WHMCS does within
one request; the per-call figure is (time of the CALLS-call process - time of a 1-call process) / (CALLS-1),
which removes php start-up. The cache is warmed first from the FakeBridge serving the bridge's real
catalogue; the FakeBridge must see no request during the measured runs. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.registrar.fields import CATALOGUE_FUNCTION, catalogue
from tests.whmcs.harness import FakeBridge, Reply, run_whmcs

CALLS = 500
ROUNDS = 5
TLDS = ["ca", "us", "eu", "dk", "de", "com", "it", "hk", "es", "fr"]
TARGET_MS = 5.0


def _calls(count: int) -> list[dict[str, object]]:
    return [
        {"function": "AdditionalDomainFields", "params": {"tld": TLDS[i % len(TLDS)], "type": "register"}}
        for i in range(count)
    ]


def _wall(config: dict[str, object], count: int) -> float:
    started = time.perf_counter()
    result = run_whmcs("AdditionalDomainFields", config=config, calls=_calls(count), timeout=120)
    elapsed = time.perf_counter() - started
    assert result.warnings == [] and all(c["exception"] is None for c in result.calls), result.warnings
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as cache, FakeBridge() as bridge:
        os.environ["ISPAPI_FIELDS_CACHE_DIR"] = cache
        bridge.script(CATALOGUE_FUNCTION, Reply(kind="fields", value=catalogue()))
        config = bridge.config()
        cold_started = time.perf_counter()
        run_whmcs("AdditionalDomainFields", {"tld": "ca", "type": "register"}, config=config)
        cold_ms = (time.perf_counter() - cold_started) * 1000
        before = len(bridge.requests)
        per_call = []
        for _ in range(ROUNDS):
            one = _wall(config, 1)
            many = _wall(config, CALLS)
            per_call.append((many - one) / (CALLS - 1) * 1000)
        assert len(bridge.requests) == before, "a warm cache must not call the bridge"
    median = statistics.median(per_call)
    print(
        json.dumps(
            {
                "benchmark": "AdditionalDomainFields warm cache",
                "calls_per_process": CALLS,
                "rounds": ROUNDS,
                "per_call_ms_median": round(median, 4),
                "per_call_ms_max": round(max(per_call), 4),
                "cold_first_render_process_ms": round(cold_ms, 1),
                "bridge_requests_while_warm": 0,
                "target_ms": TARGET_MS,
                "ok": median < TARGET_MS,
            }
        )
    )


if __name__ == "__main__":
    main()
