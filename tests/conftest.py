"""Root fixtures shared by every test package. Package-specific fixtures live in each subfolder's conftest."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from app import registrar

# Every operation registered once for the whole run, as the app factory does at start-up.
registrar.load_all()

# Property tests test behaviour, never speed: on a loaded 2-core machine one example can take seconds,
# so no deadline and no "too slow" health check anywhere. CI (CI=true) also runs them with a fixed seed
# and without the example database, so a run is repeatable: a rare example found on a developer machine
# is fixed there (and kept as a regular test), not discovered by chance in a submission.
_SLOW_MACHINE_CHECKS = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
settings.register_profile("dev", deadline=None, suppress_health_check=_SLOW_MACHINE_CHECKS)
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=_SLOW_MACHINE_CHECKS,
    derandomize=True,
    database=None,
    print_blob=True,
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _no_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours HTTP(S)_PROXY; tests must only ever talk to loopback or in-process apps.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def database_urls() -> list[str]:
    """SQLite always; PostgreSQL/MariaDB when TEST_DATABASE_URLS names them (.ci/run sets it)."""
    extra = os.environ.get("TEST_DATABASE_URLS", "").split()
    return ["sqlite"] + extra
