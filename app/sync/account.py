"""Which registrar account (and system) a WHMCS call works on, as a key for the bridge's tables."""

from __future__ import annotations

from app.db.keys import account_key
from app.registrar.base import ModuleConfig


def account_for(config: ModuleConfig, *, ispapi_url: str | None) -> str:
    """account_key of the module settings; a custom endpoint (BRIDGE_ISPAPI_URL) is part of the system,
    so a sandbox and the real API never share cached data."""
    system = "OTE" if config.test_mode else "LIVE"
    if ispapi_url:
        system = f"{system}@{ispapi_url}"
    return account_key(system=system, login=config.username)
