"""Availability: CheckDomain, CheckDomains and QueryDomainSuggestionList (docs/ispapi-wire.md §3 row
classification, docs/ispapi-wire.md §4.2). Every row of CheckDomains carries DOMAINCHECK ("<code>
<text>"), REASON, CLASS, PREMIUMCHANNEL, PRICE and CURRENCY so the module's classifier
(docs/ispapi-wire.md §3, end) sees the same shapes as on the real API."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.context import CommandContext
from sandbox.errors import CommandError, InvalidSyntax
from sandbox.listing import page_bounds, paged_reply
from sandbox.protocol import Reply
from sandbox.registry import PAGING, Param, command
from sandbox.state import World
from sandbox.world.dates import domain_name

# What CheckDomains answers per row: (code, text). Text is the registry wording of docs/ispapi-wire.md §3.
AVAILABLE = (210, "Domain name available")
TAKEN = (211, "Domain name not available")
PREMIUM = (211, "Premium Domain name available [PREMIUM]")
COLLISION = (211, "Collision Domain name available")
UNSUPPORTED = (549, "Command failed; TLD not supported")
INVALID = (549, "Invalid characters")


@dataclass
class Verdict:
    code: int
    text: str
    reason: str = ""
    tld_class: str = ""
    channel: str = ""
    price: str = ""
    currency: str = ""

    @property
    def domaincheck(self) -> str:
        return f"{self.code} {self.text}"


def _channels(ctx: CommandContext) -> set[str] | None:
    """PREMIUMCHANNELS: `*` every channel (None), a comma list of channels, or empty = premium off."""
    raw = ctx.p("PREMIUMCHANNELS").strip()
    if raw == "*":
        return None
    return {c.strip().upper() for c in raw.split(",") if c.strip()}


def is_taken(world: World, name: str) -> bool:
    return name in world.domains or name in world.deleted


def held(ctx: CommandContext, name: str, tld: str) -> bool:
    """Taken here, or registered at another registrar from the start (sandbox/catalogue/registrants.py)."""
    return is_taken(ctx.world, name) or ctx.registrants.holds(name, tld)


def verdict(ctx: CommandContext, raw: str, channels: set[str] | None) -> Verdict:
    try:
        name = domain_name(raw)
    except InvalidSyntax:
        return Verdict(*INVALID)
    special_use = ctx.registrants.special_use(name)
    if special_use is not None:
        return Verdict(*TAKEN, reason=special_use[0], tld_class=special_use[1])
    info = ctx.catalogue.for_domain(name)
    if info is None or name == info.name:
        return Verdict(*UNSUPPORTED)
    # A registry that refuses the IDN label answers "not available" with the reason, not 549: per-row 549
    # makes the module fall back to WHOIS (docs/ispapi-wire.md §3), which would offer a name nobody can
    # register.
    refusal = ctx.catalogue.idn_refusal(name)
    if refusal is not None:
        return Verdict(*TAKEN, reason=refusal)
    tag_problem = ctx.catalogue.idn_tag_problem(name, ctx.p("X-IDN-LANGUAGE"))
    if tag_problem is not None:
        return Verdict(*TAKEN, reason=f"IDN language: {tag_problem.description}")
    if held(ctx, name, info.name):
        return Verdict(*TAKEN, reason="Domain name already registered")
    reserved = ctx.catalogue.reserved(name)
    if reserved:
        if "collision" in reserved.lower():
            return Verdict(COLLISION[0], f"{COLLISION[1]} {{{reserved}}}", reason=reserved)
        return Verdict(*TAKEN, reason=reserved, tld_class=info.tld_class)
    premium = ctx.catalogue.premium(name)
    if premium is not None:
        if channels is None or premium.channel.upper() in channels:
            return Verdict(
                *PREMIUM,
                tld_class=premium.premium_class,
                channel=premium.channel,
                price=f"{premium.register_price:.2f}",
                currency=premium.currency,
            )
        return Verdict(*TAKEN, reason="Premium Domain name; premium channel not enabled")
    return Verdict(*AVAILABLE)


@command(
    "CheckDomains",
    Param("DOMAIN#", required=True),
    Param("X-IDN-LANGUAGE"),
    Param("DOMAINCHECKMODE"),
    Param("PHASE"),
    Param("PREMIUMCHANNELS"),
)
def check_domains(ctx: CommandContext) -> Reply:
    names = ctx.indexed("DOMAIN")
    if len(names) > 250:
        raise CommandError("at most 250 domains per call", code=541)
    channels = _channels(ctx)
    rows = []
    for raw in names:
        v = verdict(ctx, raw, channels)
        rows.append(
            {
                "DOMAINCHECK": v.domaincheck,
                "REASON": v.reason,
                "CLASS": v.tld_class,
                "PREMIUMCHANNEL": v.channel,
                "PRICE": v.price,
                "CURRENCY": v.currency,
                "DOMAINCHECKTIME": "0.001",
            }
        )
    columns = ("DOMAINCHECK", "REASON", "CLASS", "PREMIUMCHANNEL", "PRICE", "CURRENCY", "DOMAINCHECKTIME")
    return Reply.ok().add_rows(rows, columns)


@command("CheckDomain", Param("DOMAIN", required=True), Param("X-IDN-LANGUAGE"), Param("PHASE"))
def check_domain(ctx: CommandContext) -> Reply:
    v = verdict(ctx, ctx.require("DOMAIN"), None)
    if v.code >= 500:
        raise CommandError(v.text.split("; ", 1)[-1], code=v.code)
    reply = Reply(code=v.code, description=v.text)
    reply.set("REASON", v.reason or None)
    if v.channel:
        reply.set("CLASS", v.tld_class).set("PREMIUMCHANNEL", v.channel)
        reply.set("PRICE", v.price).set("CURRENCY", v.currency)
    return reply


# Deterministic suggestion shapes: keyword with prefixes and suffixes (QueryDomainSuggestionList).
_AFFIXES = (
    ("", ""),
    ("my", ""),
    ("get", ""),
    ("the", ""),
    ("go", ""),
    ("try", ""),
    ("", "-online"),
    ("", "hq"),
    ("", "hub"),
    ("", "now"),
    ("", "app"),
    ("", "24"),
    ("", "web"),
    ("", "pro"),
)
_DEFAULT_ZONES = ("com", "net", "org", "info", "biz", "shop", "online", "xyz", "store", "app")
_KEYWORD = re.compile(r"[^a-z0-9-]+")


@command(
    "QueryDomainSuggestionList",
    Param("KEYWORD", required=True),
    Param("SOURCE", choices=("ISPAPI-SUGGESTIONS", "ISPAPI-CATEGORIES", "ISPAPI-PROMOTIONS")),
    Param("ZONE#"),
    Param("IPADDRESS"),
    Param("LANGUAGE#"),
    Param("CATEGORY#"),
    *PAGING,
)
def query_domain_suggestion_list(ctx: CommandContext) -> Reply:
    first, limit = page_bounds(ctx, default_limit=20)
    keyword = _KEYWORD.sub("", ctx.require("KEYWORD").lower().replace(" ", ""))[:50].strip("-")
    if not keyword:
        raise CommandError("KEYWORD has no usable characters", code=541)
    zones = [z.lower().strip(".") for z in ctx.indexed("ZONE")] or list(_DEFAULT_ZONES)
    zones = [z for z in zones if "." not in z and ctx.catalogue.get(z) is not None]
    rows: list[dict[str, object]] = []
    for prefix, suffix in _AFFIXES:
        label = f"{prefix}{keyword}{suffix}"
        for zone in zones:
            name = f"{label}.{zone}"
            if held(ctx, name, zone) or ctx.registrants.special_use(name) or ctx.catalogue.reserved(name):
                continue
            premium = ctx.catalogue.premium(name)
            rows.append(
                {
                    "DOMAIN": name,
                    "PREMIUMCHANNEL": premium.channel if premium else "",
                    "PRICE": f"{premium.register_price:.2f}" if premium else "",
                    "CURRENCY": premium.currency if premium else "",
                }
            )
    return paged_reply(rows, ("DOMAIN", "PREMIUMCHANNEL", "PRICE", "CURRENCY"), first=first, limit=limit)
