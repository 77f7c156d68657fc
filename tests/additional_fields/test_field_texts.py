"""Field texts say what is needed: over every data file, every operation and all four languages.

A field required only in some cases must say when in its description (WHMCS marks only always-required
fields, so a customer leaves the others empty and the order fails later), and a field with a pattern
must name the format, in its description and in the error when the value does not match.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.additional_fields import DefinitionError, FieldsRegistry, FieldValidationError, Operation
from app.additional_fields.loader import DATA_DIR, LANGUAGES, load_data
from app.additional_fields.schema import FieldDef

REG = FieldsRegistry.load()
OPS = (Operation.REGISTER, Operation.TRANSFER, Operation.TRADE, Operation.UPDATE, Operation.WHOISPRIVACY)


def _fields(predicate: str) -> list[tuple[str, Operation, str]]:
    rows = {
        (tld, op, f.name)
        for op in OPS
        for tld in REG.tlds(op)
        for f in REG.fields_for(tld, op)
        if getattr(f, predicate)
    }
    return sorted(rows, key=lambda r: (r[0], r[1].value, r[2]))


CONDITIONAL = _fields("required_if")
PATTERNED = _fields("pattern")
BY_BACKEND = _fields("required_on")


def _field(tld: str, op: Operation, name: str) -> FieldDef:
    return next(f for f in REG.fields_for(tld, op) if f.name == name)


def _description(tld: str, op: Operation, name: str, language: str) -> str:
    entry = next(e for e in REG.whmcs_fields(tld, op, language=language) if e["Name"] == name)
    return str(entry.get("Description", ""))


def test_the_data_has_conditional_and_patterned_fields_to_check() -> None:
    # guards the two parametrised tests below against silently checking nothing
    assert len(CONDITIONAL) >= 60 and len(PATTERNED) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("tld", "op", "name"), CONDITIONAL)
def test_a_conditionally_required_field_says_when_it_is_required(
    tld: str, op: Operation, name: str, language: str
) -> None:
    f = _field(tld, op, name)
    text = _description(tld, op, name, language)
    siblings = REG.fields_for(tld, op)
    for other, wanted in f.required_if:
        controller = next(s for s in siblings if other.lower() in {n.lower() for n in s.names()})
        assert REG.label(controller, language) in text
        labels = {o.value.lower(): REG.translate(o.key, language) for o in controller.options}
        for value in wanted:
            assert labels[value.lower()] in text, (value, text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("tld", "op", "name"), BY_BACKEND)
def test_a_field_required_at_some_backends_names_them(
    tld: str, op: Operation, name: str, language: str
) -> None:
    """WHMCS cannot mark it required (the cart is the same whatever the backend), so the text says where."""
    f = _field(tld, op, name)
    text = _description(tld, op, name, language)
    for backend in f.required_on:
        assert REG.translate(f"backend.{backend}", language) in text
    entry = next(e for e in REG.whmcs_fields(tld, op, language=language) if e["Name"] == name)
    assert entry["Required"] is False


def test_the_fields_cnr_alone_needs_are_the_au_eligibility_and_the_travel_uin() -> None:
    assert {(tld, name) for tld, _, name in BY_BACKEND if tld in ("com.au", "travel")} == {
        ("com.au", "Eligibility Type"),
        ("com.au", "Eligibility Relation"),
        ("travel", ".TRAVEL UIN Code"),
    }


@pytest.mark.parametrize(
    ("tld", "values"),
    [
        ("com.au", {"Registrant ID": "1", "Registrant ID Type": "ABN"}),
        ("travel", {".TRAVEL Industry": "1"}),
    ],
)
def test_a_field_required_at_cnr_is_required_there_only(tld: str, values: dict[str, str]) -> None:
    assert REG.apply(tld, Operation.REGISTER, values, backend="ispapi").params
    with pytest.raises(FieldValidationError):
        REG.apply(tld, Operation.REGISTER, values, backend="cnr")


def test_a_field_sent_at_cnr_only_never_reaches_hexonet() -> None:
    values = {".TRAVEL Industry": "1", ".TRAVEL UIN Code": "UIN-1"}
    assert REG.apply("travel", Operation.REGISTER, values, backend="cnr").params == {
        "X-TRAVEL-INDUSTRY": "1",
        "X-TRAVEL-UIN": "UIN-1",
    }
    assert REG.apply("travel", Operation.REGISTER, values, backend="ispapi").params == {
        "X-TRAVEL-INDUSTRY": "1"
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("tld", "op", "name"), PATTERNED)
def test_a_patterned_field_names_its_format_in_the_description_and_the_error(
    tld: str, op: Operation, name: str, language: str
) -> None:
    f = _field(tld, op, name)
    shown = REG.format_text(f, language)
    assert shown and shown in _description(tld, op, name, language)
    with pytest.raises(FieldValidationError) as caught:
        REG.apply(tld, op, {name: "not in any format !"}, language=language)
    messages = dict(caught.value.problems)
    assert shown in messages[name] and REG.label(f, language) in messages[name]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("english", "Date of Birth must be YYYY-MM-DD for .fr registrations"),
        ("german", "Geburtsdatum muss das Format JJJJ-MM-TT haben (Registrierung von .fr-Domains)"),
    ],
)
def test_the_format_error_reads_as_a_sentence(language: str, expected: str) -> None:
    with pytest.raises(FieldValidationError) as caught:
        REG.apply(
            "fr",
            Operation.REGISTER,
            {"Legal Type": "INDIV", "Date of Birth": "31/12/1980"},
            language=language,
        )
    assert dict(caught.value.problems)["Date of Birth"] == expected


def test_fr_place_of_birth_tells_individuals_they_must_fill_it_in() -> None:
    # The reported case: declared optional with no description, the order then failed with
    # "Place of Birth is required".
    assert _description("fr", Operation.REGISTER, "Place of Birth", "english") == (
        "Required when Legal Type is Individual."
    )
    assert _description("swiss", Operation.REGISTER, "Registrant Enterprise ID", "english").endswith(
        "Format: CHE-123.456.789."
    )


def test_every_language_names_the_format_in_every_format_message() -> None:
    for language in LANGUAGES:
        for op in OPS:
            assert "{format}" in REG.translate(f"message.invalid_format.{op}", language), (language, op)


def test_a_data_file_with_a_pattern_but_no_format_does_not_load(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    text = (
        'tld = "ca"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "text"\npattern = "\\\\d+"\n'
    )
    (data / "ca.toml").write_text(text)
    with pytest.raises(DefinitionError) as info:
        load_data(data)
    assert "ca.toml" in str(info.value) and "no 'format'" in str(info.value)
