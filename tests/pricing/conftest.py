"""The pricing tests share the sandbox/database fixtures of tests/sync."""

from __future__ import annotations

from tests.sync.conftest import client, db, sandbox

__all__ = ["client", "db", "sandbox"]
