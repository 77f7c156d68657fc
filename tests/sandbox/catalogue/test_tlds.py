"""The TLD list and the per-TLD facts (QueryDomainOptions / QueryDomainRepositoryInfo sources)."""

from __future__ import annotations

import time

import pytest

from sandbox.catalogue import Catalogue, CatalogueError, TldInfo, default_catalogue, normalize_domain

PERIOD = r"^(?:[0-9]|10)Y$"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return default_catalogue()


def test_size_and_uniqueness(cat: Catalogue) -> None:
    tlds = cat.all()
    assert len(tlds) >= 1200
    assert len({t.name for t in tlds}) == len(tlds)
    assert len({t.tld_class for t in tlds}) == len(tlds)
    kinds = {t.kind for t in tlds}
    assert kinds == {"gtld", "cctld", "sld"}


def test_every_tld_has_periods_and_sane_facts(cat: Catalogue) -> None:
    import re

    period = re.compile(PERIOD)
    for t in cat.all():
        assert t.registration_periods, t.name
        assert t.renewal_periods, t.name
        assert t.transfer_periods, t.name
        for p in (*t.registration_periods, *t.renewal_periods, *t.transfer_periods):
            assert period.match(p), (t.name, p)
        assert "0Y" not in t.registration_periods
        assert t.nameserver_min <= t.nameserver_max
        assert t.registrant_change_by in {"ICANN-TRADE", "TRADE", "UPDATE"}
        assert t.repository.endswith("-1API1")
        assert "_" not in t.tld_class
        assert t.tld_class == t.tld_class.upper()


def test_two_builds_are_equal() -> None:
    first, second = Catalogue.build(), Catalogue.build()
    assert list(first.all()) == list(second.all())
    assert first.status_user_relations() == second.status_user_relations()
    assert first.status_user_relations("EUR") == second.status_user_relations("EUR")


def test_build_finishes_within_a_generous_bound() -> None:
    # Speed is measured by benchmarks/sandbox.py; this only catches a build that hangs or goes quadratic
    # (about 0.1 s on an idle machine, 0.33 s seen on a loaded one: the old 0.3 s bound flaked).
    started = time.perf_counter()
    Catalogue.build()
    assert time.perf_counter() - started < 10.0


def test_default_catalogue_is_a_singleton() -> None:
    assert default_catalogue() is default_catalogue()


def test_required_names_present(cat: Catalogue) -> None:
    for name in (
        "com",
        "net",
        "org",
        "info",
        "biz",
        "co.uk",
        "org.uk",
        "me.uk",
        "com.au",
        "net.au",
        "org.au",
        "asn.au",
        "id.au",
        "co.nz",
        "com.br",
        "com.cn",
        "net.cn",
        "org.cn",
        "co.za",
        "net.za",
        "org.za",
        "com.sg",
        "edu.sg",
        "per.sg",
        "xn--p1ai",
        "xn--j6w193g",
        "xn--3ds443g",
        "xn--fiqs8s",
        "swiss",
        "de",
        "eu",
        "ca",
        "us",
        "it",
        "es",
        "fr",
        "dk",
    ):
        assert cat.get(name) is not None, name


def test_idn_lookup_both_ways(cat: Catalogue) -> None:
    rf = cat.get("xn--p1ai")
    assert rf is not None
    assert rf.unicode_name == "рф"
    assert cat.get("рф") is rf
    assert cat.get("РФ") is rf  # case folded like UTS46 does
    assert rf.tld_class == "XN--P1AI"
    hk = cat.get("香港")
    assert hk is not None and hk.name == "xn--j6w193g"
    assert cat.get("xn--fiqs8s") is cat.get("中国")
    assert cat.for_domain("пример.рф") is rf
    assert cat.for_domain("xn--e1afmkfd.xn--p1ai") is rf


def test_lookup_is_case_and_dot_insensitive(cat: Catalogue) -> None:
    assert cat.get("COM") is cat.get("com") is cat.get(".com")
    assert cat.for_domain("Example.COM.") is cat.get("com")


def test_for_domain_longest_suffix(cat: Catalogue) -> None:
    couk = cat.for_domain("example.co.uk")
    assert couk is not None and couk.name == "co.uk" and couk.tld_class == "COUK"
    uk = cat.for_domain("example.uk")
    assert uk is not None and uk.name == "uk"
    deep = cat.for_domain("www.shop.example.com.au")
    assert deep is not None and deep.name == "com.au"
    # A second-level zone name alone is a domain under its parent.
    co = cat.for_domain("co.uk")
    assert co is not None and co.name == "uk"


