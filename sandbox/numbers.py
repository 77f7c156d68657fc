"""Whole numbers in command parameters."""

from __future__ import annotations

# str.isdigit() is true for "²" and "٣" (int() refuses the first and reads the second), and int()
# refuses strings of over 4,300 digits: a parameter is a number only if it is plain ASCII digits.
MAX_DIGITS = 18


def is_whole_number(value: str, *, max_digits: int = MAX_DIGITS) -> bool:
    """True for 1 to `max_digits` ASCII digits and nothing else."""
    return 0 < len(value) <= max_digits and value.isascii() and value.isdigit()
