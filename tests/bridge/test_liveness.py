"""Which process runs a journal attempt, and whether it is provably gone (app/liveness.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.liveness import current_owner, owner_is_gone

HOST = socket.gethostname()
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def start_time(pid: int) -> str:
    return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[19]


def test_this_process_is_not_gone() -> None:
    owner = current_owner()
    assert owner.startswith(f"{HOST} {os.getpid()} ")
    assert owner_is_gone(owner) is False


def test_an_ended_process_of_this_host_is_gone() -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    assert owner_is_gone(f"{HOST} {int(child.stdout)} 12345") is True


@linux_only
def test_a_running_process_is_not_gone_unless_its_pid_was_reused() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        real = start_time(child.pid)
        assert owner_is_gone(f"{HOST} {child.pid} {real}") is False
        assert owner_is_gone(f"{HOST} {child.pid} {int(real) + 1}") is True  # same pid, a later process
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize(
    "owner", [None, "", "another-host 1 1", f"{HOST} not-a-pid 1", f"{HOST} ² 1", "garbage"]
)
def test_anything_not_provably_gone_is_not_gone(owner: str | None) -> None:
    assert owner_is_gone(owner) is False
