"""Fault injection and latency of a sandbox, decided per call by the HTTP layer (sandbox/app.py):

* `temporary`   answer 421, nothing done;
* `dropped`     the connection breaks before the command runs (nothing done, client sees a transport error);
* `reply_lost`  the command runs and changes state, then the connection breaks (transport error);
* `slow`        the reply comes after an extra delay (`slow_ms`).

Probabilities apply globally or per command; `Faults.next(command=..., kind=...)` queues a one-shot fault
for tests. The random source is seeded, so a run with the same seed fails the same calls. Each registry
system of a sandbox has its own `Faults` and `Latency`.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

from sandbox.errors import ControlError

FAULT_KINDS = ("temporary", "dropped", "reply_lost", "slow")


@dataclass
class Faults:
    """Fault probabilities (global and per command) plus one-shot faults queued by tests."""

    probabilities: dict[str, float] = field(default_factory=dict)
    per_command: dict[str, dict[str, float]] = field(default_factory=dict)  # COMMAND -> kind -> p
    slow_ms: int = 1500
    seed: int = 0
    _queue: list[tuple[str | None, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def reseed(self, seed: int) -> None:
        self.seed = seed
        self._random = random.Random(seed)

    def set(self, kind: str, probability: float, *, command: str | None = None) -> None:
        _check_kind(kind)
        if not 0.0 <= probability <= 1.0:
            raise ControlError(f"fault probability must be within 0..1, got {probability}")
        target = self.per_command.setdefault(command.upper(), {}) if command else self.probabilities
        target[kind] = probability

    def next(self, *, kind: str, command: str | None = None) -> None:
        """Make the next call (of `command`, or any call) fail with `kind`, once."""
        _check_kind(kind)
        with self._lock:
            self._queue.append((command.upper() if command else None, kind))

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
        self.probabilities.clear()
        self.per_command.clear()

    def pick(self, command: str) -> str | None:
        """The fault for this call, if any: a queued one-shot first, then the probabilities."""
        name = command.upper()
        with self._lock:
            for i, (wanted, kind) in enumerate(self._queue):
                if wanted is None or wanted == name:
                    del self._queue[i]
                    return kind
            table = {**self.probabilities, **self.per_command.get(name, {})}
            for kind in FAULT_KINDS:
                p = table.get(kind, 0.0)
                if p > 0 and self._random.random() < p:
                    return kind
        return None


@dataclass
class Latency:
    """Delay before every reply (ms), globally and per command.

    The two mean different things. `default_ms` is the registry's distance: a command is carried out as
    soon as it arrives and its reply leaves that long after the request came, as from a registry that far
    away which serves its callers in parallel (one sandbox process could not: concurrent calls would queue
    behind each other's work, a cost no real registry adds to a search's 7-8 concurrent batches). A
    per-command delay is a registry slow to carry that command out: the command takes effect at the end
    of the wait, so a caller that gave up in between finds it still in progress.
    """

    default_ms: int = 0
    per_command: dict[str, int] = field(default_factory=dict)

    def for_command(self, command: str) -> int:
        return self.per_command.get(command.upper(), self.default_ms)

    def carried_out_first(self, command: str) -> bool:
        """True when `command`'s delay is the distance (carried out at once), False for a slow command."""
        return command.upper() not in self.per_command


def _check_kind(kind: str) -> None:
    if kind not in FAULT_KINDS:
        raise ControlError(f"unknown fault kind {kind!r} (one of {', '.join(FAULT_KINDS)})")


def parse_fault(text: str) -> tuple[str, float, str | None]:
    """CLI `--fault KIND=P` or `--fault COMMAND:KIND=P` -> (kind, p, command)."""
    spec, sep, value = text.partition("=")
    if not sep:
        raise ControlError(f"--fault wants KIND=P or COMMAND:KIND=P, got {text!r}")
    command, _, kind = spec.rpartition(":")
    try:
        probability = float(value)
    except ValueError as exc:
        raise ControlError(f"fault probability is not a number: {value!r}") from exc
    _check_kind(kind.strip())
    return kind.strip(), probability, command.strip() or None
