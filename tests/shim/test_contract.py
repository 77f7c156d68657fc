"""The shim runs on the generated contract (lib/Contract.php): what php loads equals the Python table, its
words are ones the shim's code knows, and the additional-field prefill gives one Default on both sides."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.additional_fields import Operation, default_registry
from app.contract import FUNCTIONS
from app.contract.buttons import ADMIN_BUTTONS, ADMIN_TRANSFER_STATUS, CLIENT_BUTTONS
from app.contract.prefill import CLIENT_BLOCKS, PREFILL
from app.registrar.fields import CATALOGUE_FUNCTION, catalogue
from tests.whmcs.harness import MODULE_DIR, PHP_STRICT, FakeBridge, Reply, run_whmcs

DUMP = """
define('WHMCS', true);
require $argv[1] . '/ispapi.php';
use WHMCS\\Module\\Registrar\\Ispapi\\Contract;
use WHMCS\\Module\\Registrar\\Ispapi\\Errors;
use WHMCS\\Module\\Registrar\\Ispapi\\Transport;
echo json_encode([
    'functions' => Contract::FUNCTIONS, 'client_buttons' => Contract::CLIENT_BUTTONS,
    'admin_buttons' => Contract::ADMIN_BUTTONS, 'admin_status' => Contract::ADMIN_TRANSFER_STATUS,
    'blocks' => Contract::CLIENT_BLOCKS, 'prefill' => Contract::PREFILL,
    'timeouts' => array_keys(Transport::TIMEOUTS), 'modes' => array_keys(Errors::MODES),
]);
"""


@pytest.fixture(scope="module")
def loaded() -> dict[str, Any]:
    done = subprocess.run(
        [*PHP_STRICT, "-r", DUMP, str(MODULE_DIR)], capture_output=True, text=True, timeout=30, check=True
    )
    assert done.stderr == ""
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_the_generated_php_policy_equals_the_contract_table(loaded: dict[str, Any]) -> None:
    functions = loaded["functions"]
    assert list(functions) == list(FUNCTIONS)
    for name, row in FUNCTIONS.items():
        php = functions[name]
        assert php["caller"] == row.caller and php["answer"] == row.answer, name
        assert php["kinds"] == list(row.kinds) and php["timeout"] == row.timeout, name
        assert php["mode"] == row.errors and php["money"] is row.money, name
        assert php["completes"] == list(row.completes) and php["request"] is row.forwards_request, name
        if row.key is None:
            assert php["key"] is None, name
        else:
            assert php["key"] == {"fields": [list(f) for f in row.key.fields], "extra": row.key.extra}, name
    assert loaded["client_buttons"] == [[b.label, b.function, b.condition] for b in CLIENT_BUTTONS]
    assert loaded["admin_buttons"] == {
        group: [[b.label_key, b.function] for b in buttons] for group, buttons in ADMIN_BUTTONS.items()
    }
    assert loaded["admin_status"] == ADMIN_TRANSFER_STATUS and loaded["blocks"] == list(CLIENT_BLOCKS)
    for name, rule in PREFILL.items():
        php_rule = loaded["prefill"][name]
        assert php_rule["client_keys"] == list(rule.client_keys) and php_rule["upper"] is rule.upper
        assert php_rule["custom_field"] == rule.custom_field
        assert (php_rule["map"] or {}) == dict(rule.value_map)


def test_every_timeout_class_and_error_mode_is_one_the_shim_knows(loaded: dict[str, Any]) -> None:
    for name, row in FUNCTIONS.items():
        if row.timeout is not None:
            assert row.timeout in loaded["timeouts"], name
        if row.caller in ("registrar", "hook") and row.timeout is not None:
            assert row.errors in loaded["modes"], name


def test_functions_of_other_callers_are_not_forwarded_by_the_registrar_module(bridge: FakeBridge) -> None:
    for name in ("BridgeAdminOverview", "AdditionalFieldsCatalogue", "NoSuchFunction", "MetaData"):
        forwarded = subprocess.run(
            [*PHP_STRICT, "-r", _FORWARD, str(MODULE_DIR), name, bridge.url],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        assert forwarded.stderr == "", name
        assert json.loads(forwarded.stdout)["error"].startswith("This function is not supported"), name
    assert bridge.requests == []


_FORWARD = """
define('WHMCS', true);
require $argv[1] . '/ispapi.php';
echo json_encode(\\WHMCS\\Module\\Registrar\\Ispapi\\Shim::forward($argv[2], ['BridgeURL' => $argv[3]]));
"""

# Client data in the shapes WHMCS hands over; each must pre-fill the same Default in the bridge and the shim.
CLIENTS: list[tuple[str, str, dict[str, Any]]] = [
    ("dk", "Registrant VAT ID", {"tax_id": "DK1"}),
    ("dk", "Registrant VAT ID", {"tax_id_number": "DK2"}),
    ("dk", "Registrant VAT ID", {"clientsdetails": {"tax_id": "DK3"}}),
    ("dk", "Registrant VAT ID", {"tax_id": " ", "client": {"tax_id_number": "DK4"}}),
    ("dk", "Registrant Contact", {"dkhostmasteruserid": "ab1-dk"}),
    ("dk", "Registrant Contact", {"customfields": [{"textid": "dkhostmasteruserid", "value": "cd2-dk"}]}),
    ("dk", "Registrant Contact", {"clientdetails": {"customfields": {"dkhostmasteruserid": "ef3-dk"}}}),
    ("ca", "Contact Language", {"language": "French"}),
    ("ca", "Contact Language", {"clientsdetails": {"language": "french"}}),
    ("ca", "Contact Language", {"language": "german"}),
    ("ca", "Contact Language", {}),
]


def _bridge_default(tld: str, name: str, client: dict[str, Any]) -> Any:
    (entry,) = [
        e
        for e in default_registry().whmcs_fields(tld, Operation.REGISTER, client=client)
        if e["Name"] == name
    ]
    return entry.get("Default")


def test_prefill_gives_the_same_default_in_the_bridge_and_the_shim(
    bridge: FakeBridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISPAPI_FIELDS_CACHE_DIR", str(tmp_path / "fields-cache"))
    bridge.script(CATALOGUE_FUNCTION, Reply(kind="fields", value=catalogue()))
    calls = [
        {"function": "AdditionalDomainFields", "params": {"tld": tld, "type": "register", **client}}
        for tld, _, client in CLIENTS
    ]
    result = run_whmcs("MetaData", config=bridge.config(), calls=calls)
    assert result.warnings == []
    for (tld, name, client), call in zip(CLIENTS, result.calls, strict=True):
        (entry,) = [e for e in call["return"]["fields"] if e["Name"] == name]
        assert entry.get("Default") == _bridge_default(tld, name, client), (tld, name, client)
