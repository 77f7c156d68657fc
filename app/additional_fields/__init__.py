"""Per-TLD additional domain fields: data files validated at start-up, WHMCS field arrays, validation and
ISPAPI parameters (ref-module.md §5). See `engine.py` for the behaviour and `data/` for the definitions."""

from __future__ import annotations

from app.additional_fields.engine import OVERRIDE_DIR_ENV, AppliedFields, FieldsRegistry, default_registry
from app.additional_fields.errors import AdditionalFieldsError, DefinitionError, FieldValidationError
from app.additional_fields.schema import FieldDef, FieldType, Operation

__all__ = [
    "OVERRIDE_DIR_ENV",
    "AdditionalFieldsError",
    "AppliedFields",
    "DefinitionError",
    "FieldDef",
    "FieldType",
    "FieldValidationError",
    "FieldsRegistry",
    "Operation",
    "default_registry",
]
