"""The catalogue: every TLD the sandbox sells, with prices, premium and reserved names, extension rules.

Built once from the package data (tlds.txt, profiles.py, extension_rules.py); :func:`default_catalogue` caches
the instance. Look-ups take ACE or Unicode names in any case and never raise for bad names: they answer
``None`` (or a :class:`ParamProblem`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache

from sandbox.catalogue import extension_rules
from sandbox.catalogue.errors import CatalogueDataError, CatalogueError, UnknownOperationError
from sandbox.catalogue.idn_policy import IdnPolicy, label_scripts as idn_scripts, policy_for, tag_scripts
from sandbox.catalogue.model import ParamProblem, PremiumInfo, Reservation, TldInfo, TldPrices
from sandbox.catalogue.premium import VARIABLE_FEE_CHANNELS, premium_for, reservation_for
from sandbox.catalogue.profiles import PREMIUM_CHANNELS, load_names, parse_periods, resolve, unicode_of
from sandbox.catalogue.rates import RATES, exchange_rate_rows
from sandbox.catalogue.tld_prices import (
    base_prices,
    other_product_relations,
    premium_relations,
    quote,
    relations_for_class,
)

__all__ = ["Catalogue", "default_catalogue", "normalize_domain"]

_ASCII_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_KNOWN_CHANNELS = PREMIUM_CHANNELS | frozenset(VARIABLE_FEE_CHANNELS)


_REMEMBERED_NAMES = 65536  # names whose normal form and TLD are kept


# A CheckDomains row asks for the same name several times (TLD, premium, reservation, IDN checks): a
# pure function of the text, cached, costs one dict look-up after the first.
@functools.lru_cache(maxsize=_REMEMBERED_NAMES)
def normalize_domain(domain: str) -> str | None:
    """ACE, lower-case form of a domain or TLD name (Unicode labels via NFC + lower-case + punycode).

    None for anything that is not a syntactically valid name: empty labels, blanks, over-long labels.
    """
    text = domain.strip().rstrip(".").lstrip(".")
    if not text or len(text) > 253:
        return None
    labels: list[str] = []
    for raw in text.split("."):
        label = unicodedata.normalize("NFC", raw).lower()
        if not label.isascii():
            try:
                label = "xn--" + label.encode("punycode").decode("ascii")
            except UnicodeError:
                return None
        if _ASCII_LABEL.fullmatch(label) is None:
            return None
        labels.append(label)
    return ".".join(labels)


def _build_info(name: str, kind: str) -> tuple[TldInfo, TldPrices]:
    facts = resolve(name, kind).facts
    tld_class = facts.tld_class or name.replace(".", "").upper()
    repository_class = name.split(".", 1)[1] if kind == "sld" else name
    channel = facts.channel or None
    if channel is not None and channel not in _KNOWN_CHANNELS:
        raise CatalogueDataError(f".{name}: unknown premium channel {channel!r}")
    if facts.reg is None or facts.renew is None or facts.transfer is None:
        raise CatalogueDataError(f".{name}: periods missing")
    currency = facts.currency or ""
    if currency != "EUR" and currency not in RATES:
        raise CatalogueDataError(f".{name}: currency {currency!r} has no exchange rate")
    info = TldInfo(
        name=name,
        unicode_name=unicode_of(name),
        tld_class=tld_class,
        kind=kind,
        registration_periods=parse_periods(facts.reg),
        renewal_periods=parse_periods(facts.renew),
        transfer_periods=parse_periods(facts.transfer),
        auth_required=bool(facts.auth),
        restorable_days=facts.restorable or None,
        whois_privacy=bool(facts.privacy),
        explicit_renewal=bool(facts.explicit),
        repository=f"{repository_class.replace('.', '').upper()}-{facts.operator}-1API1",
        registrant_change_by=facts.change or "UPDATE",
        currency=currency,
        realtime=bool(facts.realtime),
        application_only=bool(facts.application),
        nameserver_min=facts.ns_min or 0,
        nameserver_max=facts.ns_max or 13,
        blocked=bool(facts.blocked),
        premium_channel=channel,
        host_managed_as=facts.hosts or "OBJECT",
    )
    return info, base_prices(info, facts)


class Catalogue:
    """All TLDs of the sandbox. Immutable after construction; safe to share between requests."""

    def __init__(self, entries: Sequence[tuple[TldInfo, TldPrices]]) -> None:
        self._tlds: tuple[TldInfo, ...] = tuple(info for info, _ in entries)
        self._by_name: dict[str, TldInfo] = {}
        self._tld_of: dict[str, TldInfo | None] = {}
        self._prices: dict[str, TldPrices] = {}
        classes: dict[str, str] = {}
        for info, prices in entries:
            if info.name in self._by_name:
                raise CatalogueDataError(f"duplicate TLD .{info.name}")
            if info.tld_class in classes:
                raise CatalogueDataError(
                    f"class {info.tld_class} of .{info.name} already used by .{classes[info.tld_class]}"
                )
            classes[info.tld_class] = info.name
            self._by_name[info.name] = info
            self._prices[info.name] = prices
        try:
            self._rules = extension_rules.rules_by_tld(
                {name: info.tld_class for name, info in self._by_name.items()}
            )
        except KeyError as exc:
            raise CatalogueDataError(f"extension rule for unknown TLD .{exc.args[0]}") from exc
        self._relations: dict[str, list[tuple[str, str]]] = {}

    @classmethod
    def build(cls) -> Catalogue:
        """A fresh catalogue from the package data (same data, same catalogue)."""
        return cls([_build_info(name, kind) for name, kind in load_names()])

    # -- look-up -------------------------------------------------------------------------------------

    def get(self, tld: str) -> TldInfo | None:
        """The TLD by name without leading dot, ACE or Unicode, any case; None if not sold here."""
        name = normalize_domain(tld)
        return None if name is None else self._by_name.get(name)

    def for_domain(self, domain: str) -> TldInfo | None:
        """The TLD of ``domain``: the longest catalogue suffix with at least one label in front of it."""
        # Asked several times for every name of a CheckDomains batch (fee, premium, reservation, IDN); the
        # catalogue never changes, so the answer is remembered (up to a bound, for long-running sandboxes).
        try:
            return self._tld_of[domain]
        except KeyError:
            pass
        found = self._find_tld(domain)
        if len(self._tld_of) < _REMEMBERED_NAMES:
            self._tld_of[domain] = found
        return found

    def _find_tld(self, domain: str) -> TldInfo | None:
        name = normalize_domain(domain)
        if name is None:
            return None
        labels = name.split(".")
        for start in range(1, len(labels)):
            found = self._by_name.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def all(self) -> Sequence[TldInfo]:
        return self._tlds

    # -- prices --------------------------------------------------------------------------------------

    def supports_currency(self, currency: str) -> bool:
        return currency == "EUR" or currency in RATES

    def prices(self, tld: str, currency: str = "USD") -> TldPrices | None:
        """The prices of one TLD as StatusUser states them for an account in ``currency``."""
        info = self.get(tld)
        if info is None:
            return None
        self._require_currency(currency)
        return quote(self._prices[info.name], currency)

    def status_user_relations(self, currency: str = "USD") -> list[tuple[str, str]]:
        """(RELATIONTYPE, RELATIONVALUE) rows of StatusUser for an account in ``currency``.

        The grammar is in :mod:`sandbox.catalogue.tld_prices`. Raises CatalogueError for a currency without
        an exchange rate (see :meth:`supports_currency`).
        """
        self._require_currency(currency)
        cached = self._relations.get(currency)
        if cached is None:
            cached = []
            for info in self._tlds:
                cached += relations_for_class(quote(self._prices[info.name], currency))
            cached += premium_relations({info.premium_channel for info in self._tlds if info.premium_channel})
            cached += other_product_relations(currency)
            self._relations[currency] = cached
        return list(cached)

    def exchange_rates(self) -> list[tuple[str, str, str, str]]:
        """(CURRENCYFROM, CURRENCYTO, RATE, DATE) rows of QueryExchangeRates, EUR-based."""
        return exchange_rate_rows()

    def _require_currency(self, currency: str) -> None:
        if not self.supports_currency(currency):
            raise CatalogueError(f"no exchange rate for currency {currency!r}")

    # -- special names -------------------------------------------------------------------------------

    def _split(self, domain: str) -> tuple[str, TldInfo] | None:
        name = normalize_domain(domain)
        if name is None:
            return None
        tld = self.for_domain(name)
        return None if tld is None else (name, tld)

    def reservation(self, domain: str) -> Reservation | None:
        """Why ``domain`` is reserved (registry policy or ICANN name collision), or None."""
        found = self._split(domain)
        return None if found is None else reservation_for(*found)

    def reserved(self, domain: str) -> str | None:
        """The CheckDomains REASON for a reserved name, or None (see :meth:`reservation` for the rest)."""
        reservation = self.reservation(domain)
        return None if reservation is None else reservation.reason

    def premium(self, domain: str) -> PremiumInfo | None:
        """Premium facts of ``domain``; None for standard, reserved or unknown names."""
        found = self._split(domain)
        if found is None or reservation_for(*found) is not None:
            return None
        return premium_for(*found)

    # -- extension parameters ------------------------------------------------------------------------

    def rules_for(self, tld: str) -> tuple[extension_rules.Rule, ...]:
        """The extension-parameter rules of one TLD (empty for TLDs without any, or unknown ones)."""
        info = self.get(tld)
        return () if info is None else self._rules.get(info.name, ())

    def check_params(self, domain: str, operation: str, params: Mapping[str, str]) -> ParamProblem | None:
        """First problem of the TLD-specific parameters of a command on ``domain``, or None.

        ``operation`` is register, transfer, trade or modify (anything else raises
        UnknownOperationError: a handler bug, not client input). A name that is not valid answers
        ``505 ... ; DOMAIN``; a valid name under a TLD not sold here answers ``541 ...; DOMAIN``.
        """
        if operation not in extension_rules.OPERATIONS:
            raise UnknownOperationError(f"unknown operation {operation!r}")
        if normalize_domain(domain) is None:
            return ParamProblem(
                code=505, description="Invalid attribute value syntax; DOMAIN", param="DOMAIN"
            )
        tld = self.for_domain(domain)
        if tld is None:
            return ParamProblem(code=541, description="Invalid attribute value; DOMAIN", param="DOMAIN")
        rules = self.rules_for(tld.name)
        if not rules:
            return None
        upper = {key.upper(): value for key, value in params.items()}
        return extension_rules.check(rules, operation, upper)

    # -- IDN policy (sandbox/catalogue/idn_policy.py) -------------------------------------------------------

    def idn_policy(self, tld: str) -> IdnPolicy | None:
        info = self.get(tld)
        return None if info is None else policy_for(info.name, info.unicode_name, info.kind)

    def _idn_labels(self, domain: str) -> tuple[list[str], IdnPolicy] | None:
        found = self._split(domain)
        if found is None:
            return None
        name, tld = found
        labels = name[: -len(tld.name) - 1].split(".")
        try:
            unicode_labels = [_unicode_label(label) for label in labels]
        except UnicodeError:
            return None
        return unicode_labels, policy_for(tld.name, tld.unicode_name, tld.kind)

    def idn_refusal(self, domain: str) -> str | None:
        """The REASON why the TLD's registry refuses this IDN name, or None (ASCII, accepted, unknown)."""
        found = self._idn_labels(domain)
        if found is None:
            return None
        labels, policy = found
        return next((r for r in map(policy.refusal, labels) if r is not None), None)

    def idn_tag_problem(self, domain: str, tag: str) -> ParamProblem | None:
        """504 when the TLD needs ``X-IDN-LANGUAGE`` for this IDN name and it is missing; 541 when the tag
        is unknown or does not cover the name's script. ASCII names never need a tag."""
        found = self._idn_labels(domain)
        if found is None:
            return None
        labels, policy = found
        if all(label.isascii() for label in labels):
            return None
        if not tag.strip():
            if not policy.tag_required:
                return None
            return ParamProblem(504, "Missing required attribute; X-IDN-LANGUAGE", "X-IDN-LANGUAGE")
        scripts = tag_scripts(tag)
        if scripts is None or any(not idn_scripts(label) <= scripts for label in labels):
            return ParamProblem(541, "Invalid attribute value; X-IDN-LANGUAGE", "X-IDN-LANGUAGE")
        return None


def _unicode_label(label: str) -> str:
    return label[4:].encode("ascii").decode("punycode") if label.startswith("xn--") else label


@cache
def default_catalogue() -> Catalogue:
    """The shared catalogue, built on first use."""
    return Catalogue.build()
