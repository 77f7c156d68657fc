"""The one "is this a whole number" check of each package: ASCII digits only, bounded in length."""

from __future__ import annotations

import pytest

from app.numbers import is_whole_number as bridge_number
from sandbox.numbers import is_whole_number as sandbox_number


@pytest.mark.parametrize("check", [bridge_number, sandbox_number])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", True),
        ("3600", True),
        ("9" * 18, True),
        ("9" * 19, False),  # past MAX_DIGITS: int() would take it, nothing we read is that long
        ("9" * 5000, False),  # int() refuses over 4,300 digits with ValueError
        ("", False),
        ("²", False),  # str.isdigit() is True, int() raises
        ("٣", False),  # str.isdigit() is True, int() reads 3
        ("-1", False),
        (" 1", False),
        ("1.0", False),
    ],
)
def test_only_plain_ascii_digits_are_numbers(check: object, text: str, expected: bool) -> None:
    assert check(text) is expected  # type: ignore[operator]


def test_a_longer_bound_can_be_asked_for() -> None:
    assert bridge_number("1" * 20, max_digits=20)
    assert not bridge_number("1" * 21, max_digits=20)
