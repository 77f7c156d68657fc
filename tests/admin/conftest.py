"""The admin-page tests reuse the snapshot tests' in-process sandbox, client and database fixtures."""

from tests.sync.conftest import client, db, sandbox

__all__ = ["client", "db", "sandbox"]
