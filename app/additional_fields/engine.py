"""The additional-fields engine: lookup with 2nd-level fallback, the WHMCS field array, validation and the
translation of submitted values into ISPAPI parameters (docs/module-behaviour.md §5.2, §5.3, §5.6, §9.4).

All decisions are pure functions of the loaded data, the submitted values and the client data; nothing here
talks to the network. `default_registry()` builds the registry once per process.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import idna

from app.additional_fields.errors import FieldValidationError
from app.additional_fields.loader import (
    DATA_DIR,
    I18N_DIR,
    LANGUAGES,
    FieldData,
    load_data,
    load_translations,
    slug,
)
from app.additional_fields.normalise import TICKED, Clock, normalise_param, utc_now
from app.additional_fields.schema import FieldDef, FieldType, Operation
from app.contract.prefill import CLIENT_BLOCKS, PREFILL, PrefillRule

__all__ = ["AppliedFields", "FieldsRegistry", "configure", "default_registry"]

FALLBACK_LANGUAGE = "english"
TEXT_SIZE = 30
# WHMCS splits Options on commas, so commas inside a label become U+201A (docs/module-behaviour.md §5.3).
_LOW_COMMA = "\u201a"
# "update" = register without the one-time acceptances and the fax-form confirmation (lib `update` config).
_ONE_TIME = re.compile(r"-ACCEPT-.+-TAC$|-ACCEPT-REQUIREMENTS$|^X-ACCEPT-SSL-REQUIREMENT$|-ACCEPTEDDATE$")
_FAX_FORM_TYPE = {
    Operation.REGISTER: "registration",
    Operation.TRANSFER: "transfer",
    Operation.TRADE: "ownerchange",
    Operation.UPDATE: "ownerchange",
    Operation.WHOISPRIVACY: "ownerchange",
}


@dataclass(frozen=True)
class AppliedFields:
    """What an order's additional fields add to (and remove from) an ISPAPI command."""

    params: dict[str, str] = field(default_factory=dict)
    remove_contact_fields: list[tuple[str, str]] = field(default_factory=list)
    # text fields whose value changed by normalisation: WHMCS should store the new value
    # (docs/module-behaviour.md §5.2 step 3)
    normalised_values: dict[str, str] = field(default_factory=dict)


def _canonical_tld(tld: str) -> str:
    """`.Co.UK` -> `co.uk`, `рф` -> `xn--p1ai`; unknown scripts are kept lower-cased."""
    labels = [label for label in tld.strip().strip(".").lower().split(".") if label]
    out = []
    for label in labels:
        try:
            out.append(idna.encode(label, uts46=True).decode("ascii"))
        except idna.IDNAError:
            out.append(label)
    return ".".join(out)


def _display_tld(tld: str) -> str:
    labels = []
    for label in tld.split("."):
        try:
            labels.append(idna.decode(label) if label.startswith("xn--") else label)
        except idna.IDNAError:
            labels.append(label)
    return "." + ".".join(labels)


def _custom_field(client: Mapping[str, Any], textid: str) -> str:
    """A client custom field by its text id; WHMCS hands these over as a map or a list of entries."""
    custom = client.get("customfields")
    if isinstance(custom, Mapping):
        value = custom.get(textid)
        return value if isinstance(value, str) else ""
    if isinstance(custom, list):
        for entry in custom:
            if isinstance(entry, Mapping) and textid in (entry.get("textid"), entry.get("name")):
                value = entry.get("value")
                return value if isinstance(value, str) else ""
    return ""


def _client_value(params: Mapping[str, Any], rule: PrefillRule) -> str:
    """A prefill rule's raw value: the params, then each client block (as the shim's FieldsCache reads)."""
    blocks = [params, *(b for key in CLIENT_BLOCKS if isinstance(b := params.get(key), Mapping))]
    for block in blocks:
        for key in rule.client_keys:
            value = block.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
        if rule.custom_field is not None:
            value = _custom_field(block, rule.custom_field).strip()
            if value:
                return value
    return ""


