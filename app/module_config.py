"""The registrar module settings of one WHMCS call (`ModuleConfig`), read from the envelope's `config`, and
the two loose readers of WHMCS values they are read with: any value as a clean string (`text`), and
WHMCS's many spellings of yes/no, "on"/"", 1/0, "yes", true (`flag`).

Below the operations (app/registrar/base.py re-exports `ModuleConfig`, app/registrar/params.py the
readers) because the HTTP layer, the upstream clients (app/upstream.py) and the account key of the caches
(app/sync/account.py) read the settings too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.errors import InvalidSetting
from app.registry import Backend

Params = Mapping[str, Any]

_TRUE = {"on", "1", "yes", "true"}


def text(params: Params, key: str) -> str:
    """A param as a stripped string ("" when missing or null)."""
    value = params.get(key)
    if value is None or isinstance(value, Mapping | list):
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value).strip()


def flag(params: Params, key: str) -> bool:
    """A WHMCS yes/no param or module setting: "on"/"" (sometimes 1/0, "yes", true); missing is False."""
    value = params.get(key)
    if isinstance(value, str):  # the common case first: a dozen of these per call
        return value.strip().lower() in _TRUE
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return text(params, key).lower() in _TRUE


@dataclass(frozen=True)
class ModuleConfig:
    """The registrar module settings sent in every envelope (docs/architecture.md decision 1).

    Credentials are used for the upstream call and never stored, logged or echoed: `repr` hides them.
    """

    backend: Backend = Backend.ISPAPI
    username: str = ""
    password: str = field(default="", repr=False)
    test_mode: bool = False
    proxy_server: str = ""
    irtp_designated_agent: bool = True  # IRTP option 1 ("Designated Agent") unless option 2 is chosen
    transfer_lock: bool = False  # TRANSFERLOCK: lock after registration
    ns_update_after_transfer: bool = False  # NSUpdTransfer
    contact_update_after_transfer: bool = False  # CHUpdTransfer
    dnssec: bool = False
    transfer_cart_precheck: bool = False
    web_apps: bool = False
    sync_id_protection: bool = False
    suspend_after_expiration: bool = False
    trade_cost_todo: bool = False  # TradeCostTodo: a WHMCS To-Do item per billable owner change
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> ModuleConfig:
        irtp = str(config.get("IRTP", "Designated Agent") or "Designated Agent")
        return cls(
            backend=backend_setting(config),
            username=str(config.get("Username", "") or "").strip(),
            password=str(config.get("Password", "") or ""),
            test_mode=flag(config, "TestMode"),
            proxy_server=str(config.get("ProxyServer", "") or "").strip(),
            irtp_designated_agent="Designated Agent" in irtp,
            transfer_lock=flag(config, "TRANSFERLOCK"),
            ns_update_after_transfer=flag(config, "NSUpdTransfer"),
            contact_update_after_transfer=flag(config, "CHUpdTransfer"),
            dnssec=flag(config, "DNSSEC"),
            transfer_cart_precheck=flag(config, "TRANSFERCARTPRECHECK"),
            web_apps=flag(config, "WebApps"),
            sync_id_protection=flag(config, "SyncIDProtection"),
            suspend_after_expiration=flag(config, "SuspendAfterExpiration"),
            trade_cost_todo=flag(config, "TradeCostTodo"),
            raw=dict(config),
        )


def backend_setting(config: Mapping[str, Any]) -> Backend:
    """The `Backend` module setting; missing or empty is `ispapi`, so an install that predates the setting
    keeps its registry. An unknown value is refused (never echoed: settings are the admin's data)."""
    raw = config.get("Backend")
    value = raw.strip().lower() if isinstance(raw, str) else ""
    if raw is None or value == "":
        return Backend.ISPAPI
    try:
        return Backend(value)
    except ValueError:
        choices = ", ".join(f"{b.value} ({b.label})" for b in Backend)
        raise InvalidSetting(f"Backend must be one of: {choices}", setting="Backend") from None
