"""Keeping a sandbox's state in a SQLite file (`--state-file`), so it survives a restart.

The worlds (one per entity), the clock offset and the money counters are stored as JSON documents of the
state dataclasses (sandbox/state.py). Saving a 100,000-domain world takes a moment, so the HTTP layer marks
the store dirty after each mutating command and a timer saves it (plus once at shutdown); tests call
`save()` directly.

Errors: StateFileError (a SandboxError) for an unreadable or foreign file; sqlite3/json errors are
translated at this boundary.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import types
import typing
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sandbox.errors import SandboxError
from sandbox.state import World

if TYPE_CHECKING:
    from sandbox.core import Sandbox

SCHEMA_VERSION = "1"


class StateFileError(SandboxError):
    """The state file cannot be read or written."""


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(_encode(v) for v in value)
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _decode(kind: Any, raw: Any) -> Any:
    """Rebuild a value of the annotated type `kind` from its JSON form."""
    if raw is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _decode(options[0], raw)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_decode(item, v) for v in raw]
    if origin is set:
        (item,) = typing.get_args(kind)
        return {_decode(item, v) for v in raw}
    if origin is dict:
        key_type, value_type = typing.get_args(kind)
        return {_decode(key_type, k): _decode(value_type, v) for k, v in raw.items()}
    if kind is datetime:
        return datetime.fromisoformat(raw)
    if kind is Decimal:
        return Decimal(raw)
    if kind is int:
        return int(raw)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _HINTS.get(kind)
        if hints is None:
            hints = _HINTS[kind] = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: _decode(hints[k], v) for k, v in raw.items() if k in names})
    return raw


def world_to_json(world: World) -> str:
    return json.dumps(_encode(world), separators=(",", ":"))


def world_from_json(text: str) -> World:
    world = _decode(World, json.loads(text))
    assert isinstance(world, World)
    return world


class StateStore:
    """One SQLite file holding the sandbox state."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.dirty = False
        self._lock = threading.Lock()
        try:
            with self._connect() as db:
                db.execute("CREATE TABLE IF NOT EXISTS worlds (entity TEXT PRIMARY KEY, data TEXT NOT NULL)")
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
                elif row[0] != SCHEMA_VERSION:
                    raise StateFileError(f"{self.path}: state schema {row[0]}, expected {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise StateFileError(f"{self.path}: not a usable sandbox state file ({exc})") from exc

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def mark_dirty(self) -> None:
        self.dirty = True

    def save(self, sandbox: Sandbox) -> None:
        """Write every world, the clock and the money counters (one transaction)."""
        with sandbox.lock:
            worlds = {entity: world_to_json(world) for entity, world in sandbox.worlds.items()}
            money = json.dumps([[*key, n] for key, n in sandbox.money_counts.items()])
            clock = json.dumps({"offset_seconds": sandbox.clock.offset_seconds})
            self.dirty = False
        with self._lock:
            try:
                with self._connect() as db:
                    db.execute("DELETE FROM worlds")
                    db.executemany("INSERT INTO worlds (entity, data) VALUES (?, ?)", list(worlds.items()))
                    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('money', ?)", (money,))
                    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)", (clock,))
            except sqlite3.Error as exc:
                self.dirty = True
                raise StateFileError(f"{self.path}: saving failed ({exc})") from exc

    def load(self, sandbox: Sandbox) -> bool:
        """Replace `sandbox`'s state by the stored one; False when the file holds none yet."""
        try:
            with self._connect() as db:
                rows = db.execute("SELECT entity, data FROM worlds").fetchall()
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise StateFileError(f"{self.path}: reading failed ({exc})") from exc
        if not rows:
            return False
        try:
            worlds = {entity: world_from_json(data) for entity, data in rows}
            money = json.loads(meta.get("money", "[]"))
            clock = json.loads(meta.get("clock", "{}"))
        except (ValueError, TypeError, KeyError) as exc:
            raise StateFileError(f"{self.path}: damaged state ({exc})") from exc
        with sandbox.lock:
            sandbox.worlds.update(worlds)
            sandbox.money_counts = Counter({(e, c, o): int(n) for e, c, o, n in money})
            sandbox.clock.offset_seconds = float(clock.get("offset_seconds", 0.0))
            for ticker in sandbox.tickers:
                rescan = getattr(ticker, "rescan", None)
                if rescan is not None:
                    rescan()
        return True
