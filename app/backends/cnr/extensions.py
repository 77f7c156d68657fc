"""Our additional fields' parameters in CentralNic Reseller spelling: the table is `extensions.toml` beside
this module (its header explains it); `cnr_params` applies it to one domain's parameters."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["ExtensionTableError", "cnr_params"]

_TABLE = "extensions.toml"
_EVERY_ZONE = "*"


class ExtensionTableError(Exception):
    """extensions.toml is malformed (raised at first use)."""


@dataclass(frozen=True)
class _ZoneNames:
    rename: Mapping[str, str]
    drop: frozenset[str]
    from_owner: Mapping[str, str]  # CNR parameter -> the registrant's contact field it repeats


def cnr_params(
    domain: str, params: Mapping[str, str], owner: Mapping[str, str] | None = None
) -> dict[str, str]:
    """`params` (ISPAPI names) for `domain` (ACE) as CNR parameters, plus those that repeat a field of the
    registrant contact `owner`; the longest zone of the table that `domain` ends in applies
    (`example.com.au`: com.au)."""
    names = _table()
    labels = domain.lower().rstrip(".").split(".")
    zones = [".".join(labels[i:]) for i in range(1, len(labels))]
    nowhere = _ZoneNames({}, frozenset(), {})
    general = names.get(_EVERY_ZONE, nowhere)
    own = next((names[zone] for zone in zones if zone in names), nowhere)
    rename = {**general.rename, **own.rename}
    dropped = general.drop | own.drop
    found = {rename.get(key, key): value for key, value in params.items() if key not in dropped}
    for name, contact_field in {**general.from_owner, **own.from_owner}.items():
        value = (owner or {}).get(contact_field, "")
        if value and name not in found:
            found[name] = value
    return found


@cache
def _table() -> dict[str, _ZoneNames]:
    text = resources.files("app.backends.cnr").joinpath(_TABLE).read_text(encoding="utf-8")
    try:
        entries = tomllib.loads(text).get("zones", [])
    except tomllib.TOMLDecodeError as exc:
        raise ExtensionTableError(f"{_TABLE}: {exc}") from exc
    found: dict[str, _ZoneNames] = {}
    for number, entry in enumerate(entries, start=1):
        names = _entry(entry, where=f"{_TABLE} entry {number}")
        for zone in entry["zones"]:
            if zone in found:
                raise ExtensionTableError(f"{_TABLE} entry {number}: zone {zone!r} is named twice")
            found[zone] = names
    return found


def _entry(entry: dict[str, Any], *, where: str) -> _ZoneNames:
    unknown = set(entry) - {"zones", "rename", "drop", "from_owner"}
    if unknown or not entry.get("zones"):
        raise ExtensionTableError(f"{where}: needs zones (unknown keys: {sorted(unknown)})")
    rename, drop, owner = entry.get("rename", {}), entry.get("drop", []), entry.get("from_owner", {})
    if not isinstance(rename, dict) or not isinstance(drop, list) or not isinstance(owner, dict):
        raise ExtensionTableError(f"{where}: rename and from_owner are tables, drop a list")
    return _ZoneNames(
        {str(k): str(v) for k, v in rename.items()},
        frozenset(str(d) for d in drop),
        {str(k): str(v) for k, v in owner.items()},
    )
