"""The pages of DNSSEC, private nameservers, WHOIS privacy and Web Apps rendered with smarty4, in the four
languages, with the vars the bridge operations return (tests/registrar/test_{dnssec,hosts,privacy,webapps}.py
pin those vars). Every value is escaped; no template warns."""

from __future__ import annotations

from typing import Any

import pytest

from tests.whmcs.harness import language_strings, render_template, run_whmcs

LANGUAGES = ("english", "german", "french", "arabic")
EVIL = '<script>alert("x")</script>'
DIGEST = "2BB183AF5F22588179A53B0A98631FAD1A292118"


def strings(language: str) -> dict[str, str]:
    """The strings of `language` as Texts.php merges them (lang/<language>.php + lang/<language>/)."""
    return {**language_strings("english"), **language_strings(language)}


def escaped(text: str) -> str:
    """What Smarty's |escape makes of a text (htmlspecialchars with ENT_QUOTES)."""
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#039;")):
        text = text.replace(raw, entity)
    return text


def render(name: str, variables: dict[str, Any], language: str = "english") -> str:
    rendered = render_template(f"templates/{name}", {**variables, "_lang": strings(language)})
    assert rendered.warnings == [], rendered.warnings
    return rendered.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_dnssec_page(language: str) -> None:
    texts = strings(language)
    variables = {
        "domainname": "example.com",
        "secdnsds": [{"keytag": "12345", "alg": "8", "digesttype": "1", "digest": DIGEST}],
        "secdnskey": [{"flags": "257", "protocol": "3", "alg": "8", "pubkey": EVIL}],
        "maxsiglife": "3600",
        "error": "",
        "successful": "Command completed successfully",
    }
    html = render("dnssec", variables, language)
    assert escaped(texts["dnssec_title"]) in html and escaped(texts["dns_saved"]) in html
    assert f'name="SECDNS-DS[0][digest]" value="{DIGEST}"' in html
    assert 'name="SECDNS-DS[1][keytag]" value=""' in html  # the empty row for a new record
    assert 'name="SECDNS-KEY[1][pubkey]"' in html and 'name="MAXSIGLIFE" value="3600"' in html
    assert EVIL not in html and "&lt;script&gt;" in html
    assert "modop=custom&amp;a=dnssec" in html


def test_dnssec_page_shows_an_error_and_empty_lists() -> None:
    html = render(
        "dnssec",
        {
            "domainname": "example.com",
            "secdnsds": [],
            "secdnskey": [],
            "maxsiglife": "",
            "error": EVIL,
            "successful": "",
        },
    )
    assert "alert-danger" in html and EVIL not in html and "&lt;script&gt;" in html
    assert 'name="SECDNS-DS[0][keytag]"' in html and 'name="SECDNS-KEY[0][flags]"' in html


def test_dnssec_page_leaves_out_max_sig_life_where_the_registry_has_none() -> None:
    variables = {
        "domainname": "example.com",
        "secdnsds": [],
        "secdnskey": [],
        "maxsiglife": "",
        "maxsiglife_offered": False,
        "error": "",
        "successful": "",
    }
    html = render("dnssec", variables)
    assert 'name="MAXSIGLIFE"' not in html and 'name="SECDNS-DS[0][keytag]"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_pnslist_page(language: str) -> None:
    texts = strings(language)
    hosts = [
        {"hostname": "ns1.example.com", "ips": ["192.0.2.1", "2001:db8::1"]},
        {"hostname": EVIL, "ips": []},
    ]
    html = render("pnslist", {"domainname": "example.com", "hosts": hosts}, language)
    assert (
        escaped(texts["pns_title"]) in html and "192.0.2.1, 2001:db8::1" in html and "ns1.example.com" in html
    )
    assert EVIL not in html
    empty = render("pnslist", {"domainname": "example.com", "hosts": []}, language)
    assert escaped(texts["pns_none"]) in empty


@pytest.mark.parametrize("language", LANGUAGES)
def test_whoisprivacy_page_states(language: str) -> None:
    texts = strings(language)
    base = {"domainname": "example.com", "error": "", "successful": ""}
    on = render("whoisprivacy", {**base, "protected": True, "can_enable": True}, language)
    assert (
        escaped(texts["privacy_on"]) in on
        and 'value="disable"' in on
        and escaped(texts["privacy_disable"]) in on
    )
    off = render(
        "whoisprivacy", {**base, "protected": False, "can_enable": True, "successful": "disabled"}, language
    )
    assert (
        escaped(texts["privacy_off"]) in off
        and 'value="enable"' in off
        and escaped(texts["privacy_disabled_ok"]) in off
    )
    locked = render("whoisprivacy", {**base, "protected": False, "can_enable": False}, language)
    assert 'value="enable"' not in locked and escaped(texts["privacy_admin_only"]) in locked


