"""Statements every call runs (the replay nonce, Sync's snapshot row), compiled once and, on SQLite, run on
the DB-API cursor.

For a one-row statement on SQLite, SQLAlchemy's execution of an already compiled and cached statement
(execution context, parameter and result set-up, events) costs about as much again as SQLite's own work:
nonce INSERT 73 -> 50 us, snapshot read 52 -> 26 us of CPU (docs/architecture.md decision 12). A `Prepared`
statement keeps what that execution would compute every time: the SQL text and parameter order of the
dialect, and the dialect's own converters for each parameter and each result column (the same functions
SQLAlchemy applies, so values go in and come out exactly as through `Connection.execute`; a test holds
the two paths equal). Driver errors become SQLAlchemy's exception classes, so callers catch one tree.

Only SQLite takes the short path: there the connection is a plain sqlite3 connection on this thread. On the
other databases the statement runs through `Connection.execute` (psycopg's asyncio connections and the
pool's handling of a broken connection both live there), at no cost beyond a dictionary look-up. The one thing
the short path leaves out is SQLAlchemy's own statement logging (`echo`), which the bridge never turns on.
"""

from __future__ import annotations

import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Insert, Select, exc as sa_exc
from sqlalchemy.engine import Dialect

__all__ = ["Prepared"]

Converter = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # parameter names in the order of the SQL's placeholders
    fixed: Mapping[str, Any]  # values the statement itself carries (literals such as a state name)
    to_driver: tuple[Converter, ...]
    from_driver: tuple[Converter, ...]
    row: type[tuple[Any, ...]] | None  # a named tuple of the selected columns; None for DML
    driver_error: type[Exception]


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
        self._run(connection, self._compiled(connection.dialect), params).close()

    def first(self, connection: Connection, params: Mapping[str, Any]) -> Any:
        if not _direct(connection.dialect):
            return connection.execute(self.statement, dict(params)).first()
        compiled = self._compiled(connection.dialect)
        cursor = self._run(connection, compiled, params)
        try:
            found = cursor.fetchone()
        finally:
            # An unfinished statement would keep SQLite's read transaction (and the WAL) open.
            cursor.close()
        if found is None or compiled.row is None:
            return None
        return compiled.row(*_converted(compiled.from_driver, found))

    @staticmethod
    def _run(connection: Connection, compiled: _Compiled, params: Mapping[str, Any]) -> Any:
        given = [params[name] if name in params else compiled.fixed[name] for name in compiled.names]
        values = _converted(compiled.to_driver, given)
        driver: Any = connection.connection.driver_connection
        try:
            return driver.execute(compiled.sql, values)
        except compiled.driver_error as exc:
            # Parameters hidden: the error's text never quotes a value (a nonce, a domain name).
            raise sa_exc.DBAPIError.instance(
                compiled.sql,
                None,
                exc,
                compiled.driver_error,
                hide_parameters=True,
                dialect=connection.dialect,
            ) from exc

    def _compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect)
        if found is None:
            found = self._by_dialect[dialect] = _compile(self.statement, dialect, self._column_keys)
        return found


def _converted(converters: Sequence[Converter], values: Sequence[Any]) -> tuple[Any, ...]:
    pairs = zip(converters, values, strict=True)
    return tuple([value if convert is None else convert(value) for convert, value in pairs])


def _direct(dialect: Dialect) -> bool:
    """Whether the statement may run on the DB-API connection: Python's sqlite3 with "?" placeholders."""
    return dialect.driver == "pysqlite" and dialect.positional


def _compile(statement: Insert | Select[Any], dialect: Dialect, column_keys: list[str] | None) -> _Compiled:
    compiled = statement.compile(dialect=dialect, column_keys=column_keys)
    names = tuple(compiled.positiontup or ())
    binds = [compiled.binds[name] for name in names]
    columns = list(statement.selected_columns) if isinstance(statement, Select) else []
    fixed = {name: bind.effective_value for name, bind in zip(names, binds, strict=True) if not bind.required}
    return _Compiled(
        sql=compiled.string,
        names=names,
        fixed=fixed,
        to_driver=tuple(bind.type.dialect_impl(dialect).bind_processor(dialect) for bind in binds),
        from_driver=tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ),
        row=namedtuple("PreparedRow", [column.key for column in columns]) if columns else None,  # type: ignore[misc]
        driver_error=dialect.loaded_dbapi.Error,
    )
