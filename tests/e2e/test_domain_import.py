"""Domain import end to end: the addon page (WHMCS emulation) -> the bridge -> the sandbox, with the import
landing in the emulated WHMCS tables (tbldomains, tblclients, tblorders). Also the addon's CSRF check and
output escaping, through the same runner."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.admin_page import EXISTING_CLIENT, ImportAccount, import_account, text_of
from tests.e2e.stack import E2EStack, whmcs_expiry_of
from tests.whmcs.addon import AddonResult, run_addon

pytestmark = [pytest.mark.e2e, pytest.mark.php]

TOKEN = "csrf-token-of-this-admin-session-0123"
SESSION = {"tkval": TOKEN}


def page(stack: E2EStack, account: ImportAccount, db: dict[str, Any], **request: Any) -> AddonResult:
    result = run_addon(registrar_config=account.config(stack), session=SESSION, db=db, **request)
    assert result.warnings == [] and result.exception is None, (result.warnings, result.exception)
    return result


def dry_run(stack: E2EStack, account: ImportAccount, db: dict[str, Any]) -> AddonResult:
    return page(stack, account, db, get={"tab": "import"}, post={"action": "dryrun", "token": TOKEN})


def do_import(stack: E2EStack, account: ImportAccount, db: dict[str, Any], names: list[str]) -> AddonResult:
    post = {"action": "import", "token": TOKEN, "domains": names}
    return page(stack, account, db, get={"tab": "import"}, post=post)


def rows_by_domain(db: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {row["domain"]: row for row in db["tbldomains"]}


@pytest.fixture
def account(stack: E2EStack) -> ImportAccount:
    return import_account(stack)


@pytest.mark.usefixtures("backend")
def test_dry_run_lists_the_unknown_domains_and_changes_nothing(
    stack: E2EStack, account: ImportAccount
) -> None:
    db = account.whmcs_tables()
    result = dry_run(stack, account, db)
    shown = text_of(result.html)
    assert "Dry run: nothing has been changed yet." in shown
    assert "Registry account: 4 domains, 1 already in WHMCS, 3 not in WHMCS." in shown
    for domain in account.unknown:
        assert domain in shown
    assert account.known not in shown.replace("Registry account", "")
    assert "existing client #5 Erika Existing <Erika.Existing@Example.org>" in shown
    assert shown.count("new client") == 2
    assert "ns1.import-dns.example, ns2.import-dns.example" in shown
    assert f'value="{account.for_new[0]}"' in result.html  # the import form carries exactly the plan
    assert "Import these 3 domains" in shown
    assert len(result.db_after["tbldomains"]) == 1 and len(result.db_after["tblclients"]) == 1
    assert result.db_after["tblorders"] == [] and result.localapi_calls == []


@pytest.mark.usefixtures("backend")
def test_import_then_a_second_run_imports_nothing(stack: E2EStack, account: ImportAccount) -> None:
    db = account.whmcs_tables()
    result = do_import(stack, account, db, account.unknown)
    assert "Import done: 3 imported, 0 skipped, 0 failed; 1 new clients." in text_of(result.html)
    after = result.db_after
    domains = rows_by_domain(after)
    assert set(domains) == {account.known, *account.unknown}
    # the registrant with the existing client's email (other case) goes to that client
    assert int(domains[account.for_existing]["userid"]) == EXISTING_CLIENT["id"]
    # one new client from the registrant's data holds both of the other domains
    new_clients = [c for c in after["tblclients"] if int(c["id"]) != EXISTING_CLIENT["id"]]
    assert len(new_clients) == 1
    client = new_clients[0]
    assert (client["firstname"], client["lastname"], client["email"]) == (
        "Nora",
        "Newcomer",
        "nora.newcomer@example.net",
    )
    assert (
        client["companyname"],
        client["address1"],
        client["city"],
        client["postcode"],
        client["country"],
    ) == (
        "Import & Sons",
        "7 Import Lane",
        "Hamburg",
        "20095",
        "DE",
    )
    for domain in account.for_new:
        assert int(domains[domain]["userid"]) == int(client["id"])
    orders = {int(order["id"]): order for order in after["tblorders"]}
    for domain in account.unknown:
        row = domains[domain]
        record = stack.domain(domain)
        assert row["registrar"] == "ispapi" and row["status"] == "Active" and row["type"] == "Register"
        assert row["expirydate"] == whmcs_expiry_of(stack, domain) == row["nextduedate"]
        assert row["registrationdate"] == str(record.created_at.date())
        order = orders[int(row["orderid"])]
        assert order["nameservers"] == "ns1.import-dns.example,ns2.import-dns.example"
        assert int(order["userid"]) == int(row["userid"])
    assert domains[account.for_existing]["paymentmethod"] == "banktransfer"
    assert sum("imported domain" in line["message"] for line in result.activity) == 3

    second = dry_run(stack, account, after)
    shown = text_of(second.html)
    assert "Registry account: 4 domains, 4 already in WHMCS, 0 not in WHMCS." in shown
    assert "Every domain of the registry account is already in WHMCS." in shown
    assert "Import these" not in shown
    again = do_import(stack, account, after, account.unknown)  # a stale form posted again
    assert "Import done: 0 imported, 3 skipped, 0 failed; 0 new clients." in text_of(again.html)
    assert again.db_after["tbldomains"] == after["tbldomains"]
    assert again.db_after["tblclients"] == after["tblclients"]


@pytest.mark.usefixtures("backend")
def test_a_domain_the_registry_does_not_know_is_reported_not_imported(
    stack: E2EStack, account: ImportAccount
) -> None:
    result = do_import(
        stack, account, account.whmcs_tables(), ["not-in-this-account-0.com", account.for_existing]
    )
    shown = text_of(result.html)
    assert "Import done: 1 imported, 0 skipped, 1 failed; 0 new clients." in shown
    assert "not-in-this-account-0.com failed" in shown
    assert len(result.db_after["tbldomains"]) == 2


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_posts_without_the_session_token_change_nothing(
    stack: E2EStack, account: ImportAccount, token: str | None
) -> None:
    post: dict[str, Any] = {"action": "import", "domains": account.unknown}
    if token is not None:
        post["token"] = token
    result = page(stack, account, account.whmcs_tables(), get={"tab": "import"}, post=post)
    assert "The form has expired or did not come from this page" in text_of(result.html)
    assert len(result.db_after["tbldomains"]) == 1 and result.localapi_calls == []
    refresh = page(
        stack,
        account,
        {},
        get={"tab": "overview"},
        post={"action": "refresh", "cache": "snapshot", "token": "x"},
    )
    assert "The form has expired" in text_of(refresh.html) and "refreshed:" not in text_of(refresh.html)


def test_every_form_carries_the_session_token(stack: E2EStack, account: ImportAccount) -> None:
    overview = page(stack, account, {})
    assert overview.html.count(f'name="token" value="{TOKEN}"') == 2  # the two refresh buttons
    plan = dry_run(stack, account, account.whmcs_tables())
    assert plan.html.count(f'name="token" value="{TOKEN}"') == 1  # the import button's form


def test_request_values_are_escaped(stack: E2EStack, account: ImportAccount) -> None:
    evil = '"><script>alert(1)</script>'
    result = page(stack, account, {}, get={"tab": "journal", "domain": evil})
    assert "<script>alert(1)</script>" not in result.html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in result.html
    ledger = page(stack, account, {}, get={"tab": "ledger", "since": evil})
    assert "<script>alert" not in ledger.html


@pytest.mark.usefixtures("backend")
def test_idn_domains_are_recognised_and_imported_under_their_unicode_name(stack: E2EStack) -> None:
    import secrets

    import idna

    from tests.e2e.admin_page import add_registrant_domain
    from tests.e2e.stack import new_account

    login = new_account(stack, "idn")
    known, new = (f"bücher-{secrets.token_hex(3)}.com" for _ in range(2))
    for name in (known, new):
        ace = idna.encode(name, uts46=True).decode()
        tag = {"x-idn-language": "ger"}
        add_registrant_domain(stack, login, ace, email="idn@example.net", first="Jörg", last="Bücher", **tag)
    account = ImportAccount(login=login[0], password=login[1], for_existing="", known=known)
    db = {"tbldomains": [{"id": 1, "userid": 5, "domain": known, "registrar": "ispapi", "status": "Active"}]}
    plan = text_of(dry_run(stack, account, db).html)
    assert "Registry account: 2 domains, 1 already in WHMCS, 1 not in WHMCS." in plan and new in plan
    result = do_import(stack, account, db, [new])
    assert "Import done: 1 imported" in text_of(result.html)
    assert sorted(row["domain"] for row in result.db_after["tbldomains"]) == sorted([known, new])
    client = next(c for c in result.db_after["tblclients"])
    assert (client["firstname"], client["lastname"]) == ("Jörg", "Bücher")
