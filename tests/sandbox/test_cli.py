"""`ispapi-sandbox` start-up problems are one line each, and the password need not be on the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.cli import _parser, build

ROOT = Path(__file__).resolve().parents[2]


def run_sandbox(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from sandbox.cli import main; sys.exit(main())", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("port", ["99999", "0", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(port: str) -> None:
    result = run_sandbox("--port", port)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --port" in result.stderr.splitlines()[-1]


def test_a_port_in_use_is_one_line_before_the_banner() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_sandbox("--port", str(port))
    assert result.returncode == 1 and result.stdout == ""
    expected = f"ispapi-sandbox: cannot listen on 127.0.0.1:{port}: the port is already in use; "
    assert result.stderr == expected + "choose another --port\n"


def test_the_password_comes_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_file = tmp_path / "pw"
    secret_file.write_text("from-the-file-123\n")
    monkeypatch.setenv("ISPAPI_SANDBOX_PASSWORD", "from-the-env-456")
    assert build(_parser().parse_args(["--password-file", str(secret_file)]))[3] == "from-the-file-123"
    assert build(_parser().parse_args([]))[3] == "from-the-env-456"
    assert build(_parser().parse_args(["--password", "given-789"]))[3] == "given-789"
    monkeypatch.delenv("ISPAPI_SANDBOX_PASSWORD")
    assert len(build(_parser().parse_args([]))[3]) >= 12  # generated


def test_an_unreadable_or_empty_password_file_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    for path, reason in ((tmp_path / "missing", "cannot read --password-file"), (empty, "is empty")):
        result = run_sandbox("--password-file", str(path), "--port", "1")
        assert result.returncode == 2 and reason in result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
