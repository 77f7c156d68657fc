"""Keys that identify a registrar account in the bridge's tables without storing the login itself."""

from __future__ import annotations

import hashlib
from functools import lru_cache


@lru_cache(maxsize=1024)  # every call works out its account's key; a bridge serves few accounts
def account_key(*, system: str, login: str) -> str:
    """sha256 of "<system>|<account>" (system "LIVE"/"OTE"/custom URL). The role part of `login!role` is
    dropped: a role user works on the same account data as the account itself."""
    account = login.split("!", 1)[0].strip().lower()
    return hashlib.sha256(f"{system}|{account}".encode()).hexdigest()
