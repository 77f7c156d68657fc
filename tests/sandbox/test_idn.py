"""ConvertIDN (API/DOMAIN/CONVERTIDN.md; facts from docs/ispapi-wire.md §1.6 and
docs/module-behaviour.md §9.6)."""

from __future__ import annotations

import pytest

from tests.sandbox.wire import demo_client


def test_converts_both_ways_in_order() -> None:
    client = demo_client()
    answer = client.ok(
        "ConvertIDN", DOMAIN0="äöütest.com", DOMAIN1="xn--dmin-moa0i.example", DOMAIN2="Example.COM"
    )
    assert answer.col("ACE") == ["xn--test-koa2iub.com", "xn--dmin-moa0i.example", "example.com"]
    assert answer.col("IDN") == ["äöütest.com", "dömäin.example", "example.com"]


def test_uts46_non_transitional_and_root_dot() -> None:
    client = demo_client()
    answer = client.ok("ConvertIDN", DOMAIN="fußball.de", DOMAIN0="bücher.de.", DOMAIN1="XN--P1AI")
    assert answer.col("ACE") == ["xn--fuball-cta.de", "xn--bcher-kva.de.", "xn--p1ai"]
    assert answer.col("IDN") == ["fußball.de", "bücher.de.", "рф"]


def test_bad_input() -> None:
    client = demo_client()
    bad = client.call("ConvertIDN", DOMAIN0="ok.com", DOMAIN1="a..b.com")
    assert (bad.code, bad.description) == (
        505,
        "Invalid attribute value syntax; Syntax error in Parameter DOMAIN1 (a..b.com)",
    )
    assert client.call("ConvertIDN", DOMAIN0="xn--zz.com").code == 505  # broken punycode
    assert client.call("ConvertIDN", DOMAIN0="x" * 64 + ".com").code == 505
    assert client.call("ConvertIDN").code == 504
    assert client.call("ConvertIDN", NAME="x").code == 503


@pytest.mark.parametrize(
    ("domain", "language"),
    [
        ("dömäin.de", "ger"),
        ("xn--dmin-moa0i.example", "ger"),
        ("пример.рф", "rus"),
        ("παράδειγμα.gr", "gre"),
        ("例子.cn", "chi"),
        ("façade.fr", "fre"),
    ],
)
def test_check_idn_language_guesses_from_the_script(domain: str, language: str) -> None:
    answer = demo_client().ok("CheckIDNLanguage", DOMAIN=domain)
    assert answer.col("LANGUAGE") == [language]


def test_check_idn_language_refuses_ascii_and_garbage() -> None:
    client = demo_client()
    assert client.call("CheckIDNLanguage", DOMAIN="example.com").code == 505
    assert client.call("CheckIDNLanguage", DOMAIN="bad..name").code == 505
    assert client.call("CheckIDNLanguage").code == 504
