# ruff: noqa: E501  (golden tables: one order per line reads better than wrapped dicts)
from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.additional_fields import DefinitionError, FieldsRegistry, FieldType, FieldValidationError, Operation
from app.additional_fields.loader import DATA_DIR, I18N_DIR, LANGUAGES

REG = FieldsRegistry.load(clock=lambda: datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC))

# docs/module-behaviour.md §5.5, the per-TLD register table, row by row (.рф and .香港 as their A-labels)
REGISTER = set(
    "abogado ae aero asn.au attorney bank barcelona boats broker ca cat cfd cn com.au com.br com.cn com.sg de "
    "dentist dk eco edu.sg es eu fi forex fr gay health hk homes id id.au ie insurance it jobs law lawyer lotto "
    "lt lv madrid makeup markets melbourne mk my net.au net.cn net.sg net.za new ngo no nu nyc org.au org.cn "
    "org.sg org.za paris per.sg pm pro pt quebec re ro ru scot se sg sport spreadbetting swiss sydney tf trading "
    "travel us vote voto wf xxx yt xn--p1ai xn--j6w193g".split()
)
TRANSFER = set(
    "ca cat it pt abogado ae attorney broker cfd dentist eco eu forex health law lawyer lt makeup markets nu ro sg "
    "spreadbetting trading us de".split()
)
TRADE = (TRANSFER - {"ca", "it", "de"}) | set(
    "pt swiss com.au asn.au id.au net.au org.au boats es fi film fr pm re tf wf yt hk xn--p1ai homes ie it mk ngo "
    "no nu ru se".split()
)


def test_coverage_sets() -> None:
    assert set(REG.tlds(Operation.REGISTER)) == REGISTER and len(REGISTER) == 88  # at least 80 TLDs
    assert set(REG.tlds(Operation.TRANSFER)) == TRANSFER and len(TRANSFER) == 26
    assert set(REG.tlds(Operation.TRADE)) == TRADE and len(TRADE) == 49
    assert set(REG.tlds(Operation.WHOISPRIVACY)) == {"ca", "se", "nz"}


