"""The JSON envelopes exchanged with the PHP shim (docs/architecture.md, "Interfaces other parts rely on").

Request:  {"protocol": "ispapi-bridge/1", "request_id", "idempotency_key", "function",
           "whmcs": {"version", "area", "php"}, "config": {module settings}, "params": {JSON-safe params}}
Response: {"protocol", "request_id", "ok", "result": {"kind", "value"} | null,
           "error": {"message", "code", "retryable"} | null, "effects": {...}}

The shim knows which result kind each function expects and treats any other kind as an error: the kinds
(`ResultKind`, re-exported here) and which function returns which are the contract table of app/contract/.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.contract.kinds import ResultKind as ResultKind

PROTOCOL: Literal["ispapi-bridge/1"] = "ispapi-bridge/1"


class WhmcsInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: str = ""
    area: Literal["admin", "client", "cron", "api", "unknown"] = "unknown"
    php: str = ""


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


class ModuleLogEntry(BaseModel):
    """One registry round trip, mirrored by the shim into logModuleCall (already masked)."""

    action: str
    request: str
    response: str


class Effects(BaseModel):
    """Side effects the shim applies in WHMCS after the call."""

    activity: list[str] = Field(default_factory=list)  # logActivity lines
    module_log: list[ModuleLogEntry] = Field(default_factory=list)
    # WHMCS-side updates the bridge cannot do itself; a fixed vocabulary the shim applies with Capsule:
    #   {"type": "domain_status", "domainid": 42, "status": "Expired" | "Active" | "Cancelled"}
    #   {"type": "domain_notes", "domainid": 42, "append": "APPLICATION:1234"}
    #   {"type": "todo", "title": "...", "description": "..."}
    #   {"type": "tld_id_protection", "extensions": {".com": true, ".de": false}}  (TLDs auto-registered here)
    #   {"type": "additional_field", "domainid": 42, "name": "Registrant Contact", "value": "ABCD1234-DK"}
    #       (a normalised additional-field text value WHMCS stores, docs/module-behaviour.md §5.2 step 3)
    whmcs_updates: list[dict[str, Any]] = Field(default_factory=list)


class Result(BaseModel):
    kind: ResultKind
    value: Any = None


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


# ---- value shapes of the structured kinds (documentation and validation of what the shim reads) ----


class SearchResultItem(BaseModel):
    sld: str
    tld: str  # without leading dot
    status: Literal["available", "registered", "reserved", "unknown", "tld_not_supported"]
    premium: bool = False
    # keys register/renew/transfer (floats) and CurrencyCode; only for premium names
    premium_pricing: dict[str, float | str] | None = None
    score: float | None = None


class DomainInformation(BaseModel):
    """Fields of \\WHMCS\\Domain\\Registrar\\Domain; the shim calls a setter only for keys present
    (exclude_none when serialising), dates are YYYY-MM-DD and become \\WHMCS\\Carbon."""

    domain: str
    nameservers: dict[str, str] | None = None  # {"ns1": ..., "ns2": ...}
    registration_status: str | None = None  # Active | Expired | Pending Delete Restorable | ...
    transfer_lock: bool | None = None
    transfer_lock_expiry_date: str | None = None
    expiry_date: str | None = None
    restorable: bool | None = None
    id_protection: bool | None = None
    dns_management: bool | None = None
    email_forwarding: bool | None = None
    is_irtp_enabled: bool | None = None
    irtp_opt_out_status: bool | None = None
    irtp_transfer_lock: bool | None = None
    irtp_transfer_lock_expiry_date: str | None = None
    contact_change_pending: bool | None = None
    pending_suspension: bool | None = None
    contact_change_expiry_date: str | None = None
    irtp_verification_trigger_fields: dict[str, list[str]] | None = None
    registrant_email: str | None = None


class TldPricingItem(BaseModel):
    """One \\WHMCS\\Domain\\TopLevel\\ImportItem (prices are cost for the minimum period)."""

    extension: str  # with leading dot, e.g. ".com"
    years: list[int]
    register_price: float | None = None
    renew_price: float | None = None
    transfer_price: float | None = None
    grace_fee_days: int | None = None
    grace_fee_price: float | None = None
    redemption_fee_days: int | None = None
    redemption_fee_price: float | None = None
    currency: str
    epp_required: bool = False
    id_protection: bool | None = None
