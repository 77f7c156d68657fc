"""Prometheus metrics of the bridge, with prometheus-client.

One `Metrics` object per app (kept on `app.state`), each with its own registry, so tests never share
counters. Several worker processes (uvicorn --workers, or two bridges on one host) share their counts
through prometheus-client's multiprocess mode: `PROMETHEUS_MULTIPROC_DIR` names a directory every process
writes its samples to, and a scrape of any process (or of the metrics port, app/metrics/server.py) adds
them up. `ispapi-bridge serve` sets it up (app/metrics/multiprocess.py).

Labels are bounded: `function` is a registered WHMCS function (unknown ones are rejected before they are
counted), `command` an ISPAPI command the bridge sends, `code` a registry reply code; per-account series
(cache ages, app/metrics/collectors.py) carry a short hash of the account key, never the login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest

from app.metrics.collectors import scrape_registry
from app.metrics.multiprocess import multiprocess_dir, use_multiprocess_values

if TYPE_CHECKING:
    from app.db.session import Database

# What generate_latest writes (the classic text format); spelled out, as older clients name it differently.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Seconds. A registry call takes tens of milliseconds to a few seconds; the bridge's own timeout is 60 s.
# Fine enough at the low end for p50 and at the top for p99 (Prometheus' histogram_quantile).
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def code_class(code: int | None) -> str:
    """ISPAPI result classes (docs/ispapi-wire.md §2): 2xx success, 4xx temporary, 5xx permanent."""
    if code is None:
        return "transport"
    return f"{code // 100}xx" if 100 <= code <= 999 else "other"


class Metrics:
    """The bridge's own series, and `render()` for `/metrics` (everything a scrape shows)."""

    def __init__(self, database: Database | None = None) -> None:
        use_multiprocess_values()
        # `*_created` series (one more per labelled counter and histogram) serve no query here.
        disable_created_metrics()  # type: ignore[no-untyped-call]
        self.registry = CollectorRegistry()
        registry = self.registry
        self.requests = Counter(
            "bridge_requests",
            "WHMCS function calls by function and outcome",
            ["function", "outcome"],
            registry=registry,
        )
        self.request_seconds = Histogram(
            "bridge_request_duration_seconds",
            "Time spent answering WHMCS calls",
            ["function"],
            buckets=DURATION_BUCKETS,
            registry=registry,
        )
        self.rejections = Counter(
            "bridge_rejected_requests",
            "Requests refused before dispatch, by HTTP status",
            ["status"],
            registry=registry,
        )
        self.upstream_calls = Counter(
            "bridge_upstream_calls",
            "ISPAPI commands sent, by command and response code class",
            ["command", "code_class"],
            registry=registry,
        )
        self.upstream_seconds = Histogram(
            "bridge_upstream_duration_seconds",
            "Time spent waiting for ISPAPI, by command",
            ["command"],
            buckets=DURATION_BUCKETS,
            registry=registry,
        )
        self.upstream_errors = Counter(
            "bridge_upstream_error_codes",
            "ISPAPI replies other than 2xx, by command and reply code",
            ["command", "code"],
            registry=registry,
        )
        self.journal = Counter(
            "bridge_journal_outcomes",
            "Money-operation journal decisions and results",
            ["outcome"],
            registry=registry,
        )
        self.scrape = scrape_registry(own=registry, database=database, directory=multiprocess_dir())

    def value(self, name: str, **labels: str) -> float:
        """This process's value of one series (0 when it has no sample yet); for tests and tools."""
        return self.registry.get_sample_value(name, labels) or 0.0

    # ---- the events the bridge reports ----

    def observe_request(self, *, function: str, outcome: str, seconds: float) -> None:
        self.requests.labels(function, outcome).inc()
        self.request_seconds.labels(function).observe(seconds)

    def observe_rejection(self, *, status: int) -> None:
        self.rejections.labels(str(status)).inc()

    def observe_upstream(self, *, command: str, code: int | None, seconds: float) -> None:
        self.upstream_calls.labels(command, code_class(code)).inc()
        self.upstream_seconds.labels(command).observe(seconds)
        if code is not None and not 200 <= code <= 299:
            self.upstream_errors.labels(command, str(code)).inc()

    def observe_journal(self, outcome: str) -> None:
        self.journal.labels(outcome).inc()

    def render(self) -> bytes:
        """The exposition text; blocking (it may read the database and the multiprocess files)."""
        return generate_latest(self.scrape)
