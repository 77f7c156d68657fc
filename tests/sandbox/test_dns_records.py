"""Record parsing, validation, patterns and zone updates (sandbox/dns_records.py), without the engine."""

from __future__ import annotations

import pytest

from sandbox import dns_records as rr
from sandbox.errors import CommandError, InvalidSyntax

ZONE = "example.com."


def test_owners_ttl_and_class_are_normalised() -> None:
    assert rr.parse("@ IN A 192.0.2.1", ZONE, extended=False).text() == "example.com. 3600 IN A 192.0.2.1"
    assert (
        rr.parse("WWW 600 A 192.0.2.1", ZONE, extended=False).text() == "www.example.com. 600 IN A 192.0.2.1"
    )
    assert rr.parse("mail.example.com. IN 300 A 192.0.2.9", ZONE, extended=False).ttl == 300
    assert rr.parse("*.example.com. A 10.0.0.1", ZONE, extended=False).owner == "*.example.com."
    assert rr.parse("www AAAA 2001:DB8:0:0::1", ZONE, extended=False).rdata == "2001:db8::1"


@pytest.mark.parametrize(
    ("text", "rdata"),
    [
        ("@ MX 10 Mail.Example.com.", "10 mail.example.com."),
        ("www CNAME example.com.", "example.com."),
        ('@ TXT "v=spf1 -all"', '"v=spf1 -all"'),
        ("_sip._tcp SRV 10 20 5060 sip.example.com.", "10 20 5060 sip.example.com."),
        ('@ CAA 0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'),
        ("sub NS ns1.other.net.", "ns1.other.net."),
    ],
)
def test_record_types_keep_their_data(text: str, rdata: str) -> None:
    assert rr.parse(text, ZONE, extended=False).rdata == rdata


def test_pseudo_records_need_extended_mode() -> None:
    forward = "@ X-SMTP info@ MAILFORWARD someone@example.net"
    assert rr.parse(forward, ZONE, extended=True).rdata == "info@ MAILFORWARD someone@example.net"
    assert rr.parse("www X-HTTP /shop REDIRECT http://target.example", ZONE, extended=True).pseudo
    # SaveDNS sends an empty path as a double blank (docs/module-behaviour.md §9.1).
    assert (
        rr.parse("www X-HTTP  FRAME https://t.example", ZONE, extended=True).rdata
        == "FRAME https://t.example"
    )
    with pytest.raises(InvalidSyntax) as caught:
        rr.parse(forward, ZONE, extended=False)
    assert caught.value.description == f"Invalid attribute value syntax; resource record [{forward}]"


@pytest.mark.parametrize(
    "text",
    [
        "@ A 999.1.1.1",  # not IPv4
        "@ A 2001:db8::1",  # IPv6 in an A record
        "@ AAAA 192.0.2.1",
        "@ MX mail.example.com.",  # preference missing
        "@ MX 70000 mail.example.com.",
        "_sip._tcp SRV 10 20 mail.example.com.",  # port missing
        "@ CAA issue letsencrypt.org",
        '@ TXT "unbalanced',
        "@ 59 A 192.0.2.1",  # TTL below 60
        "@ 86401 A 192.0.2.1",  # TTL above 86400
        "@ SOA ns1. host. 1 2 3 4 5",  # the SOA is managed through the SOA fields
        "@ HINFO a b",  # unsupported type
        "other.org. A 192.0.2.1",  # owner outside the zone
        "bad_owner! A 192.0.2.1",
        "@ CNAME not a host",
        "@",
        "www X-HTTP /p MOVE http://x.example",
        "@ X-SMTP info MAILFORWARD a@b.net",  # prefix without @
        "@ X-SMTP info@ MAILFORWARD not-an-address",
    ],
)
def test_malformed_records_are_505(text: str) -> None:
    with pytest.raises(InvalidSyntax) as caught:
        rr.parse(text, ZONE, extended=True)
    assert caught.value.code == 505
    assert caught.value.description.endswith(f"resource record [{text}]")