class FieldsRegistry:
    """All TLD field definitions and translations, ready to answer WHMCS and to build commands."""

    def __init__(
        self, data: FieldData, translations: Mapping[str, Mapping[str, str]], *, clock: Clock = utc_now
    ) -> None:
        self._data = data
        self._translations = translations
        self._clock = clock
        self._export_cache: dict[str | None, dict[str, Any]] = {}

    @classmethod
    def load(
        cls,
        *,
        data_dir: Path = DATA_DIR,
        i18n_dir: Path = I18N_DIR,
        override_dir: Path | None = None,
        clock: Clock = utc_now,
    ) -> FieldsRegistry:
        return cls(load_data(data_dir), load_translations(i18n_dir, override_dir), clock=clock)

    # ---- lookup -------------------------------------------------------------------------------------
    def _resolve_tld(self, tld: str, op: Operation) -> str | None:
        stored = Operation.REGISTER if op is Operation.UPDATE else op
        key = _canonical_tld(tld)
        if stored in self._data.fields.get(key, {}):
            return key
        # docs/module-behaviour.md §5.3: 2nd-level fallback, `co.uk` -> `uk`
        _, _, parent = key.partition(".")
        if parent and stored in self._data.fields.get(parent, {}):
            return parent
        return None

    def fields_for(self, tld: str, op: Operation) -> list[FieldDef]:
        """The fields for `tld` (no leading dot, U- or A-label) and operation; [] when none are needed."""
        key = self._resolve_tld(tld, op)
        if key is None:
            return []
        if op is Operation.UPDATE:
            return [
                f
                for f in self._data.fields[key][Operation.REGISTER]
                if not (f.param and _ONE_TIME.search(f.param))
                and not (f.type is FieldType.TICKBOX and not f.param)
            ]
        return list(self._data.fields[key][op])

    def tlds(self, op: Operation) -> list[str]:
        stored = Operation.REGISTER if op is Operation.UPDATE else op
        return sorted(tld for tld, ops in self._data.fields.items() if stored in ops)

    def removed_defaults(self, tld: str) -> list[str]:
        key = self._resolve_tld(tld, Operation.REGISTER) or _canonical_tld(tld)
        return list(self._data.removes.get(key, ()))

    # ---- translation --------------------------------------------------------------------------------
    def translate(self, key: str, language: str = FALLBACK_LANGUAGE, **subs: str) -> str:
        lang = language.lower() if language.lower() in LANGUAGES else FALLBACK_LANGUAGE
        text = self._translations[lang].get(key)
        if text is None:
            text = self._translations[FALLBACK_LANGUAGE].get(key, key)
        for name, value in subs.items():
            text = text.replace("{" + name + "}", value)
        return text

    def has_text(self, key: str) -> bool:
        return key in self._translations[FALLBACK_LANGUAGE]

    def label(self, f: FieldDef, language: str = FALLBACK_LANGUAGE) -> str:
        return self.translate(f.label_key, language)

    def format_text(self, f: FieldDef, language: str = FALLBACK_LANGUAGE) -> str:
        """The format a patterned field wants, as the customer's language writes it (JJJJ-MM-TT)."""
        if f.format is None:
            return ""
        key = f"format.{slug(f.format)}"
        return self.translate(key, language) if self.has_text(key) else f.format

    def description(
        self, f: FieldDef, siblings: Sequence[FieldDef], language: str = FALLBACK_LANGUAGE, **subs: str
    ) -> str:
        """What the customer reads under a field: its own text, then the two things WHMCS cannot show
        by itself: the format a pattern wants, and when a conditionally required field is required
        (WHMCS marks only always-required fields; a customer leaves the others empty otherwise)."""
        parts = (
            [self.translate(f.description_key, language, **subs)] if self.has_text(f.description_key) else []
        )
        if f.format is not None:
            parts.append(self.translate("hint.format", language, format=self.format_text(f, language)))
        for other, wanted in f.required_if:
            label, values = self._condition(other, wanted, siblings, language)
            parts.append(self.translate("hint.required_if", language, field=label, values=values))
        if f.required_on:
            backends = [self.translate(f"backend.{name}", language) for name in f.required_on]
            joined = f" {self.translate('hint.or', language)} ".join(backends)
            parts.append(self.translate("hint.required_on", language, backends=joined))
        return " ".join(p if p.endswith((".", "!", "?", ":")) else p + "." for p in parts)

    def _condition(
        self, other: str, wanted: Sequence[str], siblings: Sequence[FieldDef], language: str
    ) -> tuple[str, str]:
        """The controlling field's label and the wanted values as its options read ("A, B or C")."""
        field = next((s for s in siblings if other.lower() in {n.lower() for n in s.names()}), None)
        if field is None:
            return other, ", ".join(wanted)
        shown = {o.value.lower(): self.translate(o.key, language) for o in field.options}
        values = [shown.get(v.lower(), v) for v in wanted]
        joined = (
            values[-1]
            if len(values) == 1
            else f"{', '.join(values[:-1])} {self.translate('hint.or', language)} {values[-1]}"
        )
        return self.label(field, language), joined

    # ---- WHMCS array (AdditionalDomainFields) -------------------------------------------------------
    def _prefill(self, f: FieldDef, client: Mapping[str, Any] | None) -> str | None:
        """The Default a field's prefill rule (app/contract/prefill.py) takes from the client data."""
        if f.prefill is None or client is None:
            return None
        rule = PREFILL[str(f.prefill)]
        value = _client_value(client, rule)
        if rule.upper:
            value = value.upper()
        if rule.value_map:
            value = rule.value_map.get(value.lower(), "")
        if not value:
            return None
        if f.options and value not in {o.value for o in f.options}:
            return None
        return value

    def whmcs_fields(
        self,
        tld: str,
        op: Operation,
        *,
        language: str = FALLBACK_LANGUAGE,
        client: Mapping[str, Any] | None = None,
        whmcs_defaults: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """WHMCS `additionaldomainfields` entries for the TLD, plus `Remove` entries for replaced defaults."""
        key = self._resolve_tld(tld, op) or _canonical_tld(tld)
        fields = self.fields_for(tld, op)
        display = _display_tld(_canonical_tld(tld))
        fax_url = f"https://www.domainform.net/form/{key.rsplit('.', 1)[-1]}/search?view={_FAX_FORM_TYPE[op]}"
        entries: list[dict[str, Any]] = []
        for f in fields:
            entry: dict[str, Any] = {
                "Name": f.name,
                "DisplayName": self.label(f, language),
                "Type": str(f.type),
                "Required": f.required,
            }
            description = self.description(f, fields, language, TLD=display.upper(), FAXFORM=fax_url)
            if description:
                entry["Description"] = description
            default = self._prefill(f, client) or f.default
            if f.type is FieldType.DROPDOWN:
                options = [""] if (f.empty_option and not f.required) else []
                for o in f.options:
                    text = self.translate(o.key, language).replace(",", _LOW_COMMA)
                    options.append(f"{o.value}|{text}")
                entry["Options"] = ",".join(options)
                entry["Default"] = default if default is not None else options[0].split("|", 1)[0]
            elif f.type is FieldType.TEXT:
                entry["Size"] = f.size or TEXT_SIZE
                if default is not None:
                    entry["Default"] = default
            elif default is not None:
                entry["Default"] = default
            entries.append(entry)
        ours = {n.lower() for f in fields for n in f.names()}
        removals = [*self.removed_defaults(tld), *(whmcs_defaults or [])]
        seen: set[str] = set()
        for name in removals:
            if name.lower() in ours or name.lower() in seen:
                continue
            seen.add(name.lower())
            entries.append({"Name": name, "Remove": True})
        return entries

    # ---- validation + command parameters ------------------------------------------------------------
    def _dropdown_value(self, f: FieldDef, raw: str) -> str | None:
        if raw == "":
            return ""
        for o in f.options:
            if raw == o.value:
                return o.value
        lowered = raw.lower()
        for label, value in f.value_map:
            if label.lower() == lowered:
                return value
        for o in f.options:
            candidates = {o.value.lower(), *(a.lower() for a in o.aliases)}
            candidates.update(self._translations[lang].get(o.key, "").lower() for lang in LANGUAGES)
            if lowered in candidates:
                return o.value
        return None

    def apply(
        self,
        tld: str,
        op: Operation,
        values: Mapping[str, Any],
        *,
        registrant_country: str = "",
        language: str = FALLBACK_LANGUAGE,
        client: Mapping[str, Any] | None = None,
        backend: str = "",
    ) -> AppliedFields:
        """Validate the submitted values and turn them into ISPAPI parameters.

        `backend` (ispapi, cnr; "" when none applies) decides the fields required or sent only at some
        backends (`required_on`, `sent_on`).

        Raises `FieldValidationError` (translated, naming the field) for a missing required value (including
        conditional requirements), a value outside the dropdown's options, or a value failing the pattern.
        """
        fields = self.fields_for(tld, op)
        display = _display_tld(_canonical_tld(tld))
        submitted = {str(k).lower(): v for k, v in values.items()}
        country = registrant_country.strip().upper()
        problems: list[tuple[str, str]] = []
        final: dict[str, str] = {}  # field name (lower) -> value after option mapping / tickbox handling
        active: list[tuple[FieldDef, str, str]] = []  # field, value, raw text as submitted

        def problem(f: FieldDef, kind: str) -> None:
            message = self.translate(
                f"message.{kind}.{op}",
                language,
                field=self.label(f, language),
                tld=display,
                format=self.format_text(f, language),
            )
            problems.append((f.name, message))

        for f in fields:
            if country and country in f.ignore_countries:
                continue
            raw_obj = next((submitted[n.lower()] for n in f.names() if n.lower() in submitted), None)
            if raw_obj is None:
                prefilled = self._prefill(f, client)
                raw_obj = prefilled if prefilled is not None else (f.default or "")
            raw = "" if raw_obj is None else str(raw_obj).strip()
            if f.type is FieldType.TICKBOX:
                value = f.checked if raw.lower() in TICKED else (f.unchecked or "")
            elif f.type is FieldType.DROPDOWN:
                mapped = self._dropdown_value(f, raw)
                if mapped is None:
                    problem(f, "invalid_option")
                    continue
                value = mapped
            else:
                value = {k.lower(): v for k, v in f.value_map}.get(raw.lower(), raw)
                if f.case == "upper":
                    value = value.upper()
                elif f.case == "lower":
                    value = value.lower()
                if value and f.pattern and not re.fullmatch(f.pattern, value):
                    problem(f, "invalid_format")
                    continue
            if f.case and f.type is FieldType.DROPDOWN:
                value = value.upper() if f.case == "upper" else value.lower()
            final[f.name.lower()] = value
            active.append((f, value, raw))

        for f, value, _raw in active:
            needed = (
                f.required
                or backend in f.required_on
                or any(
                    final.get(other.lower(), "").lower() in {v.lower() for v in wanted}
                    for other, wanted in f.required_if
                )
            )
            # a tickbox whose unticked state is sent (DISCLOSE) is a choice, never "missing"
            missing = value == "" or (
                f.type is FieldType.TICKBOX and value != f.checked and f.unchecked is None
            )
            if needed and missing:
                problem(f, "required")

        if problems:
            # the first problem names the field; the message lists every problem found
            raise FieldValidationError(
                " ".join(m for _, m in problems), field=problems[0][0], problems=problems
            )

        result = AppliedFields()
        for f, value, raw in active:
            for trigger, removals in f.cmd_remove:
                if value == trigger:
                    result.remove_contact_fields.extend(removals)
            if f.param is None or value == "" or (f.sent_on and backend not in f.sent_on):
                continue
            sent = normalise_param(f.param, value, clock=self._clock)
            result.params[f.param] = sent
            if f.type is FieldType.TEXT and sent != raw:
                result.normalised_values[f.name] = sent
        return result

    def whois_protectable(self, tld: str, register_values: Mapping[str, Any]) -> bool:
        """docs/module-behaviour.md §9.4: registry WHOIS privacy is offered only if every `protectable_if`
        regex matches."""
        submitted = {str(k).lower(): str(v) for k, v in register_values.items()}
        for f in self.fields_for(tld, Operation.WHOISPRIVACY):
            for other, pattern in f.protectable_if:
                if not re.search(pattern, submitted.get(other.lower(), "")):
                    return False
        return bool(self.fields_for(tld, Operation.WHOISPRIVACY))

    # ---- catalogue for the shim's local cache -------------------------------------------------------
    def export(self, language: str | None = None) -> dict[str, Any]:
        """JSON-safe catalogue: every TLD x operation as WHMCS entries, per language (all four if None)."""
        cached = self._export_cache.get(language)
        if cached is not None:
            return cached
        languages = LANGUAGES if language is None else (language.lower(),)
        ops = (
            Operation.REGISTER,
            Operation.TRANSFER,
            Operation.TRADE,
            Operation.UPDATE,
            Operation.WHOISPRIVACY,
        )
        catalogue: dict[str, Any] = {"format": 1, "languages": {}}
        for lang in languages:
            per_tld: dict[str, dict[str, list[dict[str, Any]]]] = {}
            for op in ops:
                for tld in self.tlds(op):
                    entries = self.whmcs_fields(tld, op, language=lang)
                    # the shim pre-fills from client data itself (docs/module-behaviour.md §5.6); it strips
                    # this key before WHMCS
                    prefills = {f.name: str(f.prefill) for f in self.fields_for(tld, op) if f.prefill}
                    for entry in entries:
                        if entry["Name"] in prefills and not entry.get("Remove"):
                            entry["Prefill"] = prefills[entry["Name"]]
                    per_tld.setdefault(tld, {})[str(op)] = entries
            catalogue["languages"][lang] = per_tld
        self._export_cache[language] = catalogue
        return catalogue


@lru_cache(maxsize=4)
def _loaded(override_dir: Path | None) -> FieldsRegistry:
    return FieldsRegistry.load(data_dir=DATA_DIR, override_dir=override_dir)


_active: list[FieldsRegistry] = []  # the registry `configure` chose (empty: built-in texts only)


def configure(*, override_dir: Path | None) -> FieldsRegistry:
    """Load and validate every data and translation file, the reseller's `override_dir` on top, and make
    the result the process-wide registry. Called by `app.main.create_app`, so a bad file (built-in or
    override) raises `DefinitionError` naming the file and the bridge does not start."""
    registry = _loaded(override_dir)
    _active[:] = [registry]
    return registry


def default_registry() -> FieldsRegistry:
    """The process-wide registry (`configure`); built-in data and texts when nothing configured one."""
    return _active[0] if _active else configure(override_dir=None)
