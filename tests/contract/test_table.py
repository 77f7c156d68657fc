"""The contract table (app/contract/) against the code on both sides: every function the PHP side calls has
a row, every forwarded row has the bridge operation the row names, and the buttons and prefill rules point at
things that exist."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from app import admin, registrar
from app.additional_fields.schema import Prefill
from app.contract import FUNCTIONS, Answer, Caller, KeyExtra
from app.contract.buttons import ADMIN_BUTTONS, CLIENT_BUTTONS
from app.contract.prefill import CA_LANGUAGES, PREFILL
from app.registrar.base import OPERATIONS, operation

REPO = Path(__file__).resolve().parents[2]
MODULE = REPO / "php-shim" / "modules" / "registrars" / "ispapi"
ADDON = REPO / "php-shim" / "modules" / "addons" / "ispapibridge"


def _rows(caller: Caller) -> set[str]:
    return {name for name, row in FUNCTIONS.items() if row.caller is caller}


def test_every_ispapi_wrapper_has_a_row_and_every_registrar_row_a_wrapper() -> None:
    wrappers = re.findall(r"^function ispapi_(\w+)\(", (MODULE / "ispapi.php").read_text("utf-8"), re.M)
    assert len(wrappers) == 52
    assert set(wrappers) == _rows(Caller.REGISTRAR)


def test_hook_and_addon_rows_are_the_functions_those_files_call() -> None:
    hooks = (MODULE / "hooks.php").read_text("utf-8")
    assert set(re.findall(r"Shim::call\('(\w+)'", hooks)) == _rows(Caller.HOOK)
    for name in _rows(Caller.HOOK):
        hook = FUNCTIONS[name].hook
        assert hook and f"add_hook('{hook}'" in hooks, name
    addon = "".join(p.read_text("utf-8") for p in sorted((ADDON / "lib").glob("*.php")))
    assert set(re.findall(r"bridge->call\('(\w+)'", addon)) == _rows(Caller.ADDON)


def test_every_forwarded_row_has_its_operation_and_every_operation_a_row() -> None:
    registrar.load_all()
    admin.load_all()
    forwarded = {name for name, row in FUNCTIONS.items() if row.forwarded}
    assert set(OPERATIONS) == forwarded
    for name in forwarded:
        spec = OPERATIONS[name]
        assert spec.contract is FUNCTIONS[name]
        assert spec.func.__module__ == FUNCTIONS[name].operation, name
    assert sorted(n for n, s in OPERATIONS.items() if s.money) == [
        "RegisterDomain",
        "RenewDomain",
        "TransferDomain",
    ]


def test_rows_are_consistent() -> None:
    for name, row in FUNCTIONS.items():
        bridge = row.forwarded or row.caller is Caller.SHIM
        assert (row.timeout is not None) == bridge, name
        assert bool(row.kinds) == bridge, name
        assert (row.operation is not None) == bridge, name
        assert (row.hook is not None) == (row.caller is Caller.HOOK), name
        if row.answer in (Answer.LOCAL, Answer.CACHE):
            assert not row.completes and not row.forwards_request and not row.money, name
    keys = {name: row.key.extra for name, row in FUNCTIONS.items() if row.key is not None}
    assert keys == {
        "RegisterDomain": KeyExtra.NONE,
        "TransferDomain": KeyExtra.AUTH_CODE,
        "RenewDomain": KeyExtra.EXPIRY,
    }


def test_an_operation_outside_the_table_is_refused_at_registration() -> None:
    for name in ("NoSuchFunction", "MetaData", "AdditionalDomainFields"):  # unknown, local, cached
        with pytest.raises(RuntimeError, match="not a forwarded function of the contract"):
            operation(name)


def test_buttons_offer_functions_of_the_table_with_known_label_keys() -> None:
    for button in CLIENT_BUTTONS:
        assert FUNCTIONS[button.function].forwards_request, button
        assert re.fullmatch(r"always|idprotection|webapps|tld:[a-z]+|setting:\w+", button.condition), button
    lang = (MODULE / "lang" / "english" / "admin.php").read_text("utf-8")
    for buttons in ADMIN_BUTTONS.values():
        for admin_button in buttons:
            assert FUNCTIONS[admin_button.function].caller is Caller.REGISTRAR
            assert f"'{admin_button.label_key}' =>" in lang, admin_button


def test_prefill_rules_cover_the_field_data_and_the_ca_options() -> None:
    assert set(PREFILL) == {str(kind) for kind in Prefill}
    ca = tomllib.loads((REPO / "app" / "additional_fields" / "data" / "ca.toml").read_text("utf-8"))
    (language,) = [f for f in ca["fields"] if f.get("prefill") == "language"]
    assert set(CA_LANGUAGES.values()) <= {o["value"] for o in language["options"]}


def test_the_contract_package_imports_nothing_else_of_the_bridge() -> None:
    for path in sorted((REPO / "app" / "contract").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
                assert node.module.startswith("app.contract"), (path.name, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("app") for a in node.names), path.name
