"""Numbers in text, as WHMCS and the registries write them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# Python's str.isdigit() is true for "²" and "٣", which int() then refuses or reads as a digit no
# registry means; and int() refuses strings of over 4,300 digits. Every "is this a number" check in
# the bridge goes through here so neither can reach int() unguarded.
MAX_DIGITS = 18


def is_whole_number(value: str, *, max_digits: int = MAX_DIGITS) -> bool:
    """True for 1 to `max_digits` ASCII digits and nothing else."""
    return 0 < len(value) <= max_digits and value.isascii() and value.isdigit()


def to_decimal(raw: str) -> Decimal | None:
    """A registry amount (PRICE, X-FEE-AMOUNT, relation values) as Decimal; None when empty, not a number,
    NaN or infinite. The one parser of both adapters and the operations."""
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
