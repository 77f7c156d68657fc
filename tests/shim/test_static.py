"""Group 1 of docs/whmcs.md §5.4: the module's static contract, checked without a bridge."""

from __future__ import annotations

import json
import re
import struct
import subprocess
from pathlib import Path

import pytest

from tests.whmcs.harness import MODULE_DIR, closed_port_url, domain_params, run_whmcs

EXPECTED = [
    "getConfigArray", "config_validate", "MetaData", "CheckAvailability", "GetDomainSuggestions",
    "DomainSuggestionOptions", "GetPremiumPrice", "RegisterDomain", "TransferDomain", "RenewDomain",
    "GetDomainInformation", "GetNameservers", "SaveNameservers", "GetRegistrarLock", "SaveRegistrarLock",
    "GetContactDetails", "SaveContactDetails", "GetEPPCode", "RegisterNameserver", "ModifyNameserver",
    "DeleteNameserver", "IDProtectToggle", "GetDNS", "SaveDNS", "GetEmailForwarding", "SaveEmailForwarding",
    "RequestDelete", "ReleaseDomain", "ResendIRTPVerificationEmail", "Sync", "TransferSync", "GetTLDPricing",
    "ClientArea", "ClientAreaCustomButtonArray", "AdditionalDomainFields",
    "AdminCustomButtonArray", "SuspendDomain", "UnsuspendDomain", "CancelDomainTransfer",
    "ResendTransferConfirmation", "AdminDomainsTabFields", "AdminDomainsTabFieldsSave",
    "registrantmodification_it", "registrantmodification_tld", "registrantmodification_ca", "dnssec",
    "pnslist", "whoisprivacy", "whoisprivacy_ca", "whoisprivacy_se", "whoisprivacy_nz", "webapps",
]  # fmt: skip

PHP_FILES = sorted(MODULE_DIR.rglob("*.php"))
WRAPPER = re.compile(
    r"^function ispapi_(\w+)\(array \$params = \[\]\) \{ "
    r"return \\WHMCS\\Module\\Registrar\\Ispapi\\Shim::call\('(\w+)', \$params\); \}$"
)
# Syntax newer than PHP 7.4 (WHMCS 8 runs on 7.4): docs/architecture.md decision 2.
FORBIDDEN = {
    "match expression": re.compile(r"\bmatch\s*\("),
    "nullsafe operator": re.compile(r"\?->"),
    "str_contains/starts_with/ends_with": re.compile(r"\bstr_(contains|starts_with|ends_with)\s*\("),
    "enum": re.compile(r"^\s*enum\s+\w+", re.M),
    "readonly": re.compile(r"\breadonly\b"),
    "union type": re.compile(r"\(\s*[\w\\]+\|[\w\\|]+\s+\$|\)\s*:\s*[\w\\]+\|[\w\\]+"),
    "named argument": re.compile(r"[(,]\s*[a-z]\w*:\s*[$'\"\w\[]"),
    "mixed/never/static return type": re.compile(r"\)\s*:\s*\??(mixed|never|static)\b"),
    "constructor promotion": re.compile(r"function __construct\([^)]*\b(public|private|protected)\s"),
    "#[attribute]": re.compile(r"^\s*#\[", re.M),
}


