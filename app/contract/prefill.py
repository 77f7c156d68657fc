"""Which client data pre-fills an additional domain field's Default, as data read by both the bridge
(app/additional_fields/engine.py) and the shim's field cache (lib/FieldsCache.php, generated tables).

Client data is looked up in the WHMCS params themselves, then in each of their CLIENT_BLOCKS (the shim
also reads the WHMCS database when none has it). A rule's value is the first non-empty of the client's
`client_keys`, else its client custom field `custom_field` (by text id); then upper-cased (`upper`) or
translated through `value_map` (by the lower-cased value; no entry: no prefill). A value that is not one of
a dropdown's options pre-fills nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["CA_LANGUAGES", "CLIENT_BLOCKS", "PREFILL", "PrefillRule"]

# The params that hold the client's details, after the params themselves.
CLIENT_BLOCKS: tuple[str, ...] = ("clientsdetails", "clientdetails", "client")

# The client's WHMCS language -> the .ca registry's Contact Language.
CA_LANGUAGES: Mapping[str, str] = MappingProxyType({"english": "EN", "french": "FR"})


@dataclass(frozen=True)
class PrefillRule:
    client_keys: tuple[str, ...] = ()
    custom_field: str | None = None
    upper: bool = False
    value_map: Mapping[str, str] = field(default_factory=dict)


# Keyed by the `prefill` value of app/additional_fields/data/*.toml (schema.Prefill).
PREFILL: Mapping[str, PrefillRule] = MappingProxyType(
    {
        # WHMCS keeps the client's VAT id as `tax_id`; some WHMCS params name it `tax_id_number`
        "vat_id": PrefillRule(client_keys=("tax_id", "tax_id_number")),
        "dk_id": PrefillRule(
            client_keys=("dkhostmasteruserid",), custom_field="dkhostmasteruserid", upper=True
        ),
        "language": PrefillRule(client_keys=("language",), value_map=CA_LANGUAGES),
    }
)
