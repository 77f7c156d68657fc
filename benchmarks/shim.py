"""How long one WHMCS call through the PHP shim takes (fresh php process per call, like one WHMCS request).

Measures, on loopback against the scripted FakeBridge: a local function (no I/O), a round trip with an
array result, a GetDomainInformation object conversion, and a 200-item TLD pricing list.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.whmcs.harness import FakeBridge, PhpResult, Reply, domain_params, run_whmcs

ROUNDS = 15


def _measure(label: str, run: Callable[[], PhpResult]) -> None:
    wall: list[float] = []
    inner: list[int] = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = run()
        wall.append((time.perf_counter() - started) * 1000)
        inner.append(result.calls[-1]["elapsed_ms"])
        assert result.warnings == [] and result.exception is None, result
    print(
        f"{label:<34} process median {statistics.median(wall):6.1f} ms   "
        f"module call median {statistics.median(inner):4d} ms   (n={ROUNDS})"
    )


def main() -> None:
    pricing = [
        {"extension": f".t{i}", "years": [1, 2, 3], "register_price": 9.5, "currency": "USD"}
        for i in range(200)
    ]
    with FakeBridge() as bridge:
        bridge.script("GetNameservers", Reply(kind="array", value={"ns1": "ns1.example.net"}))
        bridge.script(
            "GetDomainInformation",
            Reply(kind="domain_information", value={"domain": "x.de", "expiry_date": "2027-01-01"}),
        )
        bridge.script("GetTLDPricing", Reply(kind="tld_pricing", value=pricing))
        config = bridge.config()
        params = domain_params()
        _measure("MetaData (local)", lambda: run_whmcs("MetaData"))
        _measure("GetNameservers (array)", lambda: run_whmcs("GetNameservers", params, config=config))
        info = lambda: run_whmcs("GetDomainInformation", params, config=config)  # noqa: E731
        _measure("GetDomainInformation (object)", info)
        _measure("GetTLDPricing (200 TLDs)", lambda: run_whmcs("GetTLDPricing", {}, config=config))


if __name__ == "__main__":
    main()
