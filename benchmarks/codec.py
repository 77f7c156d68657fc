"""Parse speed of `app.ispapi.parse_response` against the official SDK parser on the same text.

Generates a QueryDomainList v2 reply (10,000 rows x 8 columns plus pagination properties, CRLF as the
API sends it), parses it with ours and with `hexonet.apiconnector.response.Response` (the full SDK reply
object: parse plus columns and records, as a client of the SDK gets it), best of several runs each, and
prints one JSON line. Run: `.venv/bin/python benchmarks/codec.py`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.ispapi import parse_response

ROWS = 10_000
COLUMNS = (
    "OBJECTID",
    "OBJECTCLASS",
    "STATUS",
    "TRANSFERLOCK",
    "EXPIRATIONDATE",
    "NAMESERVER",
    "RENEWALMODE",
    "CREATEDDATE",
)
RUNS = 5


def make_reply(rows: int = ROWS, seed: int = 1) -> str:
    rng = random.Random(seed)
    tlds = ("com", "net", "org", "de", "eu", "info")

    def date() -> str:
        return (
            f"20{rng.randint(20, 34)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        )

    values = {
        "OBJECTID": [f"domain-{i:05d}.{rng.choice(tlds)}" for i in range(rows)],
        "OBJECTCLASS": ["DOMAIN"] * rows,
        "STATUS": [rng.choice(("ACTIVE", "ACTIVE", "PENDINGTRANSFER", "REQUESTED")) for _ in range(rows)],
        "TRANSFERLOCK": [rng.choice("01") for _ in range(rows)],
        "EXPIRATIONDATE": [date() for _ in range(rows)],
        "NAMESERVER": ["ns1.example.net ns2.example.net ns3.example.org" for _ in range(rows)],
        "RENEWALMODE": [rng.choice(("AUTORENEW", "AUTOEXPIRE", "DEFAULT")) for _ in range(rows)],
        "CREATEDDATE": [date() for _ in range(rows)],
    }
    lines = ["[RESPONSE]"]
    for name in COLUMNS:
        lines.extend(f"PROPERTY[{name}][{i}]={value}" for i, value in enumerate(values[name]))
    for name, figure in (("COUNT", rows), ("FIRST", 0), ("LAST", rows - 1), ("LIMIT", rows), ("TOTAL", rows)):
        lines.append(f"PROPERTY[{name}][0]={figure}")
    lines += ["DESCRIPTION=Command completed successfully", "CODE=200", "QUEUETIME=0", "RUNTIME=0.412", "EOF"]
    return "\r\n".join(lines) + "\r\n"


def best_of(func: Callable[[], object], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    from hexonet.apiconnector.response import Response as ReferenceResponse

    text = make_reply()
    ours = parse_response(text)
    reference = ReferenceResponse(text)
    # Same figures from both parsers, or the timing compares different work.
    assert ours.code == reference.getCode() == 200
    assert ours.row_count == reference.getRecordsCount() == ROWS
    assert ours.column("OBJECTID") == reference.getColumn("OBJECTID").getData()

    seconds = best_of(lambda: parse_response(text))
    reference_seconds = best_of(lambda: ReferenceResponse(text), runs=3)
    size = len(text.encode("utf-8"))
    print(
        json.dumps(
            {
                "benchmark": "codec",
                "rows": ROWS,
                "columns": len(COLUMNS),
                "bytes": size,
                "seconds": round(seconds, 6),
                "mb_per_s": round(size / seconds / 1e6, 2),
                "reference_seconds": round(reference_seconds, 6),
                "speedup_vs_reference": round(reference_seconds / seconds, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
