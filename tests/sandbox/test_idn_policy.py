"""IDN policy per TLD (sandbox/catalogue/idn_policy.py): the table, CheckDomains rows and
AddDomain/TransferDomain errors for X-IDN-LANGUAGE (IDN input handled per TLD;
docs/ispapi-wire.md §3, §4.2)."""

from __future__ import annotations

import pytest

from sandbox import controls
from sandbox.catalogue import default_catalogue
from sandbox.catalogue.idn_policy import label_scripts, tag_scripts
from tests.sandbox.wire import Client

NOT_AVAILABLE = "211 Domain name not available"


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.parametrize(
    ("tld", "accepts", "tag_required", "scripts"),
    [
        ("com", True, True, {"LATIN", "CYRILLIC", "HAN"}),
        ("net", True, True, {"GREEK", "ARABIC"}),
        ("de", True, False, {"LATIN"}),
        ("xn--p1ai", True, False, {"CYRILLIC"}),  # .рф: its own script only
        ("cn", True, False, {"HAN"}),
        ("shop", True, False, {"LATIN", "CYRILLIC", "HAN"}),
        ("co.uk", False, False, set()),
        ("uk", False, False, set()),
        ("ru", False, False, set()),
    ],
)
def test_policy_table(tld: str, accepts: bool, tag_required: bool, scripts: set[str]) -> None:
    policy = default_catalogue().idn_policy(tld)
    assert policy is not None
    assert policy.accepts_idn is accepts and policy.tag_required is tag_required
    assert scripts <= policy.scripts
    if tld == "xn--p1ai":
        assert policy.scripts == {"CYRILLIC"}


def test_policy_of_unknown_tld_and_scripts() -> None:
    assert default_catalogue().idn_policy("no-such-tld") is None
    assert label_scripts("müller") == {"LATIN"} and label_scripts("пример") == {"CYRILLIC"}
    assert label_scripts("中文") == {"HAN"} and label_scripts("plain") == frozenset()
    assert tag_scripts("GER") == frozenset({"LATIN"}) == tag_scripts("DE")  # the reference's example
    assert tag_scripts("rus") == frozenset({"CYRILLIC"}) and tag_scripts("xyz") is None


def test_check_domains_rows_follow_the_policy(client: Client) -> None:
    rows = client.ok(
        "CheckDomains",
        DOMAIN0="müller.de",
        DOMAIN1="müller.xn--p1ai",
        DOMAIN2="müller.co.uk",
        DOMAIN3="xn--mller-kva.shop",
        DOMAIN4="plain-ascii.co.uk",
        DOMAIN5="ə-test.de",  # Latin, but not in the .de letter table
        **{"X-IDN-LANGUAGE": "ger"},
    )
    assert rows.col("DOMAINCHECK") == [
        "210 Domain name available",
        NOT_AVAILABLE,
        NOT_AVAILABLE,
        "210 Domain name available",
        "210 Domain name available",
        NOT_AVAILABLE,
    ]
    assert rows.col("REASON")[1:3] == [
        "IDN script not supported for this TLD",
        "IDN not supported for this TLD",
    ]
    assert rows.col("REASON")[5] == "IDN characters not supported for this TLD"


def test_check_domains_tag_for_verisign(client: Client) -> None:
    without = client.ok("CheckDomains", DOMAIN0="müller.com", DOMAIN1="ascii-only.com")
    assert without.col("DOMAINCHECK") == [NOT_AVAILABLE, "210 Domain name available"]
    assert without.col("REASON")[0] == "IDN language: Missing required attribute; X-IDN-LANGUAGE"
    tagged = client.ok("CheckDomains", DOMAIN0="müller.com", **{"X-IDN-LANGUAGE": "ger"})
    assert tagged.col("DOMAINCHECK") == ["210 Domain name available"]
    wrong = client.ok("CheckDomains", DOMAIN0="müller.com", **{"X-IDN-LANGUAGE": "rus"})
    assert wrong.col("REASON") == ["IDN language: Invalid attribute value; X-IDN-LANGUAGE"]
    cyrillic = client.ok(
        "CheckDomains", DOMAIN0="пример.com", DOMAIN1="пример.xn--p1ai", **{"X-IDN-LANGUAGE": "rus"}
    )
    assert cyrillic.col("DOMAINCHECK") == ["210 Domain name available"] * 2


def test_add_domain_idn_language(client: Client) -> None:
    missing = client.call("AddDomain", DOMAIN="müller.com", PERIOD="1")
    assert (missing.code, missing.description) == (504, "Missing required attribute; X-IDN-LANGUAGE")
    wrong = client.call("AddDomain", DOMAIN="müller.com", PERIOD="1", **{"X-IDN-LANGUAGE": "chi"})
    assert (wrong.code, wrong.description) == (541, "Invalid attribute value; X-IDN-LANGUAGE")
    unknown = client.call("AddDomain", DOMAIN="müller.com", PERIOD="1", **{"X-IDN-LANGUAGE": "klingon"})
    assert unknown.code == 541
    refused = client.call("AddDomain", DOMAIN="müller.co.uk", PERIOD="1")
    assert refused.code == 541 and "IDN not supported" in refused.description
    done = client.register("müller.com", **{"X-IDN-LANGUAGE": "GER"})
    assert done.code == 200 and "xn--mller-kva.com" in client.world.domains
    assert client.register("xn--fuball-cta.de").code == 200  # no tag needed for .de, ß kept
    assert client.register("plain-name.com").code == 200  # ASCII never needs a tag


def test_transfer_domain_idn_language(client: Client) -> None:
    auth = controls.add_foreign_domain(client.engine, "xn--mller-kva.net", auth="Right-Auth-1")
    missing = client.call("TransferDomain", DOMAIN="müller.net", AUTH=auth)
    assert (missing.code, missing.description) == (504, "Missing required attribute; X-IDN-LANGUAGE")
    wrong = client.call("TransferDomain", DOMAIN="müller.net", AUTH=auth, **{"X-IDN-LANGUAGE": "rus"})
    assert wrong.code == 541
    client.ok("TransferDomain", DOMAIN="müller.net", AUTH=auth, **{"X-IDN-LANGUAGE": "ger"})
