"""The bridge's admin-page functions (app/admin/) against the in-process sandbox and a migrated SQLite
database: overview, cache refresh, journal and ledger pages, and the domain-import reads."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from app.admin import load_all, overview
from app.db.models import OperationJournal, TradeCost
from app.db.session import Database
from app.errors import InvalidInput, OperationFailed
from app.registrar.base import OPERATIONS
from tests.admin.conftest import CNR_URL
from tests.sync.conftest import Counting, context, services

load_all()


async def run(
    function: str, params: dict[str, Any], client: Counting, db: Database, *, backend: str = "ispapi"
) -> dict[str, Any]:
    endpoints = {"cnr_url": CNR_URL, "cnr_ote_url": None}
    config = {"Backend": backend}
    ctx = context(function, params, client=client, services=services(db, client, **endpoints), config=config)
    result = await OPERATIONS[function].func(ctx)
    assert result.kind == "array"
    value: dict[str, Any] = result.value
    return value


async def add_domain(client: Counting, name: str, *, email: str = "owner@example.net") -> None:
    contact = await client.call(
        {
            "COMMAND": "AddContact",
            "FIRSTNAME": "Ada",
            "LASTNAME": "Importer",
            "ORGANIZATION": "Imp & Co",
            "STREET": "1 Import Road",
            "CITY": "Berlin",
            "ZIP": "10115",
            "COUNTRY": "DE",
            "PHONE": "+49.301234567",
            "EMAIL": email,
        }
    )
    assert contact.is_success, contact.description
    handle = contact.first("CONTACT")
    reply = await client.call(
        {
            "COMMAND": "AddDomain",
            "DOMAIN": name,
            "PERIOD": 1,
            "OWNERCONTACT0": handle,
            "ADMINCONTACT0": handle,
            "TECHCONTACT0": handle,
            "BILLINGCONTACT0": handle,
            "NAMESERVER0": "ns1.import.example",
            "NAMESERVER1": "ns2.import.example",
        }
    )
    assert reply.is_success, reply.description


# ---- overview and refresh -------------------------------------------------------------------------------


async def test_overview_shows_account_readiness_and_empty_caches(client: Counting, db: Database) -> None:
    value = await run("BridgeAdminOverview", {}, client, db)
    account = value["account"]
    assert account["ok"] is True and account["system"] == "LIVE" and account["login"] == "demo"
    assert Decimal(account["balance"]) >= 0 and len(account["currency"]) == 3
    assert set(value["bridge"]["checks"]) == {"database", "upstream"}
    assert value["bridge"]["checks"]["database"] == "ok"
    for name in ("snapshot", "pricing"):
        assert value["caches"][name]["refreshed_at"] is None and value["caches"][name]["stale"] is True


async def test_overview_keeps_working_when_the_registry_refuses_the_login(
    refused_client: Counting, db: Database
) -> None:
    value = await run("BridgeAdminOverview", {}, refused_client, db)
    assert value["account"]["ok"] is False and value["account"]["error"].startswith("530 ")
    assert value["bridge"]["checks"]["database"] == "ok"


async def test_refresh_snapshot_then_the_overview_shows_its_age(client: Counting, db: Database) -> None:
    await add_domain(client, "refresh-me.com")
    done = await run("BridgeAdminRefresh", {"cache": "snapshot"}, client, db)
    assert done == {"cache": "snapshot", "outcome": "ran", "rows": 1, "calls": 1}
    caches = (await run("BridgeAdminOverview", {}, client, db))["caches"]
    assert caches["snapshot"]["rows"] == 1 and caches["snapshot"]["stale"] is False
    assert 0 <= caches["snapshot"]["age_seconds"] < 3600
    assert caches["pricing"]["refreshed_at"] is None


async def test_refresh_pricing(client: Counting, db: Database) -> None:
    done = await run("BridgeAdminRefresh", {"cache": "pricing"}, client, db)
    assert done["cache"] == "pricing" and done["outcome"] == "ran" and done["rows"] > 10


class Slow:
    """Delays every registry call: a refresh that outlasts the page's wait."""

    def __init__(self, inner: Counting, delay: float) -> None:
        self.inner, self.delay = inner, delay

    async def call(self, command: Any, *, timeout: float | None = None) -> Any:
        await asyncio.sleep(self.delay)
        return await self.inner.call(command, timeout=timeout)


