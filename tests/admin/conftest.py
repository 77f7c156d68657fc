"""The admin-page tests reuse the snapshot tests' in-process sandbox, client and database fixtures, plus a
client whose password the sandbox refuses."""

from collections.abc import AsyncIterator

import httpx
import pytest

from app.ispapi import IspapiClient
from sandbox.app import create_app
from sandbox.core import Sandbox
from tests.sync.conftest import LOGIN, Counting, client, db, sandbox

__all__ = ["client", "db", "refused_client", "sandbox"]


@pytest.fixture
async def refused_client(sandbox: Sandbox) -> AsyncIterator[Counting]:
    inner = IspapiClient(
        login=LOGIN,
        password="not-the-password",
        url="http://127.0.0.1/api/call.cgi",
        transport=httpx.ASGITransport(app=create_app(sandbox)),
        allow_insecure_url=True,
        timeout=10.0,
    )
    try:
        yield Counting(inner)
    finally:
        await inner.aclose()
