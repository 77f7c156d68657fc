"""Who is calling: sessions and password logins, the same rules for both dialects (only their wording of a
refusal differs, so that stays with each engine)."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import Enum

from sandbox.errors import AuthenticationFailed
from sandbox.state import Account, Session, World


class SessionProblem(Enum):
    MISSING = "missing"
    EXPIRED = "expired"  # idle or older than its lifetime; it is ended


def use_session(world: World, session_id: str, now: datetime) -> Session | SessionProblem:
    """The session, marked as used now, or why it cannot be used."""
    session = world.sessions.get(session_id)
    if session is None:
        return SessionProblem.MISSING
    idle = (now - session.last_used_at).total_seconds()
    age = (now - session.created_at).total_seconds()
    if idle > session.timeout_seconds or age > session.max_ttl_seconds:
        del world.sessions[session_id]
        return SessionProblem.EXPIRED
    session.last_used_at = now
    return session


def password_login(
    world: World, login: str | None, role: str | None, password: str | None
) -> tuple[Account, str | None]:
    """(account, role) for a login with a password; AuthenticationFailed, saying nothing more, otherwise."""
    account = world.accounts.get(login or "")
    if account is None or not account.active or password is None:
        raise AuthenticationFailed()
    if role is not None:
        user = account.roles.get(role)
        if user is None or not secrets.compare_digest(user.password, password):
            raise AuthenticationFailed()
        return account, role
    if not secrets.compare_digest(account.password, password):
        raise AuthenticationFailed()
    return account, None
