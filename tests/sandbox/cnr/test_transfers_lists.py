"""CNR transfers (TransferDomain, StatusDomainTransfer) and the list and price commands (QueryDomainList,
QueryZoneList, GetZoneInfo, QueryExchangeRates), plus StatusAccount, SetAuthCode, ResendNotification,
GetNameSuggestion and the session commands."""

from __future__ import annotations

from urllib.parse import urlencode

from sandbox.controls import add_account, add_foreign_domain, finish_transfer
from sandbox.systems import CNR
from tests.sandbox.cnr.wire import PASSWORD, CnrClient


def test_transfer_request_status_and_completion() -> None:
    client = CnrClient()
    auth = add_foreign_domain(client.sandbox, "incoming.com", entity=CNR)
    assert client.call("TransferDomain", DOMAIN="incoming.com", AUTH="wrong").code == 531
    assert client.call("TransferDomain", DOMAIN="unknown-here.com", AUTH="x").code == 545
    owner = client.contact()
    asked = client.ok("TransferDomain", DOMAIN="incoming.com", AUTH=auth, OWNERCONTACT0=owner)
    assert asked.one("transfer status") == "pending" and asked.description.endswith("action pending")
    assert asked.one("registrar") == "foreign-registrar" and asked.one("requesting registrar") == client.login
    assert asked.one("execute date") > asked.one("request date")
    queried = client.ok("TransferDomain", DOMAIN="incoming.com", ACTION="QUERY")
    assert queried.one("transfer status") == "pending" and queried.one("registration expiration date")
    assert client.call("TransferDomain", DOMAIN="incoming.com", AUTH=auth).code == 553
    status = client.ok("StatusDomainTransfer", DOMAIN="incoming.com")
    assert status.one("transfer status") == "pending" and status.one("requested date")
    assert status.one("transferstatus") == "PENDING" and status.column("transferlog")
    client.ok("ResendNotification", TYPE="domaintransfer", OBJECT="incoming.com")
    finish_transfer(client.sandbox, "incoming.com", entity=CNR)
    assert client.call("StatusDomainTransfer", DOMAIN="incoming.com").code == 545
    assert client.ok("StatusDomain", DOMAIN="incoming.com").column("owner_contact") == [owner]
    assert client.call("TransferDomain", DOMAIN="incoming.com", AUTH="x").code == 540
    assert client.sandbox.money_count("incoming.com", command="TransferDomain", entity=CNR) == 1


def test_transfer_cancel_refunds_and_losing_side_answers() -> None:
    client = CnrClient()
    auth = add_foreign_domain(client.sandbox, "cancel-me.com", entity=CNR)
    balance = client.world.accounts[client.login].balance
    client.ok("TransferDomain", DOMAIN="cancel-me.com", AUTH=auth)
    assert client.world.accounts[client.login].balance < balance
    cancelled = client.ok("TransferDomain", DOMAIN="cancel-me.com", ACTION="CANCEL")
    assert cancelled.one("transfer status") == "clientCancelled"
    assert client.world.accounts[client.login].balance == balance
    add_account(client.sandbox, "gainer", PASSWORD, entity=CNR)
    client.domain("outgoing.com")
    client.world.domains["outgoing.com"].created_at = client.sandbox.clock.now().replace(year=2020)
    code = client.ok("StatusDomain", DOMAIN="outgoing.com").one("auth")
    gainer = CnrClient(sandbox=client.sandbox)
    gainer.login = "gainer"
    gainer.ok("TransferDomain", DOMAIN="outgoing.com", AUTH=code)
    assert client.ok("StatusDomainTransfer", DOMAIN="outgoing.com").one("registrar") == client.login
    denied = client.ok("TransferDomain", DOMAIN="outgoing.com", ACTION="DENY")
    assert (
        denied.one("transfer status") == "clientRejected" and denied.one("requesting registrar") == "gainer"
    )
    assert client.world.domains["outgoing.com"].owner == client.login
    client.domain("too-young.com")
    young = client.ok("StatusDomain", DOMAIN="too-young.com").one("auth")
    assert gainer.call("TransferDomain", DOMAIN="too-young.com", AUTH=young).code == 552


