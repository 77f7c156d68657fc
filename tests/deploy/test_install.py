"""`pip install .` (not editable) into a fresh virtualenv, then the commands from another folder: the
package carries its migrations and works without the checkout, as the Dockerfile and the systemd unit
use it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app import __version__
from tests.bridge.conftest import SECRET
from tests.deploy.compose import ROOT

pytestmark = pytest.mark.slow

# What the Dockerfile's build stage copies; nothing else of the checkout may be needed.
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "app", "sandbox"]
UNIT = ROOT / "deploy" / "ispapi-bridge.service"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh virtualenv with the package installed from a copy of the build sources."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.rmtree(source)  # the installed package must not lean on its sources
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def run(bin_dir: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and k != "PYTHONPATH"}
    return subprocess.run(
        [str(bin_dir / "ispapi-bridge"), *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_package_is_self_contained(installed: Path, elsewhere: Path) -> None:
    code = "import app.db.migrations as m; print(m.__file__); print(m.MIGRATIONS_DIR)"
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # as run() does: the venv alone
    probe = subprocess.run(
        [str(installed / "python"), "-c", code],
        cwd=elsewhere, capture_output=True, text=True, timeout=60, check=True, env=clean,
    )  # fmt: skip
    package, migrations = probe.stdout.splitlines()
    assert "site-packages" in package and str(ROOT) not in package
    assert sorted(p.name for p in Path(migrations, "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "app" / "migrations" / "versions").glob("*.py")
    )
    licenses = list(
        installed.parent.glob("lib/python*/site-packages/ispapi_bridge-*.dist-info/licenses/LICENSE")
    )
    assert len(licenses) == 1 and licenses[0].read_text() == (ROOT / "LICENSE").read_text()


def test_version(installed: Path, elsewhere: Path) -> None:
    result = run(installed, "--version", cwd=elsewhere)
    assert result.returncode == 0 and result.stdout.strip() == f"ispapi-bridge {__version__}"


def test_migrate_doctor_and_serve_from_another_folder(installed: Path, elsewhere: Path) -> None:
    env = {
        "BRIDGE_DATABASE_URL": f"sqlite:///{elsewhere / 'var' / 'bridge.db'}",
        "BRIDGE_SECRET": SECRET,
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{_closed_port()}/api/call.cgi",
    }
    migrate = run(installed, "migrate", cwd=elsewhere, **env)
    assert migrate.returncode == 0, migrate.stderr
    assert migrate.stdout.startswith("database created at the latest schema")

    doctor = run(installed, "doctor", cwd=elsewhere, **env)
    assert "OK database reachable and migrated" in doctor.stdout.splitlines(), doctor.stdout + doctor.stderr
    assert "OK BRIDGE_SECRET is set" in doctor.stdout.splitlines() and "Traceback" not in doctor.stderr

    port = _closed_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and k != "PYTHONPATH"}
    serve = subprocess.Popen(
        [str(installed / "ispapi-bridge"), "serve", "--port", str(port)],
        env={**base, **env}, cwd=elsewhere, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(timeout=2, trust_env=False) as client:
            while True:
                try:
                    ready = client.get(f"http://127.0.0.1:{port}/readyz")
                    break
                except httpx.TransportError:
                    assert serve.poll() is None and time.monotonic() < deadline, serve.communicate()
                    time.sleep(0.2)
        # Migrated (from the package's own scripts); only the registry endpoint (a closed port) is down.
        assert ready.status_code == 503 and ready.json()["down"] == ["upstream"], ready.text
    finally:
        serve.send_signal(signal.SIGTERM)
        _, stderr = serve.communicate(timeout=30)
    assert serve.returncode in (0, -signal.SIGTERM), stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_the_systemd_unit_verifies_against_the_installed_commands(installed: Path, tmp_path: Path) -> None:
    text = UNIT.read_text()
    commands = re.findall(r"^ExecStart(?:Pre)?=(\S+) (\w+)$", text, re.M)
    assert [sub for _, sub in commands] == ["migrate", "serve"]
    # The unit as shipped, with the virtualenv where this test made it and no environment file needed.
    local = text.replace("/opt/ispapi-bridge/bin", str(installed)).replace(
        "EnvironmentFile=/etc/ispapi-bridge/bridge.env", f"EnvironmentFile=-{tmp_path / 'bridge.env'}"
    )
    unit = tmp_path / "ispapi-bridge.service"
    unit.write_text(local)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0 and "ispapi-bridge.service" not in result.stderr, result.stderr
