"""Expiry computation (docs/module-behaviour.md §7.1) without the 1970 defect."""

from __future__ import annotations

import pytest

from app.dates import expiry_data, parse_api_datetime

E, F, P, X = "EXPIRATIONDATE", "FINALIZATIONDATE", "PAIDUNTILDATE", "FAILUREDATE"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # registry expiry shifted by the prepaid delta: FINALIZATION + (PAIDUNTIL - EXPIRATION)
        (
            {
                E: "2025-03-10 10:00:00",
                F: "2025-02-20 10:00:00",
                P: "2026-03-10 10:00:00",
                X: "2026-03-05 10:00:00",
            },
            "2026-02-20",
        ),
        # failure after paid-until: the domain goes away when the paid time ends
        (
            {
                E: "2025-03-10 10:00:00",
                F: "2025-02-20 10:00:00",
                P: "2025-03-10 10:00:00",
                X: "2025-04-01 00:00:00",
            },
            "2025-03-10",
        ),
        # UTC date, even at 23:30 UTC
        (
            {
                E: "2025-03-10 23:30:00",
                F: "2025-03-10 23:30:00",
                P: "2025-03-10 23:30:00",
                X: "2025-03-01 00:00:00",
            },
            "2025-03-10",
        ),
        # fresh registration without FINALIZATIONDATE/FAILUREDATE: no date (5.1.12 made 1970 dates)
        ({E: "2025-03-10 10:00:00", P: "2025-03-10 10:00:00"}, None),
        ({E: "2025-03-10 10:00:00", F: "", P: "2025-03-10 10:00:00", X: ""}, None),
        ({}, None),
        ({E: "garbage", F: "2025-02-20 10:00:00", P: "2025-03-10 10:00:00"}, None),
        # failure date missing but the others present: the shifted registry date
        ({E: "2025-03-10 10:00:00", F: "2025-02-28 10:00:00", P: "2025-03-10 10:00:00"}, "2025-02-28"),
    ],
)
def test_expiry_table(fields, expected) -> None:
    data = expiry_data(fields)
    assert data.expirydate == expected
    if expected is not None:
        assert data.expirydate is not None
        assert len(data.expirydate) == 10 and not data.expirydate.startswith("1970")


def test_active_and_expired_flags() -> None:
    fields = {
        E: "2020-01-01 00:00:00",
        F: "2020-01-01 00:00:00",
        P: "2020-01-01 00:00:00",
        "STATUS": "active",
    }
    data = expiry_data(fields)
    now = parse_api_datetime("2021-01-01 00:00:00")
    assert now is not None
    assert data.active is True and data.expired(now) is True
    assert expiry_data({}).expired(now) is None and expiry_data({}).active is False


def test_parse_api_datetime() -> None:
    parsed = parse_api_datetime("2025-03-10 10:00:00")
    assert parsed is not None and parsed.isoformat() == "2025-03-10T10:00:00+00:00"
    assert parse_api_datetime("") is None and parse_api_datetime("0000-00-00 00:00:00") is None
