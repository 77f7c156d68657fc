"""The two loosest readers of WHMCS values, shared by the module settings (app/module_config.py) and the
param readers of the operations (app/registrar/params.py, which re-exports them): any value as a clean
string, and WHMCS's many spellings of yes/no ("on"/"", 1/0, "yes", true)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return text(params, key).lower() in _TRUE
