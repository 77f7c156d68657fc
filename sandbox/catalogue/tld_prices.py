"""Price relations the sandbox returns in ``StatusUser`` (RELATIONTYPE[i] / RELATIONVALUE[i]).

Grammar of every RELATIONTYPE emitted (the bridge's pricing parser is written against this; the parse
rules are docs/module-behaviour.md §8.2):

    relation        = domain-price | premium-price | variable-fee | other-product
    domain-price    = "PRICE_CLASS_DOMAIN_" CLASS "_" item
    CLASS           = TldInfo.tld_class: 1*( A-Z / 0-9 / "-" ), never "_"   e.g. COM, COUK, XN--P1AI, NAMESLD
    item            = "CURRENCY"                 value: ISO 4217 code; present for every class
                    / "SETUP"                    value: price, or "" = registration blocked (parse as -1)
                    / "ANNUAL"                   value: renewal price for one year
                    / "TRANSFER"                 value: transfer price (0.00 where ZONETRANSFERPERIODS is 0Y)
                    / "RESTORE"                  value: price, or "" = not restorable (parse as -1)
                    / "TRADE"                    value: owner-change price; 0.00 = free trade
                    / ("SETUP" / "ANNUAL" / "TRANSFER") n
                                                 value: total for an n-year term; only where the shortest
                                                 registration (or transfer) term n is > 1 (.ai: n = 2)
                    / "ANNUAL_PROMO1"            value: promotional first-year price (a few TLDs)
                    / "SUNRISE_SETUP"            value: pre-registration price (a few TLDs)
    premium-price   = "PRICE_CLASS_DOMAIN_" PCLASS "_" ("CURRENCY" / "ANNUAL" / "TRANSFER")
    PCLASS          = "PREMIUM_" CHANNEL "_" TIER        the CheckDomains CLASS, e.g. PREMIUM_DONUTS_B;
                                                 its register price is the CheckDomains PRICE
    variable-fee    = "PRICE_CLASS_DOMAIN_PREMIUM_" CHANNEL "_*_" ("CURRENCY"
                       / ("SETUP" / "ANNUAL" / "TRANSFER") "_MARKUP_" ("FIX" / "VAR"))
                                                 FIX: amount in that CURRENCY; VAR: percent
    other-product   = "PRICE_CLASS_TRUSTEE_DOMAIN_" CLASS "_ANNUAL" / "PRICE_CLASS_DNSZONE_ANNUAL"
                    / "PRICE_CLASS_PROXY_WHOISPROXY_ANNUAL"
                                                 not domain prices: a parser must skip them by category

Values are decimal strings with two places ("9.99", "0.00") or "" as stated above.

Parsing notes for the bridge (docs/module-behaviour.md §8.2, as they apply to this grammar):

* category: ``^PRICE_CLASS_(DOMAIN_PREMIUM|...|DOMAIN|TRUSTEE_DOMAIN|...)_`` tries DOMAIN_PREMIUM before
  DOMAIN, so premium and variable-fee relations fall in DOMAINPREMIUM_PRICE, trustee ones in
  TRUSTEEDOMAIN_PRICE, and only domain-price rows in DOMAIN_PRICE.
* subclass: ``^PRICE_CLASS_([^_]+_)?DOMAIN_([^_]+)_`` group 2 is CLASS.
* subcategory and period: read them from the tail after ``PRICE_CLASS_DOMAIN_<CLASS>_``. A search over the
  whole type misreads the .trade TLD, whose CLASS is ``TRADE`` (``PRICE_CLASS_DOMAIN_TRADE_ANNUAL``).
  Tail ``ANNUAL_PROMO1`` is subcategory ANNUAL_PROMO with period 1; ``SUNRISE_SETUP`` is PREREG; ``SETUP2``
  is SETUP2 with period 2; ``CURRENCY`` etc. have no period ("default").
* No CLASS emitted here matches the bridge's exclusion list (``NAME``, ``...IDN``, ``XN--...JP`` ...).

Currencies: a class's prices are in its own currency (TldInfo.currency). Classes whose currency is the
sandbox's default (USD) are quoted in the account currency instead: StatusUser for a EUR account states
``..._COM_CURRENCY=EUR`` with the USD prices converted at the rates of :mod:`sandbox.catalogue.rates`.
"""

from __future__ import annotations

from decimal import Decimal

from sandbox.catalogue.model import TldInfo, TldPrices
from sandbox.catalogue.premium import (
    PREMIUM_CURRENCY,
    VARIABLE_FEE_CHANNELS,
    registry_premium_classes,
)
from sandbox.catalogue.profiles import PREMIUM_CHANNELS, Profile, decimal_of
from sandbox.catalogue.rates import convert

__all__ = [
    "DEFAULT_CURRENCY",
    "base_prices",
    "other_product_relations",
    "premium_relations",
    "quote",
    "relations_for_class",
]

DEFAULT_CURRENCY = "USD"
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_PROMO_SHARE = Decimal("0.40")
_SUNRISE_SETUP = Decimal("199.00")


