"""CNR return codes as data: the documented table, their class and the retry policy.

The first digit classifies a code (2 success, 4 temporary, 5 permanent), as in ISPAPI, but the table
itself differs in places (545 is "Entity reference not found", where ISPAPI says "Object not found").
The texts are the registry's own descriptions; a reply may carry a more specific DESCRIPTION. The wire
rules around them are summarised in docs/cnr-protocol.md.
"""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum

__all__ = ["Code", "CodeClass", "DESCRIPTIONS", "classify", "is_read_command", "is_retryable"]


class Code(IntEnum):
    """Every documented CNR return code, named for what it means."""

    COMMAND_COMPLETED = 200
    DOMAIN_AVAILABLE = 210
    DOMAIN_NOT_AVAILABLE = 211
    NAMESERVER_AVAILABLE = 212
    NAMESERVER_NOT_AVAILABLE = 213
    CONTACT_AVAILABLE = 214
    CONTACT_NOT_AVAILABLE = 215
    REQUEST_AVAILABLE = 218
    REQUEST_NOT_AVAILABLE = 219
    COMPLETED_CLOSING = 220
    SERVER_ERROR_CLOSING = 420
    SERVER_ERROR_TRY_AGAIN = 421
    ABUSE_LOCKED = 422
    SOCKET_ERROR = 423
    INVALID_COMMAND_NAME = 500
    INVALID_COMMAND_OPTION = 501
    INVALID_ENTITY_VALUE = 502
    INVALID_ATTRIBUTE_NAME = 503
    MISSING_REQUIRED_ATTRIBUTE = 504
    INVALID_ATTRIBUTE_SYNTAX = 505
    INVALID_OPTION_VALUE = 506
    INVALID_COMMAND_FORMAT = 507
    MISSING_REQUIRED_ENTITY = 508
    MISSING_COMMAND_OPTION = 509
    SERVER_CLOSING_RECONNECT = 520
    TOO_MANY_SESSIONS = 521
    AUTHENTICATION_FAILED = 530
    AUTHORIZATION_FAILED = 531
    DOMAINS_LINKED_WITH_NAMESERVER = 532
    DOMAIN_HAS_ACTIVE_NAMESERVERS = 533
    DOMAIN_NOT_FLAGGED_FOR_TRANSFER = 534
    RESTRICTED_IP_ADDRESS = 535
    DOMAIN_ALREADY_FLAGGED_FOR_TRANSFER = 536
    ATTRIBUTE_NOT_UNIQUE = 540
    INVALID_ATTRIBUTE_VALUE = 541
    INVALID_OLD_VALUE = 542
    ATTRIBUTE_NOT_UPDATABLE = 543
    ENTITY_ON_HOLD = 544
    ENTITY_REFERENCE_NOT_FOUND = 545
    CREDIT_LIMIT_EXCEEDED = 546
    INVALID_COMMAND_SEQUENCE = 547
    DOMAIN_NOT_UP_FOR_RENEWAL = 548
    COMMAND_FAILED = 549
    PARENT_DOMAIN_NOT_REGISTERED = 550
    PARENT_DOMAIN_STATUS_PROHIBITS = 551
    DOMAIN_STATUS_PROHIBITS = 552
    DOMAIN_PENDING_TRANSFER = 553
    DOMAIN_ALREADY_REGISTERED = 554
    DOMAIN_ALREADY_RENEWED = 555
    MAXIMUM_PERIOD_EXCEEDED = 556
    OBJECT_STATUS_PROHIBITS = 557
    RESOURCE_DISABLED = 560
    RESOURCE_IN_USE = 561
    EMAIL_USES_FORWARDING = 562
    EMAIL_USES_MAILSPACE = 563
    EMAIL_DOMAIN_LINKED_ELSEWHERE = 564

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self]


