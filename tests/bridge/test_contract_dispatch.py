"""The dispatcher serves only what the contract table forwards, and only the result kinds a function's row
allows (the shim would take any other kind for an invalid response)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from app.api.envelope import Result, ResultKind
from app.contract import ErrorMode, FunctionContract, TimeoutClass
from app.registrar.base import OPERATIONS, OperationSpec, RegistrarContext
from tests.bridge.conftest import envelope, make_settings


async def _template(ctx: RegistrarContext) -> Result:
    return Result(kind=ResultKind.TEMPLATE, value={"templatefile": "x", "vars": {}})


@pytest.fixture
async def bridge(db_url: str, bridge_factory: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    row = FunctionContract(
        "BridgeTestArrayOnly", (ResultKind.ARRAY,), TimeoutClass.READ, ErrorMode.ERROR, __name__
    )
    monkeypatch.setitem(OPERATIONS, row.name, OperationSpec(row.name, _template, row))
    _, client = await bridge_factory(make_settings(db_url))
    return client


async def test_functions_the_shim_answers_itself_are_unknown_to_the_bridge(bridge: Any) -> None:
    for name in ("MetaData", "AdditionalDomainFields", "AdminCustomButtonArray"):
        response = await bridge.call(envelope(name))
        assert response.status_code == 404, name
        assert response.json()["error"]["code"] == "UNKNOWN_FUNCTION"


async def test_a_result_kind_outside_the_row_is_an_internal_error(
    bridge: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="app.request"):
        response = await bridge.call(envelope("BridgeTestArrayOnly"))
    body = response.json()
    assert response.status_code == 200 and body["ok"] is False and body["result"] is None
    assert body["error"]["code"] == "INTERNAL_ERROR"
    assert "returned result kind 'template'" in caplog.text