GOLDEN = [
    ("ca", Operation.REGISTER, {"Legal Type": "CCT", "Contact Language": "FR"}, {"X-CA-LEGALTYPE": "CCT", "X-CA-LANGUAGE": "FR"}),
    ("ca", Operation.REGISTER, {"Legal Type": "Canadian Hospital", "Contact Language": "EN"}, {"X-CA-LEGALTYPE": "HOP", "X-CA-LANGUAGE": "EN"}),
    ("com.au", Operation.REGISTER, {"Registrant ID": "123", "Registrant ID Type": "ACN"}, {"X-AU-REGISTRANT-ID-NUMBER": "123", "X-AU-REGISTRANT-ID-TYPE": "ACN"}),
    ("net.au", Operation.REGISTER, {"Registrant ID Number": "9", "Registrant ID Type": "ABN"}, {"X-AU-REGISTRANT-ID-NUMBER": "9", "X-AU-REGISTRANT-ID-TYPE": "ABN"}),
    ("org.au", Operation.TRADE, {"Registrant ID Number": "9", "Registrant ID Type": "TM", "Fax required": "on"}, {"X-AU-REGISTRANT-ID-NUMBER": "9", "X-AU-REGISTRANT-ID-TYPE": "TM"}),
    ("paris", Operation.REGISTER, {"Agreement": "on"}, {"X-PARIS-ACCEPT-REGISTRATION-TAC": "1"}),
    ("vote", Operation.REGISTER, {"Agreement": "on"}, {"X-VOTE-ACCEPT-HIGHLY-REGULATED-TAC": "1"}),
    ("voto", Operation.REGISTER, {"Agreement": "1"}, {"X-VOTO-ACCEPT-HIGHLY-REGULATED-TAC": "1"}),
    ("fi", Operation.REGISTER, {"FICORA Agreement": "on", "Registrant Birthdate": "1980-01-02"}, {"X-FI-ACCEPT-REGISTRATION-TAC": "1", "X-FI-REGISTRANT-BIRTH-DATE": "1980-01-02"}),
    ("es", Operation.REGISTER, {"Registrant Legal Type": "612", "Registrant Type": "1", "Registrant Identification Number": "B1", "Admin Type": "3", "Admin Identification Number": "X2"},
     {"X-ES-REGISTRANT-FORM-JURIDICA": "612", "X-ES-REGISTRANT-TIPO-IDENTIFICACION": "1", "X-ES-REGISTRANT-IDENTIFICACION": "B1", "X-ES-ADMIN-TIPO-IDENTIFICACION": "3", "X-ES-ADMIN-IDENTIFICACION": "X2"}),
    ("dk", Operation.REGISTER, {"Registrant Legal Type": "INDIV", "Admin Legal Type": "ORG", "Admin VAT ID": "DK1", "Registrant contact": "abcd1234-dk", "DK Hostmaster Terms": "on"},
     {"X-ADMIN-VATID": "DK1", "X-DK-REGISTRANT-CONTACT": "ABCD1234-DK", "X-DK-AGREEMENT-ACCEPTEDDATE": "2024-05-06 07:08:09"}),
    ("de", Operation.REGISTER, {"General Request Contact": "info@example.de", "Abuse Team Contact": "example.de/abuse"}, {"X-DE-GENERAL-REQUEST": "mailto:info@example.de", "X-DE-ABUSE-CONTACT": "https://example.de/abuse"}),
    ("us", Operation.REGISTER, {"Application Purpose": "P1", "Nexus Category": "C31", "Nexus Country": "de"}, {"X-US-NEXUS-APPPURPOSE": "P1", "X-US-NEXUS-CATEGORY": "C31", "X-US-NEXUS-VALIDATOR": "DE"}),
    ("eu", Operation.REGISTER, {"Registrant Citizenship": "AT"}, {"X-EU-REGISTRANT-CITIZENSHIP": "at"}),
    ("pt", Operation.TRANSFER, {"ROID": "123-DNS"}, {"X-PT-ROID": "123-DNS"}),
    ("it", Operation.TRANSFER, {"PIN": "4711"}, {"X-IT-PIN": "4711"}),
    ("gay", Operation.REGISTER, {"Agreement": "on"}, {"X-GAY-ACCEPT-REQUIREMENTS": "1"}),
    ("org.za", Operation.REGISTER, {"Highly Regulated TLD": "on"}, {"X-ZA-ACCEPT-HIGHLY-REGULATED-TAC": "1"}),
    ("swiss", Operation.REGISTER, {"Enterprise ID": "che-123.456.789", "Intended Use": "shop"}, {"X-SWISS-REGISTRANT-ENTERPRISE-ID": "CHE-123.456.789", "X-CORE-INTENDED-USE": "shop"}),
    ("ca", Operation.WHOISPRIVACY, {"ID Protection": "on"}, {"X-CA-DISCLOSE": "0"}),
    ("nz", Operation.WHOISPRIVACY, {}, {"X-DISCLOSE": "1"}),
]  # fmt: skip


@pytest.mark.parametrize(("tld", "op", "values", "params"), GOLDEN)
def test_golden(tld: str, op: Operation, values: dict[str, str], params: dict[str, str]) -> None:
    assert REG.apply(tld, op, values).params == params


