"""The fees of one premium name in ISPAPI terms (docs/module-behaviour.md §3.4, the defects of §13.2 fixed).

    CheckDomains DOMAIN0=<domain> PREMIUMCHANNELS=*      the row of the requested index (5.1.12: always row 0)
    StatusUser                                           price relations of the account
    QueryExchangeRates                                   only when a price is in another currency
    StatusAccount                                        only when neither row nor class names a currency

Class kinds: a registry premium class (`PREMIUM_DONUTS_B`) has its renew/transfer prices in the relations
`PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL|_TRANSFER`, in `..._CURRENCY`; its register price is the row's PRICE. A
variable-fee class (`PREMIUM_TOP_CNY:24:2976`, fees in CNY: x=24 renew/transfer, y=2976 register) is priced
`fee * (1 + VAR/100) + FIX` with the markup relations
`PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_<ITEM>_MARKUP_FIX|VAR`;
FIX is converted from that relation's own currency first (5.1.12 read an undefined variable here and
returned nothing, and converted renew prices with another undefined variable: garbage or 0).

The quote's currency is the row's CURRENCY when the name can be registered, else the class currency, else
the account currency.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal

from app.backends.replies import call, ensure
from app.errors import RegistryRejected
from app.ispapi import Response
from app.numbers import to_decimal
from app.registry import RegistryCaller
from app.registry.catalogue import PremiumQuote

RATE_BASE = "EUR"  # QueryExchangeRates quotes every currency per EUR
_CENT = Decimal("0.01")
RELATION_KEY = "PRICE_CLASS_DOMAIN_{cls}_{kind}"
VARIABLE_MARKUP = "PRICE_CLASS_DOMAIN_{head}_*_{item}"
# price kind -> (relation item of registry classes, markup item of variable-fee classes, fee part)
_ITEMS: dict[str, tuple[str, str, int]] = {
    "register": ("", "SETUP", 2),
    "renew": ("ANNUAL", "ANNUAL", 1),
    "transfer": ("TRANSFER", "TRANSFER", 1),
}


@dataclass
class Rates:
    """Exchange rates per EUR, loaded once per quote and only when a conversion is needed."""

    load: Callable[[], Awaitable[dict[str, Decimal]]]
    table: dict[str, Decimal] | None = field(default=None)

    async def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        if source.upper() == target.upper():
            return amount
        if self.table is None:
            self.table = await self.load()
        src, dst = self.table.get(source.upper()), self.table.get(target.upper())
        if not src or not dst:
            raise RegistryRejected(f"No exchange rate from {source} to {target} for the premium price.")
        return (amount / src * dst).quantize(_CENT)


async def exchange_rates(caller: RegistryCaller) -> dict[str, Decimal]:
    reply = ensure(await call(caller, {"COMMAND": "QueryExchangeRates"}))
    table = {RATE_BASE: Decimal(1)}
    for source, target, rate in zip(
        reply.column("CURRENCYFROM"), reply.column("CURRENCYTO"), reply.column("RATE"), strict=False
    ):
        value = to_decimal(rate)
        if source.strip().upper() == RATE_BASE and value is not None and value > 0:
            table[target.strip().upper()] = value
    return table


async def load_relations(caller: RegistryCaller) -> dict[str, str]:
    """The account's relations (RELATIONTYPE -> RELATIONVALUE) from StatusUser."""
    reply = ensure(await call(caller, {"COMMAND": "StatusUser"}))
    return dict(zip(reply.column("RELATIONTYPE"), reply.column("RELATIONVALUE"), strict=False))


def relation(relations: dict[str, str], cls: str, kind: str) -> str:
    return relations.get(RELATION_KEY.format(cls=cls, kind=kind), "").strip()


def _cell(reply: Response, name: str, index: int) -> str:
    values = reply.column(name)
    return values[index].strip() if index < len(values) else ""


def class_currency(cls: str, relations: dict[str, str]) -> str:
    """Variable-fee: the `<CUR>` before the first colon; registry premium: the CURRENCY relation."""
    if ":" in cls:
        return cls.split(":", 1)[0].rsplit("_", 1)[-1].upper()
    return relation(relations, cls, "CURRENCY").upper()


async def _variable_fee(
    cls: str, kind: str, relations: dict[str, str], rates: Rates
) -> tuple[Decimal, str] | None:
    """`fee * (1 + VAR/100) + FIX` in the class currency, None without markup relations."""
    _item, markup, part = _ITEMS[kind]
    head_and_currency, *fees = cls.split(":")
    head, currency = head_and_currency.rsplit("_", 1)
    fee = to_decimal(fees[part - 1]) if len(fees) >= part else None
    fix = to_decimal(relations.get(VARIABLE_MARKUP.format(head=head, item=f"{markup}_MARKUP_FIX"), ""))
    var = to_decimal(relations.get(VARIABLE_MARKUP.format(head=head, item=f"{markup}_MARKUP_VAR"), ""))
    if fee is None or fix is None or var is None:
        return None
    fix_currency = relations.get(VARIABLE_MARKUP.format(head=head, item="CURRENCY"), "").strip() or currency
    fix = await rates.convert(fix, fix_currency, currency)
    return (fee * (1 + var / 100) + fix).quantize(_CENT), currency.upper()


async def _fee(
    kind: str,
    cls: str,
    row: tuple[Decimal | None, str],
    currency: str,
    relations: dict[str, str],
    rates: Rates,
) -> tuple[Decimal, str] | None:
    """One kind's fee and its currency, None when the registry does not price it; `row`: the row's PRICE
    and CURRENCY, `currency`: the quote's."""
    row_price, row_currency = row
    registrable = row_price is not None and bool(row_currency)
    if ":" in cls:
        return await _variable_fee(cls, kind, relations, rates) if kind != "register" or registrable else None
    if kind == "register":
        return (row_price, row_currency) if registrable and row_price is not None else None
    if not cls:
        return None
    amount = to_decimal(relation(relations, cls, _ITEMS[kind][0]))
    return (amount, class_currency(cls, relations) or currency) if amount is not None else None


async def quote(
    caller: RegistryCaller,
    reply: Response,
    index: int,
    *,
    kinds: tuple[str, ...],
    rates: Rates | None = None,
) -> PremiumQuote | None:
    """The quote for row `index` of a CheckDomains reply (None when the name is not premium)."""
    cls, channel = _cell(reply, "CLASS", index), _cell(reply, "PREMIUMCHANNEL", index)
    if not channel and not cls.upper().startswith("PREMIUM") and ":" not in cls:
        return None  # a standard name (its CLASS is the TLD's price class, e.g. COM)
    row = (to_decimal(_cell(reply, "PRICE", index)), _cell(reply, "CURRENCY", index).upper())
    registrable = row[0] is not None and bool(row[1])
    relations = await load_relations(caller)
    currency = row[1] if registrable else class_currency(cls, relations)
    if not currency:
        currency = ensure(await call(caller, {"COMMAND": "StatusAccount"})).first("CURRENCY").strip().upper()
    if rates is None:
        rates = Rates(load=lambda: exchange_rates(caller))
    prices: dict[str, Decimal] = {}
    for kind in kinds:
        found = await _fee(kind, cls, row, currency, relations, rates)
        if found is not None:
            prices[kind] = await rates.convert(found[0], found[1], currency)
    return PremiumQuote(currency=currency, prices=prices)
