"""Value types of the TLD catalogue: what one TLD is, what a premium name costs, what is wrong with params.

Everything here is a frozen dataclass built once by :mod:`sandbox.catalogue.catalogue`; command handlers
read them and never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sandbox.catalogue.errors import CatalogueError

__all__ = ["ParamProblem", "PremiumInfo", "Reservation", "TldInfo", "TldPrices"]

# QueryDomainOptions / QueryDomainRepositoryInfo use "YES"/"NO" for booleans (docs/ispapi-wire.md §4.3).
_YES_NO = {True: "YES", False: "NO"}


def _periods(periods: tuple[str, ...]) -> str:
    return ",".join(periods)


@dataclass(frozen=True, slots=True)
class TldInfo:
    """One TLD (or second-level zone such as co.uk) as the sandbox sells it.

    ``name`` is the ACE form without a leading dot; ``tld_class`` is the price class used in the StatusUser
    relations (``PRICE_CLASS_DOMAIN_<tld_class>_...``): the name upper-cased without dots, except .name,
    which HEXONET prices as ``NAMESLD`` (docs/module-behaviour.md §8.3).
    """

    name: str
    unicode_name: str
    tld_class: str
    kind: str  # "gtld", "cctld" or "sld"
    registration_periods: tuple[str, ...]
    renewal_periods: tuple[str, ...]
    transfer_periods: tuple[str, ...]
    auth_required: bool
    restorable_days: int | None
    whois_privacy: bool
    explicit_renewal: bool
    repository: str
    registrant_change_by: str
    currency: str
    realtime: bool
    application_only: bool
    nameserver_min: int
    nameserver_max: int
    blocked: bool = False
    premium_channel: str | None = None
    host_managed_as: str = "OBJECT"

    @property
    def is_idn(self) -> bool:
        return self.name.startswith("xn--")

    @property
    def free_transfer(self) -> bool:
        """A transfer does not extend the term ("0Y" in ZONETRANSFERPERIODS,
        docs/module-behaviour.md §3.6)."""
        return self.transfer_periods == ("0Y",)

    @property
    def min_registration_years(self) -> int:
        return int(self.registration_periods[0].rstrip("Y"))

    def owns(self, domain: str) -> bool:
        """True when ``domain`` (ACE, any case) is a name directly or deeper under this TLD."""
        return domain.lower().rstrip(".").endswith("." + self.name)

    def domain_options(self, domain: str) -> dict[str, str]:
        """QueryDomainOptions properties for one name of this TLD (API/DOMAIN/QUERYDOMAINOPTIONS.md).

        Raises :class:`CatalogueError` when ``domain`` is not under this TLD: a handler passing a name
        of another zone has looked up the wrong TldInfo.
        """
        if not self.owns(domain):
            raise CatalogueError(f"{domain!r} is not a name under .{self.name}")
        return {
            "HOSTIPADDRESSESTYPE": "ipv6",
            "HOSTMANAGEDAS": self.host_managed_as,
            "NAMESERVERMAX": str(self.nameserver_max),
            "NAMESERVERMIN": str(self.nameserver_min),
            "REGISTRYEXPLICITRENEWAL": _YES_NO[self.explicit_renewal],
            "REGISTRYTRANSFERREQUIREAUTHCODE": _YES_NO[self.auth_required],
            "REPOSITORY": self.repository,
            "X-INSTANTMOBILIZER": "",
            # The module tests X-PROXY for the token WHOISTRUSTEE (docs/module-behaviour.md §8.3).
            "X-PROXY": "X-ACCEPT-WHOISTRUSTEE-TAC" if self.whois_privacy else "",
            "X-TRUSTEE": "",
            "ZONEADMINCONTACTSMAX": "1",
            "ZONEADMINCONTACTSMIN": "1",
            "ZONEBILLINGCONTACTSMAX": "1",
            "ZONEBILLINGCONTACTSMIN": "1",
            "ZONEDELETIONRESTORABLEPERIOD": "" if self.restorable_days is None else str(self.restorable_days),
            "ZONEPOLICYREGISTRANTNAMECHANGEBY": self.registrant_change_by,
            "ZONEREGISTRANTCONTACTSMAX": "1",
            "ZONEREGISTRANTCONTACTSMIN": "1",
            "ZONEREGISTRATIONPERIODS": _periods(self.registration_periods),
            "ZONERENEWALPERIODS": _periods(self.renewal_periods),
            "ZONETECHCONTACTSMAX": "1",
            "ZONETECHCONTACTSMIN": "1",
            "ZONETRANSFERPERIODS": _periods(self.transfer_periods),
        }

    def repository_info(self) -> dict[str, str]:
        """QueryDomainRepositoryInfo properties (API/DOMAIN/REGOC/QUERYDOMAINREPOSITORYINFO.md)."""
        restorable = "" if self.restorable_days is None else f"{self.restorable_days}d"
        return {
            "CATEGORY": "gTLD" if self.kind == "gtld" else "ccTLD",
            "DELETIONHOLDPERIOD": "5d",
            "DELETIONRESTORABLEPERIOD": restorable,
            "HOSTIPADDRESSESTYPE": "ipv6",
            "HOSTMANAGEDAS": self.host_managed_as,
            "NAMESERVERMAX": str(self.nameserver_max),
            "NAMESERVERMIN": str(self.nameserver_min),
            "REGISTRAR": "1api GmbH",
            "REGISTRYCHARSMAX": "63",
            "REGISTRYCHARSMIN": "1" if self.kind == "gtld" else "2",
            "REGISTRYEXPLICITRENEWAL": _YES_NO[self.explicit_renewal],
            "REGISTRYIDNCAPABLE": "YES",
            "REGISTRYREGISTRATIONSYSTEM": "Real-Time" if self.realtime else "Non-Real-Time",
            "REGISTRYTRADEREALTIME": _YES_NO[self.realtime],
            "REGISTRYTRANSFERCLASS": "PULL" if self.auth_required else "PUSH",
            "REGISTRYTRANSFERLOCK": _YES_NO[self.kind == "gtld"],
            "REGISTRYTRANSFERREALTIME": _YES_NO[not self.auth_required],
            "REGISTRYTRANSFERREQUIREAUTHCODE": _YES_NO[self.auth_required],
            "REPOSITORY": self.repository,
            "RESTOREPOLICY": "NONE" if self.restorable_days is None else "REALTIME",
            "X-PROXY": "X-ACCEPT-WHOISTRUSTEE-TAC" if self.whois_privacy else "",
            "ZONEPOLICYREGISTRANTNAMECHANGEBY": self.registrant_change_by,
            "ZONEREGISTRATIONPERIODS": _periods(self.registration_periods),
            "ZONERENEWALPERIODS": _periods(self.renewal_periods),
            "ZONESECDNSINTERFACE": "DS",
            "ZONETRADEPERIODS": "",
            "ZONETRANSFERPERIODS": _periods(self.transfer_periods),
        }


@dataclass(frozen=True, slots=True)
class TldPrices:
    """The prices of one TLD class as the StatusUser relations state them, in ``currency``.

    ``None`` means "not offered" (an empty relation value, parsed as -1 by the bridge,
    docs/module-behaviour.md §8.2). ``period_*`` hold the period-specific totals (``..._SETUP2``,
    ``..._ANNUAL2``) for TLDs whose shortest term is longer than a year.
    """

    tld_class: str
    currency: str
    setup: Decimal | None
    annual: Decimal
    transfer: Decimal
    restore: Decimal | None
    trade: Decimal
    period_setup: dict[int, Decimal]
    period_annual: dict[int, Decimal]
    period_transfer: dict[int, Decimal]
    promo_annual: Decimal | None = None
    sunrise_setup: Decimal | None = None

    def registration(self, years: int) -> Decimal | None:
        """Price of a registration for ``years`` (docs/module-behaviour.md §8.4 rule); None when blocked."""
        if self.setup is None:
            return None
        if years in self.period_setup and years in self.period_annual:
            return self.period_setup[years] + self.period_annual[years]
        return self.setup + self.annual * years

    def renewal(self, years: int) -> Decimal:
        return self.period_annual.get(years, self.annual * years)


@dataclass(frozen=True, slots=True)
class PremiumInfo:
    """A premium name: its class as CheckDomains reports it, the channel and the three prices.

    ``premium_class`` is a registry premium class (``PREMIUM_DONUTS_B``) or a variable-fee class
    ``PREMIUM_<CHANNEL>_<CUR>:<renew/transfer base>:<register base>`` (docs/ispapi-wire.md §4.2,
    docs/module-behaviour.md §3.4); the prices are what the StatusUser relations yield for that class.
    """

    premium_class: str
    channel: str
    register_price: Decimal
    renew_price: Decimal
    transfer_price: Decimal
    currency: str

    @property
    def variable_fee(self) -> bool:
        return ":" in self.premium_class


@dataclass(frozen=True, slots=True)
class Reservation:
    """Why a name cannot be registered although nobody holds it.

    ``reason`` goes to CheckDomains ``REASON``: for collisions it contains "collision", otherwise
    "reserved"; it never contains "block" (the module reads that as "taken", docs/module-behaviour.md §3.1).
    For ICANN name-collision names ``collision`` is True and ``check`` is the full DOMAINCHECK text
    ``211 Collision Domain name available {...}`` the module recognises; other reservations answer
    ``211 Domain name not available`` with ``reserved_class`` in CLASS.
    """

    reason: str
    collision: bool
    check: str
    reserved_class: str


@dataclass(frozen=True, slots=True)
class ParamProblem:
    """The first problem with a command's TLD-specific parameters, in the registry's words.

    ``code`` is 504 (missing), 505 (syntax) or 541 (invalid value); ``description`` is the full
    DESCRIPTION line, e.g. ``Missing required attribute; X-CA-LEGALTYPE``.
    """

    code: int
    description: str
    param: str