def test_query_domain_list_pages_and_columns() -> None:
    client = CnrClient()
    client.sandbox.seed_domains(25, entity=CNR, login=client.login)
    page = client.ok("QueryDomainList", LIMIT=10, FIRST=20, ORDERBY="DOMAIN")
    assert page.one("total") == "25" and page.one("count") == "5" and page.one("first") == "20"
    assert page.one("last") == "24" and page.column("column") == ["domain"]
    wide = client.ok("QueryDomainList", WIDE=1, LIMIT=3, ORDER="DESC")
    assert "domain_registration_expiration_date" in wide.column("column") and len(wide.column("status")) == 3
    assert wide.column("domain") == sorted(wide.column("domain"), reverse=True)
    only_com = client.ok("QueryDomainList", ZONE="com")
    assert only_com.column("domain") and all(d.endswith(".com") for d in only_com.column("domain"))
    every = client.ok("QueryDomainList", TYPE="ALL", LIMIT=1)
    assert every.column("auth") and every.column("nameserver")
    assert client.call("QueryDomainList", ORDERBY="PRICE").code == 505


def test_zone_list_zone_info_exchange_rates() -> None:
    client = CnrClient()
    client.domain("counted-zone.com")
    zones = client.ok("QueryZoneList", ZONE="com")
    assert zones.column("zone") == ["com"] and zones.one("domain_count") == "1"
    assert zones.one("currency") == "USD" and float(zones.one("annual")) > 0
    assert client.ok("QueryZoneList").one("total") == str(len(client.sandbox.catalogue.all()))
    info = client.ok("GetZoneInfo", ZONE="de")
    assert info.one("zone") == "de" and "1Y" in info.one("periods")
    assert client.ok("GetZoneInfo", DOMAIN="example.co.uk").one("zone") == "co.uk"
    assert client.call("GetZoneInfo").code == 504 and client.call("GetZoneInfo", ZONE="nosuch").code == 545
    rates = client.ok("QueryExchangeRates", CURRENCYFROM="EUR", CURRENCYTO="USD")
    assert rates.column("currency_to") == ["USD"] and float(rates.one("rate")) > 0


def test_account_auth_code_notifications_suggestions() -> None:
    client = CnrClient()
    account = client.ok("StatusAccount")
    assert account.one("registrar") == client.login and account.one("currency") == "USD"
    client.domain("auth-me.com")
    assert client.ok("SetAuthCode", DOMAIN="auth-me.com", AUTH="Secret-123").one("auth") == "Secret-123"
    assert len(client.ok("SetAuthCode", DOMAIN="auth-me.com").one("auth")) >= 8
    assert client.ok("SetAuthCode", DOMAIN="auth-me.com", ACTION="DELETE").one("auth") == ""
    assert client.call("ResendNotification", TYPE="certificate", OBJECT="1").code == 545
    client.ok("ResendNotification", TYPE="contactverification", OBJECT="jane@example.net")
    assert client.call("ResendNotification", TYPE="domaintransfer", OBJECT="auth-me.com").code == 545
    suggested = client.ok("GetNameSuggestion", NAME="auth me", TLD0="com", TLD1="net", **{"MAX-RESULTS": 5})
    assert len(suggested.column("name")) == 5 and "auth-me.com" not in suggested.column("name")
    shown = client.ok("GetNameSuggestion", NAME="auth-me", TLD0="com", **{"SHOW-UNAVAILABLE": 1})
    assert shown.column("availability")[0] == "registered"


def test_sessions() -> None:
    client = CnrClient()
    login = urlencode({"s_login": client.login, "s_pw": PASSWORD, "persistent": "1"}).encode()
    session = client.raw(login).one("sessionid")
    use = urlencode({"s_login": client.login, "s_sessionid": session, "s_command": "COMMAND=StatusAccount"})
    assert client.raw(use.encode()).code == 200
    stop = urlencode({"s_login": client.login, "s_sessionid": session, "s_command": "COMMAND=StopSession"})
    assert client.raw(stop.encode()).code == 200
    assert client.raw(use.encode()).code == 530
    assert client.call("StopSession").code == 547  # no session to stop
    started = client.ok("StartSession", PERSISTENT=1).one("sessionid")
    client.sandbox.clock.advance(seconds=3600)
    again = urlencode({"s_login": client.login, "s_sessionid": started, "s_command": "COMMAND=StatusAccount"})
    assert client.raw(again.encode()).code == 530  # idle past its timeout


def test_zones_without_auth_codes_transfer_without_one() -> None:
    client = CnrClient()
    add_foreign_domain(client.sandbox, "no-auth.co.uk", entity=CNR)
    assert client.ok("TransferDomain", DOMAIN="no-auth.co.uk").one("transfer status") == "pending"
