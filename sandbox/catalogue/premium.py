"""Premium and reserved names: which names are special, what they cost, and why some are not available.

Premium (CheckDomains ``211 Premium Domain name available`` with CLASS/PREMIUMCHANNEL/PRICE/CURRENCY,
docs/ispapi-wire.md §4.2) exists only on gTLDs with a premium channel (profiles.py). A name there is
premium when its first label

* has at most 3 letters/digits (tier A for 1-2 characters, tier B for 3),
* is one of PREMIUM_WORDS (tier C), or
* its ACE name hashes to ``sha256(name) % 97 == 0`` (tier D, E or F by a second hash).

Registry premium classes are ``PREMIUM_<CHANNEL>_<TIER>`` with prices in USD. The variable-fee channels
(.top in CNY, .shop in JPY) report ``PREMIUM_<CHANNEL>_<CUR>:<x>:<y>`` where ``y`` is the registry's
register fee and ``x`` its renew/transfer fee; the reseller price adds the markups of
VARIABLE_FEE_CHANNELS: ``y * (1 + VAR/100) + FIX`` (docs/module-behaviour.md §3.4).

Reserved names (checked before premium): the labels of RESERVED_LABELS on every TLD, and ICANN's
name-collision labels (COLLISION_LABELS) on the new gTLDs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from sandbox.catalogue.model import PremiumInfo, Reservation, TldInfo
from sandbox.catalogue.profiles import hash_int

__all__ = [
    "COLLISION_LABELS",
    "LEGACY_GTLDS",
    "PREMIUM_WORDS",
    "REGISTRY_TIERS",
    "RESERVED_LABELS",
    "VARIABLE_FEE_CHANNELS",
    "VariableFee",
    "premium_for",
    "registry_premium_classes",
    "reservation_for",
]

PREMIUM_WORDS = frozenset(
    {
        "cloud",
        "shop",
        "vip",
        "bank",
        "money",
        "hotel",
        "travel",
        "crypto",
        "game",
        "music",
        "news",
        "pizza",
        "love",
        "home",
        "car",
        "cars",
        "bet",
        "casino",
        "auto",
        "health",
        "insurance",
        "web",
        "app",
        "ai",
    }
)
# tier -> (register, renew, transfer) in USD before the channel factor.
REGISTRY_TIERS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "A": (Decimal("4999.00"), Decimal("250.00"), Decimal("250.00")),
    "B": (Decimal("999.99"), Decimal("99.00"), Decimal("99.00")),
    "C": (Decimal("499.00"), Decimal("49.00"), Decimal("49.00")),
    "D": (Decimal("249.00"), Decimal("39.00"), Decimal("39.00")),
    "E": (Decimal("149.00"), Decimal("29.00"), Decimal("29.00")),
    "F": (Decimal("79.00"), Decimal("24.00"), Decimal("24.00")),
}
# Each registry prices its tiers a little differently.
CHANNEL_FACTORS: dict[str, Decimal] = {
    "DONUTS": Decimal("1.00"),
    "CNIC": Decimal("1.10"),
    "RADIX": Decimal("0.90"),
    "AFILIAS": Decimal("1.20"),
    "MMX": Decimal("0.80"),
    "UNIREG": Decimal("1.00"),
}
PREMIUM_CURRENCY = "USD"


@dataclass(frozen=True, slots=True)
class VariableFee:
    """Markups of a variable-fee channel, in ``currency`` (relations ``..._*_<ITEM>_MARKUP_FIX|VAR``)."""

    currency: str
    setup_fix: Decimal
    setup_var: Decimal
    annual_fix: Decimal
    annual_var: Decimal
    transfer_fix: Decimal
    transfer_var: Decimal
    register_bases: tuple[int, ...]  # candidates for y, picked by hash
    renew_bases: tuple[int, ...]  # candidates for x


VARIABLE_FEE_CHANNELS: dict[str, VariableFee] = {
    "TOP": VariableFee(
        "CNY",
        Decimal("30.00"),
        Decimal("10"),
        Decimal("5.00"),
        Decimal("10"),
        Decimal("5.00"),
        Decimal("10"),
        (888, 1488, 2976, 5888),
        (24, 48, 88),
    ),
    "GMO": VariableFee(
        "JPY",
        Decimal("500.00"),
        Decimal("8"),
        Decimal("200.00"),
        Decimal("8"),
        Decimal("200.00"),
        Decimal("8"),
        (45000, 98000, 250000),
        (4800, 9800),
    ),
}

RESERVED_LABELS: dict[str, str] = {
    "nic": "Domain name reserved by registry policy (NIC)",
    "whois": "Domain name reserved by registry policy (WHOIS)",
    "rdds": "Domain name reserved by registry policy (RDDS)",
    "www": "Domain name reserved by registry policy",
    "registry": "Domain name reserved for registry operations",
    "iana": "Domain name reserved by ICANN",
}
COLLISION_LABELS = frozenset(
    {
        "corp",
        "mail",
        "local",
        "localhost",
        "lan",
        "wpad",
        "internal",
        "intranet",
        "private",
        "router",
        "server",
        "domain",
        "exchange",
        "ad",
        "dc",
    }
)
# The new-gTLD programme's collision lists do not apply to the TLDs delegated before 2012.
LEGACY_GTLDS = frozenset(
    {
        "com",
        "net",
        "org",
        "info",
        "biz",
        "name",
        "mobi",
        "pro",
        "tel",
        "aero",
        "asia",
        "cat",
        "coop",
        "jobs",
        "museum",
        "travel",
        "xxx",
        "post",
        "edu",
        "gov",
        "mil",
        "int",
    }
)
COLLISION_CHECK = "211 Collision Domain name available {ICANN name collision list}"
RESERVED_CLASS = "RESERVED"
_CENT = Decimal("0.01")


def _first_label(domain: str, tld: TldInfo) -> str:
    return domain[: -(len(tld.name) + 1)].rsplit(".", 1)[-1]


def reservation_for(domain: str, tld: TldInfo) -> Reservation | None:
    """Reservation of an ACE, lower-case ``domain`` under ``tld``, or None."""
    label = _first_label(domain, tld)
    reason = RESERVED_LABELS.get(label)
    if reason is not None:
        return Reservation(
            reason=reason,
            collision=False,
            check="211 Domain name not available",
            reserved_class=RESERVED_CLASS,
        )
    if tld.kind == "gtld" and tld.name not in LEGACY_GTLDS and label in COLLISION_LABELS:
        # The module tests REASON for "block" before it looks for the collision text
        # (docs/module-behaviour.md §3.1), so this reason must not contain that word.
        return Reservation(
            reason="Name collision: registration deferred by ICANN",
            collision=True,
            check=COLLISION_CHECK,
            reserved_class=RESERVED_CLASS,
        )
    return None


def _tier(domain: str, label: str) -> str | None:
    if label.isascii() and label.isalnum() and len(label) <= 3:
        return "A" if len(label) <= 2 else "B"
    if label in PREMIUM_WORDS:
        return "C"
    if int.from_bytes(hashlib.sha256(domain.encode()).digest(), "big") % 97 == 0:
        return "DEF"[hash_int(domain, "tier") % 3]
    return None


@cache
def registry_premium_classes(channel: str) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """``PREMIUM_<channel>_<tier>`` -> (register, renew, transfer) in PREMIUM_CURRENCY."""
    factor = CHANNEL_FACTORS[channel]
    classes: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
    for tier, (register, renew, transfer) in REGISTRY_TIERS.items():
        classes[f"PREMIUM_{channel}_{tier}"] = (
            (register * factor).quantize(_CENT),
            (renew * factor).quantize(_CENT),
            (transfer * factor).quantize(_CENT),
        )
    return classes


def _marked_up(base: int, var: Decimal, fix: Decimal) -> Decimal:
    return (Decimal(base) * (1 + var / 100) + fix).quantize(_CENT)


def premium_for(domain: str, tld: TldInfo) -> PremiumInfo | None:
    """Premium facts of an ACE, lower-case ``domain`` under ``tld`` (not reserved), or None."""
    channel = tld.premium_channel
    if channel is None or tld.blocked:
        return None
    label = _first_label(domain, tld)
    tier = _tier(domain, label)
    if tier is None:
        return None
    fee = VARIABLE_FEE_CHANNELS.get(channel)
    if fee is not None:
        # Higher tiers pick from the upper end of the registry's fee list.
        rank = "ABCDEF".index(tier)
        y = fee.register_bases[max(0, len(fee.register_bases) - 1 - rank)]
        x = fee.renew_bases[hash_int(domain, "renew") % len(fee.renew_bases)]
        return PremiumInfo(
            premium_class=f"PREMIUM_{channel}_{fee.currency}:{x}:{y}",
            channel=channel,
            register_price=_marked_up(y, fee.setup_var, fee.setup_fix),
            renew_price=_marked_up(x, fee.annual_var, fee.annual_fix),
            transfer_price=_marked_up(x, fee.transfer_var, fee.transfer_fix),
            currency=fee.currency,
        )
    premium_class = f"PREMIUM_{channel}_{tier}"
    register, renew, transfer = registry_premium_classes(channel)[premium_class]
    return PremiumInfo(
        premium_class=premium_class,
        channel=channel,
        register_price=register,
        renew_price=renew,
        transfer_price=transfer,
        currency=PREMIUM_CURRENCY,
    )
