"""Charging a command's price: the catalogue's price tables, currency conversion via the EUR-based exchange
rates, the pre-paid balance (546 when it does not cover a charge), and the catalogue's registry-parameter
check. Shared by the handlers of every dialect."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.errors import CommandError
from sandbox.pricing import prices

if TYPE_CHECKING:
    from sandbox.catalogue import TldInfo
    from sandbox.context import CommandContext

EURO = "EUR"


def registry_problem(ctx: CommandContext, domain: str, operation: str) -> None:
    """The catalogue's registry-parameter check (504 missing X- field, 505/541 bad value)."""
    problem = ctx.catalogue.check_params(domain, operation, ctx.params)
    if problem is not None:
        _, _, detail = problem.description.partition("; ")
        raise CommandError(detail or problem.description, code=problem.code)


def convert(ctx: CommandContext, amount: Decimal, currency: str) -> Decimal:
    """`amount` in `currency` -> the account currency, via the EUR-based exchange rates."""
    target = ctx.account.currency
    if not currency or currency.upper() == target.upper():
        return amount
    rates = {EURO: Decimal(1)}
    for source, to, rate, _ in ctx.catalogue.exchange_rates():
        if source.upper() == EURO:
            rates[to.upper()] = Decimal(str(rate))
    if currency.upper() not in rates or target.upper() not in rates:
        raise CommandError(f"no exchange rate {currency}->{target}", code=549)
    return (amount / rates[currency.upper()] * rates[target.upper()]).quantize(Decimal("0.01"))


def charge_price(ctx: CommandContext, amount: Decimal | None, currency: str, *, what: str) -> Decimal:
    """Charge a catalogue price (None = the TLD blocks the operation -> 549); 546 when funds are short."""
    if amount is None:
        raise CommandError(f"{what} is not offered for this TLD", code=549)
    due = convert(ctx, amount, currency)
    ctx.charge(due, what=what)
    return due


def table_price(ctx: CommandContext, info: TldInfo, kind: str, years: int = 1) -> tuple[Decimal | None, str]:
    table = prices(ctx.catalogue, ctx.account.currency)
    if kind == "register":
        amount = table.register(info.tld_class, years)
    elif kind == "renew":
        amount = table.renew(info.tld_class, years)
    else:
        amount = table.single(info.tld_class, kind.upper())
    return amount, table.currency_of(info.tld_class)
