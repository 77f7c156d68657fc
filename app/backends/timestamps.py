"""Timestamps as both registry APIs write them: UTC, `YYYY-MM-DD HH:MM:SS` (docs/ispapi-wire.md,
docs/cnr-protocol.md), in filters such as MINDATE and in replies (creation dates), and the one comparison
the order reconciliation makes with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

API_FORMAT = "%Y-%m-%d %H:%M:%S"
_READ_FORMATS = (API_FORMAT, "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d")
# A registry's creation date may be a little older than our own clock's start of the order.
CLOCK_SLACK = timedelta(minutes=5)


def api_timestamp(moment: datetime) -> str:
    """`moment` in UTC (a naive datetime is taken as UTC already, as the journal stores it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(API_FORMAT)


def parse_timestamp(value: str) -> datetime | None:
    """A registry timestamp as an aware UTC datetime; None when empty or malformed."""
    value = value.strip()
    for fmt in _READ_FORMATS:
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