def base_prices(info: TldInfo, facts: Profile) -> TldPrices:
    """Prices of one TLD class in its own currency, derived from its resolved facts."""
    annual = decimal_of(facts.annual, f"{info.name} annual")
    setup = None if info.blocked else decimal_of(facts.setup, f"{info.name} setup")
    if info.free_transfer:
        transfer = _ZERO
    else:
        transfer = decimal_of(facts.transfer_price or facts.annual, f"{info.name} transfer")
    restore = None if info.restorable_days is None else decimal_of(facts.restore, f"{info.name} restore")
    # Only registries with a real owner-change procedure charge for it (docs/module-behaviour.md §6.7).
    trade = (
        decimal_of(facts.trade or facts.annual, info.name) if info.registrant_change_by == "TRADE" else _ZERO
    )
    period_setup: dict[int, Decimal] = {}
    period_annual: dict[int, Decimal] = {}
    period_transfer: dict[int, Decimal] = {}
    years = info.min_registration_years
    if years > 1:
        period_annual[years] = annual * years
        if setup is not None:
            period_setup[years] = setup
    transfer_years = int(info.transfer_periods[0].rstrip("Y"))
    if transfer_years > 1:
        period_transfer[transfer_years] = transfer * transfer_years
    promo = (annual * _PROMO_SHARE).quantize(_CENT) if facts.promo else None
    return TldPrices(
        tld_class=info.tld_class,
        currency=info.currency,
        setup=setup,
        annual=annual,
        transfer=transfer,
        restore=restore,
        trade=trade,
        period_setup=period_setup,
        period_annual=period_annual,
        period_transfer=period_transfer,
        promo_annual=promo,
        sunrise_setup=_SUNRISE_SETUP if facts.sunrise else None,
    )


def quote(prices: TldPrices, account_currency: str) -> TldPrices:
    """The prices as StatusUser states them for an account in ``account_currency``."""
    if prices.currency != DEFAULT_CURRENCY or account_currency == DEFAULT_CURRENCY:
        return prices

    def money(amount: Decimal) -> Decimal:
        return convert(amount, DEFAULT_CURRENCY, account_currency)

    def maybe(amount: Decimal | None) -> Decimal | None:
        return None if amount is None else money(amount)

    return TldPrices(
        tld_class=prices.tld_class,
        currency=account_currency,
        setup=maybe(prices.setup),
        annual=money(prices.annual),
        transfer=money(prices.transfer),
        restore=maybe(prices.restore),
        trade=money(prices.trade),
        period_setup={years: money(v) for years, v in prices.period_setup.items()},
        period_annual={years: money(v) for years, v in prices.period_annual.items()},
        period_transfer={years: money(v) for years, v in prices.period_transfer.items()},
        promo_annual=maybe(prices.promo_annual),
        sunrise_setup=maybe(prices.sunrise_setup),
    )


def _text(amount: Decimal | None) -> str:
    return "" if amount is None else str(amount.quantize(_CENT))


def relations_for_class(prices: TldPrices) -> list[tuple[str, str]]:
    """The domain-price relations of one class, in a fixed order."""
    head = f"PRICE_CLASS_DOMAIN_{prices.tld_class}_"
    rows = [
        (head + "CURRENCY", prices.currency),
        (head + "SETUP", _text(prices.setup)),
        (head + "ANNUAL", _text(prices.annual)),
        (head + "TRANSFER", _text(prices.transfer)),
        (head + "RESTORE", _text(prices.restore)),
        (head + "TRADE", _text(prices.trade)),
    ]
    rows += [(f"{head}SETUP{years}", _text(v)) for years, v in sorted(prices.period_setup.items())]
    rows += [(f"{head}ANNUAL{years}", _text(v)) for years, v in sorted(prices.period_annual.items())]
    rows += [(f"{head}TRANSFER{years}", _text(v)) for years, v in sorted(prices.period_transfer.items())]
    if prices.promo_annual is not None:
        rows.append((head + "ANNUAL_PROMO1", _text(prices.promo_annual)))
    if prices.sunrise_setup is not None:
        rows.append((head + "SUNRISE_SETUP", _text(prices.sunrise_setup)))
    return rows


def premium_relations(channels: set[str]) -> list[tuple[str, str]]:
    """Relations of the registry premium classes and variable-fee markups of the channels in use."""
    rows: list[tuple[str, str]] = []
    for channel in sorted(channels & PREMIUM_CHANNELS):
        for premium_class, (_register, renew, transfer) in registry_premium_classes(channel).items():
            head = f"PRICE_CLASS_DOMAIN_{premium_class}_"
            rows += [
                (head + "CURRENCY", PREMIUM_CURRENCY),
                (head + "ANNUAL", _text(renew)),
                (head + "TRANSFER", _text(transfer)),
            ]
    for channel in sorted(channels & set(VARIABLE_FEE_CHANNELS)):
        fee = VARIABLE_FEE_CHANNELS[channel]
        head = f"PRICE_CLASS_DOMAIN_PREMIUM_{channel}_*_"
        rows += [
            (head + "CURRENCY", fee.currency),
            (head + "SETUP_MARKUP_FIX", _text(fee.setup_fix)),
            (head + "SETUP_MARKUP_VAR", str(fee.setup_var)),
            (head + "ANNUAL_MARKUP_FIX", _text(fee.annual_fix)),
            (head + "ANNUAL_MARKUP_VAR", str(fee.annual_var)),
            (head + "TRANSFER_MARKUP_FIX", _text(fee.transfer_fix)),
            (head + "TRANSFER_MARKUP_VAR", str(fee.transfer_var)),
        ]
    return rows


def other_product_relations(account_currency: str) -> list[tuple[str, str]]:
    """A few non-domain relations a real account also has; a domain price parser must skip them."""
    fee = convert(Decimal("9.00"), DEFAULT_CURRENCY, account_currency)
    return [
        ("PRICE_CLASS_DNSZONE_ANNUAL", _text(convert(Decimal("12.00"), DEFAULT_CURRENCY, account_currency))),
        ("PRICE_CLASS_PROXY_WHOISPROXY_ANNUAL", "0.00"),
        ("PRICE_CLASS_TRUSTEE_DOMAIN_DE_ANNUAL", _text(fee)),
        ("PRICE_CLASS_TRUSTEE_DOMAIN_DE_CURRENCY", account_currency),
    ]
