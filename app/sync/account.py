"""Which registrar account (and system) a WHMCS call works on, as a key for the bridge's tables."""

from __future__ import annotations

from app.db.keys import account_key
from app.registrar.base import ModuleConfig
from app.registry import Backend

# The system part of the key per backend and TestMode. ISPAPI's are the keys from before the Backend setting
# (existing rows stay valid); CNR's differ, so an install switched from ispapi to cnr never reads a HEXONET
# snapshot row, price or contact handle for the CNR account, even under the same login.
_SYSTEMS: dict[tuple[Backend, bool], str] = {
    (Backend.ISPAPI, False): "LIVE",
    (Backend.ISPAPI, True): "OTE",
    (Backend.CNR, False): "CNR-LIVE",
    (Backend.CNR, True): "CNR-OTE",
}


def account_for(config: ModuleConfig, *, ispapi_url: str | None) -> str:
    """account_key of the module settings; a custom endpoint (BRIDGE_ISPAPI_URL) is part of the system,
    so a sandbox and the real API never share cached data (a sandbox set-up overrides the CNR URLs with it).
    A CNR role user (`login:role`) works on its account's data, like an ISPAPI one (`login!role`)."""
    system = _SYSTEMS[(config.backend, config.test_mode)]
    if ispapi_url:
        system = f"{system}@{ispapi_url}"
    login = config.username.split(":", 1)[0] if config.backend is Backend.CNR else config.username
    return account_key(system=system, login=login)
