"""Errors of the bridge, and the one place that maps them to HTTP and to the response envelope.

    BridgeError                      anything the bridge reports on purpose
    ├── RequestRejected              the HTTP request itself is not acceptable (never reaches a registrar)
    │   ├── AuthenticationFailed     401: missing/wrong signature, stale timestamp, replayed request id
    │   ├── UnknownFunction          404: no such WHMCS function
    │   ├── PayloadTooLarge          413: body over the limit
    │   └── MalformedEnvelope        422: the JSON envelope does not validate
    └── OperationFailed              the call was understood; WHMCS gets {"ok": false, "error": ...} (HTTP 200)
        ├── InvalidInput             bad WHMCS params (hostname, IP, contact field ...), nothing sent upstream
        ├── RegistryRejected         the registry answered with an error code (code + description kept)
        ├── UpstreamUnavailable      the registry could not be reached; the command was certainly not executed
        └── OutcomeUnknown           the command may have been executed (reply lost); the journal reconciles
"""

from __future__ import annotations


class BridgeError(Exception):
    """Root of every error the bridge raises on purpose."""

    code = "BRIDGE_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RequestRejected(BridgeError):
    """The HTTP request is refused before any registrar work."""

    status_code = 400


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
