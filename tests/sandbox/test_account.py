"""Account, user and role-user commands (API/USER/*.md, docs/ispapi-wire.md §4.1)."""

from __future__ import annotations

import pytest

from sandbox import controls
from tests.sandbox.wire import Client


@pytest.fixture
def client() -> Client:
    return Client()


def test_status_account_and_user(client: Client) -> None:
    account = client.ok("StatusAccount")
    assert (account.one("AMOUNT"), account.one("CURRENCY"), account.one("CREDIT")) == (
        "5000.00",
        "USD",
        "0.00",
    )
    user = client.ok("StatusUser")
    assert (user.one("USER"), user.one("ACCOUNTCURRENCY"), user.one("PARENTUSER")) == (
        client.login,
        "USD",
        "",
    )
    types = user.col("RELATIONTYPE")
    assert len(types) == len(user.col("RELATIONVALUE")) > 100
    assert "PRICE_CLASS_DOMAIN_COM_ANNUAL" in types
    assert user.col("RELATIONVALUE")[types.index("PRICE_CLASS_DOMAIN_COM_ANNUAL")] == "9.99"
    lean = client.ok("StatusUser", RELATIONS=0)
    assert "RELATIONTYPE" not in lean.properties and lean.one("USER") == client.login
    assert client.call("StatusUser", RELATIONS=2).code == 505


def test_subuser_view(client: Client) -> None:
    controls.add_account(client.engine, "child", "child-pass-1", parent=client.login)
    assert client.ok("StatusUser", SUBUSER="child", RELATIONS=0).one("PARENTUSER") == client.login
    controls.add_account(client.engine, "stranger", "stranger-pass-1")
    assert client.call("StatusUser", SUBUSER="stranger").code == 531


def test_exchange_rates_paging(client: Client) -> None:
    everything = client.ok("QueryExchangeRates", LIMIT=1000)
    total = int(everything.one("TOTAL"))
    assert total >= 7 and set(everything.col("CURRENCYFROM")) == {"EUR"}
    page = client.ok("QueryExchangeRates", FIRST=2, LIMIT=3)
    assert (page.one("FIRST"), page.one("LAST"), page.one("COUNT")) == ("2", "4", "3")
    assert page.col("CURRENCYTO") == everything.col("CURRENCYTO")[2:5]
    usd = client.ok("QueryExchangeRates", CURRENCYTO="usd")
    assert usd.col("CURRENCYTO") == ["USD"] and float(usd.one("RATE")) > 0


def test_role_users(client: Client) -> None:
    client.ok(
        "CreateRoleUser",
        ROLEID="reader",
        PASSWORD="reader-pass-1",
        ACL0="StatusDomain():ALLOW",
        ACL1="QueryDomainList[",
        ACL2="DOMAIN = *.com",
        ACL3="]:ALLOW",
        DESCRIPTION0="Read only",
    )
    assert client.call("CreateRoleUser", ROLEID="reader", PASSWORD="reader-pass-1").code == 540
    assert client.call("CreateRoleUser", ROLEID="short", PASSWORD="x").code == 541
    assert client.call("CreateRoleUser", ROLEID="bad", PASSWORD="long-enough-1", ACL0="garbage").code == 505
    status = client.ok("StatusRoleUser", ROLEID="reader")
    assert status.one("DEFAULTPOLICY") == "DENY" and status.col("ACL")[0] == "StatusDomain():ALLOW"
    assert client.call("StatusRoleUser", ROLEID="nobody").code == 545
    listed = client.ok("QueryRoleUserList")
    assert listed.col("ROLEID") == ["reader"] and listed.col("DESCRIPTION") == ["Read only"]
    client.register("role-visible.com")
    role = client.as_user(f"{client.login}!reader", "reader-pass-1")
    assert role.ok("StatusDomain", DOMAIN="role-visible.com").one("USER") == client.login
    denied = role.call("AddDomain", DOMAIN="x.com")
    assert (denied.code, denied.description) == (531, "Authorization failed; Operation forbidden by ACL")
    assert (
        client.as_user(f"{client.login}!reader", "wrong-pass").call("StatusDomain", DOMAIN="x.com").code
        == 530
    )


def test_role_user_allow_by_default(client: Client) -> None:
    client.ok(
        "CreateRoleUser",
        ROLEID="almost",
        PASSWORD="almost-pass-1",
        DEFAULTPOLICY="ALLOW",
        ACL0="DeleteDomain():DENY",
    )
    role = client.as_user(f"{client.login}!almost", "almost-pass-1")
    assert role.call("StatusAccount").code == 200
    assert role.call("DeleteDomain", DOMAIN="x.com").code == 531
