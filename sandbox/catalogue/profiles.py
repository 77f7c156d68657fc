"""Per-TLD facts: a default profile per kind, hash-derived variation, and a table of real-world overrides.

How one TLD's facts are decided (later steps win):

1. the default profile of its kind (``gtld``, ``cctld``; ``sld`` starts from ``cctld``);
2. for names without an override row, a few facts vary by a SHA-256 hash of the name (period sets,
   restore window, trade policy, currency of some ccTLDs, blocked gTLDs), so the catalogue covers the
   shapes the bridge must handle (docs/module-behaviour.md §8.3/§8.4) and is the same on every build;
3. for a second-level zone, the override row of its parent (``co.uk`` gets the ``uk`` row);
4. its own override row.

The override rows describe the TLDs whose behaviour matters to the bridge (docs/module-behaviour.md §3.5-§3.7,
docs/module-behaviour.md §5.5, docs/module-behaviour.md §7.4): free transfers (.de .uk .ch ...),
PayDomainRenewal registries (.de .at .be .it .nl ...), trades, AFNIC repositories, .swiss applications, .dk's
non-realtime registry, minimum terms (.ai 2Y, .tm 10Y).
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from importlib import resources
from typing import Any

from sandbox.catalogue.errors import CatalogueDataError

__all__ = ["Profile", "ResolvedTld", "load_names", "resolve"]

KINDS = ("gtld", "cctld", "sld")


@dataclass(frozen=True, slots=True)
class Profile:
    """A partial set of facts; ``None`` means "keep what the earlier step decided".

    Periods are written compactly: ``"1-10"`` (1Y..10Y), ``"2,4,6"``, ``"0"`` (free transfer, 0Y).
    ``restorable=0`` means "not restorable" (ZONEDELETIONRESTORABLEPERIOD empty, RESTORE price empty).
    Prices are decimal strings in ``currency``.
    """

    reg: str | None = None
    renew: str | None = None
    transfer: str | None = None
    auth: bool | None = None
    restorable: int | None = None
    privacy: bool | None = None
    explicit: bool | None = None
    change: str | None = None
    currency: str | None = None
    realtime: bool | None = None
    application: bool | None = None
    ns_min: int | None = None
    ns_max: int | None = None
    operator: str | None = None
    blocked: bool | None = None
    channel: str | None = None  # premium channel; "" = none
    tld_class: str | None = None
    hosts: str | None = None  # HOSTMANAGEDAS
    annual: str | None = None
    setup: str | None = None
    transfer_price: str | None = None
    restore: str | None = None
    trade: str | None = None
    promo: bool | None = None
    sunrise: bool | None = None


DEFAULTS: dict[str, Profile] = {
    "gtld": Profile(
        reg="1-10",
        renew="1-10",
        transfer="1",
        auth=True,
        restorable=30,
        privacy=True,
        explicit=True,
        change="ICANN-TRADE",
        currency="USD",
        realtime=True,
        application=False,
        ns_min=0,
        ns_max=13,
        operator="GTLD",
        blocked=False,
        channel="",
        hosts="OBJECT",
        annual="19.99",
        setup="0.00",
        restore="75.00",
        promo=False,
        sunrise=False,
    ),
    "cctld": Profile(
        reg="1-10",
        renew="1-10",
        transfer="1",
        auth=True,
        restorable=30,
        privacy=False,
        explicit=True,
        change="TRADE",
        currency="USD",
        realtime=True,
        application=False,
        ns_min=2,
        ns_max=13,
        operator="NIC",
        blocked=False,
        channel="",
        hosts="OBJECT",
        annual="25.00",
        setup="0.00",
        restore="45.00",
        promo=False,
        sunrise=False,
    ),
}

# Registry back-ends for gTLDs without an override; the ones in PREMIUM_CHANNELS sell registry premium names
# through a CheckDomains PREMIUMCHANNEL of the same name (docs/ispapi-wire.md §4.2).
GTLD_BACKENDS = (
    "DONUTS",
    "CNIC",
    "RADIX",
    "AFILIAS",
    "GODADDY",
    "MMX",
    "KSREG",
    "TUCOWS",
    "GOOGLE",
    "UNIREG",
)
PREMIUM_CHANNELS = frozenset({"DONUTS", "CNIC", "RADIX", "AFILIAS", "MMX", "UNIREG"})
GTLD_ANNUAL = (
    "8.99",
    "9.99",
    "12.50",
    "14.99",
    "19.99",
    "24.00",
    "29.99",
    "34.50",
    "39.99",
    "49.00",
    "59.99",
)
CC_ANNUAL = ("9.50", "14.00", "19.90", "25.00", "35.00", "49.00", "69.00", "99.00")
# (registration, renewal, transfer) shapes for ccTLDs without an override: most sell 1-10 years, some only
# one year, some renew one year at a time, some transfer for free, some start at two years.
CC_PERIODS = (
    ("1-10", "1-10", "1"),
    ("1-10", "1-10", "1"),
    ("1-10", "1-10", "1"),
    ("1-10", "1-10", "1"),
    ("1", "1", "1"),
    ("1-5", "1-5", "1"),
    ("1", "1", "0"),
    ("1-10", "1-10", "0"),
    ("1-10", "1", "1"),
    ("2-10", "1-10", "1"),
)
CC_RESTORABLE = (30, 30, 40, 0, 14, 60)

_EUR = "EUR"
# The core facts an override row pins so that neither the kind's defaults nor the hash variation of step 2
# shows through (its second-level zones get the variation first, then this row on top, see `resolve`).
_PINNED = Profile(
    reg="1-10", renew="1-10", transfer="1", auth=True, restorable=30, explicit=True, change="TRADE"
)


def _pinned(**facts: Any) -> Profile:
    """An override row with all the core facts of `_PINNED` set; `facts` are where it differs or adds."""
    return replace(_PINNED, **facts)


_AFNIC = _pinned(currency=_EUR, operator="AFNIC", annual="8.90", trade="8.90")
_AU = Profile(
    reg="1-5",
    renew="1-5",
    transfer="1",
    auth=True,
    restorable=0,
    change="TRADE",
    currency="AUD",
    operator="AUDA",
    annual="14.95",
    trade="14.95",
)
_CN = Profile(reg="1-10", renew="1-10", change="TRADE", currency="CNY", operator="CNNIC", annual="69.00")
_NZ = Profile(
    reg="1-10",
    renew="1-10",
    transfer="0",
    auth=True,
    restorable=90,
    change="UPDATE",
    currency="NZD",
    operator="INTERNETNZ",
    annual="29.00",
)
_SWITCH = Profile(
    reg="1",
    renew="1",
    transfer="0",
    auth=True,
    restorable=40,
    change="UPDATE",
    currency="CHF",
    operator="SWITCH",
    annual="11.50",
)
_IIS = Profile(
    reg="1-10",
    renew="1-10",
    transfer="0",
    auth=True,
    restorable=60,
    change="TRADE",
    currency="SEK",
    operator="IIS",
    annual="189.00",
    trade="95.00",
)
_BLOCKED = Profile(blocked=True, channel="")

OVERRIDES: dict[str, Profile] = {
    # Legacy gTLDs: no registry premium channel in the sandbox.
    "com": Profile(operator="VRSN", annual="9.99", channel=""),
    "net": Profile(operator="VRSN", annual="11.99", channel=""),
    "org": Profile(operator="PIR", annual="10.49", channel=""),
    "info": Profile(operator="AFILIAS", annual="13.99", channel=""),
    "biz": Profile(operator="GODADDY", annual="14.49", channel=""),
    "mobi": Profile(operator="AFILIAS", annual="19.99", channel=""),
    # .name is priced as class NAMESLD; the class NAME is in the bridge's exclusion list
    # (docs/module-behaviour.md §8.2).
    "name": Profile(operator="VRSN", annual="9.50", channel="", tld_class="NAMESLD"),
    "edu": _BLOCKED,
    "gov": _BLOCKED,
    "mil": _BLOCKED,
    "int": _BLOCKED,
    # Registry premium and variable-fee premium (docs/module-behaviour.md §3.4).
    "guru": Profile(operator="DONUTS", channel="DONUTS", annual="29.99"),
    "top": Profile(operator="TOP", channel="TOP", annual="8.99"),
    "shop": Profile(operator="GMO", channel="GMO", annual="34.50"),
    # Promotions (..._ANNUAL_PROMO1) and pre-registration prices (..._SUNRISE_SETUP).
    "xyz": Profile(operator="CNIC", channel="CNIC", annual="12.50", promo=True),
    "online": Profile(operator="RADIX", channel="RADIX", annual="34.50", promo=True),
    "site": Profile(operator="RADIX", channel="RADIX", annual="29.99", promo=True),
    "store": Profile(operator="RADIX", channel="RADIX", annual="49.00", promo=True),
    "club": Profile(operator="GODADDY", channel="", annual="14.99", promo=True),
    "music": Profile(operator="DOTMUSIC", channel="", annual="39.99", sunrise=True),
    "spa": Profile(operator="ASIASPA", channel="", annual="39.99", sunrise=True),
    # ccTLDs whose behaviour the bridge depends on.
    "de": _pinned(
        reg="1",
        renew="1",
        transfer="0",
        explicit=False,
        currency=_EUR,
        ns_min=2,
        operator="DENIC",
        hosts="ATTRIBUTE",
        annual="4.50",
        trade="4.50",
    ),
    "eu": _pinned(restorable=40, currency=_EUR, operator="EURID", annual="6.90", trade="6.90"),
    "uk": _pinned(
        transfer="0",
        auth=False,
        restorable=0,
        privacy=False,
        currency="GBP",
        operator="NOMINET",
        annual="5.99",
        trade="9.00",
    ),
    "ca": _pinned(change="UPDATE", currency="CAD", operator="CIRA", annual="15.00"),
    "us": _pinned(privacy=False, change="ICANN-TRADE", currency="USD", operator="NEUSTAR", annual="8.50"),
    "it": _pinned(
        reg="1",
        renew="1",
        explicit=False,
        currency=_EUR,
        operator="NICIT",
        annual="7.90",
        trade="0.00",
    ),
    "es": _pinned(restorable=0, currency=_EUR, operator="REDES", annual="8.00", trade="8.00"),
    "fr": _AFNIC,
    "pm": _AFNIC,
    "re": _AFNIC,
    "tf": _AFNIC,
    "wf": _AFNIC,
    "yt": _AFNIC,
    "dk": _pinned(
        reg="1",
        renew="1",
        transfer="0",
        restorable=0,
        explicit=False,
        currency="DKK",
        realtime=False,
        operator="DKHOSTMASTER",
        annual="69.00",
        trade="69.00",
    ),
    "swiss": Profile(
        reg="1",
        renew="1",
        transfer="1",
        auth=True,
        restorable=40,
        privacy=False,
        change="TRADE",
        currency="CHF",
        realtime=False,
        application=True,
        operator="SWITCH",
        annual="119.00",
        trade="0.00",
        channel="",
    ),
    "ch": _SWITCH,
    "li": _SWITCH,
    "se": _IIS,
    "nu": replace(_IIS, annual="229.00"),
    "nz": _NZ,
    "fi": Profile(
        reg="1-5",
        renew="1-5",
        transfer="0",
        auth=True,
        restorable=30,
        change="TRADE",
        currency=_EUR,
        operator="TRAFICOM",
        annual="12.00",
        trade="0.00",
    ),
    "at": _pinned(
        reg="1",
        renew="1",
        transfer="0",
        restorable=0,
        explicit=False,
        change="UPDATE",
        currency=_EUR,
        operator="NICAT",
        annual="11.00",
    ),
    "be": _pinned(
        reg="1",
        renew="1",
        restorable=40,
        explicit=False,
        currency=_EUR,
        operator="DNSBE",
        annual="5.90",
        trade="0.00",
    ),
    "nl": _pinned(
        reg="1",
        renew="1",
        transfer="0",
        restorable=40,
        explicit=False,
        currency=_EUR,
        operator="SIDN",
        annual="6.50",
        trade="0.00",
    ),
    "au": _AU,
    "cn": _CN,
    "jp": Profile(
        reg="1",
        renew="1",
        transfer="0",
        change="UPDATE",
        currency="JPY",
        operator="JPRS",
        annual="2800.00",
        restore="9000.00",
    ),
    "ai": Profile(
        reg="2,4,6,8,10", renew="2,4,6,8,10", transfer="2", currency="USD", annual="75.00", operator="NICAI"
    ),
    "tm": Profile(reg="10", renew="10", transfer="1", currency="USD", annual="42.00", operator="NICTM"),
    "co": Profile(privacy=True, operator="GODADDY", annual="24.00", change="UPDATE", restorable=30),
    "io": Profile(privacy=True, operator="ICB", annual="39.00", change="UPDATE", restorable=30),
    "me": Profile(privacy=True, operator="DOMAINME", annual="17.50", change="UPDATE", restorable=30),
    "tv": Profile(privacy=True, operator="VRSN", annual="29.99", change="ICANN-TRADE", restorable=30),
    "cc": Profile(privacy=True, operator="VRSN", annual="9.99", change="ICANN-TRADE", restorable=30),
    "no": Profile(reg="1", renew="1", transfer="0", currency="NOK", operator="NORID", annual="139.00"),
    "xn--p1ai": Profile(reg="1", renew="1", transfer="1", change="TRADE", operator="RUCENTER", annual="6.00"),
    "xn--j6w193g": Profile(change="TRADE", operator="HKIRC", annual="49.00"),
    "hk": Profile(change="TRADE", operator="HKIRC", annual="49.00"),
    "com.au": replace(_AU, annual="14.95"),
    "net.au": replace(_AU, annual="14.95"),
    "org.au": replace(_AU, annual="14.95"),
    "asn.au": replace(_AU, annual="19.95"),
    "id.au": replace(_AU, annual="12.95"),
    "co.uk": Profile(annual="5.99"),
    "me.uk": Profile(annual="5.99"),
    "org.uk": Profile(annual="5.99"),
}


@dataclass(frozen=True, slots=True)
class ResolvedTld:
    """Every fact of one TLD after the four steps; input for TldInfo and the price relations."""

    name: str
    kind: str
    facts: Profile


def load_names() -> list[tuple[str, str]]:
    """Read ``tlds.txt``: (ACE name, kind) pairs in file order."""
    text = resources.files("sandbox.catalogue").joinpath("tlds.txt").read_text(encoding="utf-8")
    rows: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in KINDS:
            raise CatalogueDataError(f"tlds.txt line {number}: expected '<name> <kind>', got {raw!r}")
        rows.append((parts[0].lower(), parts[1]))
    return rows


def hash_int(name: str, salt: str) -> int:
    """Stable per-name number: varying facts come from here, never from random()."""
    return int.from_bytes(hashlib.sha256(f"{salt}:{name}".encode()).digest()[:8], "big")


def _merge(base: Profile, top: Profile) -> Profile:
    changes = {f.name: getattr(top, f.name) for f in fields(Profile) if getattr(top, f.name) is not None}
    return replace(base, **changes)


def _variation(name: str, kind: str) -> Profile:
    """Step 2: facts that vary by hash for TLDs the override table does not describe."""
    if kind == "gtld":
        backend = GTLD_BACKENDS[hash_int(name, "backend") % len(GTLD_BACKENDS)]
        return Profile(
            operator=backend,
            channel=backend if backend in PREMIUM_CHANNELS else "",
            annual=GTLD_ANNUAL[hash_int(name, "annual") % len(GTLD_ANNUAL)],
            blocked=hash_int(name, "blocked") % 41 == 0,
        )
    reg, renew, transfer = CC_PERIODS[hash_int(name, "periods") % len(CC_PERIODS)]
    setup_roll = hash_int(name, "setup") % 8
    return Profile(
        reg=reg,
        renew=renew,
        transfer=transfer,
        change="TRADE" if hash_int(name, "change") % 2 else "UPDATE",
        restorable=CC_RESTORABLE[hash_int(name, "restore") % len(CC_RESTORABLE)],
        privacy=hash_int(name, "privacy") % 4 == 0,
        explicit=hash_int(name, "explicit") % 5 != 0,
        auth=hash_int(name, "auth") % 10 != 0,
        currency=_EUR if hash_int(name, "currency") % 3 == 0 else "USD",
        ns_min=1 + hash_int(name, "ns") % 2,
        annual=CC_ANNUAL[hash_int(name, "annual") % len(CC_ANNUAL)],
        setup={0: "10.00", 1: "25.00"}.get(setup_roll, "0.00"),
    )


def resolve(name: str, kind: str) -> ResolvedTld:
    """Apply the four steps of the module docstring to one TLD."""
    facts = DEFAULTS["gtld" if kind == "gtld" else "cctld"]
    own = OVERRIDES.get(name)
    if own is None or kind == "sld":
        facts = _merge(facts, _variation(name, kind))
    if kind == "sld":
        parent = OVERRIDES.get(name.split(".", 1)[1])
        if parent is not None:
            facts = _merge(facts, parent)
    if own is not None:
        facts = _merge(facts, own)
    return ResolvedTld(name=name, kind=kind, facts=facts)


def parse_periods(spec: str) -> tuple[str, ...]:
    """``"1-10"`` -> ("1Y", ..., "10Y"); ``"2,4"`` -> ("2Y", "4Y"); ``"0"`` -> ("0Y",)."""
    if "-" in spec:
        low, high = (int(part) for part in spec.split("-", 1))
        return tuple(f"{year}Y" for year in range(low, high + 1))
    return tuple(f"{int(part)}Y" for part in spec.split(","))


def unicode_of(name: str) -> str:
    """Unicode form of an ACE name, label by label (punycode; TLD labels need no further mapping)."""
    return ".".join(
        codecs.decode(label[4:].encode("ascii"), "punycode") if label.startswith("xn--") else label
        for label in name.split(".")
    )


def decimal_of(value: str | None, what: str) -> Decimal:
    if value is None:
        raise CatalogueDataError(f"missing price: {what}")
    return Decimal(value)
