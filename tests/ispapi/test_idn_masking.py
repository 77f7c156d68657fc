"""IDN conversion of name-carrying parameters (docs/ispapi-wire.md §1.6) and log masking (§1.7,
extended)."""

from __future__ import annotations

import pytest

from app.ispapi import convert_idn_fields, is_secret_key, mask_command, mask_response_text, to_ace
from app.ispapi.masking import mask_fields


def test_documented_conversions() -> None:
    assert to_ace("dömäin.example") == "xn--dmin-moa0i.example"
    assert to_ace("äöütest.com") == "xn--test-koa2iub.com"


def test_trailing_root_dot_survives() -> None:
    assert to_ace("bücher.de.") == "xn--bcher-kva.de."


@pytest.mark.parametrize("value", ["", "example.com", "EXAMPLE.COM", "xn--dmin-moa0i.example"])
def test_ascii_names_are_untouched(value: str) -> None:
    assert to_ace(value) == value


@pytest.mark.parametrize("value", ["*.com", "a b.com", "ex ample", "-ä-.com" * 20])
def test_values_failing_conversion_are_sent_unchanged(value: str) -> None:
    # The registry answers these with its own syntax error (505); we do not guess.
    assert to_ace(value) == value


@pytest.mark.parametrize(
    "key", ["DOMAIN", "DOMAIN0", "DOMAIN12", "NAMESERVER", "NAMESERVER3", "DNSZONE", "DNSZONE1", "domain0"]
)
def test_name_keys_are_converted(key: str) -> None:
    assert convert_idn_fields({"COMMAND": "X", key: "dömäin.example"})[key] == "xn--dmin-moa0i.example"


@pytest.mark.parametrize(
    "key", ["DOMAINS", "XDOMAIN", "OWNERCONTACT0", "NEWNAMESERVER0", "NAMESERVERX", "KEYWORD"]
)
def test_other_keys_are_not_converted(key: str) -> None:
    assert convert_idn_fields({"COMMAND": "X", key: "dömäin.example"})[key] == "dömäin.example"


@pytest.mark.parametrize(
    "objectclass", ["DOMAIN", "DELETEDDOMAIN", "DOMAINAPPLICATION", "NAMESERVER", "DNSZONE", "domain"]
)
def test_objectid_converted_for_name_object_classes(objectclass: str) -> None:
    fields = {"COMMAND": "QueryObjectLogList", "OBJECTCLASS": objectclass, "OBJECTID": "dömäin.example"}
    assert convert_idn_fields(fields)["OBJECTID"] == "xn--dmin-moa0i.example"


def test_objectid_of_other_classes_is_sent_as_is() -> None:
    fields = {"COMMAND": "StatusSSLCert", "OBJECTCLASS": "SSLCERT", "OBJECTID": "dömäin.example"}
    assert convert_idn_fields(fields)["OBJECTID"] == "dömäin.example"  # real OT&E answers 541 [TEST]
    assert convert_idn_fields({"OBJECTID": "dömäin.example"})["OBJECTID"] == "dömäin.example"


def test_convert_idn_command_is_never_converted() -> None:
    fields = {"COMMAND": "convertidn", "DOMAIN0": "dömäin.example"}
    assert convert_idn_fields(fields) == fields


# --- masking --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "s_pw",
        "s_session",
        "s_otp",
        "PASSWORD",
        "NEWPASSWORD",
        "AUTH",
        "DOMAINAUTH",
        "auth",
        "TRANSFERAUTH0",
        "X-EU-AUTHCODE",
        "X-DE-AUTH-KEY",
        "SESSION",
    ],
)
def test_secret_keys(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "s_login",
        "s_entity",
        "DOMAIN",
        "AUTHISVALID",
        "AUTHREQUIRED",
        "X-DE-AUTHINFO1-EXPIRATIONDATE",
        "SESSIONS",
    ],
)
def test_public_keys(key: str) -> None:
    assert not is_secret_key(key)


def test_command_masked_in_plain_form() -> None:
    text = mask_command({"COMMAND": "TransferDomain", "DOMAIN": "a.com", "AUTH": "s3cr3t!", "PASSWORD": ""})
    assert text == "COMMAND = TransferDomain\nDOMAIN = a.com\nAUTH = ***\nPASSWORD = "
    assert mask_fields({"s_login": "acc", "s_pw": "pw"}) == {"s_login": "acc", "s_pw": "***"}


def test_response_text_masked() -> None:
    text = (
        "[RESPONSE]\r\nPROPERTY[AUTH][0]=Epp-Code-1\r\nproperty[ session ][0] = abcdef\r\n"
        "PROPERTY[OPERATIONINFO][3]=AUTH=old-code\r\nPROPERTY[OPERATIONINFO][4]=DOMAIN=a.com\r\n"
        "PROPERTY[DOMAIN][0]=a.com\r\nCODE=200\r\nDESCRIPTION=ok\r\nEOF\r\n"
    )
    masked = mask_response_text(text)
    for secret in ("Epp-Code-1", "abcdef", "old-code"):
        assert secret not in masked
    assert "PROPERTY[AUTH][0]=***" in masked and "DOMAIN=a.com" in masked and "CODE=200" in masked