def _code_only(source: str) -> str:
    """Source without comments and string literals, so the scan sees code only."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"(?m)//.*$", "", source)
    source = re.sub(r"'(?:\\.|[^'\\])*'", "''", source)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', source)


def test_every_expected_function_is_a_one_line_forward_and_nothing_else_is_defined() -> None:
    source = (MODULE_DIR / "ispapi.php").read_text()
    assert source.startswith("<?php\n")
    assert re.search(r'if \(!defined\("WHMCS"\)\) \{\s*die\(', source)
    defined = re.findall(r"^function (\w+)", source, re.M)
    assert defined == [f"ispapi_{name}" for name in EXPECTED]
    for line in source.splitlines():
        if line.startswith("function "):
            match = WRAPPER.match(line)
            assert match, line
            assert match.group(1) == match.group(2)


def test_every_function_exists_in_php_and_fails_quietly_without_a_bridge() -> None:
    # All wrappers in one process against a closed port: every one exists and none warns.
    calls = [{"function": name, "params": domain_params()} for name in EXPECTED]
    result = run_whmcs(
        "MetaData", config={"BridgeURL": closed_port_url(), "BridgeSecret": "s3cret-s3cret"}, calls=calls
    )
    assert [c["exists"] for c in result.calls] == [True] * len(EXPECTED)
    assert result.warnings == []
    throwing = {
        "config_validate",
        "CheckAvailability",
        "GetDomainSuggestions",
        "GetPremiumPrice",
        "GetDomainInformation",
    }
    for call in result.calls:
        if call["function"] in throwing:
            assert call["exception"]["message"].startswith("cURL error 7: "), call
        elif call["exception"] is not None:
            raise AssertionError(call)
    # Functions the module does not support are not defined (WHMCS hides the feature).
    assert run_whmcs("GetURLForwarding").exists is False


@pytest.mark.parametrize("path", PHP_FILES, ids=lambda p: str(p.relative_to(MODULE_DIR)))
def test_php_lint_is_clean(path: Path) -> None:
    done = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", PHP_FILES, ids=lambda p: str(p.relative_to(MODULE_DIR)))
def test_no_syntax_newer_than_php_74(path: Path) -> None:
    code = _code_only(path.read_text())
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(code)]
    assert found == []


def test_forbidden_token_scan_catches_what_it_claims_to() -> None:
    samples = {
        "match expression": "$a = match ($b) { 1 => 2 };",
        "nullsafe operator": "$a?->b();",
        "str_contains/starts_with/ends_with": "str_contains($a, $b);",
        "named argument": "f(count: 3);",
        "union type": "function f(int|string $a) {}",
        "readonly": "public readonly int $a;",
    }
    for name, sample in samples.items():
        assert FORBIDDEN[name].search(_code_only(sample)), name
    assert not any(p.search(_code_only("$a = ['x' => f($b ? 1 : 2)];")) for p in FORBIDDEN.values())


def test_metadata_declares_api_version_1_1() -> None:
    result = run_whmcs("MetaData")
    assert result.returned == {
        "DisplayName": "ISPAPI (bridge)",
        "APIVersion": "1.1",
        "NonLinearRegistrationPricing": False,
    }
    assert result.warnings == [] and result.modulelog == []


def test_config_array_has_the_original_keys_and_the_bridge_settings() -> None:
    fields = run_whmcs("getConfigArray").returned
    assert list(fields)[:2] == ["FriendlyName", "Description"]
    assert fields["FriendlyName"]["Type"] == "System" and fields["Description"]["Type"] == "System"
    expected_types = {
        "Backend": "dropdown", "Username": "text", "Password": "password", "TestMode": "yesno",
        "ProxyServer": "text", "IRTP": "radio", "TRANSFERLOCK": "yesno", "NSUpdTransfer": "yesno",
        "CHUpdTransfer": "yesno",
        "DNSSEC": "yesno", "TRANSFERCARTPRECHECK": "yesno", "WebApps": "yesno", "SyncIDProtection": "yesno",
        "SuspendAfterExpiration": "yesno", "BridgeURL": "text", "BridgeSecret": "password",
        "BridgeTimeout": "text", "TradeCostTodo": "yesno",
    }  # fmt: skip
    assert {k: v["Type"] for k, v in fields.items() if v["Type"] != "System"} == expected_types
    assert fields["SyncIDProtection"]["FriendlyName"] == "Sync Id Protection"
    assert fields["SuspendAfterExpiration"]["FriendlyName"] == "Suspend after Expiration"
    assert fields["BridgeURL"]["Default"] == "http://127.0.0.1:8080"
    assert fields["BridgeTimeout"]["Default"] == "30"
    # A new setting defaults to the registry every existing install uses; stored values are ours.
    assert fields["Backend"]["Default"] == "ispapi"
    assert fields["Backend"]["Options"] == {"ispapi": "HEXONET ISPAPI", "cnr": "CentralNic Reseller"}
    options = fields["IRTP"]["Options"].split(".,")
    assert "Designated Agent" in options[0] and options[1] == "Check to use IRTP feature from our API."


def test_account_settings_read_for_either_backend() -> None:
    """Username/Password/TestMode hold the CNR account's values when Backend is cnr: their descriptions
    name no single registry, and the Username one shows both role-user forms."""
    for language in ("english", "german", "french", "arabic"):
        fields = run_whmcs("getConfigArray", settings={"Language": language}).returned
        username = fields["Username"]["Description"]
        assert "login!" in username and "login:" in username, (language, username)
        for key in ("Username", "Password", "TestMode", "Backend"):
            description = fields[key]["Description"]
            assert description and "Enter your ISPAPI" not in description, (language, key)
        assert "OT&amp;E" in fields["TestMode"]["Description"]  # escaped once: WHMCS prints it as HTML
    suggestion = run_whmcs("DomainSuggestionOptions").returned
    assert "ISPAPI" not in suggestion["information"]["Value"]


def test_config_array_follows_the_whmcs_language() -> None:
    german = run_whmcs("getConfigArray", settings={"Language": "german"}).returned
    assert "Gemeinsames Geheimnis" in german["BridgeSecret"]["Description"]
    unknown = run_whmcs("getConfigArray", settings={"Language": "../../etc/passwd"}).returned
    assert "Shared secret" in unknown["BridgeSecret"]["Description"]


def test_local_functions_make_no_network_call() -> None:
    # No BridgeURL listens anywhere: a network call would show up as a cURL error or a delay.
    for function in ("getConfigArray", "MetaData", "DomainSuggestionOptions", "ClientAreaCustomButtonArray"):
        result = run_whmcs(function, {"domainid": 1}, config={"BridgeURL": "http://127.0.0.1:9"})
        assert result.modulelog == [] and "cURL" not in result.texts(), function
    suggestion = run_whmcs("DomainSuggestionOptions").returned
    assert set(suggestion) == {"information", "suggestions", "suggstionsamount", "suggestionsnoweighted"}
    assert suggestion["suggstionsamount"]["Options"] == "10,25,50,75,100,150,200"


def test_custom_buttons_follow_the_tld_and_the_settings() -> None:
    params = {"domainid": 42, "tld": "ca", "idprotection": True, "dnsmanagement": True}
    config = {"DNSSEC": "on", "WebApps": ""}
    assert run_whmcs("ClientAreaCustomButtonArray", params, config=config).returned == {
        "WHOIS Privacy": "whoisprivacy",
        ".CA Registrant WHOIS Privacy": "whoisprivacy_ca",
        ".CA Change of Registrant": "registrantmodification_ca",
        "DNSSEC Management": "dnssec",
        "Private Nameservers List": "pnslist",
    }
    # Without ID protection, with DNSSEC off and on a TLD without registry pages: only the glue list.
    plain = run_whmcs(
        "ClientAreaCustomButtonArray",
        {"domainid": 42, "tld": "com", "idprotection": False, "dnsmanagement": False},
        config={"DNSSEC": "", "WebApps": "on"},
    )
    assert plain.returned == {"Private Nameservers List": "pnslist"}
    # Facts missing from params come from tbldomains (as the original module reads them).
    from_db = run_whmcs(
        "ClientAreaCustomButtonArray",
        {"domainid": 5},
        get={"id": "5"},
        db={"tbldomains": [{"id": 5, "domain": "example.se", "idprotection": 0, "dnsmanagement": 1}]},
    )
    assert from_db.returned == {
        ".SE Registrant WHOIS Privacy": "whoisprivacy_se",
        ".SE Change of Registrant": "registrantmodification_tld",
        "Private Nameservers List": "pnslist",
    }


def test_clientarea_returns_nothing_locally() -> None:
    result = run_whmcs("ClientArea", {"domainid": 1}, config={"BridgeURL": "http://127.0.0.1:9"})
    assert result.returned == "" and result.modulelog == []


def test_whmcs_json_describes_a_registrar_module() -> None:
    data = json.loads((MODULE_DIR / "whmcs.json").read_text())
    assert data["schema"] == "1.0" and data["type"] == "whmcs-registrars"
    assert data["name"] == "ispapi" and data["logo"]["filename"] == "logo.png"
    assert {"name", "tagline", "long", "features"} <= set(data["description"])
    assert (MODULE_DIR / data["logo"]["filename"]).is_file()


def test_logo_is_a_png_at_most_500_px_wide() -> None:
    data = (MODULE_DIR / "logo.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert 0 < width <= 500 and 0 < height <= 500


def test_hooks_file_only_registers_hooks() -> None:
    source = _code_only((MODULE_DIR / "hooks.php").read_text())
    top_level_calls = re.findall(r"^(\w+)\s*\(", source, re.M)
    assert set(top_level_calls) <= {"add_hook", "require_once", "die", "if"}
    result = run_whmcs("MetaData", include_hooks=True)
    assert result.hooks == [
        {"hook": "ShoppingCartValidateCheckout", "priority": 1},
        {"hook": "DailyCronJob", "priority": 1},
    ]
    assert result.warnings == [] and result.modulelog == [] and result.stdout == ""


def test_lang_files_have_the_same_keys_as_english() -> None:
    def keys(name: str) -> set[str]:
        return set(re.findall(r"^\s*'(\w+)' =>", (MODULE_DIR / "lang" / f"{name}.php").read_text(), re.M))

    english = keys("english")
    assert len(english) >= 10
    for name in ("german", "french", "arabic"):
        assert keys(name) == english, name


def test_module_can_be_included_twice() -> None:
    result = run_whmcs(
        "MetaData", include_hooks=True, calls=[{"function": "MetaData"}, {"function": "MetaData"}]
    )
    assert [c["return"]["APIVersion"] for c in result.calls] == ["1.1", "1.1"]
    assert result.warnings == []
