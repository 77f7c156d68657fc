"""Timestamps as both registry APIs take them in filters such as MINDATE: UTC, `YYYY-MM-DD HH:MM:SS`
(docs/ispapi-wire.md, docs/cnr-protocol.md)."""

from __future__ import annotations

from datetime import UTC, datetime

API_FORMAT = "%Y-%m-%d %H:%M:%S"


def api_timestamp(moment: datetime) -> str:
    """`moment` in UTC (a naive datetime is taken as UTC already, as the journal stores it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(API_FORMAT)
