"""What an operation hands back to the shim inside the response envelope, and the caller facts it is given:
`Result` (a result kind and its value), `Effects` (activity lines, module-log entries, WHMCS updates the shim
applies), `WhmcsInfo`, and the value shapes of the structured result kinds.

They sit here, at the bottom of the bridge beside the result kinds and the contract table, because every
layer needs them: the operations (app/registrar/) build them, the journal stores a `Result`, the upstream
recorder appends `ModuleLogEntry`s, and the HTTP layer (app/api/envelope.py, which re-exports them) wraps
them in the envelope. Nothing here imports the rest of the bridge.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.contract.kinds import ResultKind as ResultKind


class WhmcsInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: str = ""
    area: Literal["admin", "client", "cron", "api", "unknown"] = "unknown"
    php: str = ""
    # Whether WHMCS keeps module-log entries (its Module Debug Mode: logModuleCall writes nothing while it
    # is off, WHMCS's default). When it is off the bridge renders no module-log text: for a domain search,
    # masking the replies is a tenth to a fifth of its CPU, and the texts triple to sextuple the answer.
    # A shim that does not say is taken to keep them, as before the field existed.
    module_log: StrictBool = True


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
