"""GetPremiumPrice (docs/module-behaviour.md §3.4) with the 5.1.12 defects of §13.2 fixed.

    CheckDomains DOMAIN0=<domain> PREMIUMCHANNELS=*      the row of the requested index (5.1.12: always row 0)
    StatusUser                                           price relations of the account
    QueryExchangeRates                                   only when a price is in another currency

Class kinds: a registry premium class (`PREMIUM_DONUTS_B`) has its renew/transfer prices in the relations
`PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL|_TRANSFER`, in `..._CURRENCY`; its register price is the row's PRICE. A
variable-fee class (`PREMIUM_TOP_CNY:24:2976`, fees in CNY: x=24 renew/transfer, y=2976 register) is priced
`fee * (1 + VAR/100) + FIX` with the markup relations
`PRICE_CLASS_DOMAIN_PREMIUM_TOP_*_<ITEM>_MARKUP_FIX|VAR`;
FIX is converted from that relation's own currency first (5.1.12 read an undefined variable here and
returned nothing, and converted renew prices with another undefined variable: garbage or 0).

The answer's currency is the row's CURRENCY when the name can be registered, else the class currency, else
the account currency (StatusAccount). WHMCS converts from it, so it must be one WHMCS knows: the shim sends
`whmcs_currencies` (tblcurrencies codes) and an unknown currency is refused rather than mis-priced. `type`
(WHMCS: ["register", "renew"] or ["transfer", "renew"]) decides which prices are answered.

Failures raise (the shim's throw mode): WHMCS then refuses the premium name instead of selling it at a
wrong price. A name that is not premium answers `{}`, as 5.1.12.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal

from app.api.envelope import Result, ResultKind
from app.errors import InvalidInput, RegistryRejected
from app.ispapi import Response
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registrar.orders.premium import load_relations, relation
from app.registrar.replies import ensure, send

PRICE_TYPES = ("register", "renew", "transfer")
DEFAULT_TYPES = ("register", "renew")
RATE_BASE = "EUR"  # QueryExchangeRates quotes every currency per EUR
_CENT = Decimal("0.01")
# WHMCS price type -> (relation item of registry classes, markup item of variable-fee classes, fee part)
_ITEMS: dict[str, tuple[str, str, int]] = {
    "register": ("", "SETUP", 2),
    "renew": ("ANNUAL", "ANNUAL", 1),
    "transfer": ("TRANSFER", "TRANSFER", 1),
}
VARIABLE_MARKUP = "PRICE_CLASS_DOMAIN_{head}_*_{item}"


@dataclass
class Rates:
    """Exchange rates per EUR, loaded once per call and only when a conversion is needed."""

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


async def exchange_rates(ctx: RegistrarContext) -> dict[str, Decimal]:
    reply = ensure(await send(ctx, {"COMMAND": "QueryExchangeRates"}))
    table = {RATE_BASE: Decimal(1)}
    for source, target, rate in zip(
        reply.column("CURRENCYFROM"), reply.column("CURRENCYTO"), reply.column("RATE"), strict=False
    ):
        value = p.to_decimal(rate)
        if source.strip().upper() == RATE_BASE and value is not None and value > 0:
            table[target.strip().upper()] = value
    return table


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
    fee = p.to_decimal(fees[part - 1]) if len(fees) >= part else None
    fix = p.to_decimal(relations.get(VARIABLE_MARKUP.format(head=head, item=f"{markup}_MARKUP_FIX"), ""))
    var = p.to_decimal(relations.get(VARIABLE_MARKUP.format(head=head, item=f"{markup}_MARKUP_VAR"), ""))
    if fee is None or fix is None or var is None:
        return None
    fix_currency = relations.get(VARIABLE_MARKUP.format(head=head, item="CURRENCY"), "").strip() or currency
    fix = await rates.convert(fix, fix_currency, currency)
    return (fee * (1 + var / 100) + fix).quantize(_CENT), currency.upper()


async def premium_prices(
    ctx: RegistrarContext,
    reply: Response,
    index: int,
    *,
    types: tuple[str, ...],
    rates: Rates,
) -> dict[str, float | str]:
    """WHMCS's premium pricing for row `index` of a CheckDomains reply ({} when it is not premium)."""
    cls, channel = _cell(reply, "CLASS", index), _cell(reply, "PREMIUMCHANNEL", index)
    if not channel and not cls.upper().startswith("PREMIUM") and ":" not in cls:
        return {}  # a standard name (its CLASS is the TLD's price class, e.g. COM)
    row_price, row_currency = (
        p.to_decimal(_cell(reply, "PRICE", index)),
        _cell(reply, "CURRENCY", index).upper(),
    )
    registrable = row_price is not None and bool(row_currency)
    relations = await load_relations(ctx)
    currency = row_currency if registrable else class_currency(cls, relations)
    if not currency:
        currency = ensure(await send(ctx, {"COMMAND": "StatusAccount"})).first("CURRENCY").strip().upper()
    pricing: dict[str, float | str] = {"CurrencyCode": currency}
    for kind in types:
        found: tuple[Decimal, str] | None = None
        if ":" in cls:
            if kind != "register" or registrable:
                found = await _variable_fee(cls, kind, relations, rates)
        elif kind == "register":
            found = (row_price, row_currency) if registrable and row_price is not None else None
        elif cls:
            amount = p.to_decimal(relation(relations, cls, _ITEMS[kind][0]))
            source = class_currency(cls, relations) or currency
            found = (amount, source) if amount is not None else None
        if found is not None:
            pricing[kind] = float(await rates.convert(found[0], found[1], currency))
    return pricing


def requested_types(params: p.Params) -> tuple[str, ...]:
    raw = params.get("type")
    if raw is None or raw == "" or raw == []:
        return DEFAULT_TYPES
    values = raw if isinstance(raw, list) else [raw]
    types = tuple(dict.fromkeys(str(v).strip().lower() for v in values))
    unknown = [t for t in types if t not in PRICE_TYPES]
    if unknown or not types:
        raise InvalidInput(
            f"type must list register, renew or transfer, got {unknown[0][:20]!r}", field="type"
        )
    return types


def known_currencies(params: p.Params) -> set[str] | None:
    """WHMCS's currency codes as the shim read them from tblcurrencies (None: not sent, no check)."""
    raw = params.get("whmcs_currencies")
    if not isinstance(raw, list):
        return None
    return {str(code).strip().upper() for code in raw if str(code).strip()}


@operation("GetPremiumPrice")
async def get_premium_price(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    types = requested_types(ctx.params)
    known = known_currencies(ctx.params)
    reply = ensure(
        await send(ctx, {"COMMAND": "CheckDomains", "DOMAIN0": domain.ace, "PREMIUMCHANNELS": "*"})
    )

    async def load() -> dict[str, Decimal]:
        return await exchange_rates(ctx)

    pricing = await premium_prices(ctx, reply, 0, types=types, rates=Rates(load=load))
    if not pricing:
        return Result(kind=ResultKind.PREMIUM_PRICE, value={})
    if not any(kind in pricing for kind in types):
        raise RegistryRejected(f"No premium price for {domain.name} ({', '.join(types)}) is available.")
    currency = str(pricing["CurrencyCode"])
    if known is not None and currency not in known:
        raise RegistryRejected(f"Missing currency configuration for: {currency}")
    return Result(kind=ResultKind.PREMIUM_PRICE, value=pricing)
