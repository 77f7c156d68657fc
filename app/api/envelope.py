"""The JSON envelopes exchanged with the PHP shim (docs/architecture.md, "Interfaces other parts rely on").

Request:  {"protocol": "ispapi-bridge/1", "request_id", "idempotency_key", "function",
           "whmcs": {"version", "area", "php"}, "config": {module settings}, "params": {JSON-safe params}}
Response: {"protocol", "request_id", "ok", "result": {"kind", "value"} | null,
           "error": {"message", "code", "retryable"} | null, "effects": {...}}

The payloads inside (`Result`, `Effects`, `ModuleLogEntry`, `WhmcsInfo` and the value shapes of the
structured kinds) are defined in app/contract/payloads.py, below every layer that builds them, and
re-exported here. The shim knows which result kind each function expects and treats any other kind as
an error: the kinds (`ResultKind`, re-exported here) and which function returns which are the contract
table of app/contract/.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.contract.kinds import ResultKind as ResultKind
from app.contract.payloads import (
    DomainInformation as DomainInformation,
    Effects as Effects,
    ModuleLogEntry as ModuleLogEntry,
    Result as Result,
    SearchResultItem as SearchResultItem,
    TldPricingItem as TldPricingItem,
    WhmcsInfo as WhmcsInfo,
)

PROTOCOL: Literal["ispapi-bridge/1"] = "ispapi-bridge/1"


class RequestEnvelope(BaseModel):
    """What the shim posts to `POST /v1/whmcs/{Function}`."""

    model_config = ConfigDict(extra="forbid")

    protocol: Literal["ispapi-bridge/1"]
    request_id: str = Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")
    idempotency_key: str | None = Field(default=None, max_length=200)
    function: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    whmcs: WhmcsInfo = Field(default_factory=WhmcsInfo)
    # Module settings as WHMCS stores them: Username, Password, TestMode ("on"/""), ProxyServer, ...
    config: dict[str, Any] = Field(default_factory=dict)
    # WHMCS $params made JSON-safe by the shim: domainObj -> domain_obj, dates -> ISO strings.
    params: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(BaseModel):
    message: str  # plain text, no secrets; the shim appends " [ref <request id prefix>]"
    code: str  # stable machine code, e.g. REGISTRY_REJECTED, INVALID_INPUT, UPSTREAM_UNAVAILABLE
    retryable: bool = False


class ResponseEnvelope(BaseModel):
    protocol: Literal["ispapi-bridge/1"] = PROTOCOL
    request_id: str
    ok: bool
    result: Result | None = None
    error: ErrorBody | None = None
    effects: Effects = Field(default_factory=Effects)
