"""Contacts: parsing WHMCS's contact form, transliteration, phones, GetContactDetails, IRTP resend."""

from __future__ import annotations

from typing import Any

import pytest

from app.errors import InvalidInput, RegistryRejected
from app.registrar.base import OPERATIONS
from app.registrar.contacts import details as c
from app.registrar.contacts.transliterate import NotTransliterable, clean, needs_ascii, to_ascii
from tests.registrar.conftest import reply

DOMAIN = {"sld": "example", "tld": "com", "domainid": 42, "userid": 7}


def tab(**overrides: Any) -> dict[str, Any]:
    base = {
        "First Name": "Zoe",
        "Last Name": "Muller",
        "Company Name": "",
        "Email": "zoe@example.org",
        "Address 1": "Hauptstrasse 5",
        "Address 2": "",
        "City": "Koln",
        "State": "NW",
        "Postcode": "50667",
        "Country": "DE",
        "Phone Number": "+49.2211234567",
    }
    base.update(overrides)
    return base


def status_contact(**fields: Any) -> str:
    base: dict[str, Any] = {
        "FIRSTNAME": "Zoe",
        "LASTNAME": "Muller",
        "ORGANIZATION": "Muller AG",
        "STREET": "Hauptstrasse 5 , Hinterhaus",
        "CITY": "Koln",
        "STATE": "NW",
        "ZIP": "50667",
        "COUNTRY": "DE",
        "PHONE": "+49.2211234567",
        "FAX": "",
        "EMAIL": "zoe@example.org",
    }
    base.update(fields)
    return reply(**base)


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "cc", "expected"),
    [
        ("+49.2211234567", "", "+49.2211234567"),
        ("+49 221 1234567", "", "+49.2211234567"),
        ("+49 (0)221-123 45 67", "", "+49.2211234567"),
        ("0049 221 1234567", "", "+49.2211234567"),
        ("+492211234567", "", "+49.2211234567"),
        ("+12125551234", "", "+1.2125551234"),
        ("+3531234567", "", "+353.1234567"),
        ("0221 1234567", "49", "+49.2211234567"),
        ("06 1234 5678", "39", "+39.0612345678"),  # Italy keeps the leading 0
        ("221 1234567", "+49", "+49.2211234567"),
    ],
)
def test_phone_numbers_become_ispapi_form(raw: str, cc: str, expected: str) -> None:
    assert c.normalise_phone(raw, country_code=cc) == expected


@pytest.mark.parametrize(
    "raw", ["", "abc", "+49.12", "0221 1234567", "+49 221 12345x7", "+1234567890123456789"]
)
def test_impossible_phone_numbers_are_none(raw: str) -> None:
    # "0221 1234567" has no country code and none was given
    assert c.normalise_phone(raw) is None


# ---------------------------------------------------------------- parsing


def test_aliases_original_entities_and_street_join() -> None:
    params = {
        **DOMAIN,
        "contactdetails": {
            "Registrant": tab(**{"First Name": "Zoe", "Last Name": "Muller"}),
            "Tech": {
                "Full Name": "Tom Tech",
                "Email Address": "tom@example.org",
                "Street": "Techweg 1",
                "Street 2": "Etage 3",
                "City": "Berlin",
                "ZIP Code": "10115",
                "Country": "de",
                "Phone": "030 1234567",
                "Phone Country Code": "49",
                "Job Title": "ignored",
            },
        },
        "original": {
            "contactdetails": {
                "Registrant": tab(
                    **{"First Name": "Zoë", "Last Name": "d&#039;Alessandro", "Company Name": "A &amp; B"}
                )
            }
        },
    }
    parsed = c.parse_contacts(params, tld="de")
    owner = parsed["Registrant"].fields
    assert owner["FIRSTNAME"] == "Zoë"  # the untransliterated copy wins
    assert owner["LASTNAME"] == "d'Alessandro"
    assert owner["ORGANIZATION"] == "A & B"
    tech = parsed["Technical"].fields
    assert (tech["FIRSTNAME"], tech["LASTNAME"]) == ("Tom", "Tech")
    assert tech["STREET"] == "Techweg 1 , Etage 3"
    assert tech["COUNTRY"] == "DE"
    assert tech["PHONE"] == "+49.301234567"
    assert parsed["Technical"].inline("TECHCONTACT0")["TECHCONTACT0EMAIL"] == "tom@example.org"
    assert "TECHCONTACT0FAX" not in parsed["Technical"].inline("TECHCONTACT0")  # empty = not sent


