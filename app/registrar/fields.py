"""Per-TLD additional domain fields inside the registrar operations (docs/module-behaviour.md §5).

* `extension_params` validates WHMCS's `additionalfields` for one operation and returns the exact ISPAPI
  parameters of `app.additional_fields` (nothing else): RegisterDomain, TransferDomain (only the TLDs and
  fields of the transfer set, so registration-only data such as the .hk documents is never sent on a
  transfer, docs/field-reports.md §2c) and the later contact/trade path (`Operation.TRADE`). It runs before
  the first upstream call; a `FieldValidationError` (an `InvalidInput`) names the field in the WHMCS client's
  language. Fields needed or known at one backend only (e.g. CNR's .au eligibility) follow the module's
  `Backend` setting.
* `apply_to_command` merges the parameters into a command and drops the contact sub-fields the data says
  to remove (e.g. `.dk` legal type INDIV removes `OWNERCONTACT0ORGANIZATION`, docs/module-behaviour.md §5.3).
* `AdditionalFieldsCatalogue` (kind `fields`) hands the shim the whole catalogue plus a version hash for
  its local cache, so `ispapi_AdditionalDomainFields` never calls the bridge on a cart render.

Errors: only `app.additional_fields.FieldValidationError` (InvalidInput) leaves this module.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from app.additional_fields import AppliedFields, FieldsRegistry, Operation, default_registry
from app.api.envelope import Result, ResultKind
from app.contract.prefill import CLIENT_BLOCKS
from app.registrar import params as p
from app.registrar.base import RegistrarContext, operation

__all__ = [
    "CATALOGUE_FUNCTION",
    "apply_to_command",
    "catalogue",
    "client_language",
    "extension_params",
    "submitted_values",
]

CATALOGUE_FUNCTION = "AdditionalFieldsCatalogue"
FALLBACK_LANGUAGE = "english"
# Where WHMCS (or the shim) may put the client's language: the params themselves, then the client block.
_CLIENT_BLOCKS = CLIENT_BLOCKS


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def client_language(params: p.Params) -> str:
    """The WHMCS client language (`params.language`, else the client block's), english when unknown."""
    language = p.text(params, "language")
    for block in _CLIENT_BLOCKS:
        if language:
            break
        language = p.text(_mapping(params.get(block)), "language")
    return language.lower() or FALLBACK_LANGUAGE


def submitted_values(params: p.Params) -> dict[str, str]:
    """`params.additionalfields` (keyed by field Name, as WHMCS stores them) as plain strings.

    WHMCS sends a map; an empty PHP array arrives as `[]`. Nested or null values count as not submitted.
    """
    raw = params.get("additionalfields")
    if not isinstance(raw, Mapping):
        return {}
    values: dict[str, str] = {}
    for name, value in raw.items():
        if isinstance(value, bool):
            values[str(name)] = "on" if value else ""
        elif isinstance(value, str | int | float):
            values[str(name)] = str(value)
    return values


def extension_params(
    ctx: RegistrarContext,
    op: Operation,
    *,
    tld: str,
    values: Mapping[str, str],
    registrant_country: str,
) -> AppliedFields:
    """Validate `values` for `tld`/`op` and return what they add to the command (pure; no upstream call).

    Normalised text values (docs/module-behaviour.md §5.2 step 3: WHMCS stores what was sent) are queued as
    `additional_field` WHMCS updates when the call names a `domainid`.
    """
    params = ctx.params
    applied = default_registry().apply(
        tld,
        op,
        values,
        registrant_country=registrant_country,
        language=client_language(params),
        client=params,
        backend=ctx.config.backend.value,
    )
    domainid = p.whmcs_id(params, "domainid")
    if domainid is not None:
        for name, value in applied.normalised_values.items():
            ctx.effects.whmcs_updates.append(
                {"type": "additional_field", "domainid": domainid, "name": name, "value": value}
            )
    return applied


def apply_to_command(command: dict[str, Any], applied: AppliedFields) -> dict[str, Any]:
    """Drop the contact sub-fields the fields remove, then add the extension parameters (in place)."""
    for role, key in applied.remove_contact_fields:
        command.pop(role + key, None)
    command.update(applied.params)
    return command


def catalogue() -> dict[str, Any]:
    """The shim's cache document: every TLD x operation x language as WHMCS entries, plus a version hash."""
    return _catalogue_of(default_registry())


@lru_cache(maxsize=2)
def _catalogue_of(registry: FieldsRegistry) -> dict[str, Any]:
    export = registry.export()
    text = json.dumps(export, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    version = hashlib.sha256(text.encode()).hexdigest()[:16]
    return {"version": version, **export}


@operation(CATALOGUE_FUNCTION)
async def additional_fields_catalogue(_ctx: RegistrarContext) -> Result:
    """The field catalogue for the shim's local cache; no registry call (docs/whmcs.md §4.1)."""
    return Result(kind=ResultKind.FIELDS, value=catalogue())