@pytest.mark.parametrize("language", LANGUAGES)
def test_registry_privacy_page(language: str) -> None:
    texts = strings(language)
    base = {"domainname": "maple.ca", "tld": "ca", "error": "", "successful": ""}
    person = render("whoisprivacy_registry", {**base, "protectable": True, "protected": True}, language)
    assert escaped(texts["privacy_registry_title"]) in person and "a=whoisprivacy_ca" in person
    assert 'value="disable"' in person
    company = render("whoisprivacy_registry", {**base, "protectable": False, "protected": False}, language)
    assert escaped(texts["privacy_registry_org"]) in company and "<form" not in company
    failed = render("whoisprivacy_registry", {**base, "protectable": True, "protected": True, "error": EVIL})
    assert EVIL not in failed and "&lt;script&gt;" in failed


@pytest.mark.parametrize("language", LANGUAGES)
def test_webapps_page_views(language: str) -> None:
    texts = strings(language)
    apps = [
        {
            "id": "gsuite",
            "name": "G Suite",
            "connected": False,
            "extra": [{"name": "watoken", "label": "Verification token"}],
        }
    ]
    base = {"domainname": "example.com", "webapp": "", "dnszone_missing": True, "dnsmanagement": True}
    overview = render("webapps", {**base, "view": "overview", "apps": apps, "successful": ""}, language)
    assert "G Suite" in overview and escaped(texts["webapps_not_connected"]) in overview
    assert (
        "subaction=connect&amp;webapp=gsuite" in overview
        and escaped(texts["webapps_zone_missing"]) in overview
    )
    form = render(
        "webapps", {**base, "view": "connect", "webapp": "gsuite", "apps": apps, "successful": ""}, language
    )
    assert 'name="subaction" value="doconnect"' in form and 'name="watoken"' in form
    assert escaped(texts["webapps_watoken"]) in form
    connected = [{**apps[0], "connected": True}]
    done = render(
        "webapps",
        {**base, "view": "overview", "apps": connected, "successful": "G Suite connected"},
        language,
    )
    assert "subaction=disconnect&amp;webapp=gsuite" in done
    confirm = render(
        "webapps", {**base, "view": "disconnect", "webapp": "gsuite", "apps": connected, "successful": ""}
    )
    assert 'name="subaction" value="dodisconnect"' in confirm


def test_webapps_page_without_dns_management_offers_no_connect() -> None:
    apps = [{"id": "gsuite", "name": "G Suite", "connected": False, "extra": []}]
    html = render(
        "webapps",
        {"domainname": "example.com", "view": "overview", "webapp": "", "apps": apps,
         "dnszone_missing": False, "dnsmanagement": False, "successful": ""},
    )  # fmt: skip
    assert escaped(strings("english")["webapps_no_dns"]) in html and "subaction=connect" not in html


@pytest.mark.parametrize(
    ("tld", "label", "page"),
    [
        ("ca", ".CA Registrant WHOIS Privacy", "whoisprivacy_ca"),
        ("se", ".SE Registrant WHOIS Privacy", "whoisprivacy_se"),
        ("nz", ".NZ Registrant WHOIS Privacy", "whoisprivacy_nz"),
    ],
)
def test_registry_privacy_buttons(tld: str, label: str, page: str) -> None:
    params = {"domainid": 42, "tld": tld, "idprotection": False, "dnsmanagement": False}
    buttons = run_whmcs("ClientAreaCustomButtonArray", params, config={"DNSSEC": "", "WebApps": ""}).returned
    assert buttons[label] == page
    assert "Private Nameservers List" in buttons and "WHOIS Privacy" not in buttons


def test_dnssec_webapps_and_whoisprivacy_buttons_follow_their_settings() -> None:
    params = {"domainid": 42, "tld": "com", "idprotection": True, "dnsmanagement": True}
    buttons = run_whmcs(
        "ClientAreaCustomButtonArray", params, config={"DNSSEC": "on", "WebApps": "on"}
    ).returned
    assert {
        buttons[k] for k in ("WHOIS Privacy", "DNSSEC Management", "Web Apps", "Private Nameservers List")
    } == {
        "whoisprivacy",
        "dnssec",
        "webapps",
        "pnslist",
    }
    off = run_whmcs(
        "ClientAreaCustomButtonArray",
        {**params, "dnsmanagement": False},
        config={"DNSSEC": "", "WebApps": "on"},
    )
    assert "Web Apps" not in off.returned and "DNSSEC Management" not in off.returned
