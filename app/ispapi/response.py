"""The parsed ISPAPI reply: an immutable value with column, record and pagination helpers
(docs/ispapi-wire.md §2).

Column names are stored upper-case without whitespace, as the parser produces them
(docs/ispapi-wire.md §2.2 rule 3); `column()` and `first()` normalise their argument the same way, so
lookups are case-insensitive.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

__all__ = ["PAGINATION_COLUMNS", "Response", "normalise_column_name"]

# Columns the list commands add to every page (docs/ispapi-wire.md §2.6); they describe the page, not the
# rows.
PAGINATION_COLUMNS: frozenset[str] = frozenset({"FIRST", "LAST", "COUNT", "TOTAL", "LIMIT"})

_WHITESPACE = re.compile(r"\s")


@lru_cache(maxsize=1024)
def normalise_column_name(name: str) -> str:
    """Upper-case and drop whitespace, exactly as the parser does with `PROPERTY[name]`
    (docs/ispapi-wire.md §2.2 rule 3). Remembered: replies and callers use a few dozen names, each a
    regex substitution per reply group and per cell read otherwise."""
    return _WHITESPACE.sub("", name.upper())


def _int_or_none(text: str | None) -> int | None:
    # The SDKs call int() on FIRST/LAST/TOTAL/LIMIT and crash on garbage; a malformed figure is
    # treated as absent instead, so pagination never raises.
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _render_float(value: float) -> str:
    # repr() round-trips exactly through float(); whole numbers print like the API does ("0").
    return str(int(value)) if value.is_integer() else repr(value)


@dataclass(frozen=True)
class Response:
    """One ISPAPI reply (real or synthetic). Build it with `parse_response` or the templates."""

    code: int
    description: str
    queuetime: float = 0.0
    runtime: float = 0.0
    pending: bool = False
    # Column name -> values in row order; stored as an immutable mapping of tuples whatever is passed in.
    properties: Mapping[str, Sequence[str]] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # Freeze the mapping the caller handed in; equality compares contents, not identity.
        if not isinstance(self.properties, MappingProxyType):
            frozen = {name: tuple(values) for name, values in self.properties.items()}
            object.__setattr__(self, "properties", MappingProxyType(frozen))

    # --- classification (docs/ispapi-wire.md §2.4: the first digit of CODE) -----------------------------

    @property
    def is_success(self) -> bool:
        return 200 <= self.code < 300

    @property
    def is_temporary_error(self) -> bool:
        return 400 <= self.code < 500

    @property
    def is_error(self) -> bool:
        return 500 <= self.code < 600

    # --- columns and records (docs/ispapi-wire.md §2.2 rule 5, §2.5) ------------------------------------

    def _values(self, name: str) -> Sequence[str] | None:
        # Callers name columns as the parser stores them (upper case, no blanks): then the name is its own
        # key and needs no normalising.
        values = self.properties.get(name)
        return values if values is not None else self.properties.get(normalise_column_name(name))

    def column(self, name: str) -> list[str]:
        """All values of a column ([] if the reply has no such column)."""
        return list(self._values(name) or ())

    def cell(self, name: str, index: int) -> str:
        """Row `index` of a column, "" when the column or the row is missing (no copy of the column)."""
        values = self._values(name)
        return values[index] if values is not None and 0 <= index < len(values) else ""

    def first(self, name: str, default: str = "") -> str:
        """Row 0 of a column, or `default` when the column is missing or empty."""
        values = self._values(name)
        return values[0] if values else default

    @property
    def columns(self) -> list[str]:
        """Column names in order of first appearance."""
        return list(self.properties)

    @property
    def row_count(self) -> int:
        """Number of rows: the longest column."""
        return max((len(values) for values in self.properties.values()), default=0)

    @property
    def records(self) -> list[dict[str, str]]:
        """One dict per row holding every column that has a value in that row."""
        return [
            {name: values[i] for name, values in self.properties.items() if i < len(values)}
            for i in range(self.row_count)
        ]

    # --- pagination figures (docs/ispapi-wire.md §2.6, same results as the SDKs) ------------------------

    def _figure(self, name: str) -> int | None:
        values = self.properties.get(name)
        return _int_or_none(values[0]) if values else None

    @property
    def count(self) -> int:
        """Rows in this page (the parsed rows, not the COUNT property)."""
        return self.row_count

    @property
    def first_index(self) -> int | None:
        """FIRST: offset of row 0; 0 when absent but rows exist; None without rows."""
        value = self._figure("FIRST")
        if value is not None:
            return value
        return 0 if self.row_count else None

    @property
    def last_index(self) -> int | None:
        """LAST: index of the last row returned; rows-1 when absent; None without rows."""
        value = self._figure("LAST")
        if value is not None:
            return value
        return self.row_count - 1 if self.row_count else None

    @property
    def last(self) -> int | None:
        """Alias of `last_index` (FIRST is `first_index`: `first()` reads a column)."""
        return self.last_index

    @property
    def total(self) -> int:
        value = self._figure("TOTAL")
        return self.row_count if value is None else value

    @property
    def limit(self) -> int:
        value = self._figure("LIMIT")
        return self.row_count if value is None else value

    @property
    def current_page(self) -> int | None:
        first, limit = self.first_index, self.limit
        if first is None or limit <= 0:
            return None
        return first // limit + 1

    @property
    def pages(self) -> int:
        total, limit = self.total, self.limit
        return math.ceil(total / limit) if total > 0 and limit > 0 else 0

    @property
    def next_page(self) -> int | None:
        current = self.current_page
        return None if current is None else min(current + 1, self.pages)

    @property
    def previous_page(self) -> int | None:
        current = self.current_page
        return current - 1 if current is not None and current > 1 else None

    @property
    def has_next_page(self) -> bool:
        current = self.current_page
        return current is not None and current + 1 <= self.pages

    @property
    def has_previous_page(self) -> bool:
        current = self.current_page
        return current is not None and current > 1

    @property
    def pagination(self) -> dict[str, int | None]:
        """All figures at once, keyed like the SDKs' getPagination()."""
        return {
            "COUNT": self.count,
            "CURRENTPAGE": self.current_page,
            "FIRST": self.first_index,
            "LAST": self.last_index,
            "LIMIT": self.limit,
            "NEXTPAGE": self.next_page,
            "PAGES": self.pages,
            "PREVIOUSPAGE": self.previous_page,
            "TOTAL": self.total,
        }

    # --- wire form ------------------------------------------------------------------------------------

    def to_text(self) -> str:
        """Render in the API's own layout (docs/ispapi-wire.md §2.1, §7): properties, DESCRIPTION, CODE,
        times, EOF, CRLF."""
        lines = ["[RESPONSE]"]
        for name, values in self.properties.items():
            lines.extend(f"PROPERTY[{name}][{i}]={value}" for i, value in enumerate(values))
        lines.append(f"DESCRIPTION={self.description}")
        lines.append(f"CODE={self.code:03d}")
        lines.append(f"QUEUETIME={_render_float(self.queuetime)}")
        lines.append(f"RUNTIME={_render_float(self.runtime)}")
        if self.pending:
            lines.append("PENDING=1")
        lines.append("EOF")
        return "\r\n".join(lines) + "\r\n"
