"""Parse speed of the CNR reply parser (`app.cnr.parse_response`) against the official client's parser.

Generates a QueryDomainList reply with `WIDE=1` columns as CNR sends them (lower-case property names,
10,000 rows x 8 columns plus pagination, `property[name][i] = value` with blanks, CRLF), parses it with
ours and with `centralnicreseller.apiconnector.response.Response` (the full reference reply object: parse
plus columns and records, as a user of that client gets it), best of several runs each, and prints one
JSON line. Times are CPU time of this process (`time.process_time`), so other processes on a busy machine
distort the ratio far less than wall-clock time would. Run: `.venv/bin/python benchmarks/cnr_codec.py`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.cnr import parse_response

ROWS = 10_000
COLUMNS = (
    "domain",
    "domain_idn",
    "domain_zone",
    "domain_created_date",
    "domain_registration_expiration_date",
    "renewalmode",
    "transfermode",
    "x-transferlock-until",
)
RUNS = 9


def make_reply(rows: int = ROWS, seed: int = 1) -> str:
    rng = random.Random(seed)
    zones = ("com", "net", "org", "de", "eu", "info")

    def date() -> str:
        return (
            f"20{rng.randint(20, 34)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        )

    zone = [rng.choice(zones) for _ in range(rows)]
    values = {
        "domain": [f"domain-{i:05d}.{zone[i]}" for i in range(rows)],
        "domain_idn": [f"domain-{i:05d}.{zone[i]}" for i in range(rows)],
        "domain_zone": zone,
        "domain_created_date": [date() for _ in range(rows)],
        "domain_registration_expiration_date": [date() for _ in range(rows)],
        "renewalmode": [rng.choice(("AUTORENEW", "AUTOEXPIRE", "DEFAULT")) for _ in range(rows)],
        "transfermode": [rng.choice(("DEFAULT", "AUTOAPPROVE")) for _ in range(rows)],
        "x-transferlock-until": [rng.choice(("", date())) for _ in range(rows)],
    }
    lines = ["[RESPONSE]", "code = 200", "description = Command completed successfully"]
    lines.extend(f"property[column][{i}] = {name}" for i, name in enumerate(COLUMNS))
    for name in COLUMNS:
        lines.extend(f"property[{name}][{i}] = {value}" for i, value in enumerate(values[name]))
    for name, figure in (("count", rows), ("first", 0), ("last", rows - 1), ("limit", rows), ("total", rows)):
        lines.append(f"property[{name}][0] = {figure}")
    lines += ["queuetime = 0", "runtime = 0.412", "EOF"]
    return "\r\n".join(lines) + "\r\n"


def best_of(func: Callable[[], object], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    from centralnicreseller.apiconnector.response import Response as ReferenceResponse

    text = make_reply()
    ours = parse_response(text, command="QueryDomainList")
    reference = ReferenceResponse(text, {"COMMAND": "QueryDomainList"})
    # Same figures from both parsers, or the timing compares different work.
    assert ours.code == reference.getCode() == 200
    assert ours.row_count == reference.getRecordsCount() == ROWS
    assert ours.column("DOMAIN") == reference.getColumn("DOMAIN").getData()
    assert ours.pagination == reference.getPagination()

    seconds = best_of(lambda: parse_response(text, command="QueryDomainList"))
    reference_seconds = best_of(lambda: ReferenceResponse(text, {"COMMAND": "QueryDomainList"}), runs=5)
    size = len(text.encode("utf-8"))
    print(
        json.dumps(
            {
                "benchmark": "cnr_codec",
                "rows": ROWS,
                "columns": len(COLUMNS),
                "bytes": size,
                "seconds": round(seconds, 6),
                "mb_per_s": round(size / seconds / 1e6, 2),
                "reference_seconds": round(reference_seconds, 6),
                "speedup_vs_reference": round(reference_seconds / seconds, 2),
                "clock": "process_time",
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
