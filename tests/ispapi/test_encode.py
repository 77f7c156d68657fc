"""Request side of the codec: `s_command` encoding (docs/ispapi-wire.md §1.3) and form fields (§1.2,
docs/ispapi-wire.md §1.4)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from hypothesis import given, strategies as st

from app.ispapi import InvalidCommand, IspapiError, command_fields, encode_command, flatten_command
from app.ispapi.wire import form_body

# --- docs/ispapi-wire.md §1.3 rules 1-7 -----------------------------------------------------------------


def test_rule1_key_value_lines_joined_by_lf_without_trailing_lf() -> None:
    text = encode_command({"COMMAND": "CheckDomains", "DOMAIN0": "example.com"})
    assert text == "COMMAND=CheckDomains\nDOMAIN0=example.com"
    assert " = " not in text and not text.endswith("\n")


def test_rule2_command_is_one_line_and_its_case_is_kept() -> None:
    assert encode_command({"command": "QueryObjectlogList"}) == "COMMAND=QueryObjectlogList"


def test_rule3_keys_are_upper_cased() -> None:
    assert encode_command({"domain": "a.com", "Period": 1}) == "DOMAIN=a.com\nPERIOD=1"


def test_rule4_cr_and_lf_are_removed_from_values_and_keys() -> None:
    text = encode_command({"DESCRIPTION": "line1\r\nCOMMAND=DeleteDomain\nx\ry", "A\nB": "v"})
    assert text == "AB=v\nDESCRIPTION=line1COMMAND=DeleteDomainxy"


def test_rule5_none_dropped_and_empty_string_kept() -> None:
    text = encode_command({"COMMAND": "CheckDomains", "PREMIUMCHANNELS": "", "X": None})
    assert text == "COMMAND=CheckDomains\nPREMIUMCHANNELS="


def test_rule6_keys_sorted_as_strings() -> None:
    text = encode_command({"DOMAIN": [f"d{i}.com" for i in range(11)], "COMMAND": "CheckDomains"})
    keys = [line.split("=", 1)[0] for line in text.split("\n")]
    assert keys == sorted(keys)
    assert keys.index("DOMAIN10") < keys.index("DOMAIN2")  # string order, like [PY]


def test_rule7_string_command_is_passed_through_unchanged() -> None:
    raw = "COMMAND=StatusAccount\nx = y"
    assert command_fields(raw, entity="1234")["s_command"] == raw


# --- flattening -----------------------------------------------------------------------------------


def test_list_becomes_indexed_keys() -> None:
    assert encode_command({"DOMAIN": ["a.com", "b.net"]}) == "DOMAIN0=a.com\nDOMAIN1=b.net"
    assert encode_command({"NAMESERVER": ("ns1.x", "ns2.x")}) == "NAMESERVER0=ns1.x\nNAMESERVER1=ns2.x"


def test_none_inside_a_list_keeps_the_other_indexes() -> None:
    assert encode_command({"NAMESERVER": ["a", None, "c"]}) == "NAMESERVER0=a\nNAMESERVER2=c"


def test_empty_list_and_empty_dict_produce_nothing() -> None:
    assert encode_command({"DOMAIN": [], "OWNERCONTACT0": {}, "COMMAND": "X"}) == "COMMAND=X"


def test_dict_flattens_one_level_as_key_plus_subkey() -> None:
    text = encode_command({"OWNERCONTACT0": {"firstname": "John", "LASTNAME": "Doe", "FAX": None}})
    assert text == "OWNERCONTACT0FIRSTNAME=John\nOWNERCONTACT0LASTNAME=Doe"


def test_list_inside_a_dict_is_indexed() -> None:
    text = encode_command({"OWNERCONTACT0": {"STREET": ["Main St 1", "Floor 2"]}})
    assert text == "OWNERCONTACT0STREET0=Main St 1\nOWNERCONTACT0STREET1=Floor 2"


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "1"), (False, "0"), (3, "3"), (1.5, "1.5"), (Decimal("12.50"), "12.50"), ("", "")],
)
def test_scalars_are_stringified(value: object, text: str) -> None:
    assert encode_command({"V": value}) == f"V={text}"


@pytest.mark.parametrize(
    ("command", "key"),
    [
        ({"DOMAIN": object()}, "DOMAIN"),  # arbitrary object
        ({"AUTH": b"bytes"}, "AUTH"),  # bytes: encoding unknown
        ({"DOMAIN": {"a", "b"}}, "DOMAIN"),  # set: no order, no index
        ({"DOMAIN": [["a"]]}, "DOMAIN0"),  # list in a list
        ({"DOMAIN": [{"A": "b"}]}, "DOMAIN0"),  # dict in a list
        ({"OWNERCONTACT0": {"X": {"Y": "z"}}}, "OWNERCONTACT0X"),  # dict in a dict
        ({"OWNERCONTACT0": {"STREET": [["a"]]}}, "OWNERCONTACT0STREET0"),  # list in a list in a dict
    ],
)
def test_values_that_cannot_be_flattened_raise_type_error_naming_the_key(
    command: dict[str, object], key: str
) -> None:
    with pytest.raises(TypeError, match=key) as info:
        encode_command(command)
    assert isinstance(info.value, InvalidCommand) and isinstance(info.value, IspapiError)


def test_keys_colliding_after_normalisation_are_refused() -> None:
    with pytest.raises(InvalidCommand, match="DOMAIN0"):
        encode_command({"DOMAIN": ["a.com"], "DOMAIN0": "b.com"})
    with pytest.raises(InvalidCommand, match="DOMAIN"):
        encode_command({"domain": "a.com", "DOMAIN": "b.com"})


@pytest.mark.parametrize("key", ["", "A=B", 3])
def test_bad_parameter_names_are_refused(key: object) -> None:
    with pytest.raises(InvalidCommand):
        encode_command({key: "x"})  # type: ignore[dict-item]


def test_flatten_command_returns_sorted_mapping() -> None:
    assert list(flatten_command({"b": 1, "A": [2, 3]})) == ["A0", "A1", "B"]


_keys = st.text(st.characters(blacklist_characters="="), min_size=1, max_size=8).filter(
    lambda k: k.translate({10: None, 13: None}).strip() != ""
)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.decimals(allow_nan=False))
_values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=4),
    st.dictionaries(_keys, _scalars | st.lists(_scalars), max_size=3),
)


@given(st.dictionaries(_keys, _values, max_size=6))
def test_encoded_lines_hold_one_key_and_no_raw_line_breaks(command: dict[str, object]) -> None:
    try:
        text = encode_command(command)
    except InvalidCommand:
        return  # e.g. two keys equal after upper-casing: refused, never silently merged
    assert "\r" not in text
    if not text:
        return
    keys = []
    for line in text.split("\n"):
        key, sep, _ = line.partition("=")
        assert sep == "=" and key
        keys.append(key)
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


# --- form fields (docs/ispapi-wire.md §1.2, §1.4) -------------------------------------------------------


def test_fields_in_protocol_order_and_empty_ones_omitted() -> None:
    fields = command_fields(
        {"COMMAND": "StatusAccount"},
        entity="1234",
        login="acc",
        password="pw",
        otp="123456",
        remote_addr="192.0.2.1",
        subuser="sub",
    )
    assert list(fields) == ["s_entity", "s_login", "s_otp", "s_pw", "s_remoteaddr", "s_user", "s_command"]
    assert fields["s_command"] == "COMMAND=StatusAccount"
    minimal = command_fields({"COMMAND": "StatusAccount"}, entity="54cd", login="acc", password="", otp="")
    assert list(minimal) == ["s_entity", "s_login", "s_command"]


def test_role_user_login_uses_exclamation_mark() -> None:
    fields = command_fields({"COMMAND": "X"}, entity="1234", login="acc", role="role1", password="pw")
    assert fields["s_login"] == "acc!role1"
    assert command_fields({"COMMAND": "X"}, entity="1234", login="acc", role="")["s_login"] == "acc"


def test_session_replaces_login_password_and_otp() -> None:
    fields = command_fields(
        {"COMMAND": "X"}, entity="1234", login="acc", password="pw", otp="1", session="abc", subuser="s"
    )
    assert fields == {"s_entity": "1234", "s_session": "abc", "s_user": "s", "s_command": "COMMAND=X"}


# --- the POST body (form_body) -------------------------------------------------------------------------

_form_text = st.one_of(
    st.text(alphabet="abcXYZ019_.~-= \n*", max_size=40),  # the quick path: a few replacements
    st.text(max_size=40),  # anything else: urllib, byte by byte (non-ASCII, &, %, +, /, \r ...)
)


@given(st.dictionaries(_form_text, _form_text, max_size=5))
def test_form_body_is_byte_for_byte_what_urlencode_makes(fields: dict[str, str]) -> None:
    assert form_body(fields) == urlencode(fields).encode("ascii")


def test_form_body_of_a_command_with_characters_that_need_escaping() -> None:
    fields = {"s_login": "acc!role", "s_pw": "p&w=1 +%", "s_command": "COMMAND=AddDomain\nDOMAIN=münchen.de"}
    assert form_body(fields) == (
        b"s_login=acc%21role&s_pw=p%26w%3D1+%2B%25&s_command=COMMAND%3DAddDomain%0ADOMAIN%3Dm%C3%BCnchen.de"
    )
