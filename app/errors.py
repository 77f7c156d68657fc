"""Errors of the bridge, and the one place that maps them to HTTP and to the response envelope.

    BridgeError                      anything the bridge reports on purpose
    ├── RequestRejected              the HTTP request itself is not acceptable (never reaches a registrar)
    │   ├── AuthenticationFailed     401: missing/wrong signature, stale timestamp, replayed request id
    │   ├── UnknownFunction          404: no such WHMCS function
    │   ├── PayloadTooLarge          413: body over the limit
    │   ├── MalformedEnvelope        422: the JSON envelope does not validate (field errors, never values)
    │   ├── HeaderMismatch           400: X-Request-Id / Idempotency-Key disagree with the signed envelope
    │   └── ServiceUnavailable       503: the bridge's database cannot be used now (down, stalled,
    │                                     locked, read-only, file deleted); nothing was sent; retryable
    └── OperationFailed              understood; WHMCS gets {"ok": false, "error": ...} (HTTP 200)
        ├── InvalidInput             bad WHMCS params (hostname, IP, contact field ...), nothing sent upstream
        │   └── InvalidSetting       a module setting (e.g. ProxyServer) is unusable; names the setting
        ├── RegistryRejected         the registry answered with an error code (code + description kept)
        ├── UpstreamUnavailable      the registry could not be reached; the command was certainly not executed
        ├── OutcomeUnknown           the command may have been executed (reply lost); the journal reconciles
        │   └── OperationInProgress  the order is still being processed (another request, or the registry)
        ├── IdempotencyConflict      the idempotency key belongs to another function or domain
        └── InternalError            a bug in the bridge; details only in the bridge log

`RequestRejected` leaves as an HTTP error status with `rejection_body()`; `OperationFailed` leaves inside a
normal response envelope via `error_body()`. Those two functions are the one mapping from errors to the wire.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class BridgeError(Exception):
    """Root of every error the bridge raises on purpose."""

    code = "BRIDGE_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RequestRejected(BridgeError):
    """The HTTP request is refused before any registrar work."""

    status_code = 400
    retryable = False


class AuthenticationFailed(RequestRejected):
    status_code = 401
    code = "UNAUTHORIZED"


class UnknownFunction(RequestRejected):
    status_code = 404
    code = "UNKNOWN_FUNCTION"


class PayloadTooLarge(RequestRejected):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class MalformedEnvelope(RequestRejected):
    status_code = 422
    code = "MALFORMED_ENVELOPE"

    def __init__(self, message: str, *, fields: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(message)
        # [{"loc": [...], "msg": "..."}]: where and what, never the value (config holds the password)
        self.fields = list(fields)


class HeaderMismatch(RequestRejected):
    status_code = 400
    code = "HEADER_MISMATCH"


class ServiceUnavailable(RequestRejected):
    """The bridge cannot serve now (its database is down, stalled, locked or read-only); retry later.

    503 is what the shim reports like an unreachable bridge ("cURL error ..."), so WHMCS's cron skips the
    registrar for the run instead of failing every domain the same way."""

    status_code = 503
    code = "SERVICE_UNAVAILABLE"
    retryable = True


class OperationFailed(BridgeError):
    """A registrar operation failed; reported inside a normal response envelope."""

    code = "OPERATION_FAILED"
    retryable = False


class InvalidInput(OperationFailed):
    """A WHMCS parameter is missing or malformed; `field` names it for the reseller."""

    code = "INVALID_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidSetting(InvalidInput):
    """A registrar module setting cannot be used as configured; `field` is the setting's name."""

    code = "INVALID_SETTING"

    def __init__(self, message: str, *, setting: str) -> None:
        super().__init__(message, field=setting)


class RegistryRejected(OperationFailed):
    """The registry answered with an error; the message is what WHMCS shows the admin."""

    code = "REGISTRY_REJECTED"

    def __init__(self, message: str, *, registry_code: int | None = None, description: str = "") -> None:
        super().__init__(message)
        self.registry_code = registry_code
        self.description = description


class UpstreamUnavailable(OperationFailed):
    """ISPAPI unreachable or temporarily failing (4xx codes); safe to retry later."""

    code = "UPSTREAM_UNAVAILABLE"
    retryable = True


class OutcomeUnknown(OperationFailed):
    """The command may have taken effect but no reply arrived; retrying reconciles first."""

    code = "OUTCOME_UNKNOWN"
    retryable = True


class OperationInProgress(OutcomeUnknown):
    """The order is still being processed: a request holds its idempotency key right now, or an earlier
    attempt's money command may still be executing at the registry. Nothing was sent; retry later."""

    code = "OPERATION_IN_PROGRESS"


class IdempotencyConflict(OperationFailed):
    """The idempotency key is already bound to another function or domain; nothing was sent."""

    code = "IDEMPOTENCY_CONFLICT"


class InternalError(OperationFailed):
    """Unexpected failure inside the bridge; the message only carries the request id for the log lookup."""

    code = "INTERNAL_ERROR"
    retryable = False


def error_body(exc: OperationFailed) -> dict[str, Any]:
    """The envelope's `error` object for a failed operation (ErrorBody shape)."""
    return {"message": exc.message, "code": exc.code, "retryable": exc.retryable}


def rejection_body(exc: RequestRejected) -> dict[str, Any]:
    """The JSON body sent with the HTTP error status of a rejected request."""
    error: dict[str, Any] = {"message": exc.message, "code": exc.code, "retryable": exc.retryable}
    if isinstance(exc, MalformedEnvelope) and exc.fields:
        error["fields"] = exc.fields
    return {"ok": False, "error": error}
