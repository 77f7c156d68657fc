"""StatusUser RELATIONTYPE/RELATIONVALUE -> price tables per TLD class (docs/module-behaviour.md §8.2).

Only domain prices count: `PRICE_CLASS_DOMAIN_<CLASS>_<TAIL>`. The category regex of
docs/module-behaviour.md §8.2 tries `DOMAIN_PREMIUM` before `DOMAIN`, so premium and variable-fee relations
never reach the tables here. CLASS never contains "_", so it is the fourth "_"-separated part, and the item is
read from the tail only: a search over the whole name would misread `.trade` (CLASS `TRADE`) or `.promo`
(CLASS `PROMO`).

    tail                    table        period
    SETUP | ANNUAL | TRANSFER | RESTORE | CURRENCY      default (None)
    SETUP2 | ANNUAL2 | TRANSFER2 ...                    2 (a total for that term)
    ANNUAL_PROMO1 | SETUP_PROMO1                        promotion for period 1
    anything else (TRADE, SUNRISE_SETUP, ..._SCALE5)    not used for WHMCS prices

An empty value means "blocked" (5.1.12 stored -1): BLOCKED here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from app.registry.catalogue import BLOCKED, ClassPrices, Price

_CATEGORY = re.compile(
    r"^PRICE_CLASS_(DOMAIN_PREMIUM|PAYMENT|SERVICE_USAGE|DNSZONE|SSLCERT|VSERVER|DSERVER|DOMAIN|"
    r"TRUSTEE_DOMAIN|MANAGED_DOMAIN|INVOICE|TMCHMARK|DOMAINALERT|PREMIUMDNS|MOBILE|WEBSITE|"
    r"PROXY_WHOISPROXY)_"
)
_DOMAIN_PRICE = re.compile(r"^PRICE_CLASS_DOMAIN_(?P<cls>[^_]+)_(?P<tail>.+)$")
_REGULAR = re.compile(r"^(?P<item>SETUP|ANNUAL|TRANSFER|RESTORE|CURRENCY)(?P<period>[0-9]*)$")
_PROMO = re.compile(r"^(?P<item>SETUP|ANNUAL)_PROMO(?P<period>[0-9]+)$")
# Classes 5.1.12 never offered as TLDs (docs/module-behaviour.md §8.2): bundles, email forwards, DPML blocks,
# script variants.
_EXCLUDED = re.compile(
    r"^(MANDATE--SWISS|TESTDNSERVICESCOZA|TLDBOX|NAME|NAMEEMAIL|DPMLPUB|DPMLZONE|"
    r"[^_]+(REGIONAL|IDN|IDNTLD|IDNTLDASCII|(CHARS|NUMBERS)[0-9]*)|XN--.+JP)$"
)


def category(relation_type: str) -> str:
    """`DOMAIN_PRICE`, `DOMAINPREMIUM_PRICE`, ... or "" (docs/module-behaviour.md §8.2)."""
    match = _CATEGORY.match(relation_type)
    return "" if match is None else match.group(1).replace("_", "") + "_PRICE"


def _price(value: str) -> Price | None:
    value = value.strip()
    if value == "":
        return BLOCKED
    try:
        price = Decimal(value)
    except InvalidOperation:
        return None
    return price if price.is_finite() and price >= 0 else None


def parse(relations: Iterable[tuple[str, str]]) -> dict[str, ClassPrices]:
    """Price tables of every TLD class offered; malformed values are ignored (the TLD may then be skipped)."""
    classes: dict[str, ClassPrices] = {}
    for relation_type, value in relations:
        relation_type = relation_type.strip().upper()
        if category(relation_type) != "DOMAIN_PRICE":
            continue
        match = _DOMAIN_PRICE.match(relation_type)
        if match is None or _EXCLUDED.match(match["cls"]):
            continue
        cls, tail = match["cls"], match["tail"]
        regular, promo = _REGULAR.match(tail), _PROMO.match(tail)
        if regular is None and promo is None:
            continue
        prices = classes.setdefault(cls, ClassPrices(cls=cls))
        if regular is not None and regular["item"] == "CURRENCY":
            prices.currency = value.strip().upper()
            continue
        price = _price(value)
        if price is None:
            continue
        if regular is not None:
            period = int(regular["period"]) if regular["period"] else None
            prices.table(regular["item"])[period] = price
        elif promo is not None and isinstance(price, Decimal):
            prices.promo.setdefault(promo["item"], {})[int(promo["period"])] = price
    return classes


_PREMIUM_PRICE = re.compile(r"^PRICE_CLASS_DOMAIN_PREMIUM_\S+_(ANNUAL|TRANSFER|CURRENCY)$")


def premium_prices(relations: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The relations a premium search row is priced with (`PRICE_CLASS_DOMAIN_PREMIUM_<...>_ANNUAL`,
    `_TRANSFER`, `_CURRENCY`), as they are: a few hundred of the account's thousands, kept in the
    pricing cache so a search never sends StatusUser itself."""
    return {
        key: value
        for key, value in ((t.strip().upper(), v) for t, v in relations)
        if _PREMIUM_PRICE.match(key)
    }
