"""Load and validate the field data (`data/*.toml`) and the translations (`i18n/*.toml`).

Everything is checked at load time: TOML syntax, pydantic shape (unknown keys refused), kind references,
conditional requirements pointing at real fields and options, duplicate names/parameters. Any problem is a
`DefinitionError` naming the file and the field, so a bad file stops the boot (docs/architecture.md decision
5).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.additional_fields.countries import COUNTRY_CODES, EU_ELIGIBLE_CODES
from app.additional_fields.errors import DefinitionError
from app.additional_fields.schema import (
    STORED_OPERATIONS,
    FieldDef,
    FieldSpec,
    FieldType,
    KindSpec,
    Operation,
    OptionDef,
    TldFile,
)

__all__ = ["LANGUAGES", "DATA_DIR", "I18N_DIR", "FieldData", "load_data", "load_translations"]

DATA_DIR = Path(__file__).parent / "data"
I18N_DIR = Path(__file__).parent / "i18n"
KINDS_FILE = "_kinds.toml"
LANGUAGES = ("english", "german", "french", "arabic")

_SLUG = re.compile(r"[^a-z0-9]+")
_PLACEHOLDER = re.compile(r"\{(TLDCLASS|ROLE|Role|role)\}")


def slug(text: str) -> str:
    """Translation-key fragment: lower case, runs of other characters become one underscore."""
    return _SLUG.sub("_", text.lower()).strip("_") or "x"


@dataclass(frozen=True)
class FieldData:
    """Every TLD's resolved fields per stored operation, plus the WHMCS default names each TLD replaces."""

    fields: Mapping[str, Mapping[Operation, tuple[FieldDef, ...]]]
    removes: Mapping[str, tuple[str, ...]]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{path.name}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise DefinitionError(f"{path.name}: cannot be read: {exc.strerror}") from exc


def _describe(exc: ValidationError, path: Path, raw: Mapping[str, Any]) -> str:
    parts = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc)
        # name the field by its Name when the error sits inside fields[i]
        if len(loc) >= 2 and loc[0] == "fields" and isinstance(loc[1], int):
            fields = raw.get("fields") or []
            if loc[1] < len(fields) and isinstance(fields[loc[1]], dict):
                label = fields[loc[1]].get("name") or fields[loc[1]].get("kind") or f"#{loc[1]}"
                where = f"field {label!r}: " + ".".join(str(p) for p in loc[2:])
        parts.append(f"{where}: {err['msg']}")
    return f"{path.name}: " + "; ".join(parts)


def _load_kinds(data_dir: Path) -> dict[str, KindSpec]:
    path = data_dir / KINDS_FILE
    raw = _read_toml(path)
    kinds: dict[str, KindSpec] = {}
    for name, body in raw.items():
        if not isinstance(body, dict):
            raise DefinitionError(f"{path.name}: kind {name!r} must be a table")
        try:
            kinds[name] = KindSpec.model_validate(body)
        except ValidationError as exc:
            raise DefinitionError(_describe(exc, path, {}).replace(": ", f": kind {name!r}: ", 1)) from exc
    return kinds


