"""Reading the admin page's filters from `ctx.params`: bounded text, a choice from a table, a whole
number in a range, an ISO date. Bad input raises `InvalidInput` naming the field (never a 500)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from app.errors import InvalidInput
from app.numbers import is_whole_number
from app.registrar import params as p


def bounded_text(params: p.Params, key: str, *, max_length: int) -> str:
    value = p.text(params, key)
    if len(value) > max_length or any(ord(ch) < 32 for ch in value):
        raise InvalidInput(f"{key} must be text of at most {max_length} characters", field=key)
    return value


def choice(params: p.Params, key: str, allowed: Collection[str], *, required: bool = False) -> str:
    """One of `allowed`, or "" (no filter) unless `required`."""
    value = p.text(params, key)
    if (value or required) and value not in allowed:
        raise InvalidInput(f"{key} must be one of {', '.join(sorted(allowed))}", field=key)
    return value


def whole_number(params: p.Params, key: str, *, default: int, low: int, high: int) -> int:
    value = p.text(params, key)
    if not value:
        return default
    if not is_whole_number(value) or not low <= int(value) <= high:
        raise InvalidInput(f"{key} must be a whole number from {low} to {high}", field=key)
    return int(value)


def iso_date(params: p.Params, key: str) -> datetime | None:
    """A YYYY-MM-DD date as the UTC midnight starting it; None when empty."""
    value = p.text(params, key)
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{key} must be a date like 2026-01-31", field=key) from exc
    if len(value) != 10:
        raise InvalidInput(f"{key} must be a date like 2026-01-31", field=key)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def iso_moment(moment: datetime | None) -> str | None:
    """An instant as `2026-01-31T12:00:00Z` (UTC) for the page; None stays None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