def _filled(tld: str, op: Operation, backend: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """A complete order for the TLD: every field filled with a valid value, and the params it must give at
    `backend` (a field's `sent_on` names the only backends its parameter goes to)."""
    values, params = {}, {}
    for f in REG.fields_for(tld, op):
        if f.type is FieldType.TICKBOX:
            values[f.name] = "on"
            sent = f.checked
        elif f.type is FieldType.DROPDOWN:
            values[f.name] = sent = f.options[0].value
        else:
            sent = (
                "2001-02-03"
                if f.pattern and "d{4}" in f.pattern
                else "CHE-123.456.789"
                if f.pattern and "CHE" in f.pattern
                else "https://x.example"
                if f.pattern
                else "value1"
            )
            values[f.name] = sent
        if f.case == "lower":
            sent = sent.lower()
        if f.param and (not f.sent_on or backend in f.sent_on):
            params[f.param] = sent
    return values, params


CASES = [(t, op) for op in (Operation.REGISTER, Operation.TRANSFER, Operation.TRADE) for t in REG.tlds(op)]


@pytest.mark.parametrize("backend", ["ispapi", "cnr"])
@pytest.mark.parametrize(("tld", "op"), CASES)
def test_every_tld_filled_order_gives_its_params(tld: str, op: Operation, backend: str) -> None:
    values, expected = _filled(tld, op, backend)
    got = REG.apply(tld, op, values, backend=backend).params
    # parameters with a docs/module-behaviour.md §5.2 rule are checked by the golden and normalisation tests
    for param in (
        "X-DK-AGREEMENT-ACCEPTEDDATE",
        "X-DE-GENERAL-REQUEST",
        "X-DE-ABUSE-CONTACT",
        "X-DK-REGISTRANT-CONTACT",
        "X-DK-ADMIN-CONTACT",
    ):
        if param in expected:
            expected[param] = got[param]
    assert got == expected


@pytest.mark.parametrize(("tld", "op"), CASES)
def test_every_required_field_missing_names_it(tld: str, op: Operation) -> None:
    values, _ = _filled(tld, op)
    for f in REG.fields_for(tld, op):
        if not f.required:
            continue
        # submitted empty (a field absent from the order would get its Default, as WHMCS renders it)
        partial = {**values, f.name: ""}
        with pytest.raises(FieldValidationError) as info:
            REG.apply(tld, op, partial)
        assert info.value.field == f.name
        assert REG.label(f) in info.value.message


@pytest.mark.parametrize(
    ("tld", "values", "missing"),
    [
        ("hk", {"Registrant Document Type": "OTHIDV", "Registrant Document Number": "1", "Registrant Document Origin Country": "HK", "Terms for Individuals": "on", "Registrant Birth Date for individuals": "1990-01-01"}, "Registrant Other Document Type"),
        ("hk", {"Registrant Document Type": "HKID", "Registrant Document Number": "1", "Registrant Document Origin Country": "HK", "Registrant Birth Date for individuals": "1990-01-01"}, "Terms for Individuals"),
        ("fr", {"Legal Type": "ORG1"}, "VATID or SIREN/SIRET number"),
        ("fr", {"Legal Type": "ORG3"}, "DUNS Number"),
        ("fr", {"Legal Type": "ASS", "Number [JO]": "1", "Page of Announcement [JO]": "2", "Date of Publication [JO]": "2020-01-01"}, "Date of Declaration [JO]"),
        ("us", {"Application Purpose": "P1", "Nexus Category": "C32"}, "Nexus Country"),
        ("ie", {"Registrant Class": "Company", "Proof of connection to Ireland": "x"}, "Registrant VAT ID"),
    ],
)  # fmt: skip
def test_conditional_requirements(tld: str, values: dict[str, str], missing: str) -> None:
    with pytest.raises(FieldValidationError) as info:
        REG.apply(tld, Operation.REGISTER, values)
    assert info.value.field == missing


def test_conditional_not_triggered() -> None:
    assert REG.apply(
        "us", Operation.REGISTER, {"Application Purpose": "P3", "Nexus Category": "C11"}
    ).params == {
        "X-US-NEXUS-APPPURPOSE": "P3",
        "X-US-NEXUS-CATEGORY": "C11",
    }
    assert (
        "X-REGISTRANT-VATID"
        not in REG.apply(
            "ie", Operation.REGISTER, {"Registrant Class": "Charity", "Proof of connection to Ireland": "x"}
        ).params
    )


def test_translated_message_and_bad_values() -> None:
    with pytest.raises(FieldValidationError) as info:
        REG.apply("ca", Operation.REGISTER, {"Contact Language": "EN"})
    assert info.value.message == "Legal Type is required for .ca registrations"
    with pytest.raises(FieldValidationError) as info:
        REG.apply("ca", Operation.REGISTER, {"Contact Language": "EN"}, language="german")
    assert info.value.message == "Rechtsform ist für die Registrierung von .ca-Domains erforderlich"
    # unknown dropdown value: named, value not echoed
    with pytest.raises(FieldValidationError) as info:
        REG.apply("ca", Operation.REGISTER, {"Legal Type": "XYZ", "Contact Language": "EN"})
    assert info.value.field == "Legal Type" and "XYZ" not in info.value.message
    # malformed by pattern
    with pytest.raises(FieldValidationError) as info:
        REG.apply("fi", Operation.REGISTER, {"Agreement": "on", "Registrant Birthdate": "02.01.1980"})
    assert info.value.field == "Registrant Birthdate"


def test_normalisations_and_contact_removal() -> None:
    applied = REG.apply(
        "dk", Operation.REGISTER,
        {"Registrant Legal Type": "INDIV", "Admin Legal Type": "INDIV", "Admin Contact": "ab12-dk", "DK Hostmaster Terms": "on"},
    )  # fmt: skip
    assert applied.params["X-DK-ADMIN-CONTACT"] == "AB12-DK"
    assert applied.remove_contact_fields == [
        ("OWNERCONTACT0", "ORGANIZATION"),
        ("ADMINCONTACT0", "ORGANIZATION"),
    ]
    assert applied.normalised_values == {"Admin Contact": "AB12-DK"}
    # unticked optional tickbox is not sent at all
    assert "X-IT-ACCEPT-REGISTRATION-TAC" not in REG.apply(
        "it", Operation.REGISTER,
        {"Accept Section 3 of .IT registrar contract": "on", "Section 6 Agreement": "on", "Section 7 Agreement": "yes", "Section 5 Agreement": ""},
    ).params  # fmt: skip


def test_ignore_countries_skips(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "ae.toml").write_text(
        'tld = "ae"\noperations = ["register"]\n[[fields]]\nkind = "agreement"\nignore_countries = ["AE"]\n'
    )
    reg = FieldsRegistry.load(data_dir=data)
    assert reg.apply("ae", Operation.REGISTER, {}, registrant_country="ae").params == {}
    with pytest.raises(FieldValidationError):
        reg.apply("ae", Operation.REGISTER, {}, registrant_country="DE")


def test_second_level_fallback_and_idn() -> None:
    assert [f.name for f in REG.fields_for("co.ca", Operation.REGISTER)] == ["Legal Type", "Contact Language"]
    assert REG.fields_for("рф", Operation.REGISTER) == REG.fields_for("xn--p1ai", Operation.REGISTER)
    assert REG.fields_for("com", Operation.REGISTER) == []


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('tld = "zz"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "txt"\n', "field 'X'"),
        ('tld = "zz"\noperations = ["register"]\n[[fields]]\nkind = "nope"\n', "unknown kind 'nope'"),
        (
            'tld = "zz"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "text"\nbogus = 1\n',
            "bogus",
        ),
        (
            'tld = "zz"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "text"\nrequired_if = { Y = ["A"] }\n',
            "unknown field 'Y'",
        ),
        (
            'tld = "zz"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "text"\nrequired = true\n'
            'required_on = ["cnr"]\n',
            "both required and conditionally required",
        ),
        (
            'tld = "zz"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "text"\nsent_on = ["epp"]\n',
            "sent_on",
        ),
        ('tld = "zz"\noperations = [\n', "not valid TOML"),
    ],
)
def test_broken_file_is_refused_naming_file_and_field(tmp_path: Path, content: str, needle: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "zz.toml").write_text(content)
    with pytest.raises(DefinitionError) as info:
        FieldsRegistry.load(data_dir=data)
    assert "zz.toml" in str(info.value) and needle in str(info.value)


