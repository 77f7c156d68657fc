"""CheckDomains: availability of at most 32 names in one call, premium prices through X-FEE-*."""

from __future__ import annotations

from decimal import Decimal

from sandbox.catalogue import PremiumInfo
from sandbox.cnr.table import command
from sandbox.context import CommandContext
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.money import convert, table_price
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, Param
from sandbox.world.dates import domain_name

MAX_NAMES = 32
FEE_COMMANDS = ("create", "renew", "transfer", "restore")
_FEE_KIND = {"create": "register", "renew": "renew", "transfer": "transfer", "restore": "restore"}
FEE_COLUMNS = (
    "X-FEE-DOMAIN", "X-FEE-COMMAND", "X-FEE-PERIOD", "X-FEE-PERIODTYPE", "X-FEE-AMOUNT", "X-FEE-APPLICATION",
    "X-FEE-CURRENCY", "X-FEE-CLASS", "X-FEE-LAUNCHPHASE",
)  # fmt: skip


@command(
    "CheckDomains",
    Param("DOMAIN#", required=True),
    Param("X-IDN-LANGUAGE"),
    Param("X-ALLOCATION-TOKEN"),
    Param("X-FEE-COMMAND#", choices=FEE_COMMANDS),
    Param("X-FEE-DOMAIN#"),
    Param("X-FEE-PERIOD#", pattern=INT_RE),
    Param("X-FEE-PERIODTYPE#", choices=("YEAR", "MONTH")),
    Param("X-FEE-CURRENCY#", pattern=r"[A-Za-z]{3}"),
    Param("X-FEE-LAUNCHPHASE#"),
)
def check_domains(ctx: CommandContext) -> Reply:
    names = ctx.indexed("DOMAIN")
    if len(names) > MAX_NAMES:
        raise CommandError(f"DOMAIN: at most {MAX_NAMES} names per call", code=541)
    fees_asked = bool(ctx.indexed("X-FEE-COMMAND"))
    checks: list[str] = []
    fees: list[dict[str, object]] = []
    for index, raw in enumerate(names):
        answer, fee = _check(ctx, raw, index, fees_asked)
        checks.append(answer)
        fees.append(fee)
    reply = Reply.ok()
    reply.set("DOMAINCHECK", checks)
    reply.set("DOMAINCHECKTIME", ["0.001"] * len(checks))
    if any(fees):
        reply.add_rows(fees, FEE_COLUMNS)
    return reply


def _check(ctx: CommandContext, raw: str, index: int, fees_asked: bool) -> tuple[str, dict[str, object]]:
    try:
        name = domain_name(raw)
    except InvalidSyntax:
        return "505 Invalid attribute value syntax", {}
    info = ctx.catalogue.for_domain(name)
    if info is None or name == info.name:
        return "541 Invalid attribute value; zone not supported", {}
    special_use = ctx.registrants.special_use(name)
    reserved = (special_use[0] if special_use else None) or ctx.catalogue.reserved(name)
    reserved = reserved or ctx.catalogue.idn_refusal(name)
    if reserved:
        return f"541 Invalid attribute value; {reserved}", {}
    taken = name in ctx.world.domains or name in ctx.world.deleted or name in ctx.world.transfers
    taken = taken or ctx.registrants.holds(name, info.name)
    premium = ctx.catalogue.premium(name)
    answer = "211 Domain name not available" if taken else "210 Domain name available"
    # A registered name has no create fee, but its renew and transfer fees are quoted when asked for.
    if not (premium or fees_asked) or (taken and _fee_command(ctx, index) == "create"):
        return answer, {}
    return answer, _fee(ctx, name, index, premium)


def _fee_command(ctx: CommandContext, index: int) -> str:
    return (ctx.p(f"X-FEE-COMMAND{index}") or ctx.p("X-FEE-COMMAND") or "create").lower()


def _fee(ctx: CommandContext, name: str, index: int, premium: PremiumInfo | None) -> dict[str, object]:
    """The X-FEE-* row of one name: the premium price (`premium`), else the zone's standard price."""
    fee_command = _fee_command(ctx, index)
    years = int(ctx.p(f"X-FEE-PERIOD{index}") or ctx.p("X-FEE-PERIOD") or 1)
    amount: Decimal | None
    if premium is not None:
        by_command = {"create": premium.register_price, "renew": premium.renew_price}
        amount = by_command.get(fee_command, premium.transfer_price)
        amount, currency, fee_class = convert(ctx, amount, premium.currency), ctx.account.currency, "premium"
    else:
        info = ctx.catalogue.for_domain(name)
        assert info is not None
        amount, table_currency = table_price(ctx, info, _FEE_KIND[fee_command], years)
        currency, fee_class = ctx.account.currency, "standard"
        amount = convert(ctx, amount, table_currency) if amount is not None else None
    return {
        "X-FEE-DOMAIN": name, "X-FEE-COMMAND": fee_command, "X-FEE-PERIOD": years, "X-FEE-PERIODTYPE": "YEAR",
        "X-FEE-AMOUNT": "" if amount is None else f"{amount:.2f}", "X-FEE-APPLICATION": "0.00",
        "X-FEE-CURRENCY": currency, "X-FEE-CLASS": fee_class, "X-FEE-LAUNCHPHASE": "",
    }  # fmt: skip
