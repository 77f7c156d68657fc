"""GetTLDPricing (docs/module-behaviour.md §8, Registrar TLD Sync): ImportItems from the cached pricing data.

The registry data comes from the pricing store of the context (`ctx.pricing`, app/pricing/store.py; in the
bridge the database cache of app/pricing/cache.py: single-flight refresh, background refresh when stale), so
WHMCS's import page gets its answer in milliseconds once the cache is warm.
Per TLD: prices of `app.registry.price_maths` converted into the currency WHMCS asks for (`currency`, sent by
the shim from WHMCS's default currency; the account currency when absent). A TLD without a registration
price, or whose currency has no exchange rate, is left out; the skipped TLDs are named in one activity line
and in the bridge log (never a 0.00 price, docs/field-reports.md §2c).
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from app.contract.payloads import Result, ResultKind, TldPricingItem
from app.errors import InternalError, InvalidInput
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registry import price_maths as maths
from app.registry.catalogue import PricingData, TldRecord

log = logging.getLogger(__name__)

_CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_NAMED = 20
NO_REGISTRATION_PRICE = "no registration price"  # skipped TLDs named in the activity line


def _money(value: Decimal | None, *, source: str, target: str, rates: dict[str, Decimal]) -> float | None:
    if value is None:
        return None
    converted = maths.convert(value, source=source, target=target, rates=rates)
    return None if converted is None else float(converted)


def import_item(
    record: TldRecord, *, target: str, rates: dict[str, Decimal], id_protection: bool
) -> TldPricingItem | str:
    """The ImportItem for one TLD, or why it is left out."""
    prices = record.class_prices()
    source = prices.currency
    register = maths.registration(prices, record.years[0])
    if register is None:
        return NO_REGISTRATION_PRICE
    if maths.convert(register, source=source, target=target, rates=rates) is None:
        return f"no exchange rate {source} -> {target}"
    grace = None if record.grace_fee is None else Decimal(record.grace_fee)
    return TldPricingItem(
        extension=record.extension,
        years=record.years,
        register_price=_money(register, source=source, target=target, rates=rates),
        renew_price=_money(
            maths.renewal(prices, record.renew_period), source=source, target=target, rates=rates
        ),
        transfer_price=_money(
            maths.transfer(prices, record.transfer_period), source=source, target=target, rates=rates
        ),
        grace_fee_days=record.grace_days,
        grace_fee_price=_money(grace, source=source, target=target, rates=rates),
        redemption_fee_days=record.redemption_days,
        redemption_fee_price=_money(maths.redemption(prices), source=source, target=target, rates=rates),
        currency=target,
        epp_required=record.epp_required,
        id_protection=record.id_protection if id_protection else None,
    )


def import_items(
    data: PricingData, *, target: str, id_protection: bool
) -> tuple[list[TldPricingItem], list[tuple[str, str]]]:
    rates = data.rate_table()
    items: list[TldPricingItem] = []
    skipped: list[tuple[str, str]] = list(data.skipped)
    for record in data.tlds:
        item = import_item(record, target=target, rates=rates, id_protection=id_protection)
        if isinstance(item, str):
            skipped.append((record.extension, item))
        else:
            items.append(item)
    return items, skipped


def target_currency(ctx: RegistrarContext, data: PricingData) -> str:
    raw = p.text(ctx.params, "currency").strip().upper()
    if not raw:
        return data.account_currency
    if not _CURRENCY.match(raw):
        raise InvalidInput("currency must be a three-letter ISO 4217 code, e.g. USD", field="currency")
    return raw


@operation("GetTLDPricing")
async def get_tld_pricing(ctx: RegistrarContext) -> Result:
    if ctx.pricing is None:
        raise InternalError("GetTLDPricing needs the bridge database")
    data = await ctx.pricing.current()
    target = target_currency(ctx, data)
    items, skipped = import_items(data, target=target, id_protection=ctx.config.sync_id_protection)
    for extension, reason in skipped:
        log.info("GetTLDPricing: %s left out: %s", extension, reason)
    # Blocked TLDs (.gov, .mil ...) are normal; the admin hears only about data that is missing.
    skipped = [(ext, why) for ext, why in skipped if why != NO_REGISTRATION_PRICE]
    if skipped:
        named = ", ".join(f"{ext} ({why})" for ext, why in skipped[:MAX_NAMED])
        more = f" and {len(skipped) - MAX_NAMED} more" if len(skipped) > MAX_NAMED else ""
        ctx.activity(f"TLD pricing: {len(skipped)} TLD(s) left out: {named}{more}.")
    if ctx.config.sync_id_protection:
        # WHMCS's ImportItem has no ID-protection setter: the shim ticks the add-on checkbox of the TLDs
        # auto-registered with this module itself (product documentation, "Sync Id Protection").
        ctx.effects.whmcs_updates.append(
            {
                "type": "tld_id_protection",
                "extensions": {item.extension: bool(item.id_protection) for item in items},
            }
        )
    return Result(kind=ResultKind.TLD_PRICING, value=[item.model_dump() for item in items])