DESCRIPTIONS: dict[Code, str] = {
    Code.COMMAND_COMPLETED: "Command completed successfully",
    Code.DOMAIN_AVAILABLE: "Domain name available",
    Code.DOMAIN_NOT_AVAILABLE: "Domain name not available",
    Code.NAMESERVER_AVAILABLE: "Name server available",
    Code.NAMESERVER_NOT_AVAILABLE: "Name server not available",
    Code.CONTACT_AVAILABLE: "Contact available",
    Code.CONTACT_NOT_AVAILABLE: "Contact not available",
    Code.REQUEST_AVAILABLE: "Request is available",
    Code.REQUEST_NOT_AVAILABLE: "Request is not available",
    Code.COMPLETED_CLOSING: "Command completed successfully. Server closing connection",
    Code.SERVER_ERROR_CLOSING: "Command failed due to server error. Server closing connection",
    Code.SERVER_ERROR_TRY_AGAIN: "Command failed due to server error. Client should try again",
    Code.ABUSE_LOCKED: (
        "Abuse detected! The account has been temporarily locked! Please standby some minutes."
    ),
    Code.SOCKET_ERROR: "error (socket error)",
    Code.INVALID_COMMAND_NAME: "Invalid command name",
    Code.INVALID_COMMAND_OPTION: "Invalid command option",
    Code.INVALID_ENTITY_VALUE: "Invalid entity value",
    Code.INVALID_ATTRIBUTE_NAME: "Invalid attribute name",
    Code.MISSING_REQUIRED_ATTRIBUTE: "Missing required attribute",
    Code.INVALID_ATTRIBUTE_SYNTAX: "Invalid attribute value syntax",
    Code.INVALID_OPTION_VALUE: "Invalid option value",
    Code.INVALID_COMMAND_FORMAT: "Invalid command format",
    Code.MISSING_REQUIRED_ENTITY: "Missing required entity",
    Code.MISSING_COMMAND_OPTION: "Missing command option",
    Code.SERVER_CLOSING_RECONNECT: "Server closing connection. Client should try opening new connection",
    Code.TOO_MANY_SESSIONS: "Too many sessions open. Server closing connection",
    Code.AUTHENTICATION_FAILED: "Authentication failed",
    Code.AUTHORIZATION_FAILED: "Authorization failed",
    Code.DOMAINS_LINKED_WITH_NAMESERVER: "Domain names linked with name server",
    Code.DOMAIN_HAS_ACTIVE_NAMESERVERS: "Domain name has active name servers",
    Code.DOMAIN_NOT_FLAGGED_FOR_TRANSFER: "Domain name has not been flagged for transfer",
    Code.RESTRICTED_IP_ADDRESS: "Restricted IP address",
    Code.DOMAIN_ALREADY_FLAGGED_FOR_TRANSFER: "Domain already flagged for transfer",
    Code.ATTRIBUTE_NOT_UNIQUE: "Attribute value is not unique",
    Code.INVALID_ATTRIBUTE_VALUE: "Invalid attribute value",
    Code.INVALID_OLD_VALUE: "Invalid old value for an attribute",
    Code.ATTRIBUTE_NOT_UPDATABLE: "Final or implicit attribute cannot be updated",
    Code.ENTITY_ON_HOLD: "Entity on hold",
    Code.ENTITY_REFERENCE_NOT_FOUND: "Entity reference not found",
    Code.CREDIT_LIMIT_EXCEEDED: "Credit limit exceeded",
    Code.INVALID_COMMAND_SEQUENCE: "Invalid command sequence",
    Code.DOMAIN_NOT_UP_FOR_RENEWAL: "Domain is not up for renewal",
    Code.COMMAND_FAILED: "Command failed",
    Code.PARENT_DOMAIN_NOT_REGISTERED: "Parent domain not registered",
    Code.PARENT_DOMAIN_STATUS_PROHIBITS: "Parent domain status does not allow for operation",
    Code.DOMAIN_STATUS_PROHIBITS: "Domain status does not allow for operation",
    Code.DOMAIN_PENDING_TRANSFER: "Operation not allowed. Domain pending transfer",
    Code.DOMAIN_ALREADY_REGISTERED: "Domain already registered",
    Code.DOMAIN_ALREADY_RENEWED: "Domain already renewed",
    Code.MAXIMUM_PERIOD_EXCEEDED: "Maximum registration period exceeded",
    Code.OBJECT_STATUS_PROHIBITS: "Object status prohibits operation",
    Code.RESOURCE_DISABLED: "Resource is disabled",
    Code.RESOURCE_IN_USE: "Resource still in use",
    Code.EMAIL_USES_FORWARDING: "Email address already uses forwarding",
    Code.EMAIL_USES_MAILSPACE: "Email address already uses mailspace",
    Code.EMAIL_DOMAIN_LINKED_ELSEWHERE: "Email domain already linked to a different mailspace",
}


class CodeClass(StrEnum):
    """What the first digit of a code says about the command."""

    SUCCESS = "success"  # 2xx: executed
    TEMPORARY = "temporary"  # 4xx: not executed, may succeed if sent again later
    PERMANENT = "permanent"  # 5xx: not executed, sending it again gives the same answer
    UNKNOWN = "unknown"  # any other first digit: undocumented, treat like a permanent error


_CLASS_BY_DIGIT = {2: CodeClass.SUCCESS, 4: CodeClass.TEMPORARY, 5: CodeClass.PERMANENT}

# Temporary codes that an automatic retry must not chase: 422 locks the account for minutes because of
# too many requests, so sending more only prolongs the lock.
_NOT_RETRIED: frozenset[int] = frozenset({Code.ABUSE_LOCKED})
# Permanent by digit, but they describe the connection rather than the command: a new HTTP request is a
# new connection, so a read command may be sent again at once.
_RETRIED_PERMANENT: frozenset[int] = frozenset({Code.SERVER_CLOSING_RECONNECT})


def classify(code: int) -> CodeClass:
    """The class of a reply code (also for codes missing from the table)."""
    return _CLASS_BY_DIGIT.get(code // 100, CodeClass.UNKNOWN) if 100 <= code <= 999 else CodeClass.UNKNOWN


def is_retryable(code: int) -> bool:
    """True when a read command answered with `code` may be sent again automatically."""
    if code in _NOT_RETRIED:
        return False
    return classify(code) is CodeClass.TEMPORARY or code in _RETRIED_PERMANENT


# Commands that only read: Status*, Query*, Check* and Get* (GetZoneInfo, GetNameSuggestion...). Nothing
# else is ever retried automatically; a lost reply of a write must be reconciled by the caller.
_READ_COMMAND = re.compile(r"(?:status|query|check|get)[a-z]", re.IGNORECASE)


def is_read_command(command_name: str) -> bool:
    """True for commands that are safe to send again (Status*, Query*, Check*, Get*)."""
    return bool(_READ_COMMAND.match(command_name))
