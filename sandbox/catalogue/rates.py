"""Exchange rates the sandbox quotes in QueryExchangeRates: EUR-based, one row per target currency.

The bridge builds ``{"EUR": 1} + {CURRENCYTO: RATE}`` from these rows and converts a price with
``price / rate[from] * rate[to]`` (docs/module-behaviour.md §8.1, §8.4). The values are fixed (close to the
market in early 2025) so that every build and every test sees the same numbers.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["BASE_CURRENCY", "RATE_DATE", "RATES", "convert", "exchange_rate_rows", "rate_of"]

BASE_CURRENCY = "EUR"
RATE_DATE = "2025-01-02 00:00:00"
RATES: dict[str, Decimal] = {
    "AUD": Decimal("1.6600"),
    "CAD": Decimal("1.4900"),
    "CHF": Decimal("0.9400"),
    "CNY": Decimal("7.5700"),
    "DKK": Decimal("7.4600"),
    "GBP": Decimal("0.8300"),
    "JPY": Decimal("162.9000"),
    "NOK": Decimal("11.8000"),
    "NZD": Decimal("1.8400"),
    "SEK": Decimal("11.5000"),
    "USD": Decimal("1.0350"),
}
_CENT = Decimal("0.01")


def rate_of(currency: str) -> Decimal:
    """Units of ``currency`` per EUR; KeyError for a currency the sandbox does not quote."""
    return Decimal(1) if currency == BASE_CURRENCY else RATES[currency]


def convert(amount: Decimal, source: str, target: str) -> Decimal:
    """Convert like the bridge does, rounded half-even to cents (Decimal's default)."""
    if source == target:
        return amount
    return (amount / rate_of(source) * rate_of(target)).quantize(_CENT)


def exchange_rate_rows() -> list[tuple[str, str, str, str]]:
    """(CURRENCYFROM, CURRENCYTO, RATE, DATE) rows, sorted by target currency."""
    return [(BASE_CURRENCY, code, str(rate), RATE_DATE) for code, rate in sorted(RATES.items())]
