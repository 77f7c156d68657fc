"""Pydantic models of the field data files (`data/*.toml`) and of a resolved field.

Raw models (`KindSpec`, `FieldSpec`, `TldFile`) mirror the TOML text and refuse unknown keys, so a typo in a
data file fails the boot. `FieldDef` is the resolved, immutable field the engine works with (kind merged in,
placeholders filled, translation keys fixed). Vocabulary follows docs/module-behaviour.md §5.1/§5.3.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ContactRole",
    "FieldDef",
    "FieldSpec",
    "FieldType",
    "KindSpec",
    "Operation",
    "OptionDef",
    "OptionSpec",
    "Prefill",
    "TldFile",
]


class Operation(StrEnum):
    """Process types of docs/module-behaviour.md §5.1 (lib register/transfer/trade/whoisprivacy; `update`
    derives from register)."""

    REGISTER = "register"
    TRANSFER = "transfer"
    TRADE = "trade"
    WHOISPRIVACY = "whoisprivacy"
    UPDATE = "update"


STORED_OPERATIONS = (Operation.REGISTER, Operation.TRANSFER, Operation.TRADE, Operation.WHOISPRIVACY)


class FieldType(StrEnum):
    TEXT = "text"
    DROPDOWN = "dropdown"
    TICKBOX = "tickbox"


class Prefill(StrEnum):
    """Client data that pre-fills a field's Default (docs/module-behaviour.md §5.6)."""

    VAT_ID = "vat_id"  # client `tax_id`
    DK_ID = "dk_id"  # client custom field `dkhostmasteruserid`, upper-cased
    LANGUAGE = "language"  # client language -> EN / FR (.ca Contact Language)


ContactRole = Literal["OWNERCONTACT0", "ADMINCONTACT0", "TECHCONTACT0", "BILLINGCONTACT0"]
ContactKey = Literal[
    "FIRSTNAME",
    "LASTNAME",
    "ORGANIZATION",
    "STREET",
    "CITY",
    "STATE",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "FAX",
    "EMAIL",
]
OptionsFrom = Literal["countries", "eu_countries"]
# The registry APIs behind the module (app/registry Backend values): a field may be needed, or its parameter
# known, at only some of them.
BackendName = Literal["ispapi", "cnr"]

_PARAM = re.compile(r"^(X-[A-Z0-9.{}-]+|AUTH)$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionSpec(_Strict):
    """One dropdown option: the registry value, legacy labels accepted on input, optional translation key."""

    value: str
    aliases: list[str] = Field(default_factory=list)
    key: str | None = None


class ContactRemoval(_Strict):
    role: ContactRole
    key: ContactKey


class FieldSpec(_Strict):
    """A field as written in a TLD file; every key optional when a `kind` provides it."""

    kind: str | None = None
    role: Literal["registrant", "admin", "tech", "billing"] | None = None
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    type: FieldType | None = None
    i18n: str | None = None
    options: list[OptionSpec] | None = None
    options_from: OptionsFrom | None = None
    empty_option: bool | None = None
    default: str | None = None
    required: bool | None = None
    required_if: dict[str, list[str]] | None = None
    # Required only when the module's backend is one of these (e.g. CNR's .au relation to the name, which
    # HEXONET derives itself); the description says so.
    required_on: list[BackendName] | None = None
    # The parameter exists only at these backends: elsewhere the value is kept in WHMCS but not sent.
    sent_on: list[BackendName] | None = None
    pattern: str | None = None
    # What a customer must type when there is a pattern, shown in the description and in the error
    # ("YYYY-MM-DD", "CHE-123.456.789"): a regular expression means nothing to them.
    format: str | None = Field(default=None, min_length=1, max_length=40)
    prefill: Prefill | None = None
    param: str | None = None
    value_map: dict[str, str] | None = None
    case: Literal["upper", "lower"] | None = None
    checked: str | None = None
    unchecked: str | None = None
    cmd_remove: dict[str, list[ContactRemoval]] | None = None
    ignore_countries: list[str] | None = None
    operations: list[Operation] | None = None
    protectable_if: dict[str, str] | None = None
    size: int | None = Field(default=None, ge=1, le=200)

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"pattern does not compile: {exc}") from exc
        return value

    @field_validator("ignore_countries")
    @classmethod
    def _iso_codes(cls, value: list[str] | None) -> list[str] | None:
        for code in value or []:
            if not _COUNTRY.match(code):
                raise ValueError(f"ignore_countries entry {code!r} is not an upper-case ISO 3166 code")
        return value

    @field_validator("operations")
    @classmethod
    def _no_update(cls, value: list[Operation] | None) -> list[Operation] | None:
        if value and Operation.UPDATE in value:
            raise ValueError("'update' is derived from 'register' and cannot be listed")
        return value


