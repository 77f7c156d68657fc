"""Errors inside the sandbox. Every one becomes an ISPAPI reply, never an HTTP 500.

SandboxError                 root
└── CommandError             an ISPAPI error reply: CODE + DESCRIPTION (detail after "; ")
    ├── InvalidCommand       500 unknown command
    ├── InvalidAttribute     503 parameter the command doesn't know
    ├── MissingAttribute     504 required parameter missing
    ├── InvalidSyntax        505 malformed value
    ├── AuthenticationFailed 530
    ├── AuthorizationFailed  531
    └── ObjectNotFound       545
ControlError                 a control request (sandbox/controls.py) that cannot be carried out
"""

from __future__ import annotations

# The registry's own descriptions (docs/ispapi-wire.md §3); details follow after "; ".
DESCRIPTIONS: dict[int, str] = {
    200: "Command completed successfully",
    210: "Domain name available",
    211: "Domain name not available",
    212: "Nameserver is available",
    213: "Nameserver not available",
    218: "Request is available",
    219: "Request is not available",
    420: "Command failed due to server error. Server closing connection",
    421: "Command failed due to server error. Client should try again",
    423: "Command failed due to server error. Client should try again (Could not get session)",
    425: "Service temporarily locked; usage exceeded",
    500: "Invalid command name",
    501: "Invalid command option",
    502: "Invalid entity value",
    503: "Invalid attribute name",
    504: "Missing required attribute",
    505: "Invalid attribute value syntax",
    506: "Invalid option value",
    507: "Invalid command format",
    510: "Command not supported for this class",
    520: "Server closing connection. Client should try opening new connection",
    521: "Too many sessions open",
    530: "Authentication failed",
    531: "Authorization failed",
    532: "Domain names linked with name server",
    534: "Object has not been flagged for transfer",
    536: "Object already flagged for transfer",
    540: "Attribute value is not unique",
    541: "Invalid attribute value",
    543: "Final or implicit attribute cannot be updated",
    544: "Entity on hold",
    545: "Object not found",
    546: "Credit limit exceeded",
    547: "Invalid command sequence",
    548: "Object is not up for renewal",
    549: "Command failed",
    552: "Object status does not allow for operation",
    553: "Operation not allowed. Object pending transfer",
    554: "Object already registered",
    555: "Object already renewed",
}


def describe(code: int, detail: str = "") -> str:
    base = DESCRIPTIONS.get(code, "Command failed")
    return f"{base}; {detail}" if detail else base


class SandboxError(Exception):
    """Root of the sandbox's own errors."""


class CommandError(SandboxError):
    """An ISPAPI error reply. `code` is the 3-digit code; the description follows the registry's wording."""

    default_code = 549

    def __init__(self, detail: str = "", *, code: int | None = None) -> None:
        self.code = code if code is not None else self.default_code
        self.description = describe(self.code, detail)
        super().__init__(f"{self.code} {self.description}")


class InvalidCommand(CommandError):
    default_code = 500


class InvalidAttribute(CommandError):
    default_code = 503


class MissingAttribute(CommandError):
    default_code = 504


class InvalidSyntax(CommandError):
    default_code = 505


class AuthenticationFailed(CommandError):
    default_code = 530


class AuthorizationFailed(CommandError):
    default_code = 531


class ObjectNotFound(CommandError):
    default_code = 545


class ControlError(SandboxError):
    """A control request that cannot be carried out (unknown fault kind, unknown object ...)."""