def _fill(text: str, *, tld_class: str, role: str | None, where: str) -> str:
    def repl(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "TLDCLASS":
            return tld_class
        if role is None:
            raise DefinitionError(f"{where}: placeholder {{{token}}} needs a 'role'")
        return {"ROLE": role.upper(), "Role": role.capitalize(), "role": role}[token]

    return _PLACEHOLDER.sub(repl, text)


def _resolve(
    spec: FieldSpec,
    kinds: Mapping[str, KindSpec],
    *,
    tld_file: TldFile,
    file_name: str,
    index: int,
) -> FieldDef:
    label = spec.name or spec.kind or f"#{index}"
    where = f"{file_name}: field {label!r}"
    kind: KindSpec | None = None
    if spec.kind is not None:
        kind = kinds.get(spec.kind)
        if kind is None:
            raise DefinitionError(f"{where}: unknown kind {spec.kind!r} (not in {KINDS_FILE})")
    merged: dict[str, Any] = kind.model_dump(exclude_none=True) if kind else {}
    own = spec.model_dump(exclude_unset=True, exclude={"kind"})
    merged.update(own)
    role = merged.get("role")
    tld_class = tld_file.tld_class or tld_file.tld.upper()
    group = tld_file.i18n_group or tld_file.tld

    def fill(text: str) -> str:
        return _fill(text, tld_class=tld_class, role=role, where=where)

    name = merged.get("name")
    ftype = merged.get("type")
    if not name or ftype is None:
        raise DefinitionError(f"{where}: 'name' and 'type' are required (directly or through a kind)")
    name = fill(name)
    # A kind field keeps the kind's translations unless the file renames it or gives its own i18n base.
    if "i18n" in own:
        base = fill(own["i18n"])
    elif kind is not None and "name" not in own and kind.i18n:
        base = fill(kind.i18n)
    else:
        base = f"{group}.{slug(name)}"
    if "options" in own or kind is None or not kind.i18n:
        option_base = base
    else:
        option_base = fill(kind.i18n)

    options: list[OptionDef] = []
    source = merged.get("options_from")
    if source is not None and merged.get("options"):
        raise DefinitionError(f"{where}: give either 'options' or 'options_from', not both")
    if source is not None:
        codes = COUNTRY_CODES if source == "countries" else EU_ELIGIBLE_CODES
        options = [OptionDef(value=c, key=f"country.{c}") for c in codes]
    for opt in merged.get("options") or []:
        options.append(
            OptionDef(
                value=opt["value"],
                key=opt.get("key") or f"{option_base}.option.{slug(opt['value'])}",
                aliases=tuple(opt.get("aliases") or ()),
            )
        )
    operations = merged.get("operations") or [
        op for op in tld_file.operations if op != Operation.WHOISPRIVACY
    ]
    extra = set(operations) - set(tld_file.operations)
    if extra:
        raise DefinitionError(f"{where}: operations {sorted(extra)} not listed in the file's operations")
    try:
        return FieldDef(
            name=name,
            aliases=tuple(fill(a) for a in merged.get("aliases") or ()),
            type=FieldType(ftype),
            label_key=f"{base}.label",
            description_key=f"{base}.description",
            options=tuple(options),
            empty_option=merged.get("empty_option", True),
            default=merged.get("default"),
            required=merged.get("required", False),
            required_if=tuple((k, tuple(v)) for k, v in (merged.get("required_if") or {}).items()),
            required_on=tuple(merged.get("required_on") or ()),
            sent_on=tuple(merged.get("sent_on") or ()),
            pattern=merged.get("pattern"),
            format=merged.get("format"),
            prefill=merged.get("prefill"),
            param=fill(merged["param"]) if merged.get("param") else None,
            value_map=tuple((merged.get("value_map") or {}).items()),
            case=merged.get("case"),
            checked=merged.get("checked", "1"),
            unchecked=merged.get("unchecked"),
            cmd_remove=tuple(
                (value, tuple((r["role"], r["key"]) for r in removals))
                for value, removals in (merged.get("cmd_remove") or {}).items()
            ),
            ignore_countries=tuple(merged.get("ignore_countries") or ()),
            operations=tuple(Operation(op) for op in operations),
            protectable_if=tuple((merged.get("protectable_if") or {}).items()),
            size=merged.get("size"),
        )
    except ValidationError as exc:
        msgs = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}".lstrip(": ") for e in exc.errors()
        )
        raise DefinitionError(f"{where}: {msgs}") from exc