def test_translations_complete() -> None:
    keys = set(REG._translations["english"])
    for lang in LANGUAGES:
        assert set(REG._translations[lang]) == keys, lang
    for tld in {
        *REG.tlds(Operation.REGISTER),
        *REG.tlds(Operation.TRADE),
        *REG.tlds(Operation.TRANSFER),
        "nz",
    }:
        for op in Operation:
            for f in REG.fields_for(tld, op):
                for key in (f.label_key, *(o.key for o in f.options)):
                    assert key in keys, (tld, key)


def test_override_wins_and_english_fallback(tmp_path: Path) -> None:
    (tmp_path / "german.toml").write_text('"ca.legal_type.label" = "Rechtsform (CIRA)"\n')
    reg = FieldsRegistry.load(override_dir=tmp_path)
    entry = reg.whmcs_fields("ca", Operation.REGISTER, language="german")[0]
    assert entry["DisplayName"] == "Rechtsform (CIRA)"
    assert reg.whmcs_fields("ca", Operation.REGISTER, language="klingon")[0]["DisplayName"] == "Legal Type"


def test_whmcs_fields_shape_remove_and_prefill() -> None:
    entries = REG.whmcs_fields(
        "dk", Operation.REGISTER, client={"tax_id": "DK123", "customfields": {"dkhostmasteruserid": "ab1-dk"}},
        whmcs_defaults=["Registrant VAT ID", "Old Field"],
    )  # fmt: skip
    by_name = {e["Name"]: e for e in entries}
    assert by_name["Registrant VAT ID"]["Default"] == "DK123"
    assert by_name["Registrant VAT ID"]["Required"] is False  # conditional -> false in the array
    assert by_name["Registrant Contact"]["Default"] == "AB1-DK"
    assert by_name["Old Field"] == {"Name": "Old Field", "Remove": True}
    assert "Remove" not in by_name["Registrant VAT ID"]
    ca = {e["Name"]: e for e in REG.whmcs_fields("ca", Operation.REGISTER, client={"language": "french"})}
    assert ca["Contact Language"]["Default"] == "FR"
    assert ca["CIRA Agreement"] == {"Name": "CIRA Agreement", "Remove": True}
    assert "‚" in ca["Legal Type"]["Options"] and ca["Legal Type"]["Options"].startswith("CCO|Corporation,")
    assert REG.whmcs_fields("xxx", Operation.REGISTER)[1]["Options"].startswith(",0|")  # empty first option