@pytest.mark.parametrize(
    "bad", ["", " ", ".", "com", "exa mple.com", "a..com", "example.invalidtld", "-a-.com", "x" * 300]
)
def test_bad_names_get_none(cat: Catalogue, bad: str) -> None:
    assert cat.for_domain(bad) is None
    assert cat.premium(bad) is None
    assert cat.reserved(bad) is None


def test_normalize_domain() -> None:
    assert normalize_domain("Bücher.DE") == "xn--bcher-kva.de"
    assert normalize_domain("dömäin.example") == "xn--dmin-moa0i.example"
    assert normalize_domain("bad_label.com") is None


def _get(cat: Catalogue, name: str) -> TldInfo:
    info = cat.get(name)
    assert info is not None
    return info


def test_overrides_that_matter_to_the_bridge(cat: Catalogue) -> None:
    de = _get(cat, "de")
    assert de.transfer_periods == ("0Y",) and de.free_transfer
    assert de.explicit_renewal is False  # RenewDomain answers 510, PayDomainRenewal is used
    assert de.currency == "EUR" and de.registrant_change_by == "TRADE"
    assert de.repository == "DE-DENIC-1API1"
    com = _get(cat, "com")
    assert com.repository == "COM-VRSN-1API1"
    assert com.registrant_change_by == "ICANN-TRADE" and com.whois_privacy and com.auth_required
    assert com.registration_periods == tuple(f"{n}Y" for n in range(1, 11))
    for afnic in ("fr", "pm", "re", "tf", "wf", "yt"):
        assert "AFNIC" in _get(cat, afnic).repository
    swiss = _get(cat, "swiss")
    assert swiss.application_only and not swiss.realtime
    assert _get(cat, "dk").realtime is False
    assert _get(cat, "co.uk").auth_required is False
    assert _get(cat, "co.uk").repository == "UK-NOMINET-1API1"
    assert _get(cat, "ai").registration_periods[0] == "2Y"
    assert _get(cat, "tm").registration_periods == ("10Y",)
    assert _get(cat, "it").renewal_periods == ("1Y",)
    assert _get(cat, "name").tld_class == "NAMESLD"
    for blocked in ("edu", "gov"):
        assert _get(cat, blocked).blocked


def test_variety_exists(cat: Catalogue) -> None:
    tlds = cat.all()
    assert any(t.free_transfer for t in tlds)
    assert any(t.renewal_periods == ("1Y",) and len(t.registration_periods) > 1 for t in tlds)
    assert any(t.registration_periods[0] == "2Y" for t in tlds)
    assert any(t.restorable_days is None for t in tlds)
    assert any(not t.explicit_renewal for t in tlds)
    assert {t.registrant_change_by for t in tlds} == {"ICANN-TRADE", "TRADE", "UPDATE"}
    assert len({t.currency for t in tlds}) >= 6


def test_domain_options(cat: Catalogue) -> None:
    opts = _get(cat, "de").domain_options("example.de")
    assert opts["ZONETRANSFERPERIODS"] == "0Y"
    assert opts["REGISTRYEXPLICITRENEWAL"] == "NO"
    assert opts["REGISTRYTRANSFERREQUIREAUTHCODE"] == "YES"
    assert opts["ZONEPOLICYREGISTRANTNAMECHANGEBY"] == "TRADE"
    assert opts["REPOSITORY"] == "DE-DENIC-1API1"
    assert opts["X-PROXY"] == ""
    assert opts["ZONEDELETIONRESTORABLEPERIOD"] == "30"
    com = _get(cat, "com").domain_options("example.com")
    assert com["ZONEREGISTRATIONPERIODS"] == "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y"
    assert "WHOISTRUSTEE" in com["X-PROXY"]
    assert _get(cat, "co.uk").domain_options("a.co.uk")["ZONEDELETIONRESTORABLEPERIOD"] == ""


def test_domain_options_refuses_a_foreign_name(cat: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="not a name under"):
        _get(cat, "de").domain_options("example.com")


def test_repository_info(cat: Catalogue) -> None:
    info = _get(cat, "de").repository_info()
    assert info["REGISTRYEXPLICITRENEWAL"] == "NO"
    assert info["REPOSITORY"] == "DE-DENIC-1API1"
    assert info["DELETIONRESTORABLEPERIOD"] == "30d"
    assert _get(cat, "com").repository_info()["CATEGORY"] == "gTLD"
