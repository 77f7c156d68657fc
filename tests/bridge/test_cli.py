"""`ispapi-bridge` as an operator runs it: real subprocesses, environment passed explicitly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.bridge.conftest import SECRET, closed_port

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env={**base, **env},
        cwd=cwd,  # a folder without a .env file
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_migrate_creates_the_schema(tmp_path: Path, db_url: str) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'bridge.db'}"
    result = run_cli("migrate", env={"BRIDGE_DATABASE_URL": url}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "database is at the latest schema" in result.stdout
    # Migrating again is a no-op; on the shared test database too.
    assert run_cli("migrate", env={"BRIDGE_DATABASE_URL": url}, cwd=tmp_path).returncode == 0
    assert run_cli("migrate", env={"BRIDGE_DATABASE_URL": db_url}, cwd=tmp_path).returncode == 0


def test_migrate_against_an_unreachable_server_says_what_to_check(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{closed_port()}/nothing?connect_timeout=2"
    result = run_cli("migrate", env={"BRIDGE_DATABASE_URL": url}, cwd=tmp_path)
    assert result.returncode == 1
    assert "check BRIDGE_DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_doctor_against_a_closed_port_reports_problems_in_plain_words(tmp_path: Path, db_url: str) -> None:
    port = closed_port()
    env = {
        "BRIDGE_DATABASE_URL": db_url,
        "BRIDGE_SECRET": SECRET,
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{port}/api/call.cgi",
        "DOCTOR_PW": "hunter2hunter2",
    }
    result = run_cli(
        "doctor", "--login", "demo", "--password-env", "DOCTOR_PW", "--ote", env=env, cwd=tmp_path
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "OK BRIDGE_SECRET is set" in lines
    assert "OK database reachable and migrated" in lines
    upstream = [line for line in lines if line.startswith("PROBLEM ISPAPI endpoint")]
    assert len(upstream) == 1 and f"127.0.0.1:{port}" in upstream[0] and "check the network" in upstream[0]
    assert "PROBLEM credentials not checked: the ISPAPI endpoint is not reachable" in lines
    assert "Traceback" not in result.stderr and "hunter2hunter2" not in result.stdout + result.stderr


def test_doctor_reports_placeholder_secret_and_unmigrated_database(tmp_path: Path) -> None:
    env = {
        "BRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
        "BRIDGE_SECRET": "change-me",
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{closed_port()}/api/call.cgi",
    }
    result = run_cli("doctor", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "PROBLEM BRIDGE_SECRET is still a placeholder" in result.stdout
    assert "PROBLEM database is reachable but not migrated: run `ispapi-bridge migrate`" in result.stdout


def test_serve_refuses_a_placeholder_secret_with_exit_code_2(tmp_path: Path) -> None:
    result = run_cli("serve", env={"BRIDGE_SECRET": "change-me"}, cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert "BRIDGE_SECRET is still a placeholder" in result.stderr
    assert "Traceback" not in result.stderr and "change-me" not in result.stderr


def test_serve_refuses_a_missing_secret(tmp_path: Path) -> None:
    result = run_cli("serve", env={}, cwd=tmp_path, timeout=30)
    assert result.returncode == 2 and "BRIDGE_SECRET is empty" in result.stderr


def test_unknown_subcommand_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("frobnicate", env={}, cwd=tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_serve_answers_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bridge.db'}"
    assert run_cli("migrate", env={"BRIDGE_DATABASE_URL": url}, cwd=tmp_path).returncode == 0
    port = closed_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_")}
    env = {
        **base,
        "PYTHONPATH": str(ROOT),
        "BRIDGE_DATABASE_URL": url,
        "BRIDGE_SECRET": SECRET,
        "BRIDGE_PORT": str(port),
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{closed_port()}/api/call.cgi",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60  # start-up on a loaded machine
        answer = None
        with httpx.Client(timeout=5, trust_env=False) as client:
            while time.monotonic() < deadline and answer is None:
                try:
                    answer = client.get(f"http://127.0.0.1:{port}/healthz")
                except httpx.TransportError:
                    time.sleep(0.1)
        assert answer is not None and answer.json() == {"ok": True}
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert SECRET not in stderr


def test_doctor_all_ok_against_a_running_sandbox(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bridge.db'}"
    assert run_cli("migrate", env={"BRIDGE_DATABASE_URL": url}, cwd=tmp_path).returncode == 0
    port = closed_port()
    serve_sandbox = (
        "import uvicorn\n"
        "from sandbox.app import create_app\n"
        "from sandbox.core import SandboxConfig\n"
        "app = create_app(config=SandboxConfig(login='demo', password='sandbox-pw-1234'))\n"
        f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')\n"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_")}
    sandbox = subprocess.Popen(
        [sys.executable, "-c", serve_sandbox],
        env={**base, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60  # start-up on a loaded machine
        while time.monotonic() < deadline:
            try:
                httpx.post(f"http://127.0.0.1:{port}/api/call.cgi", content=b"", timeout=5, trust_env=False)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        env = {
            "BRIDGE_DATABASE_URL": url,
            "BRIDGE_SECRET": SECRET,
            "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{port}/api/call.cgi",
            "SANDBOX_PW": "sandbox-pw-1234",
        }
        good = run_cli(
            "doctor", "--ote", "--login", "demo", "--password-env", "SANDBOX_PW", env=env, cwd=tmp_path
        )
        wrong = run_cli(
            "doctor", "--ote", "--login", "demo", "--password", "nope-nope", env=env, cwd=tmp_path
        )
    finally:
        sandbox.send_signal(signal.SIGINT)
        sandbox.communicate(timeout=20)
    assert good.returncode == 0, good.stdout + good.stderr
    assert all(line.startswith("OK ") for line in good.stdout.splitlines())
    assert "OK CheckAuthentication for demo answered 200" in good.stdout
    assert wrong.returncode == 1
    assert "PROBLEM CheckAuthentication for demo answered 530" in wrong.stdout
    assert "check Username/Password" in wrong.stdout and "nope-nope" not in wrong.stdout
