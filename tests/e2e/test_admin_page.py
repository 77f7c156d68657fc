"""The WHMCS admin page (addon ispapibridge) in headless Chromium: each page rendered by the WHMCS addon
emulation (php -S on loopback), backed by the real bridge and the sandbox, clicked through like an admin,
with a screenshot of each state under var/screenshots/ and assertions on what the page shows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.db.models import TradeCost
from app.db.session import Database
from tests.e2e.admin_page import import_account
from tests.e2e.browser import browser, page, screenshot
from tests.e2e.stack import E2EStack, fresh_domain, new_account, register_params_for
from tests.whmcs.addon import AdminPageServer
from tests.whmcs.harness import closed_port_url, run_whmcs

pytestmark = [pytest.mark.e2e, pytest.mark.php, pytest.mark.slow]
__all__ = ["browser", "page"]  # fixtures


def open_tab(tab: Any, server: AdminPageServer, name: str, **query: str) -> None:
    tab.goto(server.url(tab=name, **query))
    assert tab.locator("#php-warnings").count() == 0, tab.locator("#php-warnings").inner_text()


def click_and_wait(tab: Any, selector: str) -> None:
    with tab.expect_navigation():
        tab.click(selector)
    assert tab.locator("#php-warnings").count() == 0, tab.locator("#php-warnings").inner_text()


def account_config(stack: E2EStack, prefix: str) -> dict[str, Any]:
    login, password = new_account(stack, prefix)
    return stack.module_config(Username=login, Password=password)


@pytest.mark.usefixtures("backend")
def test_overview_shows_bridge_account_and_caches_and_refreshes_them(
    stack: E2EStack, page: Any, tmp_path: Path
) -> None:
    config = account_config(stack, "ovw")
    with AdminPageServer(tmp_path, registrar_config=config) as server:
        open_tab(page, server, "overview")
        bridge = page.locator("#overview-bridge").inner_text()
        assert "answering" in bridge and "ready" in bridge and "not ready" not in bridge
        account = page.locator("#overview-account").inner_text()
        assert config["Username"] in account and "OT&E" in account
        assert page.locator("#account-balance").inner_text() == "100000.00 USD"
        caches = page.locator("#caches")
        assert caches.locator("tbody tr").count() == 2
        assert caches.locator("[data-state=stale]").count() == 2 and "never loaded" in caches.inner_text()
        suffix = "" if stack.backend == "ispapi" else f"-{stack.backend}"  # one picture per backend
        screenshot(page, f"overview-before-refresh{suffix}")

        click_and_wait(page, "#refresh-snapshot button")
        assert "Domain snapshot (Sync) refreshed: 0 entries." in page.locator(".alert-success").inner_text()
        row = page.locator("#caches tbody tr").nth(0)
        assert "fresh" in row.inner_text() and row.locator("[data-state=fresh]").count() == 1
        click_and_wait(page, "#refresh-pricing button")
        assert "TLD pricing refreshed:" in page.locator(".alert-success").inner_text()
        assert page.locator("#caches [data-state=fresh]").count() == 2
        screenshot(page, f"overview{suffix}")


# language -> (tab titles, title of the registry-account panel)
LANGUAGES: dict[str, tuple[list[str], str]] = {
    "english": (["Overview", "Money operations", "Trade-cost ledger", "Domain import"], "Registry account"),
    "german": (
        ["Übersicht", "Geldvorgänge", "Kosten der Inhaberwechsel", "Domain-Import"],
        "Registry-Konto",
    ),
    "french": (
        ["Vue d'ensemble", "Opérations payantes", "Coûts des changements de titulaire", "Import de domaines"],
        "Compte auprès du registre",
    ),
    "arabic": (
        ["نظرة عامة", "العمليات المالية", "سجل تكاليف نقل الملكية", "استيراد النطاقات"],
        "حساب السجل",
    ),
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_page_follows_the_admin_language(
    stack: E2EStack, page: Any, tmp_path: Path, language: str
) -> None:
    tabs, panel = LANGUAGES[language]
    with AdminPageServer(tmp_path, registrar_config=stack.module_config(), language=language) as server:
        open_tab(page, server, "overview")
        assert page.locator("#ispapibridge-tabs a").all_inner_texts() == tabs
        assert page.locator("#overview-account .panel-title").inner_text() == panel
        direction = page.locator("#ispapibridge").get_attribute("dir")
        assert direction == ("rtl" if language == "arabic" else "ltr")
        screenshot(page, f"overview-{language}")


def test_an_unreachable_bridge_is_shown_plainly(stack: E2EStack, page: Any, tmp_path: Path) -> None:
    config = stack.module_config(BridgeURL=closed_port_url())
    with AdminPageServer(tmp_path, registrar_config=config) as server:
        open_tab(page, server, "overview")
        bridge = page.locator("#overview-bridge").inner_text()
        assert "not answering" in bridge and "cURL error 7" in bridge
        screenshot(page, "overview-bridge-down")


def test_money_operations_are_listed_and_filtered(stack: E2EStack, page: Any, tmp_path: Path) -> None:
    config = account_config(stack, "jrn")
    prefix = f"jrn{config['Username'][-6:]}"
    done = fresh_domain("com", prefix=prefix)
    params = register_params_for(done)
    assert run_whmcs("RegisterDomain", params, config=config).returned == {"success": True}
    again = run_whmcs("RegisterDomain", {**params, "domainid": 43}, config=config)  # another order: refused
    assert again.error is not None
    with AdminPageServer(tmp_path, registrar_config=config) as server:
        open_tab(page, server, "journal")
        page.fill("#journal-filter input[name=domain]", prefix)
        click_and_wait(page, "#journal-filter button")
        rows = page.locator("#journal tbody tr")
        assert rows.count() == 2
        texts = rows.all_inner_texts()
        assert all(done in text and "RegisterDomain" in text for text in texts)
        assert "failed" in texts[0] and "succeeded" in texts[1]  # newest first
        assert (
            page.locator("#journal code").nth(0).inner_text()
            != page.locator("#journal code").nth(1).inner_text()
        )
        screenshot(page, "journal")
        page.select_option("#journal-filter select[name=state]", "succeeded")
        click_and_wait(page, "#journal-filter button")
        assert page.locator("#journal tbody tr").count() == 1
        assert "succeeded" in page.locator("#journal tbody tr").inner_text()
        page.fill("#journal-filter input[name=domain]", "no-such-domain-anywhere")
        click_and_wait(page, "#journal-filter button")
        assert "No money operations match these filters." in page.locator("#journal-empty").inner_text()


def _trade_costs(stack: E2EStack) -> None:
    """Billable owner changes of early 2025 (before every other test's), straight into the bridge's ledger."""
    db = Database.from_url(f"sqlite:///{stack.database_path}")
    rows = [
        ("alpha-trade.it", "12.50", "EUR", datetime(2025, 1, 10, 8, tzinfo=UTC)),
        ("beta-trade.it", "12.50", "EUR", datetime(2025, 1, 20, 9, tzinfo=UTC)),
        ("gamma-trade.ca", "30.00", "USD", datetime(2025, 1, 25, 10, tzinfo=UTC)),
        ("delta-trade.it", "12.50", "EUR", datetime(2025, 2, 3, 11, tzinfo=UTC)),
    ]
    try:
        with db.sessions() as session:
            session.add_all(
                TradeCost(
                    account_key="e2e-admin-page",
                    domain=domain,
                    tld=domain.rsplit(".", 1)[1],
                    amount=Decimal(amount),
                    currency=currency,
                    whmcs_client_id=7,
                    whmcs_domain_id=40 + i,
                    request_id=f"req-ledger-{i}",
                    created_at=at,
                )
                for i, (domain, amount, currency, at) in enumerate(rows)
            )
            session.commit()
    finally:
        db.dispose()


def test_trade_cost_ledger_with_monthly_totals_and_csv(stack: E2EStack, page: Any, tmp_path: Path) -> None:
    _trade_costs(stack)
    with AdminPageServer(tmp_path, registrar_config=stack.module_config()) as server:
        open_tab(page, server, "ledger")
        page.fill("#ledger-filter input[name=since]", "2025-01-01")
        page.fill("#ledger-filter input[name=until]", "2025-03-01")
        click_and_wait(page, "#ledger-filter button")
        monthly = [row.split("\t") for row in page.locator("#ledger-monthly tbody tr").all_inner_texts()]
        assert monthly == [
            ["2025-01", "EUR", "2", "25.00 EUR"],
            ["2025-01", "USD", "1", "30.00 USD"],
            ["2025-02", "EUR", "1", "12.50 EUR"],
        ]
        entries = page.locator("#ledger-entries tbody tr").all_inner_texts()
        assert [entry.split("\t")[1] for entry in entries] == [
            "delta-trade.it",
            "gamma-trade.ca",
            "beta-trade.it",
            "alpha-trade.it",
        ]
        screenshot(page, "ledger")
        with page.expect_download() as download_info:
            page.click("#ledger-csv")
        download = download_info.value
        assert download.suggested_filename.startswith("ispapi-trade-costs-")
        rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8"))))
        assert rows[0] == [
            "created_at",
            "domain",
            "tld",
            "amount",
            "currency",
            "whmcs_client_id",
            "whmcs_domain_id",
            "request_id",
        ]
        assert [row[1] for row in rows[1:]] == [
            "alpha-trade.it",
            "beta-trade.it",
            "gamma-trade.ca",
            "delta-trade.it",
        ]
        assert rows[3][3:5] == ["30.00", "USD"]


@pytest.mark.usefixtures("backend")
def test_domain_import_dry_run_import_and_second_run(stack: E2EStack, page: Any, tmp_path: Path) -> None:
    account = import_account(stack, "impui")
    suffix = "" if stack.backend == "ispapi" else f"-{stack.backend}"  # one picture per backend
    with AdminPageServer(
        tmp_path, registrar_config=account.config(stack), db=account.whmcs_tables()
    ) as server:
        open_tab(page, server, "import")
        click_and_wait(page, "#import-dryrun button")
        assert "Dry run: nothing has been changed yet." in page.locator("#import-dryrun-notice").inner_text()
        plan = page.locator("#import-plan tbody tr")
        assert plan.count() == 3
        assert sorted(row.split("\t")[0] for row in plan.all_inner_texts()) == account.unknown
        assert "existing client #5" in page.locator("#import-plan").inner_text()
        assert len(server.rows("tbldomains")) == 1
        screenshot(page, f"import-dry-run{suffix}")

        click_and_wait(page, "#import-run button")
        assert (
            "Import done: 3 imported, 0 skipped, 0 failed; 1 new clients."
            in page.locator(".alert").first.inner_text()
        )
        assert page.locator("#import-report [data-state=imported]").count() == 3
        screenshot(page, f"import-report{suffix}")
        domains = {row["domain"]: row for row in server.rows("tbldomains")}
        assert set(domains) == {account.known, *account.unknown}
        assert {row["registrar"] for row in domains.values()} == {"ispapi"}
        assert len(server.rows("tblclients")) == 2
        assert sum("imported domain" in row["description"] for row in server.rows("tblactivitylog")) == 3

        click_and_wait(page, "#import-dryrun button")
        assert "4 already in WHMCS, 0 not in WHMCS" in page.locator("#import-summary").inner_text()
        assert (
            "Every domain of the registry account is already in WHMCS."
            in page.locator("#import-plan-empty").inner_text()
        )
        assert page.locator("#import-run").count() == 0
        screenshot(page, f"import-second-run{suffix}")
        assert len(server.rows("tbldomains")) == 4
