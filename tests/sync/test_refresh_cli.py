"""`ispapi-bridge sync --refresh` / `pricing --refresh` as an operator runs them.

Real subprocesses against one migrated SQLite file and a sandbox served on loopback. Two refresh
processes started together are two database engines in two processes: the lease row in `refresh_lock`
must make them run ONE refresh between them (one set of registry calls), the other process waiting for it.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sandbox.controls import seed_domains
from sandbox.core import Sandbox, SandboxConfig
from sandbox.systems import CNR, CNR_OTE
from tests.e2e.stack import SandboxServer, free_port

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "demo"
DOMAINS = 1500  # two QueryDomainList pages of 1,000
LIST_LATENCY_MS = 1500  # per page: a refresh takes >= 3 s, far longer than the start-up skew of two CLIs
TIMEOUT = 90.0


@dataclass
class Registry:
    engine: Sandbox
    url: str
    password: str
    commands: list[dict[str, Any]] = field(default_factory=list)

    def sent(self, command: str) -> list[dict[str, Any]]:
        return [c for c in self.commands if c["command"] == command]


@pytest.fixture
def registry() -> Iterator[Registry]:
    password = secrets.token_urlsafe(12)
    engine = Sandbox(SandboxConfig(login=LOGIN, password=password))
    server = SandboxServer(engine, free_port())
    found = Registry(engine, f"http://127.0.0.1:{server.port}/api/call.cgi", password)
    engine.log_sinks.append(found.commands.append)
    server.start()
    try:
        yield found
    finally:
        server.stop()


@pytest.fixture
def env(tmp_path: Path, registry: Registry) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and "proxy" not in k.lower()}
    values = {
        **base,
        "PYTHONPATH": str(ROOT),
        "BRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'bridge.db'}",
        "BRIDGE_ISPAPI_URL": registry.url,
        "ISPAPI_PW": registry.password,
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env=values,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    return values


def start(what: str, *extra: str, env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", what, "--login", LOGIN, "--password-env", "ISPAPI_PW", *extra],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr); bytes decoded here because text mode would turn the bar's \r into \n."""
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate(timeout=10)
    return process.returncode, out.decode(), err.decode()


def test_two_refresh_processes_make_one_set_of_list_calls(
    tmp_path: Path, env: dict[str, str], registry: Registry
) -> None:
    assert seed_domains(registry.engine, DOMAINS) == DOMAINS
    registry.engine.latency.per_command["QUERYDOMAINLIST"] = LIST_LATENCY_MS
    processes = [start("sync", "--refresh", env=env, cwd=tmp_path) for _ in range(2)]
    results = [finish(p) for p in processes]

    assert [code for code, _, _ in results] == [0, 0], results
    outputs = sorted(out.strip() for _, out, _ in results)
    assert outputs == [
        "another process refreshed the snapshot (waited)",
        f"snapshot refreshed: {DOMAINS} domains, 2 registry calls",
    ]
    pages = registry.sent("QueryDomainList")
    assert sorted(c["params"].get("FIRST", "0") for c in pages) == ["0", "1000"]  # one refresh, once
    assert all(c["params"]["LIMIT"] == "1000" for c in pages)  # >= 1,000 domains per call
    # the progress bar of the process that ran it, redrawn in place on stderr, ends full
    runner_err = next(err for _, out, err in results if out.startswith("snapshot refreshed"))
    frames = runner_err.split("\r")[1:]
    assert frames == [
        f"[{'#' * 20}{'-' * 10}]    1000/{DOMAINS} domains",  # after the first page
        f"[{'#' * 30}]    {DOMAINS}/{DOMAINS} domains\n",  # full, then a new line for what follows
    ]
    assert registry.password not in runner_err + outputs[0] + outputs[1]

    shown = finish(start("sync", env=env, cwd=tmp_path))  # without --refresh: the state, no registry call
    assert shown[0] == 0
    assert re.fullmatch(
        rf"last refresh \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC: {DOMAINS} rows, 2 registry calls\n", shown[1]
    )
    assert len(registry.sent("QueryDomainList")) == 2


def test_pricing_refresh_with_progress_then_state(
    tmp_path: Path, env: dict[str, str], registry: Registry
) -> None:
    assert finish(start("pricing", env=env, cwd=tmp_path))[1] == (
        "no pricing data yet for this account; run with --refresh\n"
    )
    code, out, err = finish(start("pricing", "--refresh", env=env, cwd=tmp_path))
    assert code == 0, err
    found = re.fullmatch(r"pricing refreshed: (\d+) TLDs, (\d+) skipped, (\d+) registry calls\n", out)
    assert found is not None, out
    tlds, calls = int(found[1]), int(found[3])
    assert tlds > 1000 and calls == len(registry.commands)  # what it reports is what the registry got
    assert calls <= 12  # a cold refresh of ~1,500 TLDs in at most 12 registry calls
    frames = err.split("\r")[1:]
    assert len(frames) >= 2 and all(frame.endswith(" steps") for frame in frames[:-1])
    assert re.fullmatch(rf"\[{'#' * 30}\] +(\d+)/\1 steps\n", frames[-1]), frames[-1]

    code, out, _ = finish(start("pricing", env=env, cwd=tmp_path))
    assert code == 0
    assert re.fullmatch(rf"last refresh .* UTC: {tlds} rows, {calls} registry calls\n", out)


