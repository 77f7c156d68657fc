"""prometheus-client's multiprocess mode: one directory of sample files shared by the bridge processes.

`PROMETHEUS_MULTIPROC_DIR` is the library's own switch. `prepare` (called by `ispapi-bridge serve`) turns
it on when more than one process serves or the metrics have their own port, empties the directory at start
(counts of an earlier run must not be added to this one's), and removes a directory it made itself when
serving ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import values

ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_dir() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def use_multiprocess_values() -> None:
    """Make metrics created from now on follow `PROMETHEUS_MULTIPROC_DIR` as it is now.

    prometheus-client chooses how values are stored once, when it is first imported; `serve` sets the
    variable after that import (the settings and the app are loaded first), so the choice is made again
    here. `values.ValueClass` is the hook the library's own tests use for the same purpose."""
    wanted = multiprocess_dir() is not None
    current = values.ValueClass is not values.MutexValue
    if wanted != current:
        values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]


def clean(directory: Path) -> None:
    """Remove the sample files of an earlier run (only prometheus-client's `*.db` files)."""
    for path in directory.glob("*.db"):
        path.unlink(missing_ok=True)


@contextmanager
def prepare(*, workers: int, own_port: bool) -> Iterator[Path | None]:
    """Multiprocess mode for a `serve` run, when it is needed or asked for; yields its directory."""
    configured = multiprocess_dir()
    if configured is None and workers <= 1 and not own_port:
        yield None
        return
    made = configured is None
    directory = Path(tempfile.mkdtemp(prefix="ispapi-bridge-metrics-")) if made else configured
    assert directory is not None
    directory.mkdir(parents=True, exist_ok=True)
    clean(directory)
    os.environ[ENV] = str(directory)  # inherited by uvicorn's worker processes
    try:
        yield directory
    finally:
        if made:
            shutil.rmtree(directory, ignore_errors=True)
            os.environ.pop(ENV, None)
