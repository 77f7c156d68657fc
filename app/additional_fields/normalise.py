"""Value normalisations applied before a value becomes an ISPAPI parameter (docs/module-behaviour.md §5.2).

Keyed by the ISPAPI parameter, as 5.1.12 does it, so every TLD that fills one of these parameters gets the
same treatment whatever its field is called.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "TICKED", "normalise_param", "utc_now"]

Clock = Callable[[], datetime]

# What WHMCS (and the legacy sample's Ispapi-Eval) treat as a ticked tickbox.
TICKED = frozenset({"on", "1", "yes", "true", "checked"})


def utc_now() -> datetime:
    return datetime.now(UTC)


def _upper(value: str, _clock: Clock) -> str:
    return value.upper()


def _accepted_date(value: str, clock: Clock) -> str:
    # docs/module-behaviour.md §5.2: a ticked acceptance becomes the acceptance time in UTC; DK Hostmaster
    # wants the timestamp.
    if value.strip().lower() in TICKED:
        return clock().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return value


def _contact_uri(value: str, _clock: Clock) -> str:
    # docs/module-behaviour.md §5.2: DENIC contact data must be a URI; an address gets mailto:, anything else
    # https://.
    lowered = value.lower()
    if lowered.startswith(("mailto:", "http://", "https://")):
        return value
    return f"mailto:{value}" if "@" in value else f"https://{value}"


_RULES: dict[str, Callable[[str, Clock], str]] = {
    "X-DK-REGISTRANT-CONTACT": _upper,
    "X-DK-ADMIN-CONTACT": _upper,
    "X-DK-AGREEMENT-ACCEPTEDDATE": _accepted_date,
    "X-DE-GENERAL-REQUEST": _contact_uri,
    "X-DE-ABUSE-CONTACT": _contact_uri,
}


def normalise_param(param: str, value: str, *, clock: Clock = utc_now) -> str:
    """The value to send for `param`; unchanged for parameters without a rule."""
    rule = _RULES.get(param)
    return rule(value, clock) if rule is not None else value
