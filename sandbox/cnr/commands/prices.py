"""CNR prices and zone rules: QueryZoneList (one row per zone with its fees in the account currency),
GetZoneInfo (a zone's registration rules) and QueryExchangeRates."""

from __future__ import annotations

from decimal import Decimal

from sandbox.catalogue import TldInfo
from sandbox.cnr.commands._common import GTLD_RENEWAL_GRACE, paged
from sandbox.cnr.table import BOOL, command
from sandbox.context import CommandContext
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import DATE_RE, INT_RE, Param
from sandbox.world.dates import allowed_periods, domain_name, pattern_matcher

ZONE_COLUMNS = (
    "ZONE", "3RDS", "PERIODTYPE", "SETUP", "ANNUAL", "TRANSFER", "RESTORE", "TRADE", "APPLICATION",
    "CURRENCY", "DOMAIN_COUNT", "ACTIVE",
)  # fmt: skip


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


@command(
    "QueryZoneList",
    Param("ZONE"),
    Param("INACTIVE", pattern=BOOL),
    Param("INDIVIDUAL", pattern=BOOL),
    Param("REGISTRAR"),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
    Param("FIRST", pattern=INT_RE),
    Param("LIMIT", pattern=INT_RE),
)
def query_zone_list(ctx: CommandContext) -> Reply:
    matcher = pattern_matcher(ctx.p("ZONE"))
    counts: dict[str, int] = {}
    for domain in ctx.world.domains.values():
        if domain.owner == ctx.login:
            zone = ctx.catalogue.for_domain(domain.name)
            if zone is not None:
                counts[zone.name] = counts.get(zone.name, 0) + 1
    rows = [
        _zone_row(ctx, info, counts.get(info.name, 0))
        for info in sorted(ctx.catalogue.all(), key=lambda i: i.name)
        if matcher is None or matcher.fullmatch(info.name)
    ]
    return paged(ctx, rows, ZONE_COLUMNS, listed=False)


def _zone_row(ctx: CommandContext, info: TldInfo, count: int) -> dict[str, object]:
    quote = ctx.catalogue.prices(info.name, ctx.account.currency)
    assert quote is not None
    return {
        "ZONE": info.name, "3RDS": "1" if info.kind == "sld" else "0", "PERIODTYPE": "YEAR",
        "SETUP": _money(quote.setup), "ANNUAL": _money(quote.annual), "TRANSFER": _money(quote.transfer),
        "RESTORE": _money(quote.restore), "TRADE": _money(quote.trade),
        "APPLICATION": _money(quote.sunrise_setup), "CURRENCY": quote.currency, "DOMAIN_COUNT": count,
        "ACTIVE": "0" if info.blocked else "1",
    }  # fmt: skip


@command("GetZoneInfo", Param("ZONE"), Param("DOMAIN"))
def get_zone_info(ctx: CommandContext) -> Reply:
    if ctx.p("DOMAIN"):
        info = ctx.catalogue.for_domain(domain_name(ctx.p("DOMAIN")))
    elif ctx.p("ZONE"):
        info = ctx.catalogue.get(ctx.p("ZONE").strip().lstrip("."))
    else:
        raise CommandError("ZONE", code=504)
    if info is None:
        raise ObjectNotFound("zone not offered")
    periods = sorted(m // 12 for m in allowed_periods(info.registration_periods) if m % 12 == 0)
    renewals = sorted(m // 12 for m in allowed_periods(info.renewal_periods) if m % 12 == 0)
    return Reply.ok(
        ZONE=info.name, PERIODS=",".join(f"{y}Y" for y in periods), IDN="1" if info.is_idn else "0",
        REALTIME=info.realtime, TRADE_POSSIBLE=info.registrant_change_by != "UPDATE",
        RENEW_AFTER_TRANSFER=not info.free_transfer, RESTORE_DAYS_POSSIBLE=info.restorable_days or 0,
        DOMAIN_RENEWAL=",".join(f"{y}Y" for y in renewals),
        RENEWAL_TYPE="EXPLICIT" if info.explicit_renewal else "AUTORENEW",
        AUTHCODE_REQUIRED=info.auth_required, WHOIS_PRIVACY=info.whois_privacy,
        CHANGE_OF_REGISTRANT=info.registrant_change_by, NAMESERVER_MINIMUM=info.nameserver_min,
        NAMESERVER_MAXIMUM=info.nameserver_max, REGISTRY=info.repository,
        # days after expiry in which the renewal system still renews at the plain price (gTLDs only here)
        AUTORENEW_GRACE_PERIOD=GTLD_RENEWAL_GRACE.days if info.kind == "gtld" else 0,
    )  # fmt: skip


@command(
    "QueryExchangeRates",
    Param("CURRENCYFROM", pattern=r"[A-Za-z]{3}"),
    Param("CURRENCYTO", pattern=r"[A-Za-z]{3}"),
    Param("LIMIT", pattern=INT_RE),
    Param("FIRST", pattern=INT_RE),
    Param("MINDATE", pattern=DATE_RE),
    Param("MAXDATE", pattern=DATE_RE),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
)
def query_exchange_rates(ctx: CommandContext) -> Reply:
    source, target = ctx.p("CURRENCYFROM").upper(), ctx.p("CURRENCYTO").upper()
    rows = [
        {"DATE": date, "CURRENCY_FROM": frm, "CURRENCY_TO": to, "RATE": rate}
        for frm, to, rate, date in ctx.catalogue.exchange_rates()
        if (not source or frm.upper() == source) and (not target or to.upper() == target)
    ]
    return paged(ctx, rows, ("DATE", "CURRENCY_FROM", "CURRENCY_TO", "RATE"), listed=False)