async def test_a_long_refresh_goes_on_in_the_background(
    client: Counting, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_domain(client, "slow-refresh.com")
    monkeypatch.setattr(overview, "REFRESH_WAIT_SECONDS", 0.05)
    slow = Slow(client, delay=0.5)
    ctx = context("BridgeAdminRefresh", {"cache": "snapshot"}, client=slow, services=services(db, slow))
    answered = (await OPERATIONS["BridgeAdminRefresh"].func(ctx)).value
    assert answered == {"cache": "snapshot", "outcome": "running", "rows": None, "calls": None}
    assert ctx.effects.activity == ["ispapi-bridge: snapshot refresh started from the admin page."]
    await overview.wait_for_refreshes()
    caches = (await run("BridgeAdminOverview", {}, client, db))["caches"]
    assert caches["snapshot"]["rows"] == 1 and caches["snapshot"]["stale"] is False


async def test_a_failed_refresh_is_reported_to_the_page(refused_client: Counting, db: Database) -> None:
    with pytest.raises(OperationFailed):
        await run("BridgeAdminRefresh", {"cache": "snapshot"}, refused_client, db)
    caches = (await run("BridgeAdminOverview", {}, refused_client, db))["caches"]
    assert caches["snapshot"]["last_error"] and caches["snapshot"]["refreshed_at"] is None


@pytest.mark.parametrize("cache", ["", "everything", "Snapshot"])
async def test_refresh_refuses_an_unknown_cache(client: Counting, db: Database, cache: str) -> None:
    with pytest.raises(InvalidInput, match="cache must be one of pricing, snapshot"):
        await run("BridgeAdminRefresh", {"cache": cache}, client, db)


# ---- journal --------------------------------------------------------------------------------------------


def journal_row(domain: str, function: str, state: str, minute: int) -> OperationJournal:
    at = datetime(2026, 3, 1, 12, minute, tzinfo=UTC)
    return OperationJournal(
        request_id=f"req-{domain}-{minute}",
        idempotency_key=f"key-{domain}-{function}-{minute}",
        function=function,
        domain=domain,
        state=state,
        outcome=None,
        created_at=at,
        updated_at=at,
        attempts=1,
    )


@pytest.fixture
def journal(db: Database) -> Database:
    with db.sessions() as session:
        session.add_all(
            [
                journal_row("alpha.com", "RegisterDomain", "succeeded", 1),
                journal_row("beta.net", "RenewDomain", "failed", 2),
                journal_row("alpha.com", "RenewDomain", "unknown", 3),
                journal_row("100%_sure.org", "TransferDomain", "started", 4),
            ]
        )
        session.commit()
    return db


async def test_journal_lists_newest_first(client: Counting, journal: Database) -> None:
    value = await run("BridgeAdminJournal", {}, client, journal)
    assert [(r["domain"], r["function"], r["state"]) for r in value["rows"]] == [
        ("100%_sure.org", "TransferDomain", "started"),
        ("alpha.com", "RenewDomain", "unknown"),
        ("beta.net", "RenewDomain", "failed"),
        ("alpha.com", "RegisterDomain", "succeeded"),
    ]
    first = value["rows"][0]
    assert first["request_id"] == "req-100%_sure.org-4" and first["updated_at"] == "2026-03-01T12:04:00Z"
    assert {"RegisterDomain", "RenewDomain", "TransferDomain"} <= set(value["functions"])
    assert value["states"] == ["started", "succeeded", "failed", "unknown"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"domain": "ALPHA"}, [("alpha.com", "RenewDomain"), ("alpha.com", "RegisterDomain")]),
        ({"function": "RenewDomain"}, [("alpha.com", "RenewDomain"), ("beta.net", "RenewDomain")]),
        ({"state": "failed"}, [("beta.net", "RenewDomain")]),
        ({"domain": "alpha", "state": "succeeded"}, [("alpha.com", "RegisterDomain")]),
        ({"domain": "%_"}, [("100%_sure.org", "TransferDomain")]),  # LIKE wildcards are literal
        ({"limit": "1"}, [("100%_sure.org", "TransferDomain")]),
    ],
)
async def test_journal_filters(
    client: Counting, journal: Database, filters: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    rows = (await run("BridgeAdminJournal", filters, client, journal))["rows"]
    assert [(r["domain"], r["function"]) for r in rows] == expected


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"state": "done"}, "state"),
        ({"function": "DROP TABLE"}, "function"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"domain": "x" * 256}, "domain"),
    ],
)
async def test_journal_refuses_bad_filters(
    client: Counting, journal: Database, filters: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await run("BridgeAdminJournal", filters, client, journal)
    assert caught.value.field == field


# ---- ledger ---------------------------------------------------------------------------------------------


@pytest.fixture
def ledger(db: Database) -> Database:
    def cost(domain: str, amount: str, currency: str, month: int, day: int) -> TradeCost:
        return TradeCost(
            account_key="a" * 64,
            domain=domain,
            tld=domain.rsplit(".", 1)[1],
            amount=Decimal(amount),
            currency=currency,
            whmcs_client_id=7,
            whmcs_domain_id=42,
            request_id=f"req-{domain}",
            created_at=datetime(2026, month, day, 9, 30, tzinfo=UTC),
        )

    with db.sessions() as session:
        session.add_all(
            [
                cost("one.it", "10.50", "EUR", 1, 5),
                cost("two.it", "4.50", "EUR", 1, 20),
                cost("three.ca", "7.00", "USD", 1, 21),
                cost("four.it", "10.50", "EUR", 2, 2),
            ]
        )
        session.commit()
    return db


async def test_ledger_monthly_totals_per_currency(client: Counting, ledger: Database) -> None:
    value = await run("BridgeAdminLedger", {}, client, ledger)
    assert value["monthly"] == [
        {"month": "2026-01", "currency": "EUR", "total": "15.00", "count": 2},
        {"month": "2026-01", "currency": "USD", "total": "7.00", "count": 1},
        {"month": "2026-02", "currency": "EUR", "total": "10.50", "count": 1},
    ]
    assert [r["domain"] for r in value["rows"]] == ["four.it", "three.ca", "two.it", "one.it"]
    assert value["rows"][0] == {
        "created_at": "2026-02-02T09:30:00Z",
        "domain": "four.it",
        "amount": "10.50",
        "currency": "EUR",
        "whmcs_client_id": 7,
        "whmcs_domain_id": 42,
        "request_id": "req-four.it",
    }
    assert "csv" not in value


async def test_ledger_range_and_csv(client: Counting, ledger: Database) -> None:
    value = await run(
        "BridgeAdminLedger", {"since": "2026-01-10", "until": "2026-02-01", "format": "csv"}, client, ledger
    )
    assert [r["domain"] for r in value["rows"]] == ["three.ca", "two.it"]
    lines = value["csv"].splitlines()
    assert lines[0] == "created_at,domain,tld,amount,currency,whmcs_client_id,whmcs_domain_id,request_id"
    assert lines[1:] == [
        "2026-01-20 09:30:00,two.it,it,4.50,EUR,7,42,req-two.it",
        "2026-01-21 09:30:00,three.ca,ca,7.00,USD,7,42,req-three.ca",
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2026-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "until"),
    ],
)
async def test_ledger_refuses_bad_dates(
    client: Counting, ledger: Database, params: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await run("BridgeAdminLedger", params, client, ledger)
    assert caught.value.field == field


# ---- domain import reads -----------------------------------------------------------------------------


async def test_domains_lists_the_account(client: Counting, db: Database) -> None:
    await add_domain(client, "import-b.com")
    await add_domain(client, "import-a.net")
    value = await run("BridgeAdminDomains", {}, client, db)
    assert [d["domain"] for d in value["domains"]] == ["import-a.net", "import-b.com"]
    assert value["total"] == 2 and value["domains"][0]["ace"] == "import-a.net"


async def test_domain_details_give_dates_nameservers_and_registrant(client: Counting, db: Database) -> None:
    await add_domain(client, "details.com", email="Ada.Importer@Example.NET")
    value = await run("BridgeAdminDomainDetails", {"domains": ["details.com", "nowhere.com"]}, client, db)
    found, missing = value["domains"]
    assert found["ok"] is True and found["domain"] == "details.com"
    assert found["nameservers"] == ["ns1.import.example", "ns2.import.example"]
    assert found["created"] is not None and found["expiry"] is not None
    assert found["created"] < found["expiry"]
    assert found["registrant"] == {
        "firstname": "Ada",
        "lastname": "Importer",
        "companyname": "Imp & Co",
        "email": "ada.importer@example.net",
        "address1": "1 Import Road",
        "address2": "",
        "city": "Berlin",
        "state": "",
        "postcode": "10115",
        "country": "DE",
        "phonenumber": "+49.301234567",
    }
    assert missing["ok"] is False and missing["domain"] == "nowhere.com" and missing["error"]


@pytest.mark.parametrize(
    "domains", [None, [], "details.com", [1], ["x" * 254], [f"d{i}.com" for i in range(51)], ["a b.com"]]
)
async def test_domain_details_refuse_bad_lists(client: Counting, db: Database, domains: Any) -> None:
    with pytest.raises(InvalidInput):
        await run("BridgeAdminDomainDetails", {"domains": domains}, client, db)


# ---- the same reads on CentralNic Reseller ---------------------------------------------------------------


async def test_overview_on_cnr_shows_the_cnr_account_balance(cnr_client: Counting, db: Database) -> None:
    value = await run("BridgeAdminOverview", {}, cnr_client, db, backend="cnr")
    account = value["account"]
    assert account["ok"] is True and account["login"] == "demo" and "error" not in account
    assert Decimal(account["balance"]) >= 0 and len(account["currency"]) == 3
    assert cnr_client.count()["StatusAccount"] == 1


async def test_domain_import_on_cnr_lists_and_details_the_cnr_domains(
    cnr_client: Counting, db: Database
) -> None:
    await add_domain(cnr_client, "cnr-import.com", email="Ada.Importer@Example.NET")
    listed = await run("BridgeAdminDomains", {}, cnr_client, db, backend="cnr")
    assert [d["domain"] for d in listed["domains"]] == ["cnr-import.com"] and listed["total"] == 1
    params = {"domains": ["cnr-import.com", "nowhere.com"]}
    found, missing = (await run("BridgeAdminDomainDetails", params, cnr_client, db, backend="cnr"))["domains"]
    assert found["ok"] is True and found["nameservers"] == ["ns1.import.example", "ns2.import.example"]
    assert found["created"] is not None and found["expiry"] is not None and found["created"] < found["expiry"]
    assert found["registrant"]["email"] == "ada.importer@example.net"
    assert (
        found["registrant"]["companyname"] == "Imp & Co"
        and found["registrant"]["address1"] == "1 Import Road"
    )
    assert found["registrant"]["country"] == "DE" and found["registrant"]["phonenumber"] == "+49.301234567"
    assert missing["ok"] is False and missing["error"].startswith("545 ")
    assert {"StatusDomain", "StatusContact"} <= set(cnr_client.count())
