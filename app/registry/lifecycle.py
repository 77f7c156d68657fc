"""The lifecycle family of the registry port: renewal and restore (money), the renewal mode, deletion,
release (push) to another registrar, transfers in progress (cancel, resend), applications."""

from __future__ import annotations

from typing import Protocol


class LifecyclePort(Protocol):
    """Intents of this family: app/registrar/orders/ (renewals, lifecycle, transfers, applications) calls
    them, app/backends/*/lifecycle.py implement them."""
