"""The sandbox's world has other registrants: RFC 2606/6761 names are reserved, well-known names and short
labels in the big gTLDs are held at another registrar from the start (sandbox/catalogue/registrants.py)."""

from __future__ import annotations

import pytest

from sandbox import controls
from sandbox.catalogue.registrants import BIG_GTLDS, BRANDS, Registrants
from sandbox.cli import _parser as build_parser, build
from sandbox.core import Sandbox, SandboxConfig
from tests.sandbox.wire import LOGIN, PASSWORD, Client, all_contacts

FREE = "world-test-free-4711.com"


def check(client: Client, *names: str) -> list[tuple[str, str, str]]:
    answer = client.ok("CheckDomains", **{f"DOMAIN{i}": n for i, n in enumerate(names)})
    return list(zip(answer.col("DOMAINCHECK"), answer.col("REASON"), answer.col("CLASS"), strict=True))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("example.com", "RFC 2606"),
        ("example.de", "RFC 2606"),
        ("anything.test", ".test is reserved"),
        ("shop.example", ".example is reserved"),
        ("a.invalid", ".invalid is reserved"),
        ("my.localhost", ".localhost is reserved"),
    ],
)
def test_special_use_names_are_reserved_and_cannot_be_registered(name: str, reason: str) -> None:
    client = Client()
    [(status, why, cls)] = check(client, name)
    # "reserved" in the reason and a class: a module shows the name as reserved, not as someone's domain
    assert status.startswith("211") and reason in why and "reserved" in why and cls
    added = client.call("AddDomain", DOMAIN=name, PERIOD="1", **all_contacts())
    assert added.code == 541 and reason in added.description


@pytest.mark.parametrize(
    "name", ["google.com", "wikipedia.org", "github.de", "ab.com", "x.net", "7.info", "q1.biz"]
)
def test_well_known_names_and_short_big_gtld_labels_are_registered_elsewhere(name: str) -> None:
    client = Client()
    [(status, why, _)] = check(client, name)
    assert status.startswith("211") and why == "Domain name already registered"
    added = client.call("AddDomain", DOMAIN=name, PERIOD="1", **all_contacts())
    assert added.code == 554 and "another registrar" in added.description
    assert client.call("StatusDomain", DOMAIN=name).code == 545  # not in this account
    assert client.engine.money_count(name) == 0


def test_other_names_stay_free_and_short_labels_outside_the_big_gtlds_too() -> None:
    client = Client()
    assert [row[0][:3] for row in check(client, FREE, "ab.de", "examples.com")] == ["210", "210", "210"]
    client.register(FREE)  # and a free name registers as before


def test_a_name_held_elsewhere_transfers_in_once_the_control_sets_it_up() -> None:
    client = Client()
    auth = controls.add_foreign_domain(client.engine, "google.net", auth="Auth-Code-1")
    assert auth == "Auth-Code-1"
    started = client.call("TransferDomain", DOMAIN="google.net", AUTH=auth, PERIOD="1", **all_contacts())
    assert started.code in (200, 1000, 1001), started.description


def test_domain_suggestions_leave_out_names_held_elsewhere_or_reserved() -> None:
    client = Client()
    answer = client.ok("QueryDomainSuggestionList", KEYWORD="google", ZONE0="com", ZONE1="net")
    assert "google.com" not in answer.col("DOMAIN") and "google.net" not in answer.col("DOMAIN")
    answer = client.ok("QueryDomainSuggestionList", KEYWORD="example", ZONE0="com")
    assert "example.com" not in answer.col("DOMAIN")


def test_the_empty_world_has_none_of_it() -> None:
    engine = Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD, world_registrants=False))
    client = Client(engine)
    assert [row[0][:3] for row in check(client, "google.com", "ab.com", "example.com")] == ["210"] * 3
    args = build_parser().parse_args(["--empty-world", "--password", "pw-long-enough-1"])
    engine, *_ = build(args)
    assert engine.registrants == Registrants(enabled=False)
    engine, *_ = build(build_parser().parse_args(["--password", "pw-long-enough-1"]))
    assert engine.registrants.enabled


def test_the_lists_are_what_the_readme_documents() -> None:
    assert BIG_GTLDS == {"com", "net", "org", "info", "biz"}
    assert {"google", "amazon", "wikipedia", "github"} <= BRANDS and len(BRANDS) >= 40
