"""Change-of-Registrant pages in the shim: buttons, the TradeCostTodo setting, smarty4 rendering."""

from __future__ import annotations

from typing import Any

import pytest

from app.registrar.base import OPERATIONS, ModuleConfig, RegistrarContext
from tests.registrar.conftest import FakeIspapi, PassThroughJournal, reply
from tests.registrar.test_contacts import status_contact
from tests.whmcs.harness import render_template, run_whmcs

pytestmark = pytest.mark.php

PAGES = ("registrantmodification_it", "registrantmodification_tld", "registrantmodification_ca")


def _buttons(tld: str) -> dict[str, str]:
    result = run_whmcs(
        "ClientAreaCustomButtonArray",
        {"domainid": 42, "sld": "example", "tld": tld, "idprotection": False, "dnsmanagement": False},
        config={"DNSSEC": ""},
    )
    assert result.warnings == []
    buttons: dict[str, str] = result.returned
    return buttons


@pytest.mark.parametrize(
    ("tld", "label", "page"),
    [
        ("it", ".IT Change of Registrant", "registrantmodification_it"),
        ("se", ".SE Change of Registrant", "registrantmodification_tld"),
        ("nu", ".NU Change of Registrant", "registrantmodification_tld"),
        ("ch", ".CH Change of Registrant", "registrantmodification_tld"),
        ("ca", ".CA Change of Registrant", "registrantmodification_ca"),
    ],
)
def test_change_of_registrant_buttons_per_tld(tld: str, label: str, page: str) -> None:
    assert _buttons(tld)[label] == page


def test_no_change_of_registrant_button_for_other_tlds() -> None:
    assert not any("Change of Registrant" in label for label in _buttons("com"))


def test_trade_cost_todo_setting_is_offered() -> None:
    result = run_whmcs("getConfigArray", {})
    assert result.returned["TradeCostTodo"]["Type"] == "yesno"


async def _page_vars(
    page: str, tld: str, post: dict[str, Any] | None = None, **answers: str
) -> dict[str, Any]:
    fake = FakeIspapi()
    fake.on("StatusDomain", reply(OWNERCONTACT="P-OWN1", cols={"X-CA-LEGALTYPE": "CCT"}))
    fake.on("StatusContact", status_contact(FIRSTNAME="Zoë", ORGANIZATION='A & "B" <c>'))
    for command, answer in answers.items():
        fake.on(command, answer)
    ctx = RegistrarContext(
        function=page,
        params={"sld": "example", "tld": tld, "domainid": 42, "request": {"post": post or {}, "get": {}}},
        config=ModuleConfig.from_settings({"Username": "u", "Password": "p"}),
        client=fake,
        journal=PassThroughJournal(),
        request_id="req-12345678",
    )
    result = await OPERATIONS[page].func(ctx)
    assert result.value["templatefile"] == page
    return dict(result.value["vars"])


def _lang() -> dict[str, str]:
    """The English strings of lang/english/contacts.php (what the shim merges into $_lang)."""
    import re
    from pathlib import Path

    text = Path("php-shim/modules/registrars/ispapi/lang/english/contacts.php").read_text("utf-8")
    return dict(re.findall(r"'([a-z0-9_]+)' => '((?:[^'\\]|\\.)*)'", text))


@pytest.mark.parametrize(("page", "tld"), [(PAGES[0], "it"), (PAGES[1], "se"), (PAGES[2], "ca")])
async def test_pages_render_escaped_without_warnings(page: str, tld: str) -> None:
    vars_ = await _page_vars(page, tld)
    rendered = render_template(f"templates/{page}", {**vars_, "_lang": _lang()})
    assert rendered.warnings == []
    html = rendered.html
    assert "Change of Registrant - example." + tld in html
    assert 'value="Zo&euml;"' in html or 'value="Zoë"' in html
    assert "A &amp; &quot;B&quot; &lt;c&gt;" in html  # escaped, never raw markup
    assert 'name="contactdetails[Registrant][Phone Number]"' in html
    if tld == "it":
        assert "Accept Section 3 of the .IT registrar contract" in html
    if tld == "se":
        assert 'name="se-checkbox"' in html
    if tld == "ca":
        assert '<option value="CCT" selected>' in html  # current legal type reverse-mapped


@pytest.mark.parametrize(("page", "tld"), [(PAGES[0], "it"), (PAGES[1], "se"), (PAGES[2], "ca")])
async def test_pages_post_the_csrf_token(page: str, tld: str) -> None:
    """WHMCS checks its client-area `token` on every POST; the form carries it like the other pages' forms."""
    vars_ = await _page_vars(page, tld)
    rendered = render_template(f"templates/{page}", {**vars_, "_lang": _lang(), "token": 'c5f&"x'})
    assert rendered.warnings == []
    form = rendered.html[rendered.html.index("<form") : rendered.html.index("</form>")]
    assert '<input type="hidden" name="token" value="c5f&amp;&quot;x">' in form


def test_every_post_form_of_the_module_carries_the_csrf_token() -> None:
    from pathlib import Path

    for path in sorted(Path("php-shim/modules/registrars/ispapi/templates").glob("*.tpl")):
        lines = path.read_text("utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.startswith('<form method="post"'):
                where = f"{path.name}:{number + 1}"
                assert 'name="token" value="{$token|escape}"' in lines[number + 1], where


async def test_page_error_is_shown_on_the_page() -> None:
    post = {"submit": "1", "contactdetails": {"Registrant": {"First Name": "A"}}}
    vars_ = await _page_vars(PAGES[1], "se", post)
    assert vars_["error"].startswith("Registrant Last Name is required")
    rendered = render_template(f"templates/{PAGES[1]}", {**vars_, "_lang": _lang()})
    assert rendered.warnings == []
    assert "The change failed:" in rendered.html and "Registrant Last Name is required" in rendered.html


def test_every_language_has_every_contacts_key() -> None:
    import re
    from pathlib import Path

    base = Path("php-shim/modules/registrars/ispapi/lang")
    keys = {
        lang: set(
            re.findall(r"^\s*'([a-z0-9_]+)' =>", (base / lang / "contacts.php").read_text("utf-8"), re.M)
        )
        for lang in ("english", "german", "french", "arabic")
    }
    assert keys["english"] and all(k == keys["english"] for k in keys.values())


def test_registry_privacy_page_renders_the_cnr_notice_without_a_form() -> None:
    notice = "The .CA registry's own WHOIS privacy cannot be switched through CentralNic Reseller."
    vars_ = {"domainname": "example.ca", "tld": "ca", "protectable": False, "protected": False}
    page = {**vars_, "unavailable": notice, "error": "", "successful": "", "_lang": {}}
    rendered = render_template("templates/whoisprivacy_registry", page)
    assert rendered.warnings == []
    assert "cannot be switched through CentralNic Reseller" in rendered.html and "<form" not in rendered.html
