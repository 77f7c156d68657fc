"""Root fixtures shared by every test package. Package-specific fixtures live in each subfolder's conftest."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _no_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours HTTP(S)_PROXY; tests must only ever talk to loopback or in-process apps.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def database_urls() -> list[str]:
    """SQLite always; PostgreSQL/MariaDB when TEST_DATABASE_URLS names them (.ci/run sets it)."""
    extra = os.environ.get("TEST_DATABASE_URLS", "").split()
    return ["sqlite"] + extra
