"""Process metrics in the Prometheus text exposition format (version 0.0.4), written by hand.

Counters and duration sums/counts only: enough for rates, error ratios and mean latency, with no extra
dependency. One `Metrics` object per app (kept on `app.state`), so tests never share counters.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

LabelSet = tuple[tuple[str, str], ...]

# family -> (type, help); the order here is the order of the exposition. A summary without quantiles is
# exposed as its `_sum` and `_count` series.
_FAMILIES: dict[str, tuple[str, str]] = {
    "bridge_requests_total": ("counter", "WHMCS function calls by function and outcome"),
    "bridge_request_duration_seconds": ("summary", "Time spent answering WHMCS calls"),
    "bridge_rejected_requests_total": ("counter", "Requests refused before dispatch, by HTTP status"),
    "bridge_upstream_calls_total": ("counter", "ISPAPI commands sent, by command and response code class"),
    "bridge_upstream_duration_seconds": ("summary", "Time spent waiting for ISPAPI"),
    "bridge_journal_outcomes_total": ("counter", "Money-operation journal decisions and results"),
}


def _series_names(family: str, kind: str) -> tuple[str, ...]:
    return (f"{family}_sum", f"{family}_count") if kind == "summary" else (family,)


_SERIES = {name for family, (kind, _) in _FAMILIES.items() for name in _series_names(family, kind)}


def code_class(code: int | None) -> str:
    """ISPAPI result classes (ispapi-protocol.md §2): 2xx success, 4xx temporary, 5xx permanent."""
    if code is None:
        return "transport"
    return f"{code // 100}xx" if 100 <= code <= 999 else "other"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, dict[LabelSet, float]] = defaultdict(lambda: defaultdict(float))

    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        if name not in _SERIES:
            raise KeyError(f"unknown metric {name}")
        key = tuple(sorted(labels.items()))
        with self._lock:
            self._values[name][key] += amount

    def value(self, name: str, **labels: str) -> float:
        key = tuple(sorted(labels.items()))
        with self._lock:
            return self._values.get(name, {}).get(key, 0.0)

    # ---- the events the bridge reports ----

    def observe_request(self, *, function: str, outcome: str, seconds: float) -> None:
        self.inc("bridge_requests_total", function=function, outcome=outcome)
        self.inc("bridge_request_duration_seconds_sum", seconds, function=function)
        self.inc("bridge_request_duration_seconds_count", function=function)

    def observe_rejection(self, *, status: int) -> None:
        self.inc("bridge_rejected_requests_total", status=str(status))

    def observe_upstream(self, *, command: str, code: int | None, seconds: float) -> None:
        self.inc("bridge_upstream_calls_total", command=command, code_class=code_class(code))
        self.inc("bridge_upstream_duration_seconds_sum", seconds, command=command)
        self.inc("bridge_upstream_duration_seconds_count", command=command)

    def observe_journal(self, outcome: str) -> None:
        self.inc("bridge_journal_outcomes_total", outcome=outcome)

    def render(self) -> str:
        with self._lock:
            snapshot = {name: dict(series) for name, series in self._values.items()}
        lines: list[str] = []
        for family, (kind, help_text) in _FAMILIES.items():
            lines.append(f"# HELP {family} {help_text}")
            lines.append(f"# TYPE {family} {kind}")
            for name in _series_names(family, kind):
                lines.extend(_series(name, snapshot.get(name, {}).items()))
        return "\n".join(lines) + "\n"


def _series(name: str, items: Iterable[tuple[LabelSet, float]]) -> list[str]:
    out = []
    for labels, value in sorted(items):
        rendered = ",".join(f'{key}="{_escape(val)}"' for key, val in labels)
        number = repr(value) if value != int(value) else str(int(value))
        out.append(f"{name}{{{rendered}}} {number}" if rendered else f"{name} {number}")
    return out
