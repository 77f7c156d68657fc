"""Per-TLD additional domain fields: data files validated at start-up, WHMCS field arrays, validation and
ISPAPI parameters (docs/module-behaviour.md §5). See `engine.py` for the behaviour and `data/` for the
definitions."""

from __future__ import annotations

from app.additional_fields.engine import AppliedFields, FieldsRegistry, configure, default_registry
from app.additional_fields.errors import AdditionalFieldsError, DefinitionError, FieldValidationError
from app.additional_fields.schema import FieldDef, FieldType, Operation

__all__ = [
    "AdditionalFieldsError",
    "AppliedFields",
    "DefinitionError",
    "FieldDef",
    "FieldType",
    "FieldValidationError",
    "FieldsRegistry",
    "Operation",
    "configure",
    "default_registry",
]
