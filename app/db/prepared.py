"""Statements every call runs (the replay nonce, Sync's snapshot row), compiled once and run on the DB-API
connection itself.

For a one-row statement, SQLAlchemy's execution of an already compiled and cached statement (execution
context, parameter and result set-up, events; on PostgreSQL also its asyncio adaptation of the cursor) costs
about as much again as the driver's own work, in CPU per statement: on SQLite nonce INSERT 73 -> 50 us,
snapshot read 52 -> 26 us; on PostgreSQL nonce 333 -> 248 us (docs/architecture.md decision 12). A
`Prepared` statement keeps what that execution would compute every time: the SQL text and parameter names
of the dialect, and the dialect's own converters for each parameter and each result column (the same
functions SQLAlchemy applies, so values go in and come out exactly as through `Connection.execute`; a test
holds the two paths equal). Driver errors become SQLAlchemy's exception classes, so callers catch one tree,
and a connection the server closed is invalidated as `Connection.execute` would, so the pool drops it.

The drivers that take this path are Python's sqlite3 (a plain connection on this thread) and psycopg 3
(plain, or its asyncio connection inside `Database.quick`'s greenlet, whose awaits `await_only` hands to the
event loop). Others (PyMySQL) run the statement through `Connection.execute`. The one thing the direct path
leaves out is SQLAlchemy's own statement logging (`echo`), which the bridge never turns on.
"""

from __future__ import annotations

import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Insert, Select, exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.util import await_only

__all__ = ["Prepared"]

Converter = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # parameter names, in the order of the SQL's placeholders when they are "?"
    positional: bool  # "?" placeholders take a tuple, "%(name)s" ones a dict
    fixed: Mapping[str, Any]  # values the statement itself carries (literals such as a state name)
    to_driver: tuple[Converter, ...]
    from_driver: tuple[Converter, ...]
    row: type[tuple[Any, ...]] | None  # a named tuple of the selected columns; None for DML
    driver_error: type[Exception]
    awaited: bool  # psycopg's asyncio connection: its calls are awaited (within Database.quick's greenlet)


class Prepared:
    """One Core INSERT or SELECT; `execute` runs it, `first` returns its first row (attributes by column
    name, like SQLAlchemy's Row) or None. `column_keys`: the INSERT's columns, all given at every call."""

    def __init__(self, statement: Insert | Select[Any], *, column_keys: Sequence[str] | None = None) -> None:
        if isinstance(statement, Insert) and column_keys is None:
            raise ValueError("a Prepared INSERT needs its column_keys (the columns every call gives)")
        self.statement = statement
        self._column_keys = list(column_keys) if column_keys is not None else None
        self._by_dialect: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()

    def execute(self, connection: Connection, params: Mapping[str, Any]) -> None:
        if not _direct(connection.dialect):
            connection.execute(self.statement, dict(params))
            return
        self._run(connection, self._compiled(connection.dialect), params, fetch=False)

    def first(self, connection: Connection, params: Mapping[str, Any]) -> Any:
        if not _direct(connection.dialect):
            return connection.execute(self.statement, dict(params)).first()
        compiled = self._compiled(connection.dialect)
        found = self._run(connection, compiled, params, fetch=True)
        if found is None or compiled.row is None:
            return None
        return compiled.row(*_converted(compiled.from_driver, found))

    @staticmethod
    def _run(connection: Connection, compiled: _Compiled, params: Mapping[str, Any], *, fetch: bool) -> Any:
        """The statement's first row when `fetch`, else None; the cursor is closed either way (an unfinished
        statement would keep SQLite's read transaction, and the WAL with it, open)."""
        given = [params[name] if name in params else compiled.fixed[name] for name in compiled.names]
        converted = _converted(compiled.to_driver, given)
        values = converted if compiled.positional else dict(zip(compiled.names, converted, strict=True))
        proxied = connection.connection
        driver: Any = proxied.driver_connection
        wait: Callable[[Any], Any] = await_only if compiled.awaited else _ready
        try:
            cursor = wait(driver.execute(compiled.sql, values))
            try:
                return wait(cursor.fetchone()) if fetch else None
            finally:
                wait(cursor.close())
        except compiled.driver_error as exc:
            # A connection the server closed is not given back to the pool, as Connection.execute would do.
            gone = connection.dialect.is_disconnect(cast(Any, exc), proxied.dbapi_connection, None)
            if gone:
                connection.invalidate(exc)
            # Parameters hidden: the error's text never quotes a value (a nonce, a domain name).
            raise sa_exc.DBAPIError.instance(
                compiled.sql,
                None,
                exc,
                compiled.driver_error,
                hide_parameters=True,
                connection_invalidated=gone,
                dialect=connection.dialect,
            ) from exc

    def _compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect)
        if found is None:
            found = self._by_dialect[dialect] = _compile(self.statement, dialect, self._column_keys)
        return found


def _ready(value: Any) -> Any:
    return value


def _converted(converters: Sequence[Converter], values: Sequence[Any]) -> tuple[Any, ...]:
    pairs = zip(converters, values, strict=True)
    return tuple([value if convert is None else convert(value) for convert, value in pairs])


def _direct(dialect: Dialect) -> bool:
    """Whether the statement may run on the DB-API connection: Python's sqlite3 or psycopg (3)."""
    return dialect.driver in _DIRECT_DRIVERS


_DIRECT_DRIVERS = frozenset({"pysqlite", "psycopg"})


def _compile(statement: Insert | Select[Any], dialect: Dialect, column_keys: list[str] | None) -> _Compiled:
    compiled = statement.compile(dialect=dialect, column_keys=column_keys)
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    positional = bool(compiled.positional)
    names = tuple(compiled.positiontup or ()) if positional else tuple(by_name)
    binds = [by_name[name] for name in names]
    columns = list(statement.selected_columns) if isinstance(statement, Select) else []
    fixed = {name: bind.effective_value for name, bind in zip(names, binds, strict=True) if not bind.required}
    return _Compiled(
        sql=compiled.string,
        names=names,
        positional=positional,
        fixed=fixed,
        to_driver=tuple(bind.type.dialect_impl(dialect).bind_processor(dialect) for bind in binds),
        from_driver=tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ),
        row=namedtuple("PreparedRow", [column.key for column in columns]) if columns else None,  # type: ignore[misc]
        driver_error=dialect.loaded_dbapi.Error,
        awaited=bool(dialect.is_async),
    )