def test_patterns_match_owner_type_ttl_and_data() -> None:
    a1 = rr.parse("@ A 192.0.2.1", ZONE, extended=False)
    a2 = rr.parse("www 600 A 192.0.2.2", ZONE, extended=False)
    mx = rr.parse("@ MX 10 mx.ispapi.net.", ZONE, extended=False)
    assert [r for r in (a1, a2, mx) if rr.parse_pattern("% A", ZONE).matches(r)] == [a1, a2]
    assert [r for r in (a1, a2, mx) if rr.parse_pattern("@", ZONE).matches(r)] == [a1, mx]
    assert rr.parse_pattern("www 600 IN A 192.0.2.2", ZONE).matches(a2)
    assert not rr.parse_pattern("www 3600 IN A 192.0.2.2", ZONE).matches(a2)
    assert rr.parse_pattern("@ IN X-SMTP", ZONE).rtype == "X-SMTP"
    with pytest.raises(InvalidSyntax):
        rr.parse_pattern("@ BOGUS", ZONE)
    with pytest.raises(InvalidSyntax):
        rr.parse_pattern("@ A not-an-ip", ZONE)


def _records(*texts: str) -> list[rr.Record]:
    return [rr.parse(t, ZONE, extended=True) for t in texts]


def test_update_replaces_then_deletes_then_adds() -> None:
    zone = _records("@ NS ns1.ispapi.net.", "@ A 192.0.2.1", "@ X-SMTP @ MAILFORWARD a@b.net")
    result = rr.apply_update(
        zone,
        delete=[rr.parse_pattern("% A", ZONE)],
        add=_records("www A 192.0.2.7"),
        extended=False,
        resolve_ttl_conflicts=False,
    )
    # Without EXTENDED the mail forward is invisible and survives.
    assert [r.text() for r in result] == [
        "example.com. 3600 IN NS ns1.ispapi.net.",
        "www.example.com. 3600 IN A 192.0.2.7",
        "example.com. 3600 IN X-SMTP @ MAILFORWARD a@b.net",
    ]
    replaced = rr.apply_update(
        zone, replace_with=_records("@ A 192.0.2.9"), extended=True, resolve_ttl_conflicts=False
    )
    assert [r.text() for r in replaced] == ["example.com. 3600 IN A 192.0.2.9"]


def test_update_refuses_duplicates_cname_conflicts_and_ttl_conflicts() -> None:
    zone = _records("www A 192.0.2.1", "ftp CNAME www.example.com.")
    with pytest.raises(CommandError) as dup:
        rr.apply_update(
            zone, add=_records("www 3600 IN A 192.0.2.1"), extended=False, resolve_ttl_conflicts=False
        )
    assert dup.value.code == 541
    assert (
        dup.value.description
        == "Invalid attribute value; duplicate record [www.example.com. 3600 IN A 192.0.2.1]"
    )
    for text in ("www CNAME example.com.", "ftp A 192.0.2.5", "ftp CNAME other.example.com."):
        with pytest.raises(CommandError) as conflict:
            rr.apply_update(zone, add=_records(text), extended=False, resolve_ttl_conflicts=False)
        assert conflict.value.code == 541 and "CNAME" in conflict.value.description
    with pytest.raises(CommandError) as ttl:
        rr.apply_update(
            zone, add=_records("www 600 A 192.0.2.2"), extended=False, resolve_ttl_conflicts=False
        )
    assert ttl.value.code == 541 and "TTL conflict" in ttl.value.description
    resolved = rr.apply_update(
        zone, add=_records("www 600 A 192.0.2.2"), extended=False, resolve_ttl_conflicts=True
    )
    assert {r.ttl for r in resolved if r.owner == "www.example.com."} == {600}


def test_zone_names_and_defaults() -> None:
    assert rr.zone_name("Example.COM") == "example.com."
    assert rr.zone_name("bücher.de.") == "xn--bcher-kva.de."
    for bad in ("nodot", "a..b.com", "under_score.com", "-x.com"):
        with pytest.raises(InvalidSyntax):
            rr.zone_name(bad)
    assert rr.default_zone_records("example.com") == [
        "example.com. 3600 IN NS ns1.ispapi.net.",
        "example.com. 3600 IN NS ns2.ispapi.net.",
        "example.com. 3600 IN NS ns3.ispapi.net.",
        "example.com. 3600 IN MX 10 mx.ispapi.net.",
    ]
    record = rr.parse("www A 192.0.2.1", ZONE, extended=False)
    assert record.short(ZONE) == "www 3600 IN A 192.0.2.1"
    assert rr.parse("@ A 192.0.2.1", ZONE, extended=False).short(ZONE) == "@ 3600 IN A 192.0.2.1"
