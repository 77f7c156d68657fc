"""Adapter tests use the scripted fake of the operation tests (tests/registrar/conftest.py)."""

from __future__ import annotations

import pytest

from tests.registrar.conftest import FakeIspapi


@pytest.fixture
def fake() -> FakeIspapi:
    return FakeIspapi()
