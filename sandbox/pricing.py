"""Domain prices per TLD class, read from the catalogue's StatusUser relations (docs/ispapi-wire.md §4.1,
docs/module-behaviour.md §8.2/§8.4):
`PRICE_CLASS_DOMAIN_<CLASS>_(SETUP|ANNUAL|TRANSFER|RESTORE|TRADE)[<years>]` plus `..._CURRENCY`. Parsed once
per currency into a table, so a money command costs a dict lookup.

Rules (docs/module-behaviour.md §8.4): registration for p years = SETUP<p> + ANNUAL<p> when both are period
specific, else SETUP + p * ANNUAL; renewal = ANNUAL<p> or p * ANNUAL; transfer = TRANSFER (one period);
restore = RESTORE; trade = TRADE. An empty relation value means "blocked" (None here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue

_RELATION = re.compile(
    r"^PRICE_CLASS_DOMAIN_(?P<cls>[A-Z0-9-]+?)_(?P<kind>SETUP|ANNUAL|TRANSFER|RESTORE|TRADE|CURRENCY)(?P<years>[0-9]*)$"
)
KINDS = ("SETUP", "ANNUAL", "TRANSFER", "RESTORE", "TRADE")


@dataclass
class ClassPrices:
    """Prices of one TLD class; key None = the default (per-year) price, an int = period specific."""

    currency: str = ""
    prices: dict[str, dict[int | None, Decimal | None]] = field(default_factory=dict)

    def get(self, kind: str, years: int | None = None) -> Decimal | None:
        table = self.prices.get(kind, {})
        if years is not None and years in table:
            return table[years]
        return table.get(None)


class PriceTable:
    """Prices for every TLD class in one account currency."""

    def __init__(self, relations: list[tuple[str, str]], *, currency: str) -> None:
        self.currency = currency
        self.classes: dict[str, ClassPrices] = {}
        for rel_type, value in relations:
            match = _RELATION.match(rel_type.upper())
            if match is None:
                continue
            entry = self.classes.setdefault(match["cls"], ClassPrices(currency=currency))
            if match["kind"] == "CURRENCY":
                entry.currency = value.strip() or currency
                continue
            years = int(match["years"]) if match["years"] else None
            entry.prices.setdefault(match["kind"], {})[years] = _decimal(value)

    def register(self, tld_class: str, years: int) -> Decimal | None:
        entry = self.classes.get(tld_class)
        if entry is None:
            return None
        setup_p, annual_p = entry.prices.get("SETUP", {}), entry.prices.get("ANNUAL", {})
        if years in setup_p and years in annual_p:
            setup, annual = setup_p[years], annual_p[years]
            return None if setup is None or annual is None else setup + annual
        setup, annual = entry.get("SETUP"), entry.get("ANNUAL")
        if setup is None or annual is None:
            return None
        return setup + annual * years

    def renew(self, tld_class: str, years: int) -> Decimal | None:
        entry = self.classes.get(tld_class)
        if entry is None:
            return None
        specific = entry.prices.get("ANNUAL", {})
        if years in specific:
            return specific[years]
        annual = entry.get("ANNUAL")
        return None if annual is None else annual * years

    def single(self, tld_class: str, kind: str) -> Decimal | None:
        """TRANSFER, RESTORE or TRADE (one operation)."""
        entry = self.classes.get(tld_class)
        return None if entry is None else entry.get(kind)

    def currency_of(self, tld_class: str) -> str:
        entry = self.classes.get(tld_class)
        return entry.currency if entry and entry.currency else self.currency


_CACHE: dict[tuple[int, str], PriceTable] = {}


def prices(catalogue: Catalogue, currency: str) -> PriceTable:
    """The (cached) price table of `catalogue` for accounts in `currency`."""
    key = (id(catalogue), currency)
    table = _CACHE.get(key)
    if table is None:
        table = PriceTable(list(catalogue.status_user_relations(currency)), currency=currency)
        _CACHE[key] = table
    return table


def _decimal(value: str) -> Decimal | None:
    text = value.strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
