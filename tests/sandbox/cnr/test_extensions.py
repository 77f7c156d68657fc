"""The CNR zone extension table (sandbox/cnr/extensions.toml): what it covers, and its rules applied by
AddDomain (required and values), ModifyDomain and TradeDomain (values only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sandbox.cnr import extensions
from tests.sandbox.cnr.wire import CnrClient

ADDITIONAL_FIELDS = Path(__file__).resolve().parents[3] / "app" / "additional_fields" / "data"
AU_COMPANY = {
    "X-AU-DOMAIN-IDTYPE": "ABN",
    "X-AU-DOMAIN-IDNUMBER": "51824753556",
    "X-AU-DOMAIN-RELATIONTYPE": "Company",
    "X-AU-DOMAIN-RELATION": "1",
    "X-AU-OWNER-ORGANIZATION": "Example Pty Ltd",
}
AU_PERSON = {
    "X-AU-DOMAIN-IDTYPE": "PRIVATE",
    "X-AU-DOMAIN-RELATIONTYPE": "citizen/resident",  # choices are compared case-insensitively
    "X-AU-DOMAIN-RELATION": "2",
    "X-AU-OWNER-ORGANIZATION": "Jane Roe",
}
PT = {"X-PT-OWNER-IDENTIFICATION": "123456789", "X-PT-TECH-IDENTIFICATION": "987654321"}


def shipped_zones() -> set[str]:
    return {p.stem for p in ADDITIONAL_FIELDS.glob("*.toml") if not p.stem.startswith("_")}


def test_every_zone_with_additional_fields_is_ruled_or_listed_as_undocumented() -> None:
    ruled, undocumented = set(extensions.rules()), extensions.undocumented_zones()
    assert shipped_zones() <= ruled | undocumented, sorted(shipped_zones() - ruled - undocumented)
    assert not ruled & undocumented
    assert len(shipped_zones() & ruled) >= 30  # the zones the knowledge base documents


def test_table_entries_are_well_formed() -> None:
    for zone, rules in extensions.rules().items():
        assert zone == zone.lower() and rules
        for rule in rules:
            assert rule.name.startswith("X-") and rule.name == rule.name.upper()
            if rule.when is not None:
                assert any(other.name == rule.when.param for other in rules), (zone, rule.name)
    legal_forms = {r.name: r.choices for r in extensions.rules()["es"] if r.name.endswith("LEGALFORM")}
    assert len(legal_forms) == 4 and len(set(legal_forms.values())) == 1  # `same_as` copies the choices


@pytest.mark.parametrize(
    "entry",
    [
        {"required": True},  # no name
        {"name": "X-A", "colour": "red"},
        {"name": "X-A", "same_as": "X-UNDEFINED"},
        {"name": "X-A", "indexed": True},
        {"name": "X-A", "required_when": {"param": "X-B"}},
    ],
)
def test_malformed_table_entries_are_refused(entry: dict[str, Any]) -> None:
    with pytest.raises(extensions.ExtensionDataError):
        extensions._extension(entry, {}, where="test")


def add(client: CnrClient, domain: str, **extra: str) -> Any:
    handle = client.contact()
    roles = {f"{role}CONTACT0": handle for role in ("OWNER", "ADMIN", "TECH", "BILLING")}
    servers = {"NAMESERVER0": "ns1.example.net", "NAMESERVER1": "ns2.example.net"}
    return client.call("AddDomain", {"DOMAIN": domain, "PERIOD": 1, **roles, **servers, **extra})


@pytest.mark.parametrize(
    ("domain", "extra", "code", "named"),
    [
        ("plain.pt", {}, 504, "X-PT-OWNER-IDENTIFICATION"),
        ("plain.pt", {"X-PT-OWNER-IDENTIFICATION": "123456789"}, 504, "X-PT-TECH-IDENTIFICATION"),
        ("plain.pt", PT, 200, ""),
        ("agency.travel", {}, 504, "X-TRAVEL-UIN"),
        ("agency.travel", {"X-TRAVEL-UIN": "UIN-1234"}, 200, ""),
        ("shop.com.au", {}, 504, "X-AU-DOMAIN-IDTYPE"),
        ("shop.com.au", {**AU_COMPANY, "X-AU-DOMAIN-IDNUMBER": ""}, 504, "X-AU-DOMAIN-IDNUMBER"),
        ("shop.com.au", {**AU_COMPANY, "X-AU-DOMAIN-IDTYPE": "RBN"}, 541, "X-AU-DOMAIN-IDTYPE"),
        (
            "shop.com.au",
            {**AU_COMPANY, "X-AU-DOMAIN-RELATIONTYPE": "Pirate"},
            541,
            "X-AU-DOMAIN-RELATIONTYPE",
        ),
        ("shop.com.au", {**AU_COMPANY, "X-AU-DOMAIN-RELATION": "3"}, 541, "X-AU-DOMAIN-RELATION"),
        ("shop.com.au", AU_COMPANY, 200, ""),
        ("jane.id.au", AU_PERSON, 200, ""),  # PRIVATE needs no id number
        ("firma.de", {}, 200, ""),  # every .de extension is optional
        ("firma.de", {"X-DE-ABUSE-CONTACT": "abuse@example.net"}, 541, "X-DE-ABUSE-CONTACT"),
        ("firma.de", {"X-DE-ABUSE-CONTACT": "mailto:abuse@example.net"}, 200, ""),
        ("firma.de", {"X-DE-ACCEPT-TRUSTEE-TAC": "3"}, 541, "X-DE-ACCEPT-TRUSTEE-TAC"),
        ("firma.de", {"X-DE-NSENTRY0": "firma.de. IN A 192.0.2.1"}, 200, ""),
        ("firma.de", {"X-DE-NSENTRY0": "firma.de. IN CNAME x.example"}, 541, "X-DE-NSENTRY0"),
        ("firma.de", {"X-DE-NSENTRY5": "firma.de. IN A 192.0.2.1"}, 541, "X-DE-NSENTRY5"),
        ("empresa.es", {"X-ES-OWNER-TIPO-IDENTIFICACION": "2"}, 541, "X-ES-OWNER-TIPO-IDENTIFICACION"),
        ("empresa.es", {"X-ES-TECH-LEGALFORM": "2"}, 541, "X-ES-TECH-LEGALFORM"),
        ("empresa.es", {"X-ES-OWNER-TIPO-IDENTIFICACION": "1", "X-ES-OWNER-LEGALFORM": "877"}, 200, ""),
        ("societe.fr", {"X-FR-DUNS": "12-345-6789"}, 541, "X-FR-DUNS"),
        ("societe.fr", {"X-FR-DUNS": "1-234-5678", "X-FR-ACCEPT-TRUSTEE-TAC": "1"}, 200, ""),
        ("azienda.it", {"X-IT-ENTITY-TYPE": "8"}, 541, "X-IT-ENTITY-TYPE"),
        ("azienda.it", {"X-IT-ENTITY-TYPE": "1", "X-IT-SECT3-LIABILITY": "1"}, 200, ""),
        ("firma.eu", {"X-EU-REGISTRANT-LANG": "xx"}, 541, "X-EU-REGISTRANT-LANG"),
        ("firma.eu", {"X-EU-REGISTRANT-LANG": "DE"}, 200, ""),
        ("firma.no", {"X-NO-ORGANIZATION-NUMBER": "NO-123"}, 541, "X-NO-ORGANIZATION-NUMBER"),
        ("firma.co.uk", {"X-UK-OWNER-CORPORATE-TYPE": "LTD"}, 504, "X-UK-OWNER-CORPORATE-NUMBER"),
        ("firma.co.uk", {"X-UK-OWNER-CORPORATE-TYPE": "IND"}, 200, ""),
        ("legal.ca", {"X-CA-LEGAL-TYPE": "CCT", "X-CA-TRADEMARK": "2"}, 541, "X-CA-TRADEMARK"),
    ],
)
def test_add_domain_applies_the_zone_rules(domain: str, extra: dict[str, str], code: int, named: str) -> None:
    answer = add(CnrClient(), domain, **extra)
    assert answer.code == code, answer.description
    assert named in answer.description


def test_modify_checks_values_but_requires_nothing() -> None:
    client = CnrClient()
    assert add(client, "kept.pt", **PT).code == 200
    assert client.call("ModifyDomain", DOMAIN="kept.pt", **{"X-PT-TECH-IDENTIFICATION": "111"}).code == 200
    edu_only = client.call("ModifyDomain", DOMAIN="kept.pt", **{"X-PT-LEGITIMACY": "XX"})  # an edu.pt rule
    assert edu_only.code == 200
    assert add(client, "kept.com.au", **AU_COMPANY).code == 200
    wrong = client.call("ModifyDomain", DOMAIN="kept.com.au", **{"X-AU-DOMAIN-RELATION": "9"})
    assert wrong.code == 541 and "X-AU-DOMAIN-RELATION" in wrong.description


def test_trade_checks_values() -> None:
    client = CnrClient()
    assert add(client, "traded.pt", **PT).code == 200
    new_owner = client.contact(FIRSTNAME="John", LASTNAME="Doe", EMAIL="john@example.net")
    bad = client.call(
        "TradeDomain", DOMAIN="traded.com.au", OWNERCONTACT0=new_owner, **{"X-AU-DOMAIN-IDTYPE": "XYZ"}
    )
    assert bad.code == 545  # no such domain here: the domain is looked up first
    assert add(client, "traded.com.au", **AU_COMPANY).code == 200
    refused = client.call(
        "TradeDomain", DOMAIN="traded.com.au", OWNERCONTACT0=new_owner, **{"X-AU-DOMAIN-IDTYPE": "XYZ"}
    )
    assert refused.code == 541 and "X-AU-DOMAIN-IDTYPE" in refused.description
