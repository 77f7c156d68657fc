"""Registry timestamps (both APIs write UTC as `YYYY-MM-DD HH:MM:SS`) and the one comparison the order
reconciliation makes with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d")
# A registry's creation date may be a little older than our own clock's start of the order.
CLOCK_SLACK = timedelta(minutes=5)


def parse_timestamp(value: str) -> datetime | None:
    """A registry timestamp as an aware UTC datetime; None when empty or malformed."""
    value = value.strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def older_than(created: str, since: datetime) -> bool:
    """True when the object was created before an order that started at `since` (so it is not that
    order's); an unreadable date does not count as older."""
    moment = parse_timestamp(created)
    return moment is not None and moment < since - CLOCK_SLACK
