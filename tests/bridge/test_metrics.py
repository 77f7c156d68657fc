"""Prometheus metrics (app/metrics/): families and histogram buckets, database-derived gauges, the token,
the metrics port, and counts added up over two real processes sharing a multiprocess directory."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.db.declarative import utcnow
from app.db.keys import account_key
from app.db.models import OperationJournal, RefreshState
from app.db.session import Database
from app.metrics import Metrics
from app.metrics.collectors import bridge_version
from app.metrics.server import MetricsServerError, metrics_port
from tests.bridge.conftest import SECRET, closed_port, envelope, make_settings
from tests.bridge.processes import (
    CATALOGUE,
    bridge_env,
    call_catalogue,
    started_processes,
    stop,
    wait_until_up,
)

TOKEN = "metrics-token-0123456789abcdef"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, parsed by prometheus-client's own parser (so the text is valid)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(parsed: dict[Any, float], name: str, **labels: str) -> float | None:
    return parsed.get((name, tuple(sorted(labels.items()))))


def types(text: str) -> dict[str, str]:
    return {family.name: family.type for family in text_string_to_metric_families(text)}


# ---- in process ----


def test_events_become_counters_and_histograms_with_buckets() -> None:
    metrics = Metrics()
    metrics.observe_request(function="RenewDomain", outcome="ok", seconds=0.3)
    metrics.observe_upstream(command="RenewDomain", code=200, seconds=0.2)
    metrics.observe_upstream(command="StatusDomain", code=545, seconds=0.04)
    metrics.observe_upstream(command="StatusDomain", code=None, seconds=5.0)
    metrics.observe_journal("execute")
    metrics.observe_rejection(status=401)
    text = metrics.render().decode()
    parsed = samples(text)
    assert types(text)["bridge_request_duration_seconds"] == "histogram"
    assert types(text)["bridge_upstream_duration_seconds"] == "histogram"
    assert value(parsed, "bridge_request_duration_seconds_bucket", function="RenewDomain", le="0.25") == 0
    assert value(parsed, "bridge_request_duration_seconds_bucket", function="RenewDomain", le="0.5") == 1
    assert value(parsed, "bridge_request_duration_seconds_bucket", function="RenewDomain", le="+Inf") == 1
    assert value(parsed, "bridge_request_duration_seconds_count", function="RenewDomain") == 1
    assert value(parsed, "bridge_upstream_duration_seconds_bucket", command="StatusDomain", le="0.05") == 1
    assert value(parsed, "bridge_upstream_duration_seconds_bucket", command="StatusDomain", le="10.0") == 2
    assert value(parsed, "bridge_requests_total", function="RenewDomain", outcome="ok") == 1
    assert value(parsed, "bridge_upstream_calls_total", command="StatusDomain", code_class="5xx") == 1
    assert value(parsed, "bridge_upstream_calls_total", command="StatusDomain", code_class="transport") == 1
    # Registry error codes: only replies other than 2xx, by code.
    assert value(parsed, "bridge_upstream_error_codes_total", command="StatusDomain", code="545") == 1
    assert value(parsed, "bridge_upstream_error_codes_total", command="RenewDomain", code="200") is None
    assert value(parsed, "bridge_journal_outcomes_total", outcome="execute") == 1
    assert value(parsed, "bridge_rejected_requests_total", status="401") == 1
    # Process and build information.
    assert (value(parsed, "process_resident_memory_bytes") or 0) > 0
    assert value(parsed, "bridge_build_info", version=bridge_version(), python=_python()) == 1
    assert bridge_version() == "0.1.0"
    assert metrics.value("bridge_requests_total", function="RenewDomain", outcome="ok") == 1
    assert "_created" not in text  # no creation-time series: half the output, no use here


def _python() -> str:
    return ".".join(map(str, sys.version_info[:3]))


def test_journal_states_and_cache_ages_come_from_the_database(database: Database) -> None:
    now = utcnow()
    key = account_key(system="LIVE", login="reseller-login")
    with database.sessions() as session:
        session.execute(RefreshState.__table__.delete())
        for number, state in enumerate(["succeeded", "succeeded", "unknown"]):
            session.add(
                OperationJournal(
                    request_id=f"req-{number:08d}",
                    idempotency_key=f"key-{number}",
                    function="RegisterDomain",
                    domain=f"d{number}.com",
                    state=state,
                    created_at=now,
                    updated_at=now,
                )
            )
        session.add(
            RefreshState(account_key=key, kind="domain_snapshot", refreshed_at=now - timedelta(hours=1))
        )
        session.add(RefreshState(account_key=key, kind="tld_pricing", last_error="registry down"))
        session.commit()
    text = Metrics(database).render().decode()
    parsed = samples(text)
    assert value(parsed, "bridge_database_up") == 1
    assert value(parsed, "bridge_journal_entries", state="succeeded") == 2
    assert value(parsed, "bridge_journal_entries", state="unknown") == 1
    assert value(parsed, "bridge_journal_entries", state="started") == 0
    label = key[:12]
    age = value(parsed, "bridge_cache_age_seconds", cache="domain_snapshot", account=label)
    assert age is not None and 3600 <= age < 3600 * 10
    # Never refreshed: no age, but the failure shows.
    assert value(parsed, "bridge_cache_age_seconds", cache="tld_pricing", account=label) is None
    assert value(parsed, "bridge_cache_refresh_failing", cache="tld_pricing", account=label) == 1
    assert value(parsed, "bridge_cache_refresh_failing", cache="domain_snapshot", account=label) == 0
    assert "reseller-login" not in text


def test_an_unreadable_database_shows_as_down_and_the_rest_still_renders(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'not-migrated.db'}")
    try:
        metrics = Metrics(database)
        metrics.observe_rejection(status=400)
        parsed = samples(metrics.render().decode())
    finally:
        database.dispose()
    assert value(parsed, "bridge_database_up") == 0
    assert value(parsed, "bridge_rejected_requests_total", status="400") == 1


# ---- /metrics on the bridge's port: token, or moved away ----


async def test_metrics_token_is_required_when_set(db_url: str, bridge_factory: Any) -> None:
    _, client = await bridge_factory(make_settings(db_url, metrics_token=TOKEN))
    assert (await client.http.get("/metrics")).status_code == 401
    wrong = await client.http.get("/metrics", headers={"Authorization": "Bearer not-the-token-000000"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    right = await client.http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200 and "bridge_build_info" in right.text


async def test_metrics_are_not_on_the_bridge_port_when_they_have_their_own(
    db_url: str, bridge_factory: Any
) -> None:
    _, client = await bridge_factory(make_settings(db_url, metrics_port=closed_port()))
    assert (await client.http.get("/metrics")).status_code == 404


def test_a_short_metrics_token_is_refused(db_url: str) -> None:
    with pytest.raises(ValueError, match="BRIDGE_METRICS_TOKEN is shorter than 16 characters"):
        make_settings(db_url, metrics_token="short")


def test_metrics_port_in_use_is_one_sentence(db_url: str, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        settings = make_settings(db_url, metrics_port=busy.getsockname()[1])
        with pytest.raises(MetricsServerError, match="cannot listen for metrics on 127.0.0.1:"):
            with metrics_port(settings, tmp_path):
                pass


# ---- real processes ----


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    yield from started_processes()


def test_two_worker_processes_sharing_a_directory_are_counted_together(
    db_url: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    directory = tmp_path / "multiproc"
    directory.mkdir()
    env = bridge_env(db_url, PROMETHEUS_MULTIPROC_DIR=str(directory))
    ports = [closed_port(), closed_port()]
    for number, port in enumerate(ports):
        log = tmp_path / f"worker{number}.log"
        with log.open("wb") as out:
            command = [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "app.main:create_app",
                "--port",
                str(port),
            ]
            processes.append(subprocess.Popen(command, env=env, cwd=tmp_path, stdout=out, stderr=out))
    for number, port in enumerate(ports):
        wait_until_up(processes[number], f"http://127.0.0.1:{port}/healthz", tmp_path / f"worker{number}.log")
    with httpx.Client(timeout=30, trust_env=False) as client:
        for number, port in enumerate(ports):
            for _ in range(2 + number):  # 2 calls to the first process, 3 to the second
                call_catalogue(client, f"http://127.0.0.1:{port}")
        client.post(f"http://127.0.0.1:{ports[1]}/v1/whmcs/{CATALOGUE}", content=b"{}")  # 401
        scraped = {port: client.get(f"http://127.0.0.1:{port}/metrics").text for port in ports}
    assert scraped[ports[0]].count("\n") > 20
    for text in scraped.values():  # whichever process is scraped, it shows both
        parsed = samples(text)
        assert value(parsed, "bridge_requests_total", function=CATALOGUE, outcome="ok") == 5
        assert value(parsed, "bridge_request_duration_seconds_count", function=CATALOGUE) == 5
        assert value(parsed, "bridge_request_duration_seconds_bucket", function=CATALOGUE, le="+Inf") == 5
        assert value(parsed, "bridge_rejected_requests_total", status="401") == 1
        pids = {labels for (name, labels) in parsed if name == "process_resident_memory_bytes"}
        assert pids == {(("pid", str(p.pid)),) for p in processes}
        assert value(parsed, "bridge_journal_entries", state="started") == 0
        assert value(parsed, "bridge_build_info", version=bridge_version(), python=_python()) == 1


def test_serve_with_a_metrics_port_and_token_counts_and_logs_json(
    db_url: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    directory = tmp_path / "multiproc"
    directory.mkdir()
    (directory / "counter_999999.db").write_bytes(b"left over from an earlier run")
    port, own = closed_port(), closed_port()
    env = bridge_env(
        db_url,
        BRIDGE_PORT=str(port),
        BRIDGE_METRICS_PORT=str(own),
        BRIDGE_METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(directory),
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as out:  # a file, not a terminal: JSON lines
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "app.cli", "serve"], env=env, cwd=tmp_path, stdout=out, stderr=out
            )
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(processes[0], f"{base}/healthz", log)
    assert not (directory / "counter_999999.db").exists()  # cleaned at start
    with httpx.Client(timeout=30, trust_env=False) as client:
        request_id = call_catalogue(client, base)
        unsigned = envelope(CATALOGUE)
        refused = client.post(
            f"{base}/v1/whmcs/{CATALOGUE}",
            content=json.dumps(unsigned).encode(),
            headers={"X-Request-Id": unsigned["request_id"]},
        )
        assert refused.status_code == 401
        assert client.get(f"{base}/metrics").status_code == 404
        assert client.get(f"http://127.0.0.1:{own}/metrics").status_code == 401
        scraped = client.get(f"http://127.0.0.1:{own}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scraped.status_code == 200
    parsed = samples(scraped.text)
    assert value(parsed, "bridge_requests_total", function=CATALOGUE, outcome="ok") == 1
    assert value(parsed, "bridge_rejected_requests_total", status="401") == 1
    assert value(parsed, "process_resident_memory_bytes", pid=str(processes[0].pid))
    stop(processes[0])
    output = log.read_text()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    others = [line for line in output.splitlines() if not line.startswith("{")]
    assert others == [f"ispapi-bridge serving on http://127.0.0.1:{port} (1 worker process)"]
    by_id: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        by_id.setdefault(line.get("request_id", ""), []).append(line)
    # The signed call: the bridge's line and uvicorn's access line, both with the request id.
    mine = {(line["logger"], line["message"].split(" - ")[-1]) for line in by_id[request_id]}
    assert ("app.request", "request done") in mine
    assert ("uvicorn.access", f'"POST /v1/whmcs/{CATALOGUE} HTTP/1.1" 200') in mine
    # The unsigned one: its rejection and its access line carry the id it came with.
    refused_lines = by_id[unsigned["request_id"]]
    assert {line["logger"] for line in refused_lines} == {"app.request", "uvicorn.access"}
    assert all(line["status"] == 401 for line in refused_lines)
    # uvicorn's start-up lines are JSON too; no secret anywhere.
    assert any(line["logger"] == "uvicorn.error" for line in lines)
    assert SECRET not in output and "s3cret-ispapi-pw" not in output and TOKEN not in output
