"""What a scrape shows besides the bridge's counters: state read from the database at scrape time, build
information, process metrics, and (multiprocess mode) the samples of every bridge process.

Database-derived series are the same whichever process is scraped (the database is shared), so they are
read fresh on each scrape instead of being kept per process.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, PlatformCollector, ProcessCollector
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from app.db.models import JournalState, OperationJournal, RefreshState

if TYPE_CHECKING:
    from app.db.session import Database

log = logging.getLogger(__name__)

ACCOUNT_LABEL_LENGTH = 12  # hex characters of the account key (sha256 of system and login)
_PID_FILE = re.compile(r"_(\d+)\.db$")


def account_label(account_key: str) -> str:
    """The `account` label: a prefix of the account key (app/db/keys.py), never the login itself."""
    return account_key[:ACCOUNT_LABEL_LENGTH]


def bridge_version() -> str:
    try:
        return metadata.version("ispapi-bridge")
    except metadata.PackageNotFoundError:
        return "unknown"


class BuildInfoCollector(Collector):
    def collect(self) -> Iterable[Metric]:
        info = GaugeMetricFamily(
            "bridge_build_info",
            "Version of the running bridge (value always 1)",
            labels=["version", "python"],
        )
        info.add_metric([bridge_version(), ".".join(map(str, sys.version_info[:3]))], 1.0)
        yield info


class DatabaseCollector(Collector):
    """Journal entries by state, and per account the age of the domain snapshot and of the pricing cache."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("bridge_database_up", "1 when the last scrape could read the database")
        try:
            families = self._read()
        except Exception as exc:  # a scrape must still show the rest; the reason goes to the log
            log.warning("metrics: database not readable (%s)", type(exc).__name__)
            up.add_metric([], 0.0)
            yield up
            return
        up.add_metric([], 1.0)
        yield up
        yield from families

    def _read(self) -> list[Metric]:
        now = datetime.now(UTC)
        with self._database.sessions() as session:
            rows = session.execute(
                select(OperationJournal.state, func.count()).group_by(OperationJournal.state)
            ).all()
            states = {str(state): int(count) for state, count in rows}
            caches = session.execute(
                select(
                    RefreshState.kind,
                    RefreshState.account_key,
                    RefreshState.refreshed_at,
                    RefreshState.last_error,
                )
            ).all()
        journal = GaugeMetricFamily(
            "bridge_journal_entries", "Money-operation journal entries by state", labels=["state"]
        )
        for state in JournalState:
            journal.add_metric([state.value], float(states.get(state.value, 0)))
        age = GaugeMetricFamily(
            "bridge_cache_age_seconds",
            "Seconds since the cache (domain_snapshot, tld_pricing) of an account was last refreshed",
            labels=["cache", "account"],
        )
        failing = GaugeMetricFamily(
            "bridge_cache_refresh_failing",
            "1 when the last refresh of the cache of an account failed",
            labels=["cache", "account"],
        )
        for kind, key, refreshed_at, last_error in caches:
            labels = [kind, account_label(key)]
            if refreshed_at is not None:
                age.add_metric(labels, max(0.0, (now - refreshed_at).total_seconds()))
            failing.add_metric(labels, 1.0 if last_error else 0.0)
        return [journal, age, failing]


class WorkerProcessCollector(Collector):
    """Process metrics (CPU, memory, open files, start time) of every live bridge process that writes to
    the multiprocess directory, labelled by `pid`; prometheus-client's ProcessCollector covers only the
    process it runs in."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def _pids(self) -> list[int]:
        found = {int(m.group(1)) for name in os.listdir(self._directory) if (m := _PID_FILE.search(name))}
        return sorted(pid for pid in found if os.path.exists(f"/proc/{pid}"))

    def collect(self) -> Iterable[Metric]:
        merged: dict[str, Metric] = {}
        for pid in self._pids():
            collector = ProcessCollector(pid=lambda pid=pid: pid, registry=None)  # type: ignore[misc]
            for family in collector.collect():
                target = merged.setdefault(
                    family.name, Metric(family.name, family.documentation, family.type, family.unit)
                )
                for sample in family.samples:
                    target.add_sample(sample.name, {**sample.labels, "pid": str(pid)}, sample.value)
        yield from merged.values()


class _Nested(Collector):
    """A registry shown inside another one (the per-app registry inside the scrape registry)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry

    def collect(self) -> Iterator[Metric]:
        yield from self._registry.collect()


def scrape_registry(
    *, own: CollectorRegistry | None, database: Database | None, directory: Path | None
) -> CollectorRegistry:
    """Everything `/metrics` shows. With a multiprocess directory the bridge's counters come from the
    files of all processes (`own` is then only this process's share and is left out)."""
    registry = CollectorRegistry(auto_describe=False)
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)  # a configured but missing directory is not an error
        MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
        registry.register(WorkerProcessCollector(directory))
    else:
        if own is not None:
            registry.register(_Nested(own))
        ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    registry.register(BuildInfoCollector())
    if database is not None:
        registry.register(DatabaseCollector(database))
    return registry
