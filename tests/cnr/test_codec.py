"""The sans-IO side of the CNR dialect: form fields, command text, reply parsing (property-name
normalisation, broken replies as errors, CNR's pending rule), the code table and its classes, IDN keys
and the masking table."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from app.cnr import (
    Code,
    CodeClass,
    InvalidCommand,
    InvalidReply,
    classify,
    command_fields,
    convert_idn_fields,
    flatten_command,
    is_read_command,
    is_retryable,
    is_secret_key,
    login_name,
    mask_command,
    mask_fields,
    mask_response_text,
    parse_response,
)


def reply(*lines: str) -> str:
    return "\r\n".join(["[RESPONSE]", *lines, "EOF", ""])


# --- request side ---------------------------------------------------------------------------------


def test_fields_with_password_have_no_entity() -> None:
    fields = command_fields({"COMMAND": "StatusAccount"}, login="acc", password="pw")
    assert fields == {"s_login": "acc", "s_pw": "pw", "s_command": "COMMAND=StatusAccount"}
    assert list(fields) == ["s_login", "s_pw", "s_command"]


def test_login_request_is_persistent_without_command() -> None:
    assert command_fields(None, login="acc", password="pw", persistent=True) == {
        "s_login": "acc",
        "s_pw": "pw",
        "persistent": "1",
    }


def test_session_replaces_password_but_keeps_login() -> None:
    fields = command_fields(
        {"COMMAND": "StatusAccount"}, login="acc", password="pw", session="sid", persistent=True
    )
    assert fields == {"s_login": "acc", "s_sessionid": "sid", "s_command": "COMMAND=StatusAccount"}


def test_role_user_login_uses_colon() -> None:
    assert login_name("acc", "billing") == "acc:billing"
    assert login_name("acc", None) == login_name("acc", "") == "acc"


def test_subuser_is_a_command_parameter_and_wins_over_a_given_one() -> None:
    flat = flatten_command({"command": "QueryDomainList", "subuser": "old"}, subuser="sub1")
    assert flat == {"COMMAND": "QueryDomainList", "SUBUSER": "sub1"}
    assert flatten_command({"COMMAND": "X", "SUBUSER": "kept"}) == {"COMMAND": "X", "SUBUSER": "kept"}


def test_flattening_is_the_shared_codec() -> None:
    flat = flatten_command(
        {"command": "CheckDomains", "domain": ["a.com", None, "c.net"], "x-fee-command": "create"}
    )
    assert flat == {
        "COMMAND": "CheckDomains",
        "DOMAIN0": "a.com",
        "DOMAIN2": "c.net",
        "X-FEE-COMMAND": "create",
    }
    assert flatten_command({"COMMAND": "AddDomain", "PERIOD": 2, "X-X": True, "NOTE": "a\r\nb"}) == {
        "COMMAND": "AddDomain",
        "NOTE": "ab",
        "PERIOD": "2",
        "X-X": "1",
    }


@pytest.mark.parametrize(
    "command", [{"COMMAND": "X", "DOMAIN": object()}, {"domain": "a", "DOMAIN": "b"}, {"": "x"}]
)
def test_unencodable_command_is_the_cnr_invalid_command(command: dict[str, object]) -> None:
    with pytest.raises(InvalidCommand) as caught:
        flatten_command(command)
    assert isinstance(caught.value, TypeError)


# --- reply side -----------------------------------------------------------------------------------


def test_lower_case_and_spaced_property_names_are_normalised() -> None:
    r = parse_response(
        reply(
            "property[transfer status][0] = pending",
            "property[Domain][0]=a.com",
            "property[domain][1]=b.com",
            "code = 200",
            "description = Command completed successfully",
            "queuetime = 0",
            "runtime = 0.05",
        )
    )
    assert r.columns == ["TRANSFERSTATUS", "DOMAIN"]
    assert r.column("transfer status") == ["pending"] and r.first("TRANSFERSTATUS") == "pending"
    assert r.column("DOMAIN") == ["a.com", "b.com"]
    assert (r.code, r.runtime) == (200, 0.05)


def test_session_reply_gives_sessionid_column() -> None:
    r = parse_response(reply("code = 200", "description = ok", "property[sessionid][0] = 1dac7d51"))
    assert r.first("SESSIONID") == "1dac7d51"


@pytest.mark.parametrize(
    "body",
    [
        "",
        b"",
        "<html>Bad gateway</html>",
        reply("CODE=200"),
        reply("DESCRIPTION=ok"),
        reply("CODE=20", "DESCRIPTION=ok"),
        reply("CODE=200", "DESCRIPTION="),
    ],
)
def test_broken_reply_is_an_error_not_a_423(body: str | bytes) -> None:
    with pytest.raises(InvalidReply) as caught:
        parse_response(body, command="StatusDomain")
    assert caught.value.may_have_executed and caught.value.command == "StatusDomain"


def test_pending_is_adddomain_with_status_requested() -> None:
    text = reply("CODE=200", "DESCRIPTION=ok", "PROPERTY[STATUS][0]=requested")
    assert parse_response(text, command="AddDomain").pending
    assert not parse_response(text, command="StatusDomain").pending
    assert not parse_response(reply("CODE=200", "DESCRIPTION=ok", "PENDING=1"), command="AddDomain").pending


@given(st.lists(st.text(alphabet="abcXYZ _-", min_size=1, max_size=8), min_size=1, max_size=5))
def test_any_spelling_of_a_property_name_reaches_one_column(names: list[str]) -> None:
    lines = [f"property[{name}][0]=v" for name in names]
    r = parse_response(reply(*lines, "CODE=200", "DESCRIPTION=ok"))
    for name in names:
        key = "".join(name.upper().split())
        if key:
            assert "v" in r.column(name) and key in r.columns


# --- codes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "klass"),
    [
        (200, CodeClass.SUCCESS),
        (211, CodeClass.SUCCESS),
        (421, CodeClass.TEMPORARY),
        (545, CodeClass.PERMANENT),
    ],
)
def test_classification_by_first_digit(code: int, klass: CodeClass) -> None:
    assert classify(code) is klass


@pytest.mark.parametrize("code", [0, 99, 123, 300, 600, 1000])
def test_undocumented_classes_are_unknown(code: int) -> None:
    assert classify(code) is CodeClass.UNKNOWN


def test_code_table_has_cnr_meanings() -> None:
    assert Code(545).description == "Entity reference not found"
    assert int(Code.ENTITY_REFERENCE_NOT_FOUND) == 545
    assert Code(530) is Code.AUTHENTICATION_FAILED and Code(554) is Code.DOMAIN_ALREADY_REGISTERED
    assert len(Code) == 56  # every row of the documented table


@pytest.mark.parametrize(
    ("code", "retry"), [(420, True), (421, True), (423, True), (520, True), (422, False)]
)
def test_retryable_codes(code: int, retry: bool) -> None:
    assert is_retryable(code) is retry


@pytest.mark.parametrize("code", [200, 210, 500, 530, 545, 549, 554])
def test_answers_are_not_retried(code: int) -> None:
    assert not is_retryable(code)


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("StatusDomain", True),
        ("querydomainlist", True),
        ("CheckDomains", True),
        ("GetZoneInfo", True),
        ("GetNameSuggestion", True),
        ("AddDomain", False),
        ("RenewDomain", False),
        ("StopSession", False),
        ("SetAuthcode", False),
        ("", False),
        ("Get", False),
    ],
)
def test_read_commands(name: str, read: bool) -> None:
    assert is_read_command(name) is read


# --- IDN ------------------------------------------------------------------------------------------


def test_documented_keys_are_converted() -> None:
    fields = {
        "COMMAND": "CheckDomains",
        "DOMAIN": "dömäin.example",
        "DOMAIN0": "münchen.de",
        "DOMAIN31": "straße.de",
        "NAMESERVER0": "ns1.dömäin.example",
        "NS1": "ns.münchen.de",
        "DNSZONE": "münchen.de",
        "OWNERCONTACT0": "münchen.de",
    }
    converted = convert_idn_fields(fields)
    assert converted["DOMAIN"] == "xn--dmin-moa0i.example"
    assert converted["DOMAIN0"] == converted["DNSZONE"] == "xn--mnchen-3ya.de"
    assert converted["DOMAIN31"] == "xn--strae-oqa.de"
    assert converted["NAMESERVER0"] == "ns1.xn--dmin-moa0i.example"
    assert converted["NS1"] == "ns.xn--mnchen-3ya.de"
    assert converted["OWNERCONTACT0"] == "münchen.de"  # not a name-carrying key


@pytest.mark.parametrize(
    ("objectclass", "converted"),
    [("DOMAIN", True), ("domainblocking", True), ("NAMESERVER", True), ("CONTACT", False), ("", False)],
)
def test_objectid_follows_objectclass(objectclass: str, converted: bool) -> None:
    fields = {"COMMAND": "StatusObjectLog", "OBJECTID": "münchen.de", "OBJECTCLASS": objectclass}
    expected = "xn--mnchen-3ya.de" if converted else "münchen.de"
    assert convert_idn_fields(fields)["OBJECTID"] == expected


def test_patterns_and_ascii_are_left_alone() -> None:
    fields = {"COMMAND": "QueryDomainList", "DOMAIN": "*.münchen", "DOMAIN1": "EXAMPLE.com"}
    assert convert_idn_fields(fields) == fields


# --- masking --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "s_pw",
        "s_sessionid",
        "SESSIONID",
        "PASSWORD",
        "NEWPASSWORD",
        "AUTH",
        "DOMAINAUTH",
        "TOKEN",
        "X-ALLOCATION-TOKEN",
    ],
)
def test_secret_keys(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["s_login", "DOMAIN", "COMMAND", "STATUS", "SUBUSER", "X-SRL-AUTHORITYNAME"])
def test_public_keys(key: str) -> None:
    assert not is_secret_key(key)


def test_masking_fields_command_and_reply() -> None:
    fields = mask_fields({"s_login": "acc:role", "s_pw": "pw-secret", "s_sessionid": "sid-secret"})
    assert fields == {"s_login": "acc:role", "s_pw": "***", "s_sessionid": "***"}
    plain = mask_command({"COMMAND": "TransferDomain", "DOMAIN": "a.com", "AUTH": "epp-secret"})
    assert "epp-secret" not in plain and "DOMAIN = a.com" in plain
    text = mask_response_text(
        reply(
            "property[sessionid][0] = sid-secret",
            "PROPERTY[AUTH][0]=epp-secret",
            "CODE=200",
            "DESCRIPTION=ok",
        )
    )
    assert "sid-secret" not in text and "epp-secret" not in text and "CODE=200" in text
