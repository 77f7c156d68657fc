"""The contract table rendered as the shim's PHP class (lib/Contract.php) and as docs/contract.md.

Pure functions of the table: the same table always gives the same text, so a test can compare the
checked-in files with a fresh rendering (app/contract/generate.py writes them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.contract.buttons import ADMIN_BUTTONS, ADMIN_TRANSFER_STATUS, CLIENT_BUTTONS
from app.contract.functions import FUNCTIONS, FunctionContract
from app.contract.prefill import CLIENT_BLOCKS, PREFILL

__all__ = ["GENERATE_COMMAND", "Output", "markdown", "outputs", "php"]

GENERATE_COMMAND = "python -m app.contract.generate"
PHP_PATH = "php-shim/modules/registrars/ispapi/lib/Contract.php"
DOCS_PATH = "docs/contract.md"

PhpValue = str | bool | int | None | Sequence["PhpValue"] | Mapping[str, "PhpValue"]


@dataclass(frozen=True)
class Output:
    path: str  # relative to the repository root
    text: str


def php_literal(value: PhpValue) -> str:
    """A PHP constant expression for `value` (short array syntax, single-quoted strings)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, Mapping):
        return "[" + ", ".join(f"{php_literal(k)} => {php_literal(v)}" for k, v in value.items()) + "]"
    return "[" + ", ".join(php_literal(item) for item in value) + "]"


def _php_row(row: FunctionContract) -> dict[str, PhpValue]:
    key: dict[str, PhpValue] | None = None
    if row.key is not None:
        key = {"fields": [list(names) for names in row.key.fields], "extra": str(row.key.extra)}
    return {
        "caller": str(row.caller),
        "answer": str(row.answer),
        "kinds": [str(kind) for kind in row.kinds],
        "timeout": None if row.timeout is None else str(row.timeout),
        "mode": str(row.errors),
        "money": row.money,
        "key": key,
        "completes": [str(c) for c in row.completes],
        "request": row.forwards_request,
    }


_PHP_HEAD = f"""<?php
/**
 * GENERATED from app/contract/ by `{GENERATE_COMMAND}`: do not edit; change the table there and
 * run the command again (tests/contract/ fails while this file differs from a fresh generation).
 *
 * FUNCTIONS, per function the shim sends to (or answers instead of) the bridge:
 *   caller     registrar (ispapi.php), hook (hooks.php), addon (the admin page), shim (FieldsCache)
 *   answer     bridge (forwarded), local (Local, no I/O), cache (FieldsCache), admin_tab (Prepared)
 *   kinds      result kinds accepted from the bridge (anything else is "Invalid response")
 *   timeout    timeout class of Transport::TIMEOUTS (null: no bridge call)
 *   mode       error mode of Errors::MODES; quiet and admin are handled by their callers
 *   money      true for the not-repeatable operations that carry an Idempotency-Key
 *   key        how the key is formed: sha256("ispapi|<function>|<fields>|<extra>"), each field the first
 *              of its param names that is set; extra: none, auth_code (sha256 of the auth code) or expiry
 *   completes  params the shim adds first: settings, currencies, default_currency, whmcs_status
 *   request    true for pages and buttons: $_POST/$_GET travel as params.request.{{post,get}}
 * CLIENT_BUTTONS, ADMIN_BUTTONS: the buttons Local offers (app/contract/buttons.py explains them).
 * CLIENT_BLOCKS, PREFILL: the additional-field prefill rules of FieldsCache (see app/contract/prefill.py).
 */

namespace WHMCS\\Module\\Registrar\\Ispapi;

final class Contract
{{
"""


def php() -> str:
    lines = [_PHP_HEAD.rstrip("\n"), "    const FUNCTIONS = ["]
    lines += [
        f"        {php_literal(name)} => {php_literal(_php_row(row))}," for name, row in FUNCTIONS.items()
    ]
    lines += ["    ];", "", "    const CLIENT_BUTTONS = ["]
    lines += [f"        {php_literal([b.label, b.function, b.condition])}," for b in CLIENT_BUTTONS]
    lines += ["    ];", "", f"    const ADMIN_TRANSFER_STATUS = {php_literal(ADMIN_TRANSFER_STATUS)};", ""]
    lines += ["    const ADMIN_BUTTONS = ["]
    for group, buttons in ADMIN_BUTTONS.items():
        lines.append(
            f"        {php_literal(group)} => {php_literal([[b.label_key, b.function] for b in buttons])},"
        )
    lines += ["    ];", "", f"    const CLIENT_BLOCKS = {php_literal(list(CLIENT_BLOCKS))};", ""]
    lines += ["    const PREFILL = ["]
    for name, rule in PREFILL.items():
        data: dict[str, PhpValue] = {
            "client_keys": list(rule.client_keys),
            "custom_field": rule.custom_field,
            "upper": rule.upper,
            "map": dict(rule.value_map),
        }
        lines.append(f"        {php_literal(name)} => {php_literal(data)},")
    lines += ["    ];", "}", ""]
    return "\n".join(lines)


