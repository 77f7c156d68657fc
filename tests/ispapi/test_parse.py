"""Reply side of the codec: parser rules (docs/ispapi-wire.md §2.2), templates (§2.3), classification
(docs/ispapi-wire.md §2.4), columns/records (docs/ispapi-wire.md §2.5), pagination (§2.6), and the
Response model."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from app.ispapi import ReplyLost, RequestNotSent, Response, TransportFailure, parse_response

LIST_P0 = (
    "[RESPONSE]\r\nPROPERTY[TOTAL][0]=2701\r\nPROPERTY[FIRST][0]=0\r\n"
    "PROPERTY[DOMAIN][0]=0-60motorcycletimes.com\r\nPROPERTY[DOMAIN][1]=0-be-s01-0.com\r\n"
    "PROPERTY[COUNT][0]=2\r\nPROPERTY[LAST][0]=1\r\nPROPERTY[LIMIT][0]=2\r\n"
    "DESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.023\r\nEOF\r\n"
)
INVALID = "Invalid API response. Contact Support"


def reply(*lines: str) -> str:
    return "\r\n".join(["[RESPONSE]", *lines, "EOF", ""])


# --- docs/ispapi-wire.md §2.2 parsing rules -------------------------------------------------------------


def test_captured_list_reply() -> None:
    r = parse_response(LIST_P0)
    assert (r.code, r.description, r.queuetime, r.runtime) == (
        200,
        "Command completed successfully",
        0.0,
        0.023,
    )
    assert r.column("DOMAIN") == ["0-60motorcycletimes.com", "0-be-s01-0.com"]
    assert r.columns == ["TOTAL", "FIRST", "DOMAIN", "COUNT", "LAST", "LIMIT"]  # first appearance


def test_bytes_are_utf8_with_latin1_fallback() -> None:
    utf8 = reply("PROPERTY[NAME][0]=Müller", "DESCRIPTION=ok", "CODE=200").encode("utf-8")
    assert parse_response(utf8).first("NAME") == "Müller"
    latin1 = reply("PROPERTY[NAME][0]=Müller", "DESCRIPTION=ok", "CODE=200").encode("latin-1")
    assert parse_response(latin1).first("NAME") == "Müller"  # invalid UTF-8 -> latin-1


def test_lf_only_and_missing_eof_are_fine() -> None:
    r = parse_response("PROPERTY[X][0]=1\nDESCRIPTION=ok\nCODE=200")
    assert (r.code, r.column("X")) == (200, ["1"])


def test_blanks_and_tabs_around_equals_are_dropped_later_equals_kept() -> None:
    r = parse_response(
        "CODE \t= 200\nDESCRIPTION\t=\tCommand completed successfully  \t\nPROPERTY[RR][0] = a=b = c "
    )
    assert r.code == 200
    assert r.description == "Command completed successfully"
    assert r.column("RR") == ["a=b = c"]


def test_lower_case_keys_work() -> None:
    r = parse_response("code=200\ndescription=ok\nproperty[domain][0]=a.com\nPending=1")
    assert (r.code, r.description, r.column("DOMAIN"), r.pending) == (200, "ok", ["a.com"], True)


def test_property_names_upper_cased_whitespace_removed_index_ignored() -> None:
    r = parse_response(
        reply(
            "PROPERTY[ x-Name ][5]=a",
            "PROPERTY[X-NAME][0]=b",
            "property[x-name][]=c",
            "CODE=200",
            "DESCRIPTION=d",
        )
    )
    assert r.columns == ["X-NAME"]
    assert r.column("x-name") == ["a", "b", "c"]  # appended in order of appearance, whatever the index


def test_empty_property_value_still_makes_a_row() -> None:
    r = parse_response(reply("PROPERTY[X][0] =", "CODE=200", "DESCRIPTION=ok"))
    assert r.column("X") == [""] and r.row_count == 1 and r.records == [{"X": ""}]


def test_scalar_last_one_wins_and_junk_lines_ignored() -> None:
    r = parse_response(
        "garbage line\n=no key\n  =blank key\nCODE=500\nCODE=200\nDESCRIPTION=ok\n\n[RESPONSE]"
    )
    assert r.code == 200 and r.columns == []


def test_records_hold_only_columns_with_a_value_in_that_row() -> None:
    r = parse_response(LIST_P0)
    assert r.records == [
        {
            "TOTAL": "2701",
            "FIRST": "0",
            "DOMAIN": "0-60motorcycletimes.com",
            "COUNT": "2",
            "LAST": "1",
            "LIMIT": "2",
        },
        {"DOMAIN": "0-be-s01-0.com"},
    ]
    assert r.row_count == 2


def test_column_lookup_is_case_insensitive_and_missing_is_empty() -> None:
    r = parse_response(LIST_P0)
    assert r.column("domain") == r.column("DOMAIN")
    assert r.column("NOPE") == [] and r.first("NOPE") == "" and r.first("NOPE", "x") == "x"
    assert r.first("domain") == "0-60motorcycletimes.com"


# --- docs/ispapi-wire.md §2.3 templates -----------------------------------------------------------------


def test_empty_body_gives_423_with_or_without_url() -> None:
    assert parse_response("").description == "Empty API response. Probably unreachable API end point"
    r = parse_response(b"", url="https://api-ote.ispapi.net/api/call.cgi")
    assert r.code == 423
    assert (
        r.description
        == "Empty API response. Probably unreachable API end point https://api-ote.ispapi.net/api/call.cgi"
    )


@pytest.mark.parametrize(
    "text",
    [
        reply("DESCRIPTION=ok"),  # CODE missing
        reply("CODE=200"),  # DESCRIPTION missing
        reply("CODE=200", "DESCRIPTION="),  # DESCRIPTION empty (PHP11 rule, docs/ispapi-wire.md §7)
        reply("CODE=2000", "DESCRIPTION=ok"),  # not three digits
        reply("CODE=2x0", "DESCRIPTION=ok"),
        reply("CODE=٢٠٠", "DESCRIPTION=ok"),  # non-ASCII digits are not a code
        "<html>502 Bad Gateway</html>",
        "   \n\n",
    ],
)
def test_invalid_replies_give_423_invalid_template_without_properties(text: str) -> None:
    r = parse_response(reply("PROPERTY[X][0]=1") + text)
    assert (r.code, r.description, r.columns) == (423, INVALID, [])


def test_failed_exchanges_keep_the_sdk_wording() -> None:
    # No template reply for a failed exchange: the client raises, with the 421 wording of the SDKs.
    lost = ReplyLost("ReadTimeout", kind=TransportFailure.READ_TIMEOUT, command="StatusDomain")
    assert lost.summary == "421 Command failed due to HTTP communication error" and lost.may_have_executed
    assert not RequestNotSent("ConnectError", kind=TransportFailure.CONNECT).may_have_executed


# --- docs/ispapi-wire.md §2.4 classification ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "success", "temporary", "error"),
    [
        (200, True, False, False),
        (219, True, False, False),
        (421, False, True, False),
        (545, False, False, True),
    ],
)
def test_classification_by_first_digit(code: int, success: bool, temporary: bool, error: bool) -> None:
    r = parse_response(f"CODE={code}\nDESCRIPTION=x")
    assert (r.is_success, r.is_temporary_error, r.is_error) == (success, temporary, error)


def test_pending_flag() -> None:
    assert parse_response("CODE=200\nDESCRIPTION=ok\nPENDING=1").pending
    assert not parse_response("CODE=200\nDESCRIPTION=ok\nPENDING=0").pending
    assert not parse_response("CODE=200\nDESCRIPTION=ok").pending


def test_times_default_to_zero_and_garbage_is_zero() -> None:
    r = parse_response("CODE=200\nDESCRIPTION=ok\nQUEUETIME=abc\nRUNTIME=nan")
    assert (r.queuetime, r.runtime) == (0.0, 0.0)


# --- docs/ispapi-wire.md §2.6 pagination ----------------------------------------------------------------


def test_list_p0_pagination_figures() -> None:
    r = parse_response(LIST_P0)
    assert r.pagination == {
        "COUNT": 2,
        "CURRENTPAGE": 1,
        "FIRST": 0,
        "LAST": 1,
        "LIMIT": 2,
        "NEXTPAGE": 2,
        "PAGES": 1351,
        "PREVIOUSPAGE": None,
        "TOTAL": 2701,
    }
    assert (r.pages, r.current_page, r.next_page, r.previous_page) == (1351, 1, 2, None)
    assert r.has_next_page and not r.has_previous_page
    assert (r.first_index, r.last_index, r.last, r.count, r.total, r.limit) == (0, 1, 1, 2, 2701, 2)


def test_pagination_without_figures_uses_rows() -> None:
    r = parse_response(reply("PROPERTY[D][0]=a", "PROPERTY[D][1]=b", "CODE=200", "DESCRIPTION=ok"))
    assert (r.first_index, r.last_index, r.total, r.limit, r.current_page, r.pages) == (0, 1, 2, 2, 1, 1)
    assert r.next_page == 1 and not r.has_next_page and r.previous_page is None


def test_pagination_without_rows() -> None:
    r = parse_response("CODE=200\nDESCRIPTION=ok")
    assert (r.first_index, r.last_index, r.count, r.total, r.limit) == (None, None, 0, 0, 0)
    assert (r.current_page, r.pages, r.next_page, r.previous_page) == (None, 0, None, None)
    assert not r.has_next_page and not r.has_previous_page


def test_last_page_of_a_list() -> None:
    r = parse_response(
        reply(
            "PROPERTY[D][0]=z", "PROPERTY[FIRST][0]=2700", "PROPERTY[LIMIT][0]=2", "PROPERTY[TOTAL][0]=2701"
        )
        + "CODE=200\nDESCRIPTION=ok"
    )
    assert (r.current_page, r.pages, r.next_page, r.previous_page) == (1351, 1351, 1351, 1350)
    assert not r.has_next_page and r.has_previous_page


def test_malformed_figures_count_as_absent() -> None:
    r = parse_response(
        reply("PROPERTY[D][0]=a", "PROPERTY[TOTAL][0]=many", "PROPERTY[FIRST][0]=")
        + "CODE=200\nDESCRIPTION=ok"
    )
    assert (r.total, r.first_index) == (1, 0)


# --- Response model -------------------------------------------------------------------------------


def test_response_is_immutable_and_equal_by_value() -> None:
    a, b = parse_response(LIST_P0), parse_response(LIST_P0.replace("\r\n", "\n").replace("=", " = ", 3))
    assert a == b and hash(a) == hash(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.code = 500  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.properties["DOMAIN"] = ("x",)  # type: ignore[index]
    a.column("DOMAIN").append("changed")  # a copy
    assert a.column("DOMAIN") == ["0-60motorcycletimes.com", "0-be-s01-0.com"]


def test_to_text_uses_the_api_layout() -> None:
    r = Response(code=200, description="ok", runtime=0.5, pending=True, properties={"A": ["1", ""]})
    assert r.to_text() == (
        "[RESPONSE]\r\nPROPERTY[A][0]=1\r\nPROPERTY[A][1]=\r\nDESCRIPTION=ok\r\nCODE=200\r\n"
        "QUEUETIME=0\r\nRUNTIME=0.5\r\nPENDING=1\r\nEOF\r\n"
    )


# --- hypothesis: round trip and robustness --------------------------------------------------------

_name = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"), min_size=1, max_size=12)
# Wire-expressible values: no line breaks, no leading/trailing blanks or tabs (the parser trims those).
_value = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=20).map(
    lambda v: v.strip(" \t")
)
_responses = st.builds(
    Response,
    code=st.integers(100, 999),
    description=_value.filter(bool),
    queuetime=st.floats(0, 1e6, allow_nan=False),
    runtime=st.floats(0, 1e6, allow_nan=False),
    pending=st.booleans(),
    properties=st.dictionaries(_name, st.lists(_value, min_size=1, max_size=5), max_size=6),
)


@given(_responses)
def test_to_text_round_trips(response: Response) -> None:
    assert parse_response(response.to_text()) == response
    assert parse_response(response.to_text().encode("utf-8")) == response


@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_parse_never_raises_on_arbitrary_input(data: bytes | str) -> None:
    r = parse_response(data)
    assert isinstance(r, Response) and 100 <= r.code <= 999 and r.description
    r.records, r.pagination  # noqa: B018 - derived views must not raise either


@given(st.lists(st.sampled_from(["CODE=200", "DESCRIPTION=ok", "PROPERTY[A][0]=x", "\r", " = ", "EOF", "é"])))
def test_parse_never_raises_on_near_valid_input(parts: list[str]) -> None:
    r = parse_response("\n".join(parts).encode("utf-8")[:-1])  # also cut inside a UTF-8 sequence
    assert isinstance(r, Response)


def test_cell_reads_one_row_of_a_column_and_is_empty_outside_it() -> None:
    r = parse_response(
        "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nPROPERTY[DOMAIN CHECK][0]=210 Available\r\n"
        "PROPERTY[DOMAINCHECK][1]=211 Taken\r\nEOF\r\n"
    )
    assert [r.cell("DomainCheck", i) for i in range(3)] == ["210 Available", "211 Taken", ""]
    assert r.cell("MISSING", 0) == "" and r.cell("DOMAINCHECK", -1) == ""
