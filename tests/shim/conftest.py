"""Fixtures of the shim tests: a FakeBridge per test (real HTTP on loopback) and the php marker."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.whmcs.harness import FakeBridge


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/shim/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.php)
            if shutil.which("php") is None:
                item.add_marker(pytest.mark.skip(reason="php CLI not installed (make php installs it)"))


@pytest.fixture
def bridge() -> Iterator[FakeBridge]:
    with FakeBridge() as fake:
        yield fake
