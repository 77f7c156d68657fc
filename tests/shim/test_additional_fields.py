"""ispapi_AdditionalDomainFields from the local catalogue cache (FieldsCache.php), against the FakeBridge.

The catalogue the fake serves is the bridge's real one (`app.registrar.fields.catalogue()`), so these tests
also pin the shape the shim reads. Each test has its own cache directory ($ISPAPI_FIELDS_CACHE_DIR).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from app.registrar.fields import CATALOGUE_FUNCTION, catalogue
from tests.whmcs.harness import FakeBridge, Reply, closed_port_url, register_params, run_whmcs

CATALOGUE = catalogue()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "fields-cache"
    monkeypatch.setenv("ISPAPI_FIELDS_CACHE_DIR", str(directory))
    return directory


def serve(bridge: FakeBridge) -> None:
    bridge.script(CATALOGUE_FUNCTION, Reply(kind="fields", value=CATALOGUE))


def fields_call(config: dict[str, Any], **params: Any) -> Any:
    return run_whmcs("AdditionalDomainFields", {"tld": "ca", "type": "register", **params}, config=config)


def names(result: Any) -> list[str]:
    return [e["Name"] for e in result.returned["fields"] if not e.get("Remove")]


def test_cold_cache_fetches_once_then_warm_cache_makes_no_request(bridge: FakeBridge, cache: Path) -> None:
    serve(bridge)
    first = fields_call(bridge.config())
    assert first.warnings == [] and first.exception is None
    assert names(first)[:2] == ["Legal Type", "Contact Language"]
    assert {"Name": "CIRA Agreement", "Remove": True} in first.returned["fields"]
    assert all("Prefill" not in e for e in first.returned["fields"])  # our private key never reaches WHMCS
    sent = bridge.requests_for(CATALOGUE_FUNCTION)
    assert len(sent) == 1 and sent[0].signature_ok
    assert sent[0].envelope is not None and sent[0].envelope["params"] == {}
    state = json.loads((cache / "current.json").read_text())
    assert state["version"] == CATALOGUE["version"]

    # a later cart render (new php process): answered from disk, the fake sees no request at all
    before = len(bridge.requests)
    second = fields_call(bridge.config(), tld="us")
    assert len(bridge.requests) == before
    assert names(second) == ["Application Purpose", "Nexus Category", "Nexus Country"]


def test_bridge_down_keeps_last_good_copy(bridge: FakeBridge, cache: Path) -> None:
    serve(bridge)
    assert names(fields_call(bridge.config()))  # warm the cache
    state_file = cache / "current.json"
    state = json.loads(state_file.read_text())
    state["checked"] = int(time.time()) - 7200  # older than an hour: the next call tries a refresh
    state_file.write_text(json.dumps(state))
    down = {**bridge.config(), "BridgeURL": closed_port_url()}
    result = fields_call(down)
    assert result.warnings == [] and result.exception is None
    assert names(result)[:2] == ["Legal Type", "Contact Language"]
    # the failed attempt counts: no new attempt for the next renders
    assert json.loads(state_file.read_text())["checked"] >= int(time.time()) - 5
    assert json.loads(state_file.read_text())["version"] == CATALOGUE["version"]


def test_no_copy_and_bridge_down_gives_empty_fields_quietly(cache: Path) -> None:
    config = {"BridgeURL": closed_port_url(), "BridgeSecret": "s3cret-s3cret"}
    result = fields_call(config)
    assert result.returned == {"fields": []}
    assert result.warnings == [] and result.exception is None and result.stdout == ""
    assert json.loads((cache / "current.json").read_text())["version"] is None


def test_bridge_answering_an_error_is_like_down(bridge: FakeBridge, cache: Path) -> None:
    bridge.script(CATALOGUE_FUNCTION, Reply(error={"message": "boom", "code": "INTERNAL", "retryable": True}))
    result = fields_call(bridge.config())
    assert result.returned == {"fields": []} and result.warnings == []
    bridge.script(CATALOGUE_FUNCTION, Reply(kind="array", value={"not": "a catalogue"}))
    state = cache / "current.json"
    state.write_text(json.dumps({"version": None, "checked": 0}))
    assert fields_call(bridge.config()).returned == {"fields": []}


def test_whmcs_defaults_not_ours_are_removed(bridge: FakeBridge, cache: Path) -> None:
    serve(bridge)
    defaults = [{"Name": "Legal Type", "Type": "dropdown"}, {"Name": "Tax ID", "Type": "text"}]
    result = fields_call(bridge.config(), tld="de", fields=defaults)
    entries = result.returned["fields"]
    removed = [e["Name"] for e in entries if e.get("Remove")]
    assert "Tax ID" in removed and "Legal Type" in removed  # ours for .de do not include a Legal Type
    assert "Address Confirmation" in removed  # docs/module-behaviour.md §5.5 .de list, from the catalogue
    assert names(result) == ["General Request Contact", "Abuse Team Contact"]


def test_transfer_type_second_level_and_idn(bridge: FakeBridge, cache: Path) -> None:
    serve(bridge)
    assert names(fields_call(bridge.config(), type="transfer")) == ["Legal Type"]
    assert fields_call(bridge.config(), tld="com").returned == {"fields": []}
    assert fields_call(bridge.config(), tld="hk", type="transfer").returned == {"fields": []}
    assert "Legal Type" in names(fields_call(bridge.config(), tld=".РФ"))
    assert fields_call(bridge.config(), tld="../../etc").returned == {"fields": []}


def test_prefill_from_params_and_database(bridge: FakeBridge, cache: Path) -> None:
    serve(bridge)
    # language: the .ca Contact Language and the French labels
    french = fields_call(bridge.config(), language="french")
    by_name = {e["Name"]: e for e in french.returned["fields"]}
    assert by_name["Contact Language"]["Default"] == "FR"
    assert by_name["Legal Type"]["DisplayName"] != "Legal Type"
    # .dk: VAT ids from tax_id in the params, DK Hostmaster handle from the client custom field (db)
    db = {
        "tblclients": [{"id": 7, "tax_id": "", "language": "german"}],
        "tblcustomfields": [
            {"id": 3, "type": "client", "fieldname": "dkhostmasteruserid|DK-Hostmaster User ID"}
        ],
        "tblcustomfieldsvalues": [{"fieldid": 3, "relid": 7, "value": "abcd1234-dk"}],
    }
    result = run_whmcs(
        "AdditionalDomainFields",
        {"tld": "dk", "type": "register", "userid": 7, "tax_id": "DK12345678"},
        config=bridge.config(),
        db=db,
    )
    assert result.warnings == []
    dk = {e["Name"]: e for e in result.returned["fields"]}
    assert dk["Registrant VAT ID"]["Default"] == "DK12345678"
    assert dk["Registrant Contact"]["Default"] == "ABCD1234-DK"
    assert dk["Admin Contact"]["Default"] == "ABCD1234-DK"
    # the client's stored language (german) chose the labels
    german = {e["Name"]: e for e in CATALOGUE["languages"]["german"]["dk"]["register"]}
    assert dk["Registrant Legal Type"]["DisplayName"] == german["Registrant Legal Type"]["DisplayName"]


def test_many_calls_in_one_process_are_answered_from_the_cache(bridge: FakeBridge, cache: Path) -> None:
    serve(bridge)
    fields_call(bridge.config())  # warm
    before = len(bridge.requests)
    calls = [
        {"function": "AdditionalDomainFields", "params": {"tld": tld, "type": "register"}}
        for tld in ["ca", "us", "eu", "dk", "de", "com", "it", "hk"] * 5
    ]
    result = run_whmcs("AdditionalDomainFields", config=bridge.config(), calls=calls)
    assert result.warnings == []
    assert all(c["exception"] is None for c in result.calls)
    # Nothing goes to the bridge once the catalogue is cached (how fast that is: benchmarks/fields.py).
    assert len(bridge.requests) == before


def test_register_forwards_additionalfields_and_applies_normalised_value(bridge: FakeBridge) -> None:
    update = {
        "type": "additional_field",
        "domainid": 42,
        "name": "Registrant Contact",
        "value": "ABCD1234-DK",
    }
    bridge.script(
        "RegisterDomain",
        Reply(kind="array", value={"success": True}, effects={"whmcs_updates": [update]}),
    )
    fields = {"Registrant Legal Type": "INDIV", "Registrant Contact": "abcd1234-dk", "Note": "a & b < c"}
    db = {
        "tbldomainsadditionalfields": [
            {"id": 1, "domainid": 42, "name": "Registrant Contact", "value": "abcd1234-dk"},
            {"id": 2, "domainid": 42, "name": "Registrant Legal Type", "value": "INDIV"},
            {"id": 3, "domainid": 43, "name": "Registrant Contact", "value": "other"},
        ]
    }
    result = run_whmcs(
        "RegisterDomain", register_params(additionalfields=fields), config=bridge.config(), db=db
    )
    assert result.returned == {"success": True}
    envelope = bridge.requests_for("RegisterDomain")[0].envelope
    assert envelope is not None and envelope["params"]["additionalfields"] == fields
    rows = {
        (int(r["domainid"]), r["name"]): r["value"] for r in result.db_after["tbldomainsadditionalfields"]
    }
    assert rows == {
        (42, "Registrant Contact"): "ABCD1234-DK",
        (42, "Registrant Legal Type"): "INDIV",
        (43, "Registrant Contact"): "other",
    }


def test_cache_dir_not_ours_is_not_used(
    bridge: FakeBridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unwritable cache location: no cache, no warning; the answer is simply empty."""
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("ISPAPI_FIELDS_CACHE_DIR", str(blocked / "sub"))
    serve(bridge)
    result = fields_call(bridge.config())
    assert result.returned == {"fields": []} and result.warnings == []
    assert os.path.isfile(blocked)
