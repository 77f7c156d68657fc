"""`make run` (scripts/run_local.py): starts sandbox and bridge, prints the WHMCS settings, stops on Ctrl-C.

The printed settings are then used as they are by real php against the started bridge and sandbox, and
SIGINT must leave no child behind.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.stack import ROOT, domain_params_for, free_port, fresh_domain
from tests.whmcs.harness import module_config, run_whmcs

pytestmark = [pytest.mark.e2e, pytest.mark.php]

SCRIPT = ROOT / "scripts" / "run_local.py"
SETTING = re.compile(r"^\s{2}(\w+)\s{2,}(\S+)\s*$")


def children_of(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def read_settings(process: subprocess.Popen[str], timeout: float) -> dict[str, str]:
    """Lines of stdout until "Press Ctrl-C"; returns the printed settings. A reader thread, because
    select() on a buffered pipe misses lines already read into the buffer."""
    assert process.stdout is not None
    stdout = process.stdout
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        try:
            for line in stdout:
                lines.put(line)
        except (ValueError, OSError):  # the test closed the pipe: nothing more to read
            return

    threading.Thread(target=pump, daemon=True).start()
    settings: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if "Press Ctrl-C" in line:
            return settings
        match = SETTING.match(line)
        if match:
            settings[match.group(1)] = match.group(2)
    raise AssertionError(f"run_local printed no settings within {timeout} s: {settings}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_run_local_prints_working_settings_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    bridge_port, sandbox_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and "proxy" not in k.lower()}
    env.update({"BRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'bridge.db'}", "PYTHONPATH": str(ROOT)})
    stderr_path = tmp_path / "stderr.log"
    ports = ["--bridge-port", str(bridge_port), "--sandbox-port", str(sandbox_port)]
    command = [sys.executable, str(SCRIPT), *ports, "--state-dir", str(tmp_path / "var")]
    with stderr_path.open("w") as stderr_file:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=stderr_file, text=True)
    try:
        settings = read_settings(process, timeout=90)  # migrate + two servers on a loaded machine
        assert settings["BridgeURL"] == f"http://127.0.0.1:{bridge_port}"
        assert settings["Username"] == "demo" and settings["TestMode"] == "on"
        assert len(settings["BridgeSecret"]) >= 32
        children = children_of(process.pid)
        assert len(children) == 2

        # The printed settings work as they are: a lookup through php, the bridge and the sandbox.
        config = module_config(settings["BridgeURL"], settings["BridgeSecret"], password=settings["Password"])
        config["Username"] = settings["Username"]
        result = run_whmcs("GetNameservers", domain_params_for(fresh_domain()), config=config)
        assert result.error is not None and result.error.startswith("Object not found;"), result.error

        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
    stderr = stderr_path.read_text()
    assert process.returncode == 0, stderr
    assert not [pid for pid in children if alive(pid)]
    assert "Traceback" not in stderr
    assert (tmp_path / "var" / "dev-secret").read_text().strip() == settings["BridgeSecret"]
