"""Root fixtures shared by every test package. Package-specific fixtures live in each subfolder's conftest."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from app import registrar

# Every operation registered once for the whole run, as the app factory does at start-up.
registrar.load_all()

# CI (CI=true) runs the property tests with a fixed seed, so a run is repeatable: a rare example found on a
# developer machine is fixed there (and kept as a regular test), not discovered by chance in a submission.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _no_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours HTTP(S)_PROXY; tests must only ever talk to loopback or in-process apps.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def database_urls() -> list[str]:
    """SQLite always; PostgreSQL/MariaDB when TEST_DATABASE_URLS names them (.ci/run sets it)."""
    extra = os.environ.get("TEST_DATABASE_URLS", "").split()
    return ["sqlite"] + extra