def test_greek_is_transliterated_only_for_ascii_registries() -> None:
    greek = tab(**{"First Name": "Γιώργος", "Last Name": "Παπαδόπουλος", "City": "Αθήνα", "Country": "GR"})
    params = {**DOMAIN, "contactdetails": {"Registrant": greek}}
    com = c.parse_contacts(params, tld="com")["Registrant"].fields
    assert (com["FIRSTNAME"], com["LASTNAME"], com["CITY"]) == ("Giorgos", "Papadopoulos", "Athina")
    gr = c.parse_contacts(params, tld="gr")["Registrant"].fields
    assert gr["FIRSTNAME"] == "Γιώργος"  # .gr takes UTF-8: untouched


def test_transliteration_table() -> None:
    assert to_ascii("Ευάγγελος Ουζούνης") == "Evangelos Ouzounis"
    assert to_ascii("Jürgen Weiß, Łódź, Ærø") == "Jurgen Weiss, Lodz, AEro"
    assert to_ascii("Пётр Щукин") == "Petr Shchukin"
    with pytest.raises(NotTransliterable):
        to_ascii("山田")
    assert clean(" d&amp;#039;Alessandro ") == "d'Alessandro"
    assert needs_ascii("com") and needs_ascii(".COM.AU") and not needs_ascii("de")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Phone Number": "12"}, "Registrant Phone Number is invalid"),
        ({"Email": "no-at-sign"}, "Registrant Email Address is invalid"),
        ({"Country": "Germany"}, "Registrant Country is invalid"),
        ({"Country": "XX"}, "Registrant Country is invalid"),
        ({"Last Name": ""}, "Registrant Last Name is required"),
        ({"City": "Koln\nCOMMAND=DeleteDomain"}, "Registrant City contains a line break"),
        ({"Address 1": "x" * 300}, "Registrant Address 1 is longer than 255"),
        ({"Fax Number": "fax me"}, "Registrant Fax Number is invalid"),
    ],
)
def test_bad_contact_data_names_the_field(overrides: dict[str, str], message: str) -> None:
    params = {**DOMAIN, "contactdetails": {"Registrant": tab(**overrides)}}
    with pytest.raises(InvalidInput) as info:
        c.parse_contacts(params, tld="de")
    assert info.value.message.startswith(message)
    assert info.value.field is not None and info.value.field.startswith("contactdetails[Registrant][")


def test_untransliterable_name_for_ascii_registry_is_refused() -> None:
    params = {**DOMAIN, "contactdetails": {"Registrant": tab(**{"Last Name": "山田"})}}
    with pytest.raises(InvalidInput, match=r"Registrant Last Name contains '山'.*\.com registry"):
        c.parse_contacts(params, tld="com")


def test_missing_registrant_tab_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"contactdetails\[Registrant\] is missing"):
        c.parse_contacts({**DOMAIN, "contactdetails": {}}, tld="com")


def test_name_locked_registrant_needs_no_names_and_ca_state_fix() -> None:
    block = tab(State="YT", Country="CA")
    for key in ("First Name", "Last Name", "Company Name"):
        block.pop(key)
    parsed = c.parse_contacts({**DOMAIN, "tld": "ca", "contactdetails": {"Registrant": block}}, tld="ca")
    assert parsed["Registrant"].fields["STATE"] == "YK"


