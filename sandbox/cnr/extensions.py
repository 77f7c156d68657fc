"""CNR's zone extension parameters, as data: which X- parameters a zone requires to register a name and which
values they take. The table is `extensions.toml` beside this module (its header explains the format and names
the knowledge-base pages each rule comes from); this module only loads and applies it. CNR names the
parameters differently from ISPAPI (X-CA-LEGAL-TYPE, not X-CA-LEGALTYPE), so the catalogue's ISPAPI rules
do not apply to CNR calls."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sandbox.errors import CommandError, MissingAttribute

__all__ = ["Condition", "Extension", "ExtensionDataError", "check", "rules", "undocumented_zones"]

_TABLE = "extensions.toml"
_KEYS = frozenset(
    {
        "name",
        "required",
        "required_when",
        "required_unless",
        "choices",
        "pattern",
        "indexed",
        "max_index",
        "same_as",
    }
)


class ExtensionDataError(Exception):
    """extensions.toml is malformed (raised at first use, so a bad edit fails every CNR test at once)."""


@dataclass(frozen=True)
class Condition:
    """`param` has one of `values` (upper-cased); `negate` turns it into "has none of them"."""

    param: str
    values: tuple[str, ...]
    negate: bool = False

    def holds(self, params: Mapping[str, str]) -> bool:
        return (params.get(self.param, "").strip().upper() in self.values) != self.negate


@dataclass(frozen=True)
class Extension:
    name: str
    choices: tuple[str, ...] | None = None  # upper-cased; None: free text
    pattern: re.Pattern[str] | None = None
    required: bool = False  # for a registration
    when: Condition | None = None  # required for a registration only when this holds
    max_index: int | None = None  # indexed: NAME0..NAME<max_index>

    def values(self, params: Mapping[str, str]) -> Iterator[tuple[str, str]]:
        """(parameter, value) pairs of this extension in a call, empty values included."""
        if self.max_index is None:
            if self.name in params:
                yield self.name, params[self.name]
            return
        for key, value in params.items():
            index = key.removeprefix(self.name)
            if index != key and index.isdigit():
                yield key, value

    def needed(self, params: Mapping[str, str]) -> bool:
        return self.when.holds(params) if self.when is not None else self.required


def check(zone: str, params: Mapping[str, str], *, registering: bool) -> None:
    """504 for an extension a registration needs but lacks, 541 for a value the zone does not take."""
    for rule in rules().get(zone, ()):
        given = [(key, value.strip()) for key, value in rule.values(params) if value.strip()]
        if not given and registering and rule.needed(params):
            raise MissingAttribute(rule.name)
        for key, value in given:
            _check_value(rule, key, value)


def _check_value(rule: Extension, key: str, value: str) -> None:
    if rule.max_index is not None and int(key.removeprefix(rule.name)) > rule.max_index:
        raise CommandError(f"{key}: at most {rule.name}0..{rule.name}{rule.max_index}", code=541)
    if rule.choices is not None and value.upper() not in rule.choices:
        shown = ", ".join(rule.choices) if len(rule.choices) <= 20 else "see the zone's documentation"
        raise CommandError(f"{key} ({value}): one of {shown}", code=541)
    if rule.pattern is not None and rule.pattern.fullmatch(value) is None:
        raise CommandError(f"{key} ({value})", code=541)


@cache
def rules() -> dict[str, tuple[Extension, ...]]:
    """zone -> its extensions, from extensions.toml."""
    table = _load()
    found: dict[str, list[Extension]] = {}
    for number, rule in enumerate(table.get("rule", []), start=1):
        zones, entries = rule.get("zones"), rule.get("params")
        if not zones or not entries or not rule.get("source"):
            raise ExtensionDataError(f"{_TABLE} rule {number}: zones, source and params are required")
        by_name: dict[str, dict[str, Any]] = {}
        parsed = [_extension(entry, by_name, where=f"rule {number}") for entry in entries]
        for zone in zones:
            found.setdefault(zone.lower(), []).extend(parsed)
    return {zone: tuple(extensions) for zone, extensions in found.items()}


@cache
def undocumented_zones() -> frozenset[str]:
    """Zones the bridge ships additional fields for whose CNR extension rules the reference does not give."""
    return frozenset(z.lower() for z in _load().get("undocumented", {}).get("zones", []))


def _load() -> dict[str, Any]:
    text = resources.files("sandbox.cnr").joinpath(_TABLE).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExtensionDataError(f"{_TABLE}: {exc}") from exc


def _extension(entry: dict[str, Any], seen: dict[str, dict[str, Any]], *, where: str) -> Extension:
    unknown = set(entry) - _KEYS
    if unknown or "name" not in entry:
        raise ExtensionDataError(
            f"{_TABLE} {where}: a parameter needs a name (unknown keys: {sorted(unknown)})"
        )
    if "same_as" in entry:  # the rules of an earlier parameter of the same rule, under another name
        if entry["same_as"] not in seen:
            raise ExtensionDataError(f"{_TABLE} {where}: same_as {entry['same_as']!r} is not defined before")
        entry = {**seen[entry["same_as"]], "name": entry["name"]}
    seen[entry["name"]] = entry
    choices = entry.get("choices")
    pattern = entry.get("pattern")
    return Extension(
        name=entry["name"].upper(),
        choices=tuple(c.upper() for c in choices) if choices is not None else None,
        pattern=re.compile(pattern) if pattern is not None else None,
        required=bool(entry.get("required", False)),
        when=_condition(entry, where=where),
        max_index=_max_index(entry, where=where),
    )


def _max_index(entry: dict[str, Any], *, where: str) -> int | None:
    if not entry.get("indexed"):
        return None
    if not isinstance(entry.get("max_index"), int):
        raise ExtensionDataError(f"{_TABLE} {where}: an indexed parameter needs max_index")
    return int(entry["max_index"])


def _condition(entry: dict[str, Any], *, where: str) -> Condition | None:
    for key, negate in (("required_when", False), ("required_unless", True)):
        condition = entry.get(key)
        if condition is not None:
            if "param" not in condition or not condition.get("values"):
                raise ExtensionDataError(f"{_TABLE} {where}: {key} needs param and values")
            values = tuple(v.upper() for v in condition["values"])
            return Condition(condition["param"].upper(), values, negate=negate)
    return None
