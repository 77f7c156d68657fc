"""Errors of the additional-domain-fields package.

AdditionalFieldsError            root of everything this package raises on purpose
├── DefinitionError              (also ValueError) a data or translation file is invalid; names file
│                                and field; raised while loading, so a bad file stops the boot
└── FieldValidationError         (also app.errors.InvalidInput) an order's value is missing or malformed;
                                 `field` is the WHMCS field Name, `message` is translated; nothing sent
"""

from __future__ import annotations

from app.errors import InvalidInput

__all__ = ["AdditionalFieldsError", "DefinitionError", "FieldValidationError"]


class AdditionalFieldsError(Exception):
    """Root of every error raised on purpose by `app.additional_fields`."""


class DefinitionError(AdditionalFieldsError, ValueError):
    """A field definition or translation file does not validate; the message names file and field."""


class FieldValidationError(AdditionalFieldsError, InvalidInput):
    """A submitted additional-field value is missing or malformed (checked before any upstream call)."""

    def __init__(self, message: str, *, field: str, problems: list[tuple[str, str]] | None = None) -> None:
        InvalidInput.__init__(self, message, field=field)
        # every (field Name, translated message) found, the first one is `field`/`message`
        self.problems = problems if problems is not None else [(field, message)]