def _cell(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "-"


def _key_text(row: FunctionContract) -> str:
    if row.key is None:
        return "-"
    fields = ", ".join(" or ".join(names) for names in row.key.fields)
    return f"yes: {fields}; extra {row.key.extra}"


def _function_line(row: FunctionContract) -> str:
    caller = f"hook {row.hook}" if row.hook else str(row.caller)
    cells = [
        f"`{row.name}`",
        caller,
        str(row.answer),
        f"`{row.operation}`" if row.operation else "-",
        _cell([str(k) for k in row.kinds]),
        str(row.timeout) if row.timeout else "-",
        str(row.errors),
        _key_text(row),
        _cell([str(c) for c in row.completes]),
        "yes" if row.forwards_request else "-",
    ]
    return "| " + " | ".join(cells) + " |"


_DOC_HEAD = f"""<!-- GENERATED from app/contract/ by `{GENERATE_COMMAND}`: do not edit. -->
# The function contract

One table, kept in `app/contract/`, says for every function the PHP side sends to the bridge (or answers
instead of it) how the two sides treat it. The bridge's dispatcher refuses any other function and takes the
money flag from it (`app/registrar/base.py`); the shim's tables in
`php-shim/modules/registrars/ispapi/lib/Contract.php` are generated from it, as is this page.

Columns: **caller** who calls it (registrar: WHMCS through `ispapi.php`; hook; addon: the admin page;
shim: the field cache refresh); **answer** bridge (forwarded), local (the shim, no I/O), cache (the shim's
field cache), admin_tab (forwarded, reshaped for the admin domain tab); **kinds** the result kinds the shim
accepts; **timeout** the shim's timeout class (seconds in `lib/Transport.php`); **errors** how a failure
reaches WHMCS; **money key** for the operations that move money, the idempotency key
`sha256("ispapi|<function>|<fields>|<extra>")` (each field the first of its param names that is set;
extra: `auth_code` = sha256 of `eppcode`/`transfersecret`, `expiry` = the expiry date, else today's date);
**completes** params the shim adds before forwarding; **form** whether `$_POST`/`$_GET` travel along.

| function | caller | answer | bridge module | kinds | timeout | errors | money key | completes | form |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""


def markdown() -> str:
    lines = [_DOC_HEAD.rstrip("\n")]
    lines += [_function_line(row) for row in FUNCTIONS.values()]
    lines += [
        "",
        "## Client-area buttons",
        "",
        "| label | page function | offered when |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {b.label} | `{b.function}` | `{b.condition}` |" for b in CLIENT_BUTTONS]
    lines += ["", "## Admin buttons", ""]
    lines += [
        f'Domains in WHMCS status "{ADMIN_TRANSFER_STATUS}" get the `transfer` set, the others `domain`.',
        "",
        "| set | label key (lang/*.php) | function |",
        "| --- | --- | --- |",
    ]
    for group, buttons in ADMIN_BUTTONS.items():
        lines += [f"| {group} | `{b.label_key}` | `{b.function}` |" for b in buttons]
    lines += ["", "## Additional-field prefill", ""]
    lines += [
        "Client data is read from the params, then from "
        + ", ".join(f"`{b}`" for b in CLIENT_BLOCKS)
        + " (the shim then from the WHMCS database); see `app/contract/prefill.py`.",
        "",
    ]
    lines += [
        "| prefill | client keys | client custom field | upper-cased | value map |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, rule in PREFILL.items():
        mapping = ", ".join(f"{k} → {v}" for k, v in rule.value_map.items()) or "-"
        cells = [
            f"`{name}`",
            _cell([f"`{k}`" for k in rule.client_keys]),
            f"`{rule.custom_field}`" if rule.custom_field else "-",
            "yes" if rule.upper else "-",
            mapping,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def outputs() -> list[Output]:
    return [Output(PHP_PATH, php()), Output(DOCS_PATH, markdown())]
