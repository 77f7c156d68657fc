"""Group 2 of docs/whmcs.md §5.4: each result kind converted for WHMCS; the envelope the bridge sees."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from tests.whmcs.harness import (
    FakeBridge,
    Reply,
    dns_params,
    domain_params,
    lookup_params,
    register_params,
    renew_objects,
    renew_params,
    run_whmcs,
    transfer_params,
)

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
BRIDGE_KEYS = {"BridgeURL", "BridgeSecret", "BridgeTimeout"}


def _clean(result: Any) -> None:
    assert result.warnings == [], result.warnings
    assert result.exception is None, result.exception
    assert result.stdout == ""


def _only_request(bridge: FakeBridge, function: str) -> dict[str, Any]:
    recorded = bridge.requests_for(function)
    assert len(recorded) == 1
    request = recorded[0]
    assert request.signature_ok
    assert request.headers["content-type"] == "application/json"
    envelope = request.envelope
    assert envelope is not None
    assert envelope["protocol"] == "ispapi-bridge/1"
    assert envelope["function"] == function
    assert UUID4.match(envelope["request_id"]) and request.headers["x-request-id"] == envelope["request_id"]
    assert envelope["whmcs"]["php"].startswith("8.") and envelope["whmcs"]["area"] == "cron"
    assert not BRIDGE_KEYS & set(envelope["config"]) and not BRIDGE_KEYS & set(envelope["params"])
    return envelope


@pytest.mark.parametrize(
    ("function", "value"),
    [
        ("GetNameservers", {"ns1": "ns1.example.net", "ns2": "ns2.example.net"}),
        ("SaveNameservers", {"success": True}),
        ("GetEPPCode", {"eppcode": "A&b<c>\"d'"}),
        (
            "GetContactDetails",
            {"Registrant": {"First Name": "Zoë", "Company": "A & B"}, "Admin": {"Email": "a@b"}},
        ),
        ("GetDNS", [{"hostname": "@", "type": "A", "address": "192.0.2.1", "priority": "N/A", "recid": "1"}]),
        ("GetEmailForwarding", [{"prefix": "info", "forwardto": "a@example.org"}]),
        ("SaveContactDetails", {"pending": True, "pendingData": {"Registrant": ["Email"]}}),
        ("ReleaseDomain", {"deleted": True}),
    ],
)
def test_array_results_reach_whmcs_unchanged(bridge: FakeBridge, function: str, value: Any) -> None:
    bridge.script(function, Reply(kind="array", value=value))
    result = run_whmcs(function, domain_params(), config=bridge.config())
    _clean(result)
    assert result.returned == value
    envelope = _only_request(bridge, function)
    assert envelope["config"]["Username"] == "reseller-user" and envelope["config"]["TestMode"] == "on"
    assert envelope["params"]["domain_obj"] == {
        "sld": "bücher-test",
        "tld": "de",
        "domain_punycode": "xn--bcher-test-9db.de",
        "domain_unicode": "bücher-test.de",
        "is_idn": True,
    }
    assert "domainObj" not in envelope["params"] and "Password" not in envelope["params"]
    assert "idempotency-key" not in bridge.requests[0].headers and envelope["idempotency_key"] is None


@pytest.mark.parametrize(("setting", "kept"), [("on", True), ("", False), (None, False)])
def test_the_envelope_says_whether_whmcs_keeps_a_module_log(
    bridge: FakeBridge, setting: str | None, kept: bool
) -> None:
    """WHMCS's logModuleCall writes only in Module Debug Mode; the bridge is told, so it renders no log texts
    WHMCS would drop, and the shim writes no entry of its own then either."""
    entry = {"action": "BridgeTestEcho", "request": "COMMAND=StatusDomain", "response": "CODE=200"}
    value = {"ns1": "ns1.example.net"}
    bridge.script("GetNameservers", Reply(kind="array", value=value, effects={"module_log": [entry]}))
    result = run_whmcs(
        "GetNameservers", domain_params(), config=bridge.config(), settings={"ModuleDebugMode": setting}
    )
    _clean(result)
    assert result.returned == value
    assert _only_request(bridge, "GetNameservers")["whmcs"]["module_log"] is kept
    # Kept: the shim's own entry (envelope and answer) and the bridge's; otherwise WHMCS gets none.
    assert [log["action"] for log in result.modulelog] == (
        ["bridge:GetNameservers", "BridgeTestEcho"] if kept else []
    )


def test_none_result_is_an_empty_success_array(bridge: FakeBridge) -> None:
    bridge.script("SaveRegistrarLock", Reply(kind="none"))
    result = run_whmcs(
        "SaveRegistrarLock", domain_params() | {"lockenabled": "locked"}, config=bridge.config()
    )
    _clean(result)
    assert result.returned == []
    assert _only_request(bridge, "SaveRegistrarLock")["params"]["lockenabled"] == "locked"


def test_registrar_lock_is_the_plain_string(bridge: FakeBridge) -> None:
    bridge.script("GetRegistrarLock", Reply(kind="string", value="locked"))
    result = run_whmcs("GetRegistrarLock", domain_params(), config=bridge.config())
    _clean(result)
    assert result.returned == "locked"


def test_save_dns_forwards_the_records_as_whmcs_sent_them(bridge: FakeBridge) -> None:
    bridge.script("SaveDNS", Reply(kind="none"))
    params = dns_params()
    result = run_whmcs("SaveDNS", params, config=bridge.config())
    _clean(result)
    assert _only_request(bridge, "SaveDNS")["params"]["dnsrecords"] == params["dnsrecords"]


def test_domain_information_becomes_a_registrar_domain(bridge: FakeBridge) -> None:
    value = {
        "domain": "bücher-test.de",
        "nameservers": {"ns1": "ns1.example.net", "ns2": "ns2.example.net"},
        "registration_status": "Active",
        "transfer_lock": True,
        "expiry_date": "2027-03-04",
        "id_protection": False,
        "is_irtp_enabled": True,
        "irtp_transfer_lock": False,
        "irtp_transfer_lock_expiry_date": "2027-13-45",  # impossible date: the setter is skipped
        "contact_change_expiry_date": "2026-12-01",
        "irtp_verification_trigger_fields": {"Registrant": ["First Name", "Email"]},
        "registrant_email": "zoe@example.org",
    }
    bridge.script("GetDomainInformation", Reply(kind="domain_information", value=value))
    result = run_whmcs(
        "GetDomainInformation",
        domain_params(),
        config=bridge.config(),
        db={"tbldomains": [{"id": 42, "domain": "bücher-test.de", "status": "Pending Transfer"}]},
    )
    _clean(result)
    domain = result.returned
    assert domain["__class__"] == "WHMCS\\Domain\\Registrar\\Domain"
    assert domain["domain"] == "bücher-test.de"
    assert domain["nameservers"] == value["nameservers"]
    assert domain["transferLock"] is True
    assert domain["expiryDate"] == {"__class__": "WHMCS\\Carbon", "date": domain["expiryDate"]["date"]}
    assert domain["expiryDate"]["date"].startswith("2027-03-04")
    assert domain["domainContactChangeExpiryDate"]["date"].startswith("2026-12-01")
    assert domain["irtpTransferLockExpiryDate"] is None
    assert domain["transferLockExpiryDate"] is None and domain["restorable"] is None  # keys absent: untouched
    assert domain["registrantEmailAddress"] == "zoe@example.org"
    assert domain["irtpVerificationTriggerFields"] == {"Registrant": ["First Name", "Email"]}
    assert _only_request(bridge, "GetDomainInformation")["params"]["whmcs_status"] == "Pending Transfer"


def test_domain_information_without_lock_leaves_has_transfer_lock_false(bridge: FakeBridge) -> None:
    bridge.script("GetDomainInformation", Reply(kind="domain_information", value={"domain": "x.de"}))
    domain = run_whmcs("GetDomainInformation", domain_params(), config=bridge.config()).returned
    assert domain["transferLock"] is None and domain["nameservers"] == []


def test_check_availability_builds_search_results(bridge: FakeBridge) -> None:
    pricing = {"register": 249.0, "renew": 249.0, "transfer": 199.5, "CurrencyCode": "USD"}
    items = [
        {"sld": "xn--bcher-kva", "tld": "com", "status": "registered"},
        {
            "sld": "xn--bcher-kva",
            "tld": "net",
            "status": "available",
            "premium": True,
            "premium_pricing": pricing,
        },
        {"sld": "xn--bcher-kva", "tld": "de", "status": "reserved"},
        {"sld": "xn--bcher-kva", "tld": "co.uk", "status": "tld_not_supported"},
        {"sld": "xn--bcher-kva", "tld": "org", "status": "not-a-status"},  # skipped, not fatal
        {"sld": "xn--bcher-kva", "tld": "info", "status": "unknown", "score": 0.5},
    ]
    bridge.script("CheckAvailability", Reply(kind="search_results", value=items))
    result = run_whmcs("CheckAvailability", lookup_params(), config=bridge.config())
    _clean(result)
    listing = result.returned
    assert listing["__class__"] == "WHMCS\\Domains\\DomainLookup\\ResultsList"
    found = {(i["topLevel"], i["status"]) for i in listing["items"]}
    assert found == {
        ("com", "registered"),
        ("net", "available for registration"),
        ("de", "reserved"),
        ("co.uk", "tld not supported"),
        ("info", "unknown"),
    }
    premium = next(i for i in listing["items"] if i["topLevel"] == "net")
    assert premium["__class__"] == "WHMCS\\Domains\\DomainLookup\\SearchResult"
    assert premium["premium"] is True and premium["premiumCostPricing"] == pricing
    assert next(i for i in listing["items"] if i["topLevel"] == "info")["score"] == 0.5
    envelope = _only_request(bridge, "CheckAvailability")
    assert envelope["params"]["tldsToInclude"] == ["com", "net", "de", "co.uk"]
    assert envelope["params"]["searchTerm"] == "bücher"


def test_suggestions_with_dotless_tlds_are_forwarded_as_is(bridge: FakeBridge) -> None:
    bridge.script("GetDomainSuggestions", Reply(kind="search_results", value=[]))
    result = run_whmcs("GetDomainSuggestions", lookup_params(dotted=False), config=bridge.config())
    _clean(result)
    assert result.returned["items"] == []
    assert _only_request(bridge, "GetDomainSuggestions")["params"]["tldsToInclude"] == [
        "com",
        "net",
        "de",
        "co.uk",
    ]


def test_tld_pricing_skips_a_bad_item_and_keeps_the_rest(bridge: FakeBridge) -> None:
    items = [
        {"extension": ".com", "years": [1, 2, 5, 10], "register_price": 8.5, "renew_price": 9.0,
         "transfer_price": 8.5, "redemption_fee_days": 30, "redemption_fee_price": 60.0, "currency": "USD",
         "epp_required": True},
        {"extension": ".bad", "years": [1], "register_price": "free", "currency": "USD"},
        {"extension": "de", "years": [1], "register_price": 4, "renew_price": None, "currency": "EUR"},
    ]  # fmt: skip
    bridge.script("GetTLDPricing", Reply(kind="tld_pricing", value=items))
    result = run_whmcs("GetTLDPricing", {"whmcsVersion": "8.10.1"}, config=bridge.config())
    _clean(result)
    listing = result.returned
    assert listing["__class__"] == "WHMCS\\Results\\ResultsList"
    assert [i["extension"] for i in listing["items"]] == [".com", ".de"]
    com = listing["items"][0]
    assert com["__class__"] == "WHMCS\\Domain\\TopLevel\\ImportItem"
    assert com["years"] == [1, 2, 5, 10] and com["minYears"] == 1 and com["maxYears"] == 10
    assert com["registerPrice"] == 8.5 and com["eppRequired"] is True and com["currency"] == "USD"
    assert listing["items"][1]["renewPrice"] is None


def test_premium_price_is_a_plain_array(bridge: FakeBridge) -> None:
    value = {"CurrencyCode": "USD", "register": 249.0, "renew": 249.0}
    bridge.script("GetPremiumPrice", Reply(kind="premium_price", value=value))
    params = {"domain": {"__domain__": "bücher.net"}, "sld": "bücher", "tld": "net", "type": "register"}
    result = run_whmcs("GetPremiumPrice", params, config=bridge.config())
    _clean(result)
    assert result.returned == value
    # WHMCS passes `domain` as a WHMCS\Domains\Domain object; the bridge gets its name.
    sent = _only_request(bridge, "GetPremiumPrice")["params"]
    assert sent["domain"] == "bücher.net"
    assert sent["domain_obj"]["domain_punycode"] == "xn--bcher-kva.net"


def test_a_template_where_an_array_is_expected_is_refused(bridge: FakeBridge) -> None:
    value = {"templatefile": "pnslist", "vars": {"data": ["ns1.x.de 192.0.2.1"]}}
    bridge.script("SaveEmailForwarding", Reply(kind="template", value=value))
    # A function expecting an array refuses a template: the kinds are part of the contract.
    refused = run_whmcs("SaveEmailForwarding", domain_params(), config=bridge.config())
    assert refused.error is not None and refused.error.startswith("Invalid response from registrar service")


def test_register_sends_contacts_original_and_a_stable_idempotency_key(bridge: FakeBridge) -> None:
    bridge.script("RegisterDomain", Reply(kind="array", value={"success": True}))
    params = register_params()
    first = run_whmcs("RegisterDomain", params, config=bridge.config())
    second = run_whmcs("RegisterDomain", params, config=bridge.config())
    _clean(first)
    _clean(second)
    assert first.returned == {"success": True}
    one, two = bridge.requests_for("RegisterDomain")
    assert one.envelope and two.envelope
    key = hashlib.sha256(b"ispapi|RegisterDomain|42|b\xc3\xbccher-test.de|2|").hexdigest()
    assert one.headers["idempotency-key"] == two.headers["idempotency-key"] == key
    assert one.envelope["idempotency_key"] == key
    assert one.envelope["request_id"] != two.envelope["request_id"]
    sent = one.envelope["params"]
    assert sent["original"]["companyname"] == 'Smith & "Sons" <GmbH> Ünïcødé'
    assert sent["original"]["domain_obj"]["sld"] == "bücher-test"
    assert "Password" not in sent["original"] and "BridgeSecret" not in sent["original"]
    assert sent["ns3"] == "" and sent["additionalfields"]["Note"] == "a & b < c"
    assert sent["premiumCost"] == "249.00"


def test_transfer_key_depends_on_the_auth_code(bridge: FakeBridge) -> None:
    bridge.script("TransferDomain", Reply(kind="none"))
    run_whmcs("TransferDomain", transfer_params(eppcode="first-code"), config=bridge.config())
    run_whmcs("TransferDomain", transfer_params(eppcode="first-code"), config=bridge.config())
    run_whmcs("TransferDomain", transfer_params(eppcode="other-code"), config=bridge.config())
    keys = [r.headers["idempotency-key"] for r in bridge.requests_for("TransferDomain")]
    code_hash = hashlib.sha256(b"first-code").hexdigest()
    expected = hashlib.sha256(f"ispapi|TransferDomain|42|bücher-test.de|1|{code_hash}".encode()).hexdigest()
    assert keys[0] == keys[1] == expected != keys[2]


def test_renew_sends_iso_dates_and_keys_on_the_expiry_date(bridge: FakeBridge) -> None:
    bridge.script("RenewDomain", Reply(kind="array", value={}))
    result = run_whmcs(
        "RenewDomain", renew_params(grace=True), objects=renew_objects("2027-03-04"), config=bridge.config()
    )
    _clean(result)
    assert result.returned == []
    run_whmcs(
        "RenewDomain", renew_params(grace=True), objects=renew_objects("2028-03-04"), config=bridge.config()
    )
    one, two = bridge.requests_for("RenewDomain")
    assert one.envelope and one.envelope["params"]["expiryDate"].startswith("2027-03-04T00:00:00")
    assert one.envelope["params"]["isInGracePeriod"] is True
    expected = hashlib.sha256("ispapi|RenewDomain|42|bücher-test.de|1|2027-03-04".encode()).hexdigest()
    assert one.headers["idempotency-key"] == expected != two.headers["idempotency-key"]


def test_config_validate_passes_on_success_and_throws_invalid_configuration(bridge: FakeBridge) -> None:
    bridge.script(
        "config_validate",
        Reply(kind="none"),
        Reply(error={"message": "Authentication failed (531)", "code": "AUTH_FAILED", "retryable": False}),
    )
    assert run_whmcs("config_validate", {}, config=bridge.config()).returned == []
    failed = run_whmcs("config_validate", {}, config=bridge.config())
    assert failed.exception is not None
    assert failed.exception["class"] == "WHMCS\\Exception\\Module\\InvalidConfiguration"
    assert failed.exception["message"].startswith("Authentication failed (531) [ref ")
    assert failed.warnings == []


def test_area_follows_the_whmcs_constants(bridge: FakeBridge) -> None:
    bridge.script("GetNameservers", Reply(kind="array", value={}))
    run_whmcs("GetNameservers", domain_params(), config=bridge.config(), define={"ADMINAREA": True})
    run_whmcs("GetNameservers", domain_params(), config=bridge.config(), define={"CLIENTAREA": True})
    areas = [r.envelope["whmcs"]["area"] for r in bridge.requests if r.envelope]
    assert areas == ["admin", "client"]
    assert all(r.envelope and r.envelope["whmcs"]["version"] == "8.10.1-release.1" for r in bridge.requests)


def test_transfer_precheck_hook_reports_bridge_errors_and_swallows_failures(bridge: FakeBridge) -> None:
    bridge.script(
        "TransferCheckoutPreCheck",
        Reply(kind="array", value={"errors": ["x.com: 219 Request is not available"]}),
    )
    config = bridge.config(TRANSFERCARTPRECHECK="on")
    cart = {"cart": {"domains": [
        {"type": "transfer", "domain": "x.com", "eppcode": "abc-def-ghi"},
        {"type": "register", "domain": "y.com"},
        {"type": "transfer", "domain": "z.net", "eppcode": ""},
    ]}}  # fmt: skip
    pricing = {"tbldomainpricing": [{"id": 1, "extension": ".com", "autoreg": "ispapi"},
                                    {"id": 2, "extension": ".net", "autoreg": "othermodule"}]}  # fmt: skip
    hook = [{"hook": "ShoppingCartValidateCheckout", "vars": {}}]
    result = run_whmcs(
        "MetaData", include_hooks=True, run_hooks=hook, session=cart, db=pricing, registrar_config=config
    )
    assert result.warnings == []
    assert result.hook_results == [{"results": [["x.com: 219 Request is not available"]], "exception": None}]
    sent = bridge.requests_for("TransferCheckoutPreCheck")[0].envelope
    assert sent and sent["params"]["transfers"] == [{"domain": "x.com", "eppcode": "abc-def-ghi"}]
    # Bridge down: the hook lets the checkout continue.
    down = run_whmcs(
        "MetaData", include_hooks=True, run_hooks=hook, session=cart, db=pricing,
        registrar_config=config | {"BridgeURL": "http://127.0.0.1:9"},
    )  # fmt: skip
    assert down.hook_results == [{"results": [[]], "exception": None}] and down.warnings == []
    # Setting off: no request at all.
    off = run_whmcs(
        "MetaData",
        include_hooks=True,
        run_hooks=hook,
        session=cart,
        db=pricing,
        registrar_config=bridge.config(),
    )
    assert off.hook_results == [{"results": [[]], "exception": None}]
    assert len(bridge.requests_for("TransferCheckoutPreCheck")) == 1


def test_renew_without_expiry_param_keys_on_the_stored_expiry_date(bridge: FakeBridge) -> None:
    # WHMCS 7.x passes no expiryDate: the key must still change from one renewal to the next.
    bridge.script("RenewDomain", Reply(kind="none"))
    for stored in ("2027-03-04", "2028-03-04"):
        row = {"id": 42, "domain": "bücher-test.de", "expirydate": stored}
        run_whmcs("RenewDomain", renew_params(), config=bridge.config(), db={"tbldomains": [row]})
    keys = [r.headers["idempotency-key"] for r in bridge.requests_for("RenewDomain")]
    expected = hashlib.sha256("ispapi|RenewDomain|42|bücher-test.de|1|2027-03-04".encode()).hexdigest()
    assert keys[0] == expected != keys[1]
