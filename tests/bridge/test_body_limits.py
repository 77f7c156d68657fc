"""A signed body beyond what an envelope ever needs (deep nesting, huge or non-finite numbers) is a 422
error envelope, never an HTTP 500 from json's recursion or int-size limits."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.api.body import MAX_DEPTH, MAX_NUMBER_CHARS, load_json, nesting_depth
from app.api.envelope import Result
from app.errors import MalformedEnvelope
from app.registrar.base import RegistrarContext, array
from tests.bridge.conftest import envelope, make_settings, signed_headers


async def echo_params(ctx: RegistrarContext) -> Result:
    return array({"keys": sorted(ctx.params)})


@pytest.fixture
async def bridge(db_url: str, bridge_factory: Any, register_operation: Any) -> Any:
    register_operation("BridgeTestParams", echo_params)
    _, client = await bridge_factory(make_settings(db_url))
    return client


async def _post_raw(bridge: Any, body: bytes, request_id: str) -> Any:
    return await bridge.http.post(
        "/v1/whmcs/BridgeTestParams", content=body, headers=signed_headers(body, request_id=request_id)
    )


def _with_params_text(params_text: str) -> tuple[bytes, str]:
    data = envelope("BridgeTestParams", params={})
    text = json.dumps(data)
    body = text.replace('"params": {}', f'"params": {{"x": {params_text}}}')
    assert body != text
    return body.encode(), data["request_id"]


def _assert_rejected(response: Any, words: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "MALFORMED_ENVELOPE"
    assert words in error["message"]


@pytest.mark.parametrize("depth", [MAX_DEPTH, 1_000, 100_000])
async def test_deeply_nested_body_is_422(bridge: Any, depth: int) -> None:
    body, request_id = _with_params_text("[" * depth + "]" * depth)
    _assert_rejected(await _post_raw(bridge, body, request_id), f"nested more than {MAX_DEPTH} levels")


async def test_nesting_within_the_limit_is_accepted(bridge: Any) -> None:
    inner = MAX_DEPTH - 3  # envelope object, params object, and the list itself
    body, request_id = _with_params_text("[" * inner + "]" * inner)
    response = await _post_raw(bridge, body, request_id)
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True


@pytest.mark.parametrize("number", ["9" * 5_000, "-" + "9" * 5_000, "1" * 5_000 + ".5", "1e" + "9" * 5_000])
async def test_huge_number_is_422(bridge: Any, number: str) -> None:
    body, request_id = _with_params_text(number)
    _assert_rejected(await _post_raw(bridge, body, request_id), f"longer than {MAX_NUMBER_CHARS} characters")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
async def test_non_finite_number_is_422(bridge: Any, number: str) -> None:
    body, request_id = _with_params_text(number)
    response = await _post_raw(bridge, body, request_id)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "MALFORMED_ENVELOPE"


def test_php_sized_numbers_are_read_as_numbers() -> None:
    assert load_json(b'{"a": 9223372036854775807, "b": -1.7976931348623157e+308, "c": 0.1}') == {
        "a": 9223372036854775807,
        "b": -1.7976931348623157e308,
        "c": 0.1,
    }


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"1", 0),
        (b"{}", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),  # brackets inside strings do not count
        (b'{"a": "\\"[[[", "b": ["\\\\", []]}', 3),  # nor after escaped quotes and backslashes
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(text: bytes, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_invalid_json_is_still_malformed() -> None:
    with pytest.raises(MalformedEnvelope, match="not valid JSON"):
        load_json(b'{"a": "unterminated')


@pytest.mark.parametrize(
    "text",
    [
        '"ab\\ud800c"',  # a lone high surrogate
        '"\\udfff"',  # a lone low surrogate
        '{"\\ud83d": "key"}',  # in a key
        '["x", {"y": "\\ude00\\ud83d"}]',  # a pair in the wrong order is two lone ones
    ],
)
async def test_unpaired_surrogate_is_422(bridge: Any, text: str) -> None:
    body, request_id = _with_params_text(text)
    _assert_rejected(await _post_raw(bridge, body, request_id), "unpaired UTF-16 surrogate")


async def test_encoded_surrogate_bytes_are_422(bridge: Any) -> None:
    body, request_id = _with_params_text('"ab\xed\xa0\x80c"')
    raw = body.replace("ab\xed\xa0\x80c".encode(), b"ab\xed\xa0\x80c")
    assert b"\xed\xa0\x80" in raw
    _assert_rejected(await _post_raw(bridge, raw, request_id), "unpaired UTF-16 surrogate")


async def test_surrogate_pairs_and_other_escapes_are_text(bridge: Any) -> None:
    body, request_id = _with_params_text(
        '"\\ud83d\\ude00 \\u00e9 \\\\ud800"'
    )  # emoji, é, a literal backslash
    response = await _post_raw(bridge, body, request_id)
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True
