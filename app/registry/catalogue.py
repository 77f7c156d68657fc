"""The catalogue family of the registry port: what can be sold and at what price: availability checks,
suggestions, zone prices, premium fees.

The values are what both APIs can answer: a check row per name (status, premium class and the fees the reply
carried), a page of suggested names, the fees of one premium name, and the price list of the account: per
zone its price tables (per action, a default per-year price and term prices), periods and rules, plus the
exchange rates. Adapters turn their API's replies into these; app/pricing caches the price list and
app/registrar/catalogue/ reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal, Protocol

Availability = Literal["available", "registered", "reserved", "unknown", "tld_not_supported"]
PRICE_KINDS = ("register", "renew", "transfer")
Progress = Callable[[int, int], None]  # (steps done, steps in all) of a price-list load


@dataclass(frozen=True)
class NameCheck:
    """One name of a check: its availability and, for a premium name, the fees the registry quoted.

    `price_class` is the registry's premium class; renew/transfer fees missing here may be in the price
    list (`PricingData.class_fees`). Amounts are in `currency`."""

    status: Availability
    premium: bool = False
    price_class: str = ""
    currency: str = ""
    register: Decimal | None = None
    renew: Decimal | None = None
    transfer: Decimal | None = None


@dataclass(frozen=True)
class PremiumQuote:
    """The prices of one premium name in `currency`, for the price kinds asked (register/renew/transfer);
    a kind the registry does not price is missing."""

    currency: str
    prices: Mapping[str, Decimal]


@dataclass(frozen=True)
class SuggestionPage:
    """Names a suggestion service proposes (ACE, lower case), and how many it has in all."""

    names: list[str]
    total: int


class _Blocked:
    def __repr__(self) -> str:
        return "BLOCKED"


BLOCKED: Final = _Blocked()  # relation present with an empty value: that action is not offered
Price = Decimal | _Blocked
Table = dict[int | None, Price]  # period (None = default, per year) -> price


@dataclass
class ClassPrices:
    """The price relations of one TLD class, in the class's currency."""

    cls: str
    currency: str = ""
    setup: Table = field(default_factory=dict)
    annual: Table = field(default_factory=dict)
    transfer: Table = field(default_factory=dict)
    restore: Table = field(default_factory=dict)
    promo: dict[str, dict[int, Decimal]] = field(default_factory=dict)  # "SETUP"/"ANNUAL" -> period -> price

    def table(self, item: str) -> Table:
        tables: dict[str, Table] = {
            "SETUP": self.setup,
            "ANNUAL": self.annual,
            "TRANSFER": self.transfer,
            "RESTORE": self.restore,
        }
        return tables[item]

    # JSON for the cache: Decimal as strings, BLOCKED as null, periods as "default"/"2".
    def to_json(self) -> dict[str, Any]:
        def dump(table: Table) -> dict[str, str | None]:
            return {
                "default" if k is None else str(k): None if v is BLOCKED else str(v) for k, v in table.items()
            }

        return {
            "cls": self.cls,
            "currency": self.currency,
            "setup": dump(self.setup),
            "annual": dump(self.annual),
            "transfer": dump(self.transfer),
            "restore": dump(self.restore),
            "promo": {item: {str(k): str(v) for k, v in t.items()} for item, t in self.promo.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClassPrices:
        def load(raw: dict[str, str | None]) -> Table:
            return {
                None if k == "default" else int(k): BLOCKED if v is None else Decimal(v)
                for k, v in raw.items()
            }

        return cls(
            cls=data["cls"],
            currency=data["currency"],
            setup=load(data["setup"]),
            annual=load(data["annual"]),
            transfer=load(data["transfer"]),
            restore=load(data["restore"]),
            promo={item: {int(k): Decimal(v) for k, v in t.items()} for item, t in data["promo"].items()},
        )


@dataclass(frozen=True)
class TldRecord:
    """Everything GetTLDPricing needs about one zone, in the zone's currency."""

    extension: str  # ".com", ".co.uk", ".рф"
    cls: str  # the registry's price class or zone name
    years: list[int]  # registration periods
    renew_period: int
    transfer_period: int  # 0: transfer without a term (0Y)
    redemption_days: int | None
    epp_required: bool
    id_protection: bool
    prices: dict[str, Any]  # ClassPrices.to_json()
    # Renewal after expiry: for how many days, at what fee on top of the renewal (Decimal as text); None
    # where the registry does not say (ISPAPI).
    grace_days: int | None = None
    grace_fee: str | None = None

    def class_prices(self) -> ClassPrices:
        return ClassPrices.from_json(self.prices)


# Renew/transfer fees of a registry premium class in `PricingData.premium`, named as the ISPAPI price
# relations name them (an API whose check replies carry every fee leaves the table empty).
PREMIUM_FEE_KEY = "PRICE_CLASS_DOMAIN_{cls}_{item}"


@dataclass(frozen=True)
class PricingData:
    """The account's price list: zones with prices, the zones left out and why, exchange rates."""

    account_currency: str
    rates: dict[str, str]  # currency -> rate relative to EUR (Decimal as text)
    tlds: list[TldRecord]
    skipped: list[tuple[str, str]]  # (class or TLD, reason)
    calls: int  # registry calls the load took
    # Renew/transfer prices of registry premium classes (PREMIUM_FEE_KEY -> value), for domain searches;
    # None in a cache written before they were kept, which a search then refreshes.
    premium: dict[str, str] | None = None
    # When the zone rules (periods, restore days ...) were last read in full, ISO date; None where they come
    # with the prices in every load (ISPAPI). An adapter may reuse younger rules of a previous list.
    rules_read: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "account_currency": self.account_currency,
            "rates": self.rates,
            "tlds": [asdict(t) for t in self.tlds],
            "skipped": [list(s) for s in self.skipped],
            "calls": self.calls,
            "premium": self.premium,
            "rules_read": self.rules_read,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PricingData:
        return cls(
            account_currency=data["account_currency"],
            rates=dict(data["rates"]),
            tlds=[TldRecord(**t) for t in data["tlds"]],
            skipped=[(s[0], s[1]) for s in data["skipped"]],
            calls=int(data["calls"]),
            premium=dict(data["premium"]) if data.get("premium") is not None else None,
            rules_read=data.get("rules_read"),
        )

    def rate_table(self) -> dict[str, Decimal]:
        return {currency: Decimal(rate) for currency, rate in self.rates.items()}

    def class_fee(self, cls: str, item: str) -> str:
        """A premium class's stored fee (`ANNUAL`, `TRANSFER`) or currency (`CURRENCY`); "" when unknown."""
        return (self.premium or {}).get(PREMIUM_FEE_KEY.format(cls=cls, item=item), "").strip()


class CataloguePort(Protocol):
    """Intents of this family: app/registrar/catalogue/ calls them, app/backends/*/catalogue.py
    implement them."""

    async def check(self, names: Sequence[str], *, premium: bool) -> list[NameCheck]:
        """Availability of every name (ACE), in order, in batches of the API's size sent concurrently.
        A batch that failed gives `unknown` rows; when every batch failed, UpstreamUnavailable.
        `premium`: ask for premium fees too."""
        ...

    async def premium_quote(self, domain: str, kinds: Sequence[str]) -> PremiumQuote | None:
        """The fees of a premium name for `kinds` (register/renew/transfer), converted into one currency;
        None for a standard name. A fee that cannot be converted raises RegistryRejected."""
        ...

    async def suggest(self, keyword: str, zones: Sequence[str], *, limit: int, first: int) -> SuggestionPage:
        """Suggested names for `keyword` in `zones`, from offset `first`. A registry refusal gives an empty
        page; an unreachable registry raises."""
        ...

    async def price_list(
        self, *, progress: Progress | None = None, previous: PricingData | None = None
    ) -> PricingData:
        """The account's whole price list (for the pricing cache). `previous`: the list loaded last time,
        whose zone rules an API that reads them per zone may reuse while they are young."""
        ...
