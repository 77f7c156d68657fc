"""Our additional fields' parameters in CentralNic Reseller spelling: the table is `extensions.toml` beside
this module (its header explains it). `cnr_params` applies it to one domain's parameters on the way out
(AddDomain, TransferDomain, TradeDomain, ModifyDomain); `our_params` reads a reply's properties back under
our names (StatusDomain's extension values), so the operations see one spelling whatever the backend."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["ExtensionTableError", "cnr_params", "our_params"]

_TABLE = "extensions.toml"
_EVERY_ZONE = "*"


class ExtensionTableError(Exception):
    """extensions.toml is malformed (raised at first use)."""


@dataclass(frozen=True)
class _ZoneNames:
    rename: Mapping[str, str]
    drop: frozenset[str]
    from_owner: Mapping[str, str]  # CNR parameter -> the registrant's contact field it repeats


def _zone_names(domain: str) -> _ZoneNames:
    """The table's names for `domain` (ACE): its longest listed zone (`example.com.au`: com.au) over "*"."""
    names = _table()
    labels = domain.lower().rstrip(".").split(".")
    zones = [".".join(labels[i:]) for i in range(1, len(labels))]
    nowhere = _ZoneNames({}, frozenset(), {})
    general = names.get(_EVERY_ZONE, nowhere)
    own = next((names[zone] for zone in zones if zone in names), nowhere)
    return _ZoneNames(
        {**general.rename, **own.rename}, general.drop | own.drop, {**general.from_owner, **own.from_owner}
    )


def cnr_params(
    domain: str, params: Mapping[str, str], owner: Mapping[str, str] | None = None
) -> dict[str, str]:
    """`params` (our names) for `domain` (ACE) as CNR parameters, plus those that repeat a field of the
    registrant contact `owner`. Parameters that are no extension (DOMAIN, contacts ...) pass unchanged."""
    names = _zone_names(domain)
    found = {names.rename.get(key, key): value for key, value in params.items() if key not in names.drop}
    for name, contact_field in names.from_owner.items():
        value = (owner or {}).get(contact_field, "")
        if value and name not in found:
            found[name] = value
    return found


def our_params(domain: str, properties: Mapping[str, str]) -> dict[str, str]:
    """CNR reply properties of `domain` under our names: each renamed CNR parameter becomes the name our
    fields use (X-CA-LEGAL-TYPE: X-CA-LEGALTYPE); every other property keeps its name."""
    back = {cnr: ours for ours, cnr in _zone_names(domain).rename.items()}
    return {back.get(key.upper(), key): value for key, value in properties.items()}


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
    if len(set(rename.values())) != len(rename):
        raise ExtensionTableError(f"{where}: two of our names become the same CNR name (not readable back)")
    return _ZoneNames(
        {str(k): str(v) for k, v in rename.items()},
        frozenset(str(d) for d in drop),
        {str(k): str(v) for k, v in owner.items()},
    )