def _check_operation(fields: tuple[FieldDef, ...], *, where: str, op: Operation) -> None:
    by_name: dict[str, FieldDef] = {}
    params: dict[str, str] = {}
    for f in fields:
        for n in {n.lower(): n for n in f.names()}.values():
            if n.lower() in by_name:
                raise DefinitionError(f"{where}: field name {n!r} used twice for {op}")
            by_name[n.lower()] = f
        if f.param is not None:
            if f.param in params:
                raise DefinitionError(
                    f"{where}: fields {params[f.param]!r} and {f.name!r} both fill {f.param}"
                )
            params[f.param] = f.name
    for f in fields:
        for other, values in f.required_if:
            target = by_name.get(other.lower())
            if target is None:
                raise DefinitionError(
                    f"{where}: field {f.name!r} is required_if unknown field {other!r} ({op})"
                )
            known = {o.value for o in target.options}
            if known and not set(values) <= known:
                bad = sorted(set(values) - known)
                raise DefinitionError(f"{where}: field {f.name!r} required_if {other!r} values {bad} unknown")
        for value, _removals in f.cmd_remove:
            if f.options and value not in {o.value for o in f.options}:
                raise DefinitionError(
                    f"{where}: field {f.name!r} cmd_remove value {value!r} is not an option"
                )


def load_data(data_dir: Path = DATA_DIR) -> FieldData:
    """Read `_kinds.toml` and every `<tld>.toml`; resolve kinds and aliases; validate everything."""
    kinds = _load_kinds(data_dir)
    files: dict[str, TldFile] = {}
    resolved: dict[str, list[FieldDef]] = {}
    for path in sorted(data_dir.glob("*.toml")):
        if path.name == KINDS_FILE:
            continue
        raw = _read_toml(path)
        try:
            tld_file = TldFile.model_validate(raw)
        except ValidationError as exc:
            raise DefinitionError(_describe(exc, path, raw)) from exc
        if tld_file.tld != path.stem:
            raise DefinitionError(f"{path.name}: tld {tld_file.tld!r} does not match the file name")
        files[tld_file.tld] = tld_file
        resolved[tld_file.tld] = [
            _resolve(spec, kinds, tld_file=tld_file, file_name=path.name, index=i)
            for i, spec in enumerate(tld_file.fields)
        ]
    fields: dict[str, dict[Operation, tuple[FieldDef, ...]]] = {}
    for tld, tld_file in files.items():
        source = tld
        if tld_file.same_as is not None:
            source = tld_file.same_as
            if source not in files or files[source].same_as is not None:
                raise DefinitionError(f"{tld}.toml: same_as {source!r} is not a TLD file with fields")
        per_op: dict[Operation, tuple[FieldDef, ...]] = {}
        for op in STORED_OPERATIONS:
            if op not in tld_file.operations:
                continue
            if tld_file.same_as is not None and op not in files[source].operations:
                raise DefinitionError(f"{tld}.toml: same_as {source!r} does not define {op}")
            per_op[op] = tuple(f for f in resolved[source] if op in f.operations)
            _check_operation(per_op[op], where=f"{tld}.toml", op=op)
        fields[tld] = per_op
    removes = {tld: tuple(files[tld].removes or files[files[tld].same_as or tld].removes) for tld in files}
    return FieldData(fields=fields, removes=removes)


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, str], *, path: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{full}.", out, path=path)
        elif isinstance(value, str):
            out[full] = value
        else:
            raise DefinitionError(f"{path.name}: translation {full!r} must be a string")


def load_translations(
    i18n_dir: Path = I18N_DIR, override_dir: Path | None = None
) -> dict[str, dict[str, str]]:
    """Translations per language; files in `override_dir` (same names) win key by key.

    An override key the built-in English file does not have (a typo) is refused naming file and key:
    silently ignoring it would leave the reseller wondering why the text did not change."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        table: dict[str, str] = {}
        _flatten(_read_toml(i18n_dir / f"{lang}.toml"), "", table, path=i18n_dir / f"{lang}.toml")
        out[lang] = table
    if override_dir is None:
        return out
    for lang in LANGUAGES:
        path = override_dir / f"{lang}.toml"
        if not path.exists():
            continue
        overrides: dict[str, str] = {}
        try:
            _flatten(_read_toml(path), "", overrides, path=path)
        except DefinitionError as exc:  # "german.toml: ..." -> the reseller's full path, not ours
            raise DefinitionError(f"{override_dir}{os.sep}{exc}") from exc
        unknown = sorted(set(overrides) - set(out["english"]))
        if unknown:
            raise DefinitionError(f"{path}: unknown key {unknown[0]!r} (keys are those of {i18n_dir.name}/)")
        out[lang].update(overrides)
    return out
