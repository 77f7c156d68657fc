"""The WHMCS admin page (addon ispapibridge) for either backend: one php request per page through the real
bridge to the sandbox (no browser; the page itself is tested in test_admin_page.py). The overview names the
backend the registrar module uses, and every page that reaches the registry works for it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.admin_page import import_account, text_of
from tests.e2e.stack import E2EStack, new_account
from tests.whmcs.addon import AddonResult, run_addon

pytestmark = [pytest.mark.e2e, pytest.mark.php, pytest.mark.usefixtures("backend")]

TOKEN = "t" * 40  # the admin session's CSRF token (WHMCS generate_token, lib/Csrf.php)
LABELS = {"ispapi": "HEXONET ISPAPI", "cnr": "CentralNic Reseller"}


def page(config: dict[str, Any], tab: str, **post: Any) -> AddonResult:
    result = run_addon(
        registrar_config=config,
        get={"tab": tab},
        post={"token": TOKEN, **post} if post else None,
        session={"tkval": TOKEN},
        db={"tbldomains": [], "tblclients": []},
    )
    assert result.warnings == [] and result.exception is None, (result.warnings, result.exception)
    return result


def account_config(stack: E2EStack, prefix: str) -> dict[str, Any]:
    login, password = new_account(stack, prefix)
    return stack.module_config(Username=login, Password=password)


def test_the_overview_names_the_backend_and_reads_the_account(stack: E2EStack) -> None:
    config = account_config(stack, "ovb")
    text = text_of(page(config, "overview").html)
    assert f"Backend {LABELS[stack.backend]}" in text, text
    assert config["Username"] in text and "OT&E" in text
    assert "Balance 100000.00 USD Credit limit 0.00 USD" in text, text  # CNR: CREDIT_THRESHOLD


def test_the_snapshot_refreshes_for_the_backend(stack: E2EStack) -> None:
    config = account_config(stack, "rfb")
    snapshot = text_of(page(config, "overview", action="refresh", cache="snapshot").html)
    assert "Domain snapshot (Sync) refreshed: 0 entries." in snapshot, snapshot


def test_the_pricing_refreshes_for_the_backend(stack: E2EStack) -> None:
    config = account_config(stack, "rfp")
    pricing = text_of(page(config, "overview", action="refresh", cache="pricing").html)
    assert "TLD pricing refreshed:" in pricing, pricing


def test_the_domain_import_plans_from_the_registry_account(stack: E2EStack) -> None:
    account = import_account(stack, "imb")
    result = run_addon(
        registrar_config=account.config(stack),
        get={"tab": "import"},
        post={"token": TOKEN, "action": "dryrun"},
        session={"tkval": TOKEN},
        db=account.whmcs_tables(),
    )
    assert result.warnings == [] and result.exception is None
    text = text_of(result.html)
    assert "Dry run: nothing has been changed yet." in text, text
    for domain in account.unknown:
        assert domain in text
    assert "existing client #5" in text


def test_the_journal_and_ledger_pages_answer(stack: E2EStack) -> None:
    config = account_config(stack, "jlb")
    for tab in ("journal", "ledger"):
        text = text_of(page(config, tab).html)
        assert "could not be loaded" not in text, (tab, text)
