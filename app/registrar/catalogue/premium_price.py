"""GetPremiumPrice (docs/module-behaviour.md §3.4) with the 5.1.12 defects of §13.2 fixed.

The registry port's `premium_quote` prices the name (how each API does it: app/backends/*/catalogue.py);
this module decides what WHMCS gets. The answer's currency must be one WHMCS knows, since WHMCS converts
from it: the shim sends `whmcs_currencies` (tblcurrencies codes) and an unknown currency is refused rather
than mis-priced. `type` (WHMCS: ["register", "renew"] or ["transfer", "renew"]) decides which prices are
answered.

Failures raise (the shim's throw mode): WHMCS then refuses the premium name instead of selling it at a
wrong price. A name that is not premium answers `{}`, as 5.1.12.
"""

from __future__ import annotations

from app.contract.payloads import Result, ResultKind
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation
from app.registry.catalogue import PRICE_KINDS

PRICE_TYPES = PRICE_KINDS
DEFAULT_TYPES = ("register", "renew")


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
    quote = await ctx.registry.catalogue.premium_quote(domain.ace, types)
    if quote is None:
        return Result(kind=ResultKind.PREMIUM_PRICE, value={})
    if not any(kind in quote.prices for kind in types):
        raise RegistryRejected(f"No premium price for {domain.name} ({', '.join(types)}) is available.")
    if known is not None and quote.currency not in known:
        raise RegistryRejected(f"Missing currency configuration for: {quote.currency}")
    pricing: dict[str, float | str] = {"CurrencyCode": quote.currency}
    pricing.update({kind: float(quote.prices[kind]) for kind in types if kind in quote.prices})
    return Result(kind=ResultKind.PREMIUM_PRICE, value=pricing)
