"""Signature verification and the replay guard as units (the HTTP tests cover the wiring)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db.models import ReplayNonce
from app.db.session import Database
from app.errors import AuthenticationFailed
from app.security import ReplayGuard, sign, verify_signature

SECRET = "unit-test-secret-0123456789"
BODY = b'{"protocol":"ispapi-bridge/1"}'


def test_sign_is_hmac_sha256_over_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, timestamp=1_700_000_000) == f"t=1700000000,v1={expected}"


def test_valid_signature_returns_the_timestamp() -> None:
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    assert verify_signature(
        secret=SECRET, header=header, body=BODY, tolerance_seconds=300, now=1_700_000_100
    ) == (1_700_000_000)


def test_any_of_several_v1_values_may_match_for_secret_rotation() -> None:
    good = sign(SECRET, BODY, timestamp=1_700_000_000).split(",v1=")[1]
    header = f"t=1700000000,v1={'0' * 64},v1={good.upper()}"
    assert verify_signature(secret=SECRET, header=header, body=BODY, tolerance_seconds=300, now=1_700_000_000)


@pytest.mark.parametrize(
    ("header", "now", "message"),
    [
        (None, 1_700_000_000, "missing X-Bridge-Signature header"),
        ("", 1_700_000_000, "missing X-Bridge-Signature header"),
        ("t=abc,v1=00", 1_700_000_000, "malformed"),
        ("t=1700000000,v1=" + "0" * 64, 1_700_000_000, "does not match"),
        (sign(SECRET, BODY, timestamp=1_700_000_000), 1_700_000_301, "away from the bridge clock"),
        (sign(SECRET, BODY, timestamp=1_700_000_000), 1_699_999_699, "away from the bridge clock"),
        (sign("other-secret-0123456789", BODY, timestamp=1_700_000_000), 1_700_000_000, "does not match"),
    ],
)
def test_refusals(header: str | None, now: float, message: str) -> None:
    with pytest.raises(AuthenticationFailed, match=message) as caught:
        verify_signature(secret=SECRET, header=header, body=BODY, tolerance_seconds=300, now=now)
    assert caught.value.status_code == 401 and SECRET not in caught.value.message


def test_exactly_at_the_tolerance_edge_is_accepted() -> None:
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    verify_signature(secret=SECRET, header=header, body=BODY, tolerance_seconds=300, now=1_700_000_300)


async def test_replay_guard_refuses_a_second_use_and_prunes_old_nonces(database: Database) -> None:
    guard = ReplayGuard(database, tolerance_seconds=300, prune_every_seconds=0)
    long_ago = datetime.now(UTC) - timedelta(seconds=601)
    await guard.remember("old-request-0001", now=long_ago)
    await guard.remember("recent-request-1")
    with pytest.raises(AuthenticationFailed, match="already used"):
        await guard.remember("recent-request-1")
    with database.sessions() as session:
        kept = set(session.execute(select(ReplayNonce.request_id)).scalars())
    # Pruned: older than twice the window (a request signed at t can be replayed until t + tolerance).
    assert kept == {"recent-request-1"}


async def test_two_guards_share_the_database(database: Database, db_url: str) -> None:
    other = Database.from_url(db_url)
    try:
        await ReplayGuard(database, tolerance_seconds=300).remember("shared-request-1")
        with pytest.raises(AuthenticationFailed):
            await ReplayGuard(other, tolerance_seconds=300).remember("shared-request-1")
    finally:
        other.dispose()
