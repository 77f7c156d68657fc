"""State in a SQLite file survives a restart: two Sandbox instances, and the CLI in two processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sandbox import controls
from sandbox.core import Sandbox, SandboxConfig
from sandbox.persistence import StateFileError, StateStore
from tests.sandbox.server import free_port
from tests.sandbox.wire import LOGIN, PASSWORD, Client, all_contacts, body, parse

CONFIG = SandboxConfig(login=LOGIN, password=PASSWORD)


def test_two_instances_share_the_file(tmp_path: Path) -> None:
    first = Client(Sandbox(CONFIG))
    first.register("kept.com", TRANSFERLOCK=1)
    first.ok("CreateRoleUser", ROLEID="keeper", PASSWORD="keeper-pass-1", ACL0="StatusDomain():ALLOW")
    controls.add_foreign_domain(first.engine, "coming.com", auth="Auth-1")
    first.ok("TransferDomain", DOMAIN="coming.com", AUTH="Auth-1")
    first.engine.clock.advance(days=1)
    store = StateStore(tmp_path / "state.sqlite")
    store.save(first.engine)

    second = Client(Sandbox(CONFIG))
    assert StateStore(tmp_path / "state.sqlite").load(second.engine)
    assert second.world.domains["kept.com"] == first.world.domains["kept.com"]
    assert second.world.transfers.keys() == {"coming.com"}
    assert second.world.accounts == first.world.accounts
    assert second.engine.money_count("kept.com", command="AddDomain") == 1
    assert second.engine.clock.offset_seconds == first.engine.clock.offset_seconds
    assert second.ok("StatusDomain", DOMAIN="kept.com").one("TRANSFERLOCK") == "1"
    role = second.as_user(f"{LOGIN}!keeper", "keeper-pass-1")
    assert role.call("StatusDomain", DOMAIN="kept.com").code == 200
    second.engine.clock.advance(days=5)
    assert second.world.domains["coming.com"].owner != LOGIN
    second.ok("StatusAccount")  # the clock moves the restored transfer on
    assert second.world.domains["coming.com"].owner == LOGIN


def test_empty_and_foreign_files(tmp_path: Path) -> None:
    assert not StateStore(tmp_path / "new.sqlite").load(Sandbox(CONFIG))
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateFileError):
        StateStore(junk)


@pytest.mark.slow
def test_cli_restart_keeps_state(tmp_path: Path) -> None:
    state, log = tmp_path / "cli.sqlite", tmp_path / "commands.jsonl"
    for round_number in range(2):
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sandbox",
                "--port",
                str(port),
                "--login",
                LOGIN,
                "--password",
                PASSWORD,
                "--state-file",
                str(state),
                "--command-log",
                str(log),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        try:
            banner = process.stdout.readline() if process.stdout else ""
            assert "/api/call.cgi" in banner
            url = f"http://127.0.0.1:{port}/api/call.cgi"
            with httpx.Client(timeout=10) as client:
                deadline = time.monotonic() + 60  # start-up on a loaded machine; idle it takes ~1 s
                while True:
                    try:
                        client.post(url, content=body("StatusAccount", {}))
                        break
                    except httpx.TransportError:
                        assert time.monotonic() < deadline, "sandbox did not come up"
                        time.sleep(0.1)
                if round_number == 0:
                    params = {"DOMAIN": "cli-kept.com", "PERIOD": "1", **all_contacts()}
                    assert parse(client.post(url, content=body("AddDomain", params)).text).code == 200
                else:
                    status = parse(
                        client.post(url, content=body("StatusDomain", {"DOMAIN": "cli-kept.com"})).text
                    )
                    assert status.code == 200
        finally:
            process.send_signal(signal.SIGINT)
            _, errors = process.communicate(timeout=15)
        assert process.returncode == 0 and "Traceback" not in errors, errors
    entries = log.read_text().splitlines()
    assert any('"AddDomain"' in line for line in entries) and PASSWORD not in log.read_text()
    assert os.path.getsize(state) > 0


def test_cli_arguments_configure_the_engine(tmp_path: Path) -> None:
    from sandbox.cli import _parser, build

    args = _parser().parse_args(
        [
            "--latency-ms",
            "5",
            "--latency-ms",
            "StatusDomain=40",
            "--fault",
            "temporary=0.25",
            "--fault",
            "AddDomain:reply_lost=1",
            "--seed-domains",
            "30",
            "--host",
            "0.0.0.0",
        ]
    )
    engine, store, token, password = build(args)
    assert engine.latency.default_ms == 5 and engine.latency.for_command("statusdomain") == 40
    assert engine.faults.probabilities == {"temporary": 0.25}
    assert engine.faults.per_command == {"ADDDOMAIN": {"reply_lost": 1.0}}
    assert len(engine.worlds["54cd"].domains) == 30 and store is None
    assert token and len(password) >= 12  # off loopback the admin path needs a (generated) token
    loopback = build(_parser().parse_args(["--password", "given-pass-1"]))
    assert loopback[2] is None and loopback[3] == "given-pass-1"
    for bad in (["--fault", "explode=0.5"], ["--fault", "temporary=lots"], ["--latency-ms", "x=y"]):
        with pytest.raises(controls.ControlError):
            build(_parser().parse_args(bad))
