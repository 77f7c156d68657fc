"""Additional domain fields inside RegisterDomain/TransferDomain and the catalogue operation.

The commands are compared with and without the fields: the only difference must be exactly the extension
parameters (and the contact sub-fields the data removes). Bad fields are refused before any upstream call.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.additional_fields import FieldValidationError, Operation, default_registry
from app.api.envelope import ResultKind
from app.errors import InvalidInput
from app.registrar.base import OPERATIONS
from app.registrar.fields import CATALOGUE_FUNCTION, client_language, extension_params, submitted_values
from tests.registrar.conftest import CONTACT, reply

OK = reply()


def params(tld: str, fields: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sld": "example",
        "tld": tld,
        "domainid": 42,
        "regperiod": 1,
        "ns1": "ns1.host.example",
        "ns2": "ns2.host.example",
        **CONTACT,
        **extra,
    }
    if fields is not None:
        base["additionalfields"] = fields
    return base


async def register(make_ctx: Any, fake: Any, p: dict[str, Any]) -> dict[str, Any]:
    fake.on("AddDomain", OK)
    ctx = make_ctx("RegisterDomain", p)
    await OPERATIONS["RegisterDomain"].func(ctx)
    sent: dict[str, Any] = fake.last("AddDomain")
    return sent


def extension_of(sent: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sent.items() if k.startswith("X-")}


REGISTER_CASES = [
    ("ca", {"Legal Type": "CCT", "Contact Language": "FR"}, {"X-CA-LEGALTYPE": "CCT", "X-CA-LANGUAGE": "FR"}),
    (
        "us",
        {"Application Purpose": "P3", "Nexus Category": "C31", "Nexus Country": "fr"},
        {"X-US-NEXUS-APPPURPOSE": "P3", "X-US-NEXUS-CATEGORY": "C31", "X-US-NEXUS-VALIDATOR": "FR"},
    ),
    ("eu", {"Registrant Citizenship": "AT"}, {"X-EU-REGISTRANT-CITIZENSHIP": "at"}),
    ("bank", {"Registry's Allocation Token": "tok-1"}, {"X-ALLOCATIONTOKEN": "tok-1"}),
    ("com", {"Anything": "ignored"}, {}),
]


@pytest.mark.parametrize(("tld", "fields", "expected"), REGISTER_CASES)
async def test_register_sends_exactly_the_extension_params(fake, make_ctx, tld, fields, expected) -> None:
    sent = await register(make_ctx, fake, params(tld, fields))
    assert extension_of(sent) == expected
    # nothing else changed: the same order without fields (for a TLD without fields) gives the rest
    plain = {k: v for k, v in sent.items() if k not in expected}
    assert "OWNERCONTACT0ORGANIZATION" in plain and plain["DOMAIN"] == f"example.{tld}"


async def test_register_dk_removes_organisation_and_normalises(fake, make_ctx) -> None:
    fields = {
        "Registrant Legal Type": "INDIV",
        "Admin Legal Type": "ORG",
        "Admin VAT ID": "DK12345678",
        "Registrant Contact": "abcd1234-dk",
        "DK Hostmaster Terms": "on",
    }
    fake.on("AddDomain", OK)
    ctx = make_ctx("RegisterDomain", params("dk", fields))
    await OPERATIONS["RegisterDomain"].func(ctx)
    sent = fake.last("AddDomain")
    # INDIV registrant: no organisation (docs/module-behaviour.md §5.3)
    assert "OWNERCONTACT0ORGANIZATION" not in sent
    assert sent["ADMINCONTACT0ORGANIZATION"] == CONTACT["admincompanyname"]
    ext = extension_of(sent)
    assert set(ext) == {"X-ADMIN-VATID", "X-DK-REGISTRANT-CONTACT", "X-DK-AGREEMENT-ACCEPTEDDATE"}
    assert ext["X-DK-REGISTRANT-CONTACT"] == "ABCD1234-DK"
    # WHMCS stores the upper-cased handle (docs/module-behaviour.md §5.2 step 3)
    assert {
        "type": "additional_field",
        "domainid": 42,
        "name": "Registrant Contact",
        "value": "ABCD1234-DK",
    } in (ctx.effects.whmcs_updates)


async def test_register_application_carries_the_fields(fake, make_ctx) -> None:
    fake.on("AddDomainApplication", reply(APPLICATION="77"))
    fields = {"Enterprise ID": "che-123.456.789", "Intended Use": "shop"}
    ctx = make_ctx("RegisterDomain", params("swiss", fields))
    await OPERATIONS["RegisterDomain"].func(ctx)
    ext = extension_of(fake.last("AddDomainApplication"))
    assert ext == {"X-SWISS-REGISTRANT-ENTERPRISE-ID": "CHE-123.456.789", "X-CORE-INTENDED-USE": "shop"}


@pytest.mark.parametrize(
    ("tld", "fields", "field", "language", "needle"),
    [
        ("ca", {"Contact Language": "EN"}, "Legal Type", "", "Legal Type"),
        ("ca", {"Legal Type": "XYZ", "Contact Language": "EN"}, "Legal Type", "", "Legal Type"),
        ("us", {"Application Purpose": "P1", "Nexus Category": "C32"}, "Nexus Country", "", "Nexus"),
        ("dk", {}, "Registrant Legal Type", "german", "Rechtsform"),
        (
            "swiss",
            {"Intended Use": "x", "Enterprise ID": "12"},
            "Registrant Enterprise ID",
            "french",
            ".swiss",
        ),
    ],
)
async def test_invalid_fields_refused_before_any_call(
    fake, make_ctx, tld, fields, field, language, needle
) -> None:
    p = params(tld, fields, language=language) if language else params(tld, fields)
    ctx = make_ctx("RegisterDomain", p)
    with pytest.raises(InvalidInput) as err:
        await OPERATIONS["RegisterDomain"].func(ctx)
    assert isinstance(err.value, FieldValidationError)
    assert err.value.field == field and needle in err.value.message
    assert fake.sent == []


async def test_message_language_from_client_block(fake, make_ctx) -> None:
    ctx = make_ctx("RegisterDomain", params("dk", {}, clientsdetails={"language": "German"}))
    with pytest.raises(FieldValidationError) as err:
        await OPERATIONS["RegisterDomain"].func(ctx)
    english = default_registry().apply
    with pytest.raises(FieldValidationError) as plain:
        english("dk", Operation.REGISTER, {})
    assert err.value.message != plain.value.message  # translated, not the English text
    assert fake.sent == []


def transfer_script(fake: Any) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available", AUTHISVALID="YES"))
    fake.on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on("TransferDomain", OK)


async def test_transfer_sends_only_the_transfer_set(fake, make_ctx) -> None:
    transfer_script(fake)
    # .ca transfer: Legal Type is in the transfer set, Contact Language (registration only) is not
    ctx = make_ctx(
        "TransferDomain", params("ca", {"Legal Type": "CCO", "Contact Language": "FR"}, eppcode="x1")
    )
    await OPERATIONS["TransferDomain"].func(ctx)
    assert extension_of(fake.last("TransferDomain")) == {"X-CA-LEGALTYPE": "CCO"}


async def test_transfer_of_hk_sends_no_registration_fields(fake, make_ctx) -> None:
    """docs/field-reports.md §2c: .hk registration documents must not travel with a transfer (not in the
    set)."""
    transfer_script(fake)
    hk = {
        "Registrant Document Type": "HKID",
        "Registrant Document Number": "A1234567",
        "Registrant Document Origin Country": "HK",
        "Terms for Individuals": "on",
    }
    ctx = make_ctx("TransferDomain", params("hk", hk, eppcode="x1"))
    await OPERATIONS["TransferDomain"].func(ctx)
    assert extension_of(fake.last("TransferDomain")) == {}


async def test_transfer_required_field_refused_before_any_call(fake, make_ctx) -> None:
    ctx = make_ctx("TransferDomain", params("pt", {}, eppcode="x1"))
    with pytest.raises(FieldValidationError) as err:
        await OPERATIONS["TransferDomain"].func(ctx)
    assert err.value.field == "ROID"
    assert fake.sent == []


async def test_transfer_pt_sends_roid(fake, make_ctx) -> None:
    transfer_script(fake)
    ctx = make_ctx("TransferDomain", params("pt", {"ROID": "123-DNS"}, eppcode="x1"))
    await OPERATIONS["TransferDomain"].func(ctx)
    assert extension_of(fake.last("TransferDomain")) == {"X-PT-ROID": "123-DNS"}


def test_submitted_values_shapes() -> None:
    assert submitted_values({}) == {}
    assert submitted_values({"additionalfields": []}) == {}  # empty PHP array
    assert submitted_values(
        {"additionalfields": {"A": 1, "B": True, "C": None, "D": {"x": 1}, "E": "v"}}
    ) == {
        "A": "1",
        "B": "on",
        "E": "v",
    }


def test_client_language_fallbacks() -> None:
    assert client_language({}) == "english"
    assert client_language({"language": "French"}) == "french"
    assert client_language({"client": {"language": "arabic"}}) == "arabic"


def test_extension_params_is_the_trade_helper(make_ctx) -> None:
    ctx = make_ctx("SaveContactDetails", {"domainid": "7"})
    applied = extension_params(
        ctx,
        Operation.TRADE,
        tld="pt",
        values={"Registrant VAT ID": "PT1", "Fax required": "on"},
        registrant_country="PT",
    )
    assert applied.params == {"X-PT-REGISTRANT-VATID": "PT1"}
    assert ctx.effects.whmcs_updates == []


async def test_catalogue_operation(make_ctx, fake) -> None:
    ctx = make_ctx(CATALOGUE_FUNCTION, {})
    result = await OPERATIONS[CATALOGUE_FUNCTION].func(ctx)
    assert result.kind is ResultKind.FIELDS
    value = result.value
    assert len(value["version"]) == 16 and value["format"] == 1
    assert set(value["languages"]) == {"english", "german", "french", "arabic"}
    ca = value["languages"]["english"]["ca"]["register"]
    assert [e["Name"] for e in ca if not e.get("Remove")][:2] == ["Legal Type", "Contact Language"]
    assert {"Name": "CIRA Agreement", "Remove": True} in ca
    dk = {e["Name"]: e for e in value["languages"]["english"]["dk"]["register"]}
    assert dk["Registrant Contact"]["Prefill"] == "dk_id"
    assert fake.sent == []  # answered without the registry
    again = await OPERATIONS[CATALOGUE_FUNCTION].func(ctx)
    assert again.value["version"] == value["version"]
