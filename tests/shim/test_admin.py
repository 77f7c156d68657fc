"""Admin-area parts of the shim: AdminCustomButtonArray (local, called with and without settings), the
domain tab (settings from getRegistrarConfigOptions, translated labels, failures as one escaped row),
GetPremiumPrice's WHMCS currencies, and the DailyCronJob application poll."""

from __future__ import annotations

from typing import Any

from tests.whmcs.harness import FakeBridge, Reply, run_whmcs

BARE = {
    "domainid": 42,
    "sld": "example",
    "tld": "com",
    "regperiod": 1,
    "registrar": "ispapi",
    "regtype": "Register",
}


def _domain_row(status: str, **extra: Any) -> dict[str, list[dict[str, Any]]]:
    row = {"id": 42, "userid": 1, "domain": "example.com", "registrar": "ispapi", "status": status}
    row.update(extra)
    return {"tbldomains": [row]}


def test_admin_buttons_without_settings_offer_suspension_for_an_active_domain() -> None:
    result = run_whmcs("AdminCustomButtonArray", BARE, db=_domain_row("Active"))
    assert result.returned == {"Suspend": "SuspendDomain", "Unsuspend": "UnsuspendDomain"}
    assert result.warnings == [] and result.modulelog == []  # answered locally, no bridge call


def test_admin_buttons_for_a_pending_transfer_are_the_transfer_buttons() -> None:
    result = run_whmcs("AdminCustomButtonArray", BARE, db=_domain_row("Pending Transfer"))
    assert result.returned == {
        "Cancel Transfer": "CancelDomainTransfer",
        "Resend Transfer Confirmation": "ResendTransferConfirmation",
    }


def test_admin_buttons_are_translated_and_work_without_a_database_row() -> None:
    result = run_whmcs(
        "AdminCustomButtonArray", {"sld": "example", "tld": "com"}, session={"adminlang": "german"}
    )
    assert result.returned == {"Sperren": "SuspendDomain", "Entsperren": "UnsuspendDomain"}
    assert result.warnings == []


def test_suspend_button_forwards_and_returns_the_message(bridge: FakeBridge) -> None:
    bridge.script("SuspendDomain", Reply(kind="array", value={"message": "Domain suspended."}))
    result = run_whmcs("SuspendDomain", BARE, config=bridge.config())
    assert result.returned == {"message": "Domain suspended."}
    assert bridge.requests_for("SuspendDomain")[0].signature_ok


def test_tab_fields_load_settings_and_translate_labels(bridge: FakeBridge) -> None:
    bridge.script(
        "AdminDomainsTabFields",
        Reply(
            kind="array", value={"admin_transfer_status": "PENDING", "admin_whois_rsp": '<input name="x" />'}
        ),
    )
    result = run_whmcs(
        "AdminDomainsTabFields", BARE, registrar_config=bridge.config(), session={"adminlang": "german"}
    )
    assert result.returned == {
        "Transferstatus": "PENDING",
        "WHOIS-Ausgabe: Name des Resellers": '<input name="x" />',
    }
    sent = bridge.requests_for("AdminDomainsTabFields")[0]
    assert sent.signature_ok
    assert sent.envelope is not None and sent.envelope["config"]["Username"] == "reseller-user"
    assert "BridgeSecret" not in sent.envelope["params"]


def test_tab_fields_failure_is_one_escaped_row(bridge: FakeBridge) -> None:
    bridge.script("AdminDomainsTabFields", Reply(error={"message": "bad <b>thing</b> & more", "code": "X"}))
    result = run_whmcs("AdminDomainsTabFields", BARE, registrar_config=bridge.config())
    assert isinstance(result.returned, dict) and list(result.returned) == ["Registrar details"]
    shown = result.returned["Registrar details"]
    assert "<b>" not in shown and "&amp; more" in shown
    assert result.exception is None and result.warnings == []


def test_tab_fields_without_settings_render_quietly() -> None:
    result = run_whmcs("AdminDomainsTabFields", BARE, registrar_config={})
    assert result.exception is None and result.warnings == []
    assert isinstance(result.returned, dict)


def test_tab_fields_save_forwards_the_posted_form(bridge: FakeBridge) -> None:
    bridge.script("AdminDomainsTabFieldsSave", Reply(kind="array", value={"success": True}))
    posted = {"ispapi_whois": {"X-WHOIS-RSP": "Reseller"}, "id": "42"}
    result = run_whmcs("AdminDomainsTabFieldsSave", BARE, registrar_config=bridge.config(), post=posted)
    assert result.returned == {"success": True}
    envelope = bridge.requests_for("AdminDomainsTabFieldsSave")[0].envelope
    assert envelope is not None and envelope["params"]["request"]["post"]["ispapi_whois"] == {
        "X-WHOIS-RSP": "Reseller"
    }


