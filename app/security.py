"""Request authentication (docs/architecture.md "Signature"): HMAC over the raw body, a timestamp window,
replay nonces.

`X-Bridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>`. More than one `v1`
may be given (secret rotation: the shim can sign with old and new). Every refusal is an
`AuthenticationFailed` whose message names the rule broken, never anything about the secret itself.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import ReplayNonce
from app.db.prepared import Prepared
from app.db.session import Database
from app.errors import AuthenticationFailed
from app.numbers import is_whole_number

_MAX_SIGNATURE_HEADER = 1024  # t= plus a few v1= entries; anything longer is garbage
# One Core INSERT with bound parameters, built and compiled once (app/db/prepared.py): every request only
# binds its values (building the statement per call, with its values in it, cost more than running it).
_REMEMBER = Prepared(insert(ReplayNonce), column_keys=("request_id", "seen_at"))


def sign(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The header value for `body` (used by tests, `doctor` and anything that calls the bridge)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={_digest(secret, t, body)}"


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def _parse_header(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t" and is_whole_number(value) and len(value) <= 12:
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value.strip().lower())
    if timestamp is None or not signatures:
        raise AuthenticationFailed("malformed X-Bridge-Signature header (expected t=<unix seconds>,v1=<hex>)")
    return timestamp, signatures


def verify_signature(
    *, secret: str, header: str | None, body: bytes, tolerance_seconds: int, now: float | None = None
) -> int:
    """Check the signature of `body`; returns the signed timestamp or raises AuthenticationFailed."""
    if not header:
        raise AuthenticationFailed("missing X-Bridge-Signature header")
    if len(header) > _MAX_SIGNATURE_HEADER:
        raise AuthenticationFailed("malformed X-Bridge-Signature header")
    timestamp, candidates = _parse_header(header)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise AuthenticationFailed(
            f"request timestamp is more than {tolerance_seconds} s away from the bridge clock "
            "(check that WHMCS and the bridge keep time with NTP)"
        )
    expected = _digest(secret, timestamp, body)
    # Compare against every candidate without stopping early, in constant time per comparison.
    matched = False
    for candidate in candidates:
        matched |= hmac.compare_digest(expected.encode(), candidate.encode("ascii", "replace"))
    if not matched:
        raise AuthenticationFailed("request signature does not match (check BridgeSecret in WHMCS)")
    return timestamp


class ReplayGuard:
    """Remembers accepted request ids in `replay_nonce`; the unique constraint is the cross-process lock.

    A request signed at t is accepted while |now - t| <= tolerance, so a captured request can be replayed
    until t + tolerance, at most 2 x tolerance after it was first seen: nonces are kept that long.
    """

    def __init__(self, db: Database, *, tolerance_seconds: int, prune_every_seconds: float = 60.0) -> None:
        self._db = db
        self._keep = timedelta(seconds=2 * tolerance_seconds)
        self._prune_every = prune_every_seconds
        self._last_prune = 0.0

    async def remember(self, request_id: str, *, now: datetime | None = None) -> None:
        """Record `request_id`; raises AuthenticationFailed if any bridge process already saw it."""
        seen_at = now or datetime.now(UTC)
        prune = time.monotonic() - self._last_prune >= self._prune_every
        if prune:
            self._last_prune = time.monotonic()

        def forget_old(session: Session) -> None:
            session.execute(delete(ReplayNonce).where(ReplayNonce.seen_at < seen_at - self._keep))
            session.commit()

        def record(connection: Connection) -> bool:
            try:
                # One INSERT statement, not the ORM unit of work (app/db/prepared.py); the unique key
                # refuses a second use here, at execute time.
                _REMEMBER.execute(connection, {"request_id": request_id, "seen_at": seen_at})
            except IntegrityError:
                return False
            return True

        if prune:  # deletes many rows: a worker thread's job, once a minute
            await self._db.run(forget_old)
        if not await self._db.quick(record):
            raise AuthenticationFailed("request id already used (replayed request)")
