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
# "  Bridge URL            http://..." : the WHMCS label, then the value (either may hold single spaces).
SETTING = re.compile(r"^\s{2}(\S+(?: \S+)*)\s{2,}(\S+(?: \S+)*)\s*$")
# "   Backend=cnr (CentralNic Reseller):" opens the settings of one backend; "   and for either backend:"
# the settings both share; "  BRIDGE_CNR_URL=http://..." is the bridge environment.
SECTION = re.compile(r"^\s{3}Backend=(\w+) \(.*\):$")
SHARED = "   and for either backend:"
ENVIRONMENT = re.compile(r"^\s{2}(BRIDGE_\w+)=(\S+)$")
TRANSPORT_PHP = ROOT / "php-shim" / "modules" / "registrars" / "ispapi" / "lib" / "Transport.php"


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


def read_settings(process: subprocess.Popen[str], timeout: float) -> tuple[dict[str, dict[str, str]], str]:
    """Lines of stdout until "Press Ctrl-C"; returns the printed settings per section ("ispapi", "cnr",
    "shared", "env") and all text. A reader thread, because select() on a buffered pipe misses lines
    already read into the buffer."""
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
    # Before run_local's own text the sandbox prints its start-up lines: they belong to no section.
    sections: dict[str, dict[str, str]] = {"sandbox": {}}
    section = "sandbox"
    text = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        text += line
        if "Press Ctrl-C" in line:
            return sections, text
        section = _section_of(line.rstrip("\n"), section)
        sections.setdefault(section, {})
        match = ENVIRONMENT.match(line) or SETTING.match(line)
        if match:
            sections[section][match.group(1)] = match.group(2)
    raise AssertionError(f"run_local printed no settings within {timeout} s: {sections}")


def _section_of(line: str, current: str) -> str:
    if line.startswith("The bridge and the sandbox are running."):
        return "env"
    opened = SECTION.match(line)
    if opened:
        return opened.group(1)
    return "shared" if line == SHARED else current


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_run_local_prints_working_settings_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    bridge_port, sandbox_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and "proxy" not in k.lower()}
    env.update({"PYTHONPATH": str(ROOT)})  # no BRIDGE_DATABASE_URL: the database goes to --state-dir
    stderr_path = tmp_path / "stderr.log"
    ports = ["--bridge-port", str(bridge_port), "--sandbox-port", str(sandbox_port)]
    command = [sys.executable, str(SCRIPT), *ports, "--state-dir", str(tmp_path / "var")]
    with stderr_path.open("w") as stderr_file:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=stderr_file, text=True)
    try:
        sections, text = read_settings(process, timeout=90)  # migrate + two servers on a loaded machine
        shared, env = sections["shared"], sections["env"]
        assert shared["Bridge URL"] == f"http://127.0.0.1:{bridge_port}"
        assert len(shared["Bridge Secret"]) >= 32
        default_timeout = re.search(r"DEFAULT_TIMEOUT = (\d+);", TRANSPORT_PHP.read_text())
        assert default_timeout is not None and shared["Bridge Timeout"] == default_timeout.group(1)
        sandbox = f"http://127.0.0.1:{sandbox_port}"
        assert env == {
            "BRIDGE_ISPAPI_URL": f"{sandbox}/api/call.cgi",
            "BRIDGE_CNR_URL": f"{sandbox}/cnr/api/call.cgi",
            "BRIDGE_CNR_OTE_URL": f"{sandbox}/cnr-ote/api/call.cgi",
        }
        # The dropdown labels of the Backend setting, as lib/Local.php offers them.
        assert sections["ispapi"]["Backend"] == "HEXONET ISPAPI"
        assert sections["cnr"]["Backend"] == "CentralNic Reseller"
        for backend in ("ispapi", "cnr"):
            account = sections[backend]
            assert account["Username"] == "demo" and account["Use Test Environment"] == "ticked", account
        assert "Copy the folder php-shim/modules/registrars/ispapi/" in text
        assert (tmp_path / "var" / "bridge.db").exists() and (tmp_path / "var" / "sandbox.sqlite").exists()
        children = children_of(process.pid)
        assert len(children) == 2
        password = sections["ispapi"]["Password"]
        for child in children:  # the sandbox password is in no command line (`ps` shows them to all)
            assert password not in (Path("/proc") / str(child) / "cmdline").read_text()

        # The printed settings work as they are, for either backend: a lookup through php, the bridge and
        # the sandbox's ISPAPI or CNR OT&E system.
        not_found = {"ispapi": "Object not found;", "cnr": "Entity reference not found;"}
        for backend, wording in not_found.items():
            config = module_config(shared["Bridge URL"], shared["Bridge Secret"], password=password)
            account = sections[backend]
            config.update(Username=account["Username"], Password=account["Password"], Backend=backend)
            result = run_whmcs("GetNameservers", domain_params_for(fresh_domain()), config=config)
            assert result.error is not None and result.error.startswith(wording), (backend, result.error)

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
    assert (tmp_path / "var" / "dev-secret").read_text().strip() == shared["Bridge Secret"]