class KindSpec(FieldSpec):
    """A generic field kind (`data/_kinds.toml`); its text may hold {TLDCLASS}, {ROLE}, {Role}, {role}."""

    @model_validator(mode="after")
    def _kind_is_not_nested(self) -> KindSpec:
        if self.kind is not None:
            raise ValueError("a kind cannot itself reference a kind")
        return self


class TldFile(_Strict):
    """One `data/<tld>.toml` file."""

    tld: str
    operations: list[Operation]
    tld_class: str | None = None
    i18n_group: str | None = None
    same_as: str | None = None
    removes: list[str] = Field(default_factory=list)
    fields: list[FieldSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fields_or_alias(self) -> TldFile:
        if self.same_as is not None and self.fields:
            raise ValueError("a file with same_as takes its fields from that TLD and lists none itself")
        if Operation.UPDATE in self.operations:
            raise ValueError("'update' is derived from 'register' and cannot be listed")
        return self


class OptionDef(_Strict):
    value: str
    key: str
    aliases: tuple[str, ...] = ()


class FieldDef(_Strict):
    """A resolved field: everything the engine needs, no placeholders left."""

    name: str
    aliases: tuple[str, ...] = ()
    type: FieldType
    label_key: str
    description_key: str
    options: tuple[OptionDef, ...] = ()
    empty_option: bool = True
    default: str | None = None
    required: bool = False
    required_if: tuple[tuple[str, tuple[str, ...]], ...] = ()
    required_on: tuple[BackendName, ...] = ()
    sent_on: tuple[BackendName, ...] = ()
    pattern: str | None = None
    format: str | None = None
    prefill: Prefill | None = None
    param: str | None = None
    value_map: tuple[tuple[str, str], ...] = ()
    case: Literal["upper", "lower"] | None = None
    checked: str = "1"
    unchecked: str | None = None
    cmd_remove: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    ignore_countries: tuple[str, ...] = ()
    operations: tuple[Operation, ...]
    protectable_if: tuple[tuple[str, str], ...] = ()
    size: int | None = None

    @field_validator("param")
    @classmethod
    def _param_shape(cls, value: str | None) -> str | None:
        if value is not None and not _PARAM.match(value):
            raise ValueError(f"param {value!r} is not an ISPAPI X- parameter")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> FieldDef:
        if self.type is FieldType.DROPDOWN and not self.options:
            raise ValueError(f"dropdown {self.name!r} has no options")
        if self.type is not FieldType.DROPDOWN and self.options:
            raise ValueError(f"{self.type} field {self.name!r} cannot have options")
        if self.required and (self.required_if or self.required_on):
            raise ValueError(f"field {self.name!r} is both required and conditionally required")
        if self.pattern and not self.format:
            raise ValueError(f"field {self.name!r} has a pattern but no 'format' to show customers")
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError(f"field {self.name!r} has duplicate option values")
        return self

    def names(self) -> tuple[str, ...]:
        """The Name and every legacy alias WHMCS may have stored the value under."""
        return (self.name, *self.aliases)
