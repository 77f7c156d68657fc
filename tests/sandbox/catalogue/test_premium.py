"""Premium and reserved names: deterministic, priced like the StatusUser relations say."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.catalogue import Catalogue, default_catalogue
from sandbox.catalogue.premium import RESERVED_LABELS


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return default_catalogue()


def _names(cat: Catalogue) -> list[str]:
    labels = ["a", "ab", "abc", "abcd", "cloud", "vip", "shop", "mail", "nic", "whois", "hello-world"]
    labels += [f"name{n}" for n in range(400)]
    tlds = [t.name for t in cat.all() if t.premium_channel][:40] + ["com", "de", "co.uk"]
    return [f"{label}.{tld}" for label in labels for tld in tlds]


def test_premium_subset_is_deterministic_and_non_empty(cat: Catalogue) -> None:
    names = _names(cat)
    first = {name: cat.premium(name) for name in names}
    rebuilt = Catalogue.build()
    assert all(first[name] == rebuilt.premium(name) for name in names)
    premium = {name: info for name, info in first.items() if info is not None}
    assert premium
    hashed = [name for name in premium if name.startswith("name")]
    assert hashed, "the sha256 % 97 rule selects some ordinary names"
    assert len(premium) < len(names) / 2


def test_premium_only_where_a_channel_exists(cat: Catalogue) -> None:
    assert cat.premium("ab.com") is None
    assert cat.premium("ab.de") is None
    info = cat.premium("abc.guru")
    assert info is not None
    assert info.premium_class == "PREMIUM_DONUTS_B" and info.channel == "DONUTS" and info.currency == "USD"
    assert cat.premium("this-is-an-ordinary-name.guru") is None


def test_registry_premium_matches_relations(cat: Catalogue) -> None:
    relations = dict(cat.status_user_relations("EUR"))
    for name in ("ab.guru", "abc.guru", "cloud.guru", "vip.online", "ab.xyz"):
        info = cat.premium(name)
        assert info is not None and not info.variable_fee, name
        head = f"PRICE_CLASS_DOMAIN_{info.premium_class}_"
        assert relations[head + "CURRENCY"] == info.currency
        assert Decimal(relations[head + "ANNUAL"]) == info.renew_price
        assert Decimal(relations[head + "TRANSFER"]) == info.transfer_price
        assert info.register_price > info.renew_price


def _priced(relations: dict[str, str], markup: str, base: Decimal, item: str) -> Decimal:
    """docs/module-behaviour.md §3.4: base * (1 + VAR/100) + FIX."""
    var = Decimal(relations[f"{markup}{item}_MARKUP_VAR"])
    fix = Decimal(relations[f"{markup}{item}_MARKUP_FIX"])
    return (base * (1 + var / 100) + fix).quantize(Decimal("0.01"))


def test_variable_fee_premium_follows_the_markup_formula(cat: Catalogue) -> None:
    relations = dict(cat.status_user_relations())
    for name, channel, currency in (("cloud.top", "TOP", "CNY"), ("ab.shop", "GMO", "JPY")):
        info = cat.premium(name)
        assert info is not None and info.variable_fee and info.channel == channel
        head, _, rest = info.premium_class.partition(":")
        assert head == f"PREMIUM_{channel}_{currency}"
        renew_base, register_base = (Decimal(part) for part in rest.split(":"))
        markup = f"PRICE_CLASS_DOMAIN_PREMIUM_{channel}_*_"
        assert relations[markup + "CURRENCY"] == currency == info.currency

        assert info.register_price == _priced(relations, markup, register_base, "SETUP")
        assert info.renew_price == _priced(relations, markup, renew_base, "ANNUAL")
        assert info.transfer_price == _priced(relations, markup, renew_base, "TRANSFER")


def test_reserved_names(cat: Catalogue) -> None:
    for label in RESERVED_LABELS:
        reason = cat.reserved(f"{label}.com")
        assert reason is not None and "reserved" in reason.lower()
        reservation = cat.reservation(f"{label}.com")
        assert reservation is not None and not reservation.collision and reservation.reserved_class
    assert cat.reserved("example.com") is None  # common test name stays registrable
    assert cat.premium("nic.guru") is None  # reserved wins over premium


def test_name_collisions_only_on_new_gtlds(cat: Catalogue) -> None:
    collision = cat.reservation("mail.guru")
    assert collision is not None and collision.collision
    assert collision.check.startswith("211 Collision Domain name available {")
    # The module tests REASON for "block" before the collision text (docs/module-behaviour.md §3.1).
    assert "block" not in collision.reason.lower()
    assert "collision" in collision.reason.lower()
    for label in RESERVED_LABELS:
        reservation = cat.reservation(f"{label}.guru")
        assert reservation is not None and "block" not in reservation.reason.lower()
    assert cat.reservation("mail.com") is None
    assert cat.reservation("mail.de") is None