def test_refresh_failure_is_reported_without_a_traceback(
    tmp_path: Path, env: dict[str, str], registry: Registry
) -> None:
    code, out, err = finish(
        start("sync", "--refresh", env={**env, "ISPAPI_PW": "wrong-password"}, cwd=tmp_path)
    )
    assert code == 1
    assert "ispapi-bridge sync: refresh failed:" in err and "Traceback" not in err
    assert "wrong-password" not in out + err
    shown = finish(start("sync", env=env, cwd=tmp_path))[1]
    assert "no sync data yet for this account; run with --refresh" in shown
    assert "last refresh failed:" in shown


CNR_DOMAINS = 1200  # two CNR QueryDomainList pages too


def cnr_env(env: dict[str, str], registry: Registry) -> dict[str, str]:
    """The bridge settings naming the sandbox's CNR systems (BRIDGE_CNR_URL, BRIDGE_CNR_OTE_URL)."""
    base = registry.url.removesuffix("/api/call.cgi")
    return {
        **env,
        "BRIDGE_CNR_URL": f"{base}/cnr/api/call.cgi",
        "BRIDGE_CNR_OTE_URL": f"{base}/cnr-ote/api/call.cgi",
    }


def test_sync_refresh_on_cnr_reads_the_cnr_account_under_its_own_key(
    tmp_path: Path, env: dict[str, str], registry: Registry
) -> None:
    assert seed_domains(registry.engine, CNR_DOMAINS, entity=CNR) == CNR_DOMAINS
    values = cnr_env(env, registry)
    code, out, err = finish(start("sync", "--refresh", "--backend", "cnr", env=values, cwd=tmp_path))
    assert code == 0, err
    assert out == f"snapshot refreshed: {CNR_DOMAINS} domains, 2 registry calls\n"
    pages = registry.sent("QueryDomainList")
    assert len(pages) == 2 and {c["system"] for c in pages} == {CNR}  # nothing asked of ISPAPI
    assert registry.password not in out + err

    shown = finish(start("sync", "--backend", "cnr", env=values, cwd=tmp_path))[1]
    assert re.fullmatch(rf"last refresh .* UTC: {CNR_DOMAINS} rows, 2 registry calls\n", shown)
    # The same login on ISPAPI is another account: its snapshot is not the CNR one.
    assert finish(start("sync", env=values, cwd=tmp_path))[1] == (
        "no sync data yet for this account; run with --refresh\n"
    )


def test_pricing_refresh_on_cnr_ote_through_url(
    tmp_path: Path, env: dict[str, str], registry: Registry
) -> None:
    ote = registry.url.removesuffix("/api/call.cgi") + "/cnr-ote/api/call.cgi"
    args = ("--backend", "cnr", "--ote", "--url", ote)
    code, out, err = finish(start("pricing", "--refresh", *args, env=env, cwd=tmp_path))
    assert code == 0, err
    found = re.fullmatch(r"pricing refreshed: (\d+) TLDs, (\d+) skipped, (\d+) registry calls\n", out)
    assert found is not None, out
    assert int(found[1]) > 100 and int(found[3]) == len(registry.commands)
    assert {c["system"] for c in registry.commands} == {CNR_OTE}
    assert "QueryZoneList" in {c["command"] for c in registry.commands}
    shown = finish(start("pricing", *args, env=env, cwd=tmp_path))[1]
    assert re.fullmatch(rf"last refresh .* UTC: {found[1]} rows, {found[3]} registry calls\n", shown)


def test_refresh_on_cnr_with_a_wrong_password_says_so_without_the_password(
    tmp_path: Path, env: dict[str, str], registry: Registry
) -> None:
    values = {**cnr_env(env, registry), "ISPAPI_PW": "wrong-password"}
    code, out, err = finish(start("sync", "--refresh", "--backend", "cnr", env=values, cwd=tmp_path))
    assert code == 1 and "ispapi-bridge sync: refresh failed:" in err and "Traceback" not in err
    assert "wrong-password" not in out + err
    assert [c["system"] for c in registry.commands] == [CNR]


def test_an_unknown_backend_is_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    code, _, err = finish(start("sync", "--backend", "rrpproxy", env=env, cwd=tmp_path))
    assert code == 2 and "invalid choice: 'rrpproxy'" in err
