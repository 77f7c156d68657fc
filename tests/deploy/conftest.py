"""Fixtures of the deployment tests: a blank database per backend (as tests/bridge uses)."""

from tests.bridge.conftest import blank_db_url

__all__ = ["blank_db_url"]
