"""Prices of one TLD for WHMCS (docs/module-behaviour.md §8.4) with the §13.11 defects fixed. Pure functions,
Decimal.

    registration(p)   p = first registration period
                      blocked if SETUP<p> or SETUP is blocked;
                      SETUP<p> + ANNUAL<p> when both term prices exist, else SETUP + p x ANNUAL;
                      a promotion (ANNUAL_PROMO<p>, SETUP_PROMO<p>) replaces its part when it is lower
    renewal(p)        p = first RENEWAL period (docs/module-behaviour.md §13.11: 5.1.12 used the registration
                      period):
                      ANNUAL<p>, else p x ANNUAL
    transfer(p)       p = first TRANSFER period: TRANSFER<p>, else max(p, 1) x TRANSFER
                      (a 0Y transfer, e.g. .de or .co.uk, costs the TRANSFER fee once)
    redemption        RESTORE; blocked/missing -> none
    convert           amount / rate[from] x rate[to], rates relative to EUR (QueryExchangeRates);
                      a missing rate gives None: the caller skips the TLD (docs/field-reports.md §2c, RMW
                      #188)

Why the own minimum period for renewal and transfer: WHMCS imports one price per action for the first
period it offers, and a registry that registers for 2 years may renew or transfer for 1; pricing a
1-year renewal as the 2-year registration term doubled it in 5.1.12.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from app.numbers import is_whole_number
from app.registry.catalogue import BLOCKED, ClassPrices, Table

CENT = Decimal("0.01")


def _term(table: Table, period: int) -> Decimal | None:
    """Price of `period` years from a table: the term price if listed, else period x default."""
    value = table.get(period)
    if value is BLOCKED or table.get(None) is BLOCKED and value is None:
        return None
    if isinstance(value, Decimal):
        return value
    default = table.get(None)
    return period * default if isinstance(default, Decimal) else None


def _promoted(prices: ClassPrices, item: str, period: int, regular: Decimal) -> Decimal:
    promo = prices.promo.get(item, {}).get(period)
    return promo if promo is not None and promo < regular else regular


def registration(prices: ClassPrices, period: int) -> Decimal | None:
    if prices.setup.get(period) is BLOCKED or prices.setup.get(None) is BLOCKED:
        return None
    setup_term, annual_term = prices.setup.get(period), prices.annual.get(period)
    setup: Decimal | None
    annual: Decimal | None
    if isinstance(setup_term, Decimal) and isinstance(annual_term, Decimal):
        setup, annual = setup_term, annual_term
    else:
        default_setup, default_annual = prices.setup.get(None), prices.annual.get(None)
        if not isinstance(default_setup, Decimal) or not isinstance(default_annual, Decimal):
            return None
        setup, annual = default_setup, period * default_annual
    return _promoted(prices, "SETUP", period, setup) + _promoted(prices, "ANNUAL", period, annual)


def renewal(prices: ClassPrices, period: int) -> Decimal | None:
    return _term(prices.annual, period)


def transfer(prices: ClassPrices, period: int) -> Decimal | None:
    if period <= 0:
        value = prices.transfer.get(None)
        return value if isinstance(value, Decimal) else None
    return _term(prices.transfer, period)


def redemption(prices: ClassPrices) -> Decimal | None:
    value = prices.restore.get(None)
    return value if isinstance(value, Decimal) else None


def convert(amount: Decimal, *, source: str, target: str, rates: Mapping[str, Decimal]) -> Decimal | None:
    """`amount` in `source` currency expressed in `target`, rounded to cents; None without a rate."""
    if source == target:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    rate_from, rate_to = rates.get(source), rates.get(target)
    if not rate_from or not rate_to:
        return None
    return (amount / rate_from * rate_to).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_periods(raw: str) -> list[int]:
    """ZONE...PERIODS "1Y,2Y,10Y" -> [1, 2, 10]; 0Y, months and junk are dropped
    (docs/module-behaviour.md §8.3)."""
    periods = []
    for item in raw.split(","):
        item = item.strip().upper()
        if item.endswith("Y") and is_whole_number(item[:-1]) and int(item[:-1]) > 0:
            periods.append(int(item[:-1]))
    return periods