# ---------------------------------------------------------------- GetContactDetails


async def test_get_contact_details_labels_and_memoised_handles(fake, make_ctx) -> None:
    fake.on(
        "StatusDomain",
        reply(OWNERCONTACT="P-OWN1", ADMINCONTACT="P-ADM1", TECHCONTACT="P-ADM1", BILLINGCONTACT="P-ADM1"),
    )
    fake.on("StatusContact", status_contact(), status_contact(FIRSTNAME="Adam", STREET=["Line 1", "Line 2"]))
    result = await OPERATIONS["GetContactDetails"].func(make_ctx("GetContactDetails", dict(DOMAIN)))
    value = result.value
    assert list(value) == ["Registrant", "Admin", "Technical", "Billing"]
    assert value["Registrant"] == {
        "First Name": "Zoe",
        "Last Name": "Muller",
        "Company Name": "Muller AG",
        "Email Address": "zoe@example.org",
        "Address 1": "Hauptstrasse 5",
        "Address 2": "Hinterhaus",
        "City": "Koln",
        "State": "NW",
        "Postcode": "50667",
        "Country": "DE",
        "Phone Number": "+49.2211234567",
        "Fax Number": "",
    }
    assert value["Technical"]["Address 2"] == "Line 2"
    assert fake.commands().count("StatusContact") == 2  # one per distinct handle


async def test_get_contact_details_hides_registrant_names_of_name_locked_tlds(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(OWNERCONTACT="P-OWN1"))
    fake.on("StatusContact", status_contact())
    result = await OPERATIONS["GetContactDetails"].func(
        make_ctx("GetContactDetails", {**DOMAIN, "tld": "it"})
    )
    assert "First Name" not in result.value["Registrant"]
    assert "Company Name" not in result.value["Registrant"]
    assert result.value["Registrant"]["Email Address"] == "zoe@example.org"


async def test_get_contact_details_failures(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(531, "Authorization failed"))
    with pytest.raises(RegistryRejected, match="Authorization failed"):
        await OPERATIONS["GetContactDetails"].func(make_ctx("GetContactDetails", dict(DOMAIN)))


async def test_failed_status_contact_is_an_error_not_an_empty_form(fake, make_ctx) -> None:
    # docs/module-behaviour.md §13.10: 5.1.12 used an unchecked StatusContact reply
    fake.on("StatusDomain", reply(OWNERCONTACT="P-OWN1"))
    fake.on("StatusContact", reply(545, "Entity reference not found"))
    with pytest.raises(RegistryRejected, match=r"Loading contact P-OWN1 failed \(545"):
        await OPERATIONS["GetContactDetails"].func(make_ctx("GetContactDetails", dict(DOMAIN)))


# ---------------------------------------------------------------- ResendIRTPVerificationEmail
# (docs/module-behaviour.md §13.4)


async def test_resend_uses_the_registrant_verification_command(fake, make_ctx) -> None:
    fake.on("ResendDomainRegistrantVerificationEmail", reply())
    ctx = make_ctx("ResendIRTPVerificationEmail", dict(DOMAIN))
    result = await OPERATIONS["ResendIRTPVerificationEmail"].func(ctx)
    assert result.value == {"success": True}
    assert fake.commands() == ["ResendDomainRegistrantVerificationEmail"]  # not ...TransferConfirmation...
    assert fake.last("ResendDomainRegistrantVerificationEmail")["DOMAIN"] == "example.com"
    assert ctx.effects.activity == ["example.com: Registrant verification email resent."]


async def test_resend_failure_is_the_registry_description(fake, make_ctx) -> None:
    fake.on("ResendDomainRegistrantVerificationEmail", reply(552, "no registrant verification pending"))
    with pytest.raises(RegistryRejected, match="no registrant verification pending"):
        await OPERATIONS["ResendIRTPVerificationEmail"].func(
            make_ctx("ResendIRTPVerificationEmail", dict(DOMAIN))
        )
