"""Expiry dates for WHMCS from ISPAPI domain dates (docs/module-behaviour.md §7.1), without the 5.1.12
defects.

ISPAPI timestamps (`YYYY-MM-DD HH:MM:SS`) are UTC; WHMCS wants `YYYY-MM-DD`. We emit the UTC date (the
bridge does not know the WHMCS server's zone; at most a few hours differ around midnight).

    FAILUREDATE > PAIDUNTILDATE  -> PAIDUNTILDATE           (the domain will be deleted when paid time ends)
    otherwise                    -> FINALIZATIONDATE + (PAIDUNTILDATE - EXPIRATIONDATE)   (paid time ahead of
    the registry expiry)

5.1.12 turned a missing FINALIZATIONDATE/FAILUREDATE (fresh registrations) into 1970-based garbage; here a
date that cannot be computed from the dates present is simply absent (`expirydate` is None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

API_FORMAT = "%Y-%m-%d %H:%M:%S"
EXPIRY_FIELDS = ("EXPIRATIONDATE", "FINALIZATIONDATE", "PAIDUNTILDATE", "FAILUREDATE", "STATUS")


def parse_api_datetime(value: str) -> datetime | None:
    """An ISPAPI timestamp (UTC) as an aware datetime; None when empty or malformed (also date-only)."""
    value = value.strip()
    for fmt in (API_FORMAT, "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def api_timestamp(moment: datetime) -> str:
    """A datetime as ISPAPI expects it in filters such as MINDATE (UTC, `YYYY-MM-DD HH:MM:SS`)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(API_FORMAT)


def whmcs_date(moment: datetime | date) -> str:
    """YYYY-MM-DD. isoformat starts with it for both types and costs a tenth of strftime (every Sync)."""
    return moment.isoformat()[:10]


@dataclass(frozen=True)
class ExpiryData:
    expiry: datetime | None  # None: not computable from the dates the registry gave
    active: bool

    def expired(self, now: datetime) -> bool | None:
        return None if self.expiry is None else now > self.expiry

    @property
    def expirydate(self) -> str | None:
        return None if self.expiry is None else whmcs_date(self.expiry)


class Dated(Protocol):
    """The dates of docs/module-behaviour.md §7.1 (app.registry.status.DomainDates, a snapshot row)."""

    @property
    def status(self) -> str: ...
    @property
    def expiration_date(self) -> datetime | None: ...
    @property
    def finalization_date(self) -> datetime | None: ...
    @property
    def paid_until_date(self) -> datetime | None: ...
    @property
    def failure_date(self) -> datetime | None: ...


def expiry_of(dates: Dated) -> ExpiryData:
    """docs/module-behaviour.md §7.1 from the registry's dates."""
    expiration, finalization = dates.expiration_date, dates.finalization_date
    paid_until, failure = dates.paid_until_date, dates.failure_date
    active = "ACTIVE" in dates.status.upper()
    expiry: datetime | None = None
    if failure is not None and paid_until is not None and failure > paid_until:
        expiry = paid_until
    elif finalization is not None and paid_until is not None and expiration is not None:
        expiry = finalization + (paid_until - expiration)
    return ExpiryData(expiry=expiry, active=active)


@dataclass(frozen=True)
class _Fields:
    status: str
    expiration_date: datetime | None
    finalization_date: datetime | None
    paid_until_date: datetime | None
    failure_date: datetime | None


def expiry_data(fields: Mapping[str, str]) -> ExpiryData:
    """docs/module-behaviour.md §7.1 from StatusDomain values (first row of EXPIRATIONDATE, FINALIZATIONDATE,
    PAIDUNTILDATE, ...)."""
    return expiry_of(
        _Fields(
            status=fields.get("STATUS", ""),
            expiration_date=parse_api_datetime(fields.get("EXPIRATIONDATE", "")),
            finalization_date=parse_api_datetime(fields.get("FINALIZATIONDATE", "")),
            paid_until_date=parse_api_datetime(fields.get("PAIDUNTILDATE", "")),
            failure_date=parse_api_datetime(fields.get("FAILUREDATE", "")),
        )
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


def days_ago(days: int, *, now: datetime | None = None) -> str:
    """`YYYY-MM-DD` of `days` days before now (UTC), for list filters such as MINCREATEDDATE."""
    return whmcs_date((now or utcnow()) - timedelta(days=days))
