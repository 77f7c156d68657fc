"""Which registry account (and system) a WHMCS call works on, as a key for the bridge's tables.

Everything the bridge keeps per account (snapshot, holds, pricing cache, contact handles) is keyed by it, so
the key names the backend too: after a switch from ISPAPI to CentralNic Reseller with the same login, no
row of the one is read for the other. ISPAPI keys keep the form they had before a second backend existed,
so an upgraded install keeps its data.
"""

from __future__ import annotations

from typing import Protocol

from app.db.keys import account_key
from app.registrar.base import ModuleConfig
from app.registry import Backend


class Endpoints(Protocol):
    """The bridge settings naming custom registry endpoints (app.settings.Settings has them)."""

    @property
    def ispapi_url(self) -> str | None: ...
    @property
    def cnr_url(self) -> str | None: ...
    @property
    def cnr_ote_url(self) -> str | None: ...


def account_for(
    config: ModuleConfig,
    *,
    ispapi_url: str | None = None,
    cnr_url: str | None = None,
    cnr_ote_url: str | None = None,
) -> str:
    """account_key of the module settings; a custom endpoint (BRIDGE_ISPAPI_URL, BRIDGE_CNR_URL,
    BRIDGE_CNR_OTE_URL) is part of the system, so a sandbox and the real API never share cached data."""
    system = "OTE" if config.test_mode else "LIVE"
    login = config.username
    if config.backend is Backend.CNR:
        url = cnr_ote_url if config.test_mode else cnr_url
        system = f"cnr:{system}"
        login = login.partition(":")[0]  # a CNR role user is `account:role` (ISPAPI: `account!role`)
    else:
        url = ispapi_url
    if url:
        system = f"{system}@{url}"
    return account_key(system=system, login=login)


def account_of(config: ModuleConfig, endpoints: Endpoints) -> str:
    """`account_for` with the endpoint of the bridge settings that the module's backend and system use."""
    if config.backend is Backend.CNR:
        url = endpoints.cnr_ote_url if config.test_mode else endpoints.cnr_url
        return account_for(config, cnr_url=url, cnr_ote_url=url)
    return account_for(config, ispapi_url=endpoints.ispapi_url)
