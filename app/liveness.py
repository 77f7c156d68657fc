"""Which process runs a journal attempt, and whether that process is provably gone (app/journal.py).

An owner is "<host> <pid> <start>": the start time (Linux: /proc/<pid>/stat field 22, clock ticks since
boot) tells a process from a later one that reuses its pid. Only a process on this host can be checked;
any doubt answers "not gone", which merely lets the row's lease run out. Safety never depends on this
answer: the journal fences every money command on the row's attempt number.
"""

from __future__ import annotations

import os
import socket
from functools import lru_cache
from pathlib import Path

_PROC = Path("/proc")


def _start_time(pid: int) -> str | None:
    """The kernel's start time of `pid`, None when the process does not exist or /proc cannot tell."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may contain spaces: split after its last ")".
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else None


def current_owner() -> str:
    # Keyed by pid: a worker forked from a process that already asked must not inherit its answer.
    return _owner_of(os.getpid())


@lru_cache(maxsize=4)
def _owner_of(pid: int) -> str:
    return f"{socket.gethostname()} {pid} {_start_time(pid) or '-'}"


def owner_is_gone(owner: str | None) -> bool:
    """True only when `owner` ran on this host and its process has ended (or its pid is another's now)."""
    if not owner:
        return False
    host, _, rest = owner.partition(" ")
    pid_text, _, start = rest.partition(" ")
    if host != socket.gethostname() or not pid_text.isascii() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if owner == current_owner():
        return False  # this very process: another request in it holds the row
    if _PROC.is_dir():
        now = _start_time(pid)
        return now is None or (start not in ("", "-") and now != start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False