def test_premium_price_sends_the_whmcs_currencies(bridge: FakeBridge) -> None:
    bridge.script(
        "GetPremiumPrice", Reply(kind="premium_price", value={"CurrencyCode": "USD", "register": 10.5})
    )
    db = {"tblcurrencies": [{"id": 1, "code": "usd"}, {"id": 2, "code": "EUR"}]}
    params = {"sld": "cloud", "tld": ".guru", "domain": "cloud.guru", "type": ["register", "renew"]}
    result = run_whmcs("GetPremiumPrice", params, config=bridge.config(), db=db)
    assert result.returned == {"CurrencyCode": "USD", "register": 10.5}
    envelope = bridge.requests_for("GetPremiumPrice")[0].envelope
    assert envelope is not None and envelope["params"]["whmcs_currencies"] == ["USD", "EUR"]


def test_premium_price_failure_throws(bridge: FakeBridge) -> None:
    bridge.script(
        "GetPremiumPrice", Reply(error={"message": "Missing currency configuration for: CNY", "code": "R"})
    )
    params = {"sld": "shop", "tld": ".top", "domain": "shop.top", "type": ["register"]}
    result = run_whmcs("GetPremiumPrice", params, config=bridge.config())
    assert result.exception is not None
    assert result.exception["message"].startswith("Missing currency configuration for: CNY [ref ")


def _row(id_: int, domain: str, registrar: str, status: str, notes: str) -> dict[str, Any]:
    return {"id": id_, "domain": domain, "registrar": registrar, "status": status, "additionalnotes": notes}


def _cron_db() -> dict[str, list[dict[str, Any]]]:
    return {
        "tbldomains": [
            _row(1, "a.swiss", "ispapi", "Pending", "x\nAPPLICATION:11"),
            _row(2, "b.swiss", "ispapi", "Pending Registration", "APPLICATION:5\nAPPLICATION:12"),
            _row(3, "c.swiss", "ispapi", "Active", "APPLICATION:13"),
            _row(4, "d.swiss", "other", "Pending", "APPLICATION:14"),
            _row(5, "e.com", "ispapi", "Pending", ""),
        ]
    }


def test_daily_cron_polls_pending_applications_and_applies_the_statuses(bridge: FakeBridge) -> None:
    line = "a.swiss: Application 11 succeeded; domain status set to Active."
    effects: dict[str, Any] = {
        "activity": [line],
        "module_log": [],
        "whmcs_updates": [{"type": "domain_status", "domainid": 1, "status": "Active"}],
    }
    bridge.script("PollApplications", Reply(kind="array", value={"checked": 2}, effects=effects))
    result = run_whmcs(
        "MetaData",
        registrar_config=bridge.config(),
        db=_cron_db(),
        include_hooks=True,
        run_hooks=[{"hook": "DailyCronJob", "vars": {}}],
    )
    assert result.warnings == []
    envelope = bridge.requests_for("PollApplications")[0].envelope
    assert envelope is not None
    assert envelope["params"]["applications"] == [
        {"domainid": 1, "domain": "a.swiss", "application": "11"},
        {"domainid": 2, "domain": "b.swiss", "application": "12"},
    ]
    statuses = {row["id"]: row["status"] for row in result.db_after["tbldomains"]}
    assert statuses[1] == "Active" and statuses[2] == "Pending Registration"
    assert {"message": line, "userid": 0} in result.activity


def test_daily_cron_without_pending_applications_calls_nothing(bridge: FakeBridge) -> None:
    result = run_whmcs(
        "MetaData",
        registrar_config=bridge.config(),
        db={"tbldomains": [_cron_db()["tbldomains"][2]]},
        include_hooks=True,
        run_hooks=[{"hook": "DailyCronJob", "vars": {}}],
    )
    assert bridge.requests == [] and result.warnings == []


def test_daily_cron_survives_an_unreachable_bridge() -> None:
    config = {"BridgeURL": "http://127.0.0.1:9", "BridgeSecret": "s3cret-s3cret-s3cret", "BridgeTimeout": "2"}
    result = run_whmcs(
        "MetaData",
        registrar_config=config,
        db=_cron_db(),
        include_hooks=True,
        run_hooks=[{"hook": "DailyCronJob", "vars": {}}],
    )
    assert result.hook_results[0]["exception"] is None and result.warnings == []