def test_whois_protectable() -> None:
    assert REG.whois_protectable("ca", {"Legal Type": "CCT"}) is True
    assert REG.whois_protectable("ca", {"Legal Type": "CCO"}) is False
    assert REG.whois_protectable("se", {"ID Number": ""}) is False
    assert REG.whois_protectable("nz", {}) is True


def test_export_is_json_and_built_once() -> None:
    # Built once per registry and language, then served from the cache (how fast: benchmarks/fields.py).
    reg = FieldsRegistry.load()
    json.dumps(reg.export())
    for lang in LANGUAGES:
        json.dumps(reg.export(lang))
        assert reg.export(lang) is reg.export(lang)
    assert reg.export() is reg.export()


def test_i18n_files_exist() -> None:
    assert {p.stem for p in I18N_DIR.glob("*.toml")} == set(LANGUAGES)


@pytest.mark.parametrize("tld", ["hk", "xn--j6w193g"])
@pytest.mark.parametrize("submitted", ["CRES", "CRS"])
def test_hk_school_certificate_is_sent_as_the_api_reference_spells_it(tld: str, submitted: str) -> None:
    # API reference (AddDomain X-HK-REGISTRANT-DOCUMENT-TYPE): CRES. Both 5.1.12 sources said CRS, which
    # orders already stored in WHMCS may still hold.
    values = {
        "Registrant Document Type": submitted,
        "Registrant Document Number": "S-1234",
        "Registrant Document Origin Country": "HK",
    }
    applied = REG.apply(tld, Operation.REGISTER, values, registrant_country="HK")
    assert applied.params["X-HK-REGISTRANT-DOCUMENT-TYPE"] == "CRES"
