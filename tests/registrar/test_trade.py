"""SaveContactDetails: update vs trade (IRTP, ccTLD trades), fallbacks, name-locked TLDs, .ca, trade costs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app import ledger
from app.backends.ispapi import contacts as ispapi_contacts
from app.db.declarative import Base
from app.db.models import TradeCost
from app.db.session import Database
from app.errors import InvalidInput, RegistryRejected
from app.ispapi import parse_response
from app.registrar.base import OPERATIONS
from tests.registrar.conftest import lost, reply
from tests.registrar.test_contacts import DOMAIN, status_contact, tab

DA = {"Username": "test.user", "Password": "secret-pw", "IRTP": "Check to act as Designated Agent ..."}
API_IRTP = {
    "Username": "test.user",
    "Password": "secret-pw",
    "IRTP": "Check to use IRTP feature from our API.",
}
RELATIONS = reply(
    RELATIONTYPE=[
        "PRICE_CLASS_DOMAIN_EU_CURRENCY",
        "PRICE_CLASS_DOMAIN_EU_TRADE",
        "PRICE_CLASS_DOMAIN_COM_TRADE",
        "PRICE_CLASS_DOMAIN_TRADE_TRADE",
        "PRICE_CLASS_DOMAIN_COUK_TRADE",
    ],
    RELATIONVALUE=["EUR", "6.90", "0.00", "3.00", "9.00"],
    ACCOUNTCURRENCY="USD",
)


def save_params(tld: str = "com", **registrant: str) -> dict[str, Any]:
    return {
        **DOMAIN,
        "tld": tld,
        "contactdetails": {"Registrant": tab(**registrant), "Admin": tab(**{"First Name": "Adam"})},
    }


def script(fake, *, policy: str, repository: str = "VRSN", owner: str = "P-OWN1", **current: str) -> None:
    fake.on("StatusDomain", reply(OWNERCONTACT=owner, ADMINCONTACT="P-ADM1"))
    fake.on("StatusContact", status_contact(**{"ORGANIZATION": "", **current}))
    fake.on("QueryDomainOptions", reply(ZONEPOLICYREGISTRANTNAMECHANGEBY=policy, REPOSITORY=repository))


async def run(make_ctx, params: dict[str, Any], config: dict[str, Any] | None = None, store: Any = None):
    ctx = make_ctx("SaveContactDetails", params, config)
    if store is not None:
        ctx.ledger = store
    result = await OPERATIONS["SaveContactDetails"].func(ctx)
    return ctx, result


async def test_unchanged_registrant_is_a_modify(fake, make_ctx) -> None:
    script(fake, policy="ICANN-TRADE")
    fake.on("ModifyDomain", reply())
    _ctx, result = await run(make_ctx, save_params(City="Bonn"), DA)
    assert result.value == {"success": True}
    assert fake.commands() == ["StatusDomain", "StatusContact", "QueryDomainOptions", "ModifyDomain"]
    sent = fake.last("ModifyDomain")
    assert sent["OWNERCONTACT0CITY"] == "Bonn" and sent["ADMINCONTACT0FIRSTNAME"] == "Adam"
    assert "OWNERCONTACT0ORGANIZATION" not in sent  # empty values are not sent


async def test_icann_trade_as_designated_agent(fake, make_ctx) -> None:
    script(fake, policy="ICANN-TRADE")
    fake.on("TradeDomain", reply(200, "Command completed successfully"))
    fake.on("StatusUser", RELATIONS)
    params = save_params(**{"Last Name": "Neu"}) | {"irtpOptOut": "1"}
    ctx, result = await run(make_ctx, params, DA)
    assert result.value == {"success": True}
    sent = fake.last("TradeDomain")
    assert sent["X-CONFIRM-DA-OLD-REGISTRANT"] == "1" and sent["X-CONFIRM-DA-NEW-REGISTRANT"] == "1"
    assert sent["X-REQUEST-OPT-OUT-TRANSFERLOCK"] == "1"
    assert sent["OWNERCONTACT0LASTNAME"] == "Neu"
    assert ctx.effects.activity == ["example.com: Change of Registrant (trade) completed."]  # free: no cost


async def test_icann_trade_pending_returns_pending(fake, make_ctx) -> None:
    script(fake, policy="ICANN-TRADE")
    fake.on(
        "TradeDomain",
        reply(200, "action pending", PENDING="1").replace("PROPERTY[PENDING][0]=1", "PENDING=1"),
    )
    fake.on("StatusUser", RELATIONS)
    _ctx, result = await run(make_ctx, save_params(Email="new@example.org"), DA)
    assert result.value["pending"] is True
    assert result.value["pendingData"] == {"registrant_email": "new@example.org"}
    assert fake.last("TradeDomain")["X-REQUEST-OPT-OUT-TRANSFERLOCK"] == "0"


async def test_api_irtp_option_two_modifies(fake, make_ctx) -> None:
    script(fake, policy="ICANN-TRADE")
    fake.on("ModifyDomain", reply())
    await run(make_ctx, save_params(**{"Last Name": "Neu"}), API_IRTP)
    assert "TradeDomain" not in fake.commands()


async def test_afnic_trade_has_no_opt_out(fake, make_ctx) -> None:
    script(fake, policy="ICANN-TRADE", repository="FR-AFNIC")
    fake.on("TradeDomain", reply())
    fake.on("StatusUser", RELATIONS)
    await run(make_ctx, save_params(**{"Last Name": "Neu"}), DA)
    assert "X-REQUEST-OPT-OUT-TRANSFERLOCK" not in fake.last("TradeDomain")


@pytest.mark.parametrize(
    ("code", "text"),
    [(506, "trade is only allowed for change of registrant"), (219, "please use UPDATE method")],
)
async def test_trade_not_needed_falls_back_to_modify(fake, make_ctx, code: int, text: str) -> None:
    script(fake, policy="ICANN-TRADE")
    fake.on("TradeDomain", reply(code, text))
    fake.on("ModifyDomain", reply())
    _ctx, result = await run(make_ctx, save_params(**{"Last Name": "Neu"}), DA)
    assert result.value == {"success": True}
    assert fake.commands()[-2:] == ["TradeDomain", "ModifyDomain"]


async def test_trade_rejected_is_the_registry_description(fake, make_ctx) -> None:
    script(fake, policy="TRADE")
    fake.on("TradeDomain", reply(504, "Missing required attribute; X-EU-REGISTRANT-CITIZENSHIP"))
    with pytest.raises(RegistryRejected, match="X-EU-REGISTRANT-CITIZENSHIP"):
        await run(make_ctx, save_params("eu", **{"Last Name": "Neu"}), DA)
    assert "ModifyDomain" not in fake.commands()


async def test_lost_trade_reply_is_outcome_unknown(fake, make_ctx) -> None:
    from app.errors import OutcomeUnknown

    script(fake, policy="TRADE")
    fake.on("TradeDomain", lost(may_have_executed=True))
    with pytest.raises(OutcomeUnknown):
        await run(make_ctx, save_params("eu", **{"Last Name": "Neu"}), DA)


async def test_modify_failure_is_logged_and_raised(fake, make_ctx) -> None:
    script(fake, policy="UPDATE", owner="AUTO-1")
    fake.on("ModifyDomain", reply(505, "Invalid attribute value syntax; OWNERCONTACT0ZIP"))
    with pytest.raises(RegistryRejected, match="OWNERCONTACT0ZIP"):
        ctx = make_ctx("SaveContactDetails", save_params("ca"))
        await OPERATIONS["SaveContactDetails"].func(ctx)
    assert "Updating the contact details failed" in ctx.effects.activity[0]


async def test_bad_phone_refused_before_any_call(fake, make_ctx) -> None:
    with pytest.raises(InvalidInput, match="Registrant Phone Number is invalid") as info:
        await run(make_ctx, save_params(**{"Phone Number": "call me"}), DA)
    assert info.value.field == "contactdetails[Registrant][Phone Number]"
    assert fake.sent == []


@pytest.mark.parametrize("tld", ["it", "ch", "li", "se", "sg"])
async def test_name_locked_tlds_keep_the_registrant_names(fake, make_ctx, tld: str) -> None:
    script(fake, policy="TRADE", FIRSTNAME="Old", LASTNAME="Owner", ORGANIZATION="Old AG")
    fake.on("ModifyDomain", reply())
    await run(make_ctx, save_params(tld, **{"First Name": "New", "Last Name": "Person"}), DA)
    sent = fake.last("ModifyDomain")
    assert (sent["OWNERCONTACT0FIRSTNAME"], sent["OWNERCONTACT0LASTNAME"]) == ("Old", "Owner")
    assert sent["OWNERCONTACT0ORGANIZATION"] == "Old AG"
    assert "TradeDomain" not in fake.commands()


async def test_ca_registry_handle_is_modified_in_place(fake, make_ctx) -> None:
    script(fake, policy="UPDATE", owner="CIRA-123")
    fake.on("ModifyContact", reply())
    fake.on("ModifyDomain", reply())
    await run(make_ctx, save_params("ca", State="YT", Country="CA", City="Whitehorse"))
    contact = fake.last("ModifyContact")
    assert contact["CONTACT"] == "CIRA-123" and contact["STATE"] == "YK" and contact["CITY"] == "Whitehorse"
    assert "FIRSTNAME" not in contact
    domain = fake.last("ModifyDomain")
    assert not any(k.startswith("OWNERCONTACT0") for k in domain)
    assert domain["ADMINCONTACT0FIRSTNAME"] == "Adam"


async def test_ca_auto_handle_goes_inline(fake, make_ctx) -> None:
    script(fake, policy="UPDATE", owner="AUTO-XY1")
    fake.on("ModifyDomain", reply())
    await run(make_ctx, save_params("ca", Country="CA"))
    assert "ModifyContact" not in fake.commands()
    assert fake.last("ModifyDomain")["OWNERCONTACT0FIRSTNAME"] == "Zoe"


# ---------------------------------------------------------------- trade costs


async def test_billable_cctld_trade_is_logged_and_recorded(fake, make_ctx, tmp_path: Path) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path / 'ledger.db'}")
    Base.metadata.create_all(db.engine)
    script(fake, policy="TRADE")
    fake.on("TradeDomain", reply())
    fake.on("StatusUser", RELATIONS)
    params = save_params("eu", **{"Last Name": "Neu"}, Country="DE")
    params["additionalfields"] = {"Registrant Citizenship": "DE"}
    config = {**DA, "TradeCostTodo": "on"}
    ctx, result = await run(make_ctx, params, config, ledger.SqlLedger(db, account_key="OTE:test.user"))
    assert result.value == {"success": True}
    assert ctx.effects.activity[0] == (
        "example.eu: Change of Registrant (trade) costs 6.90 EUR "
        "(charged by the registry; WHMCS does not invoice owner changes)."
    )
    assert "X-CONFIRM-DA-OLD-REGISTRANT" not in fake.last("TradeDomain")  # a ccTLD trade, not IRTP
    todo = [u for u in ctx.effects.whmcs_updates if u["type"] == "todo"]
    assert todo and todo[0]["title"] == "Invoice Change of Registrant: example.eu (6.90 EUR)"
    with db.sessions() as session:
        rows = ledger.entries(session)
    assert [(r.domain, r.tld, r.amount, r.currency, r.whmcs_client_id, r.whmcs_domain_id) for r in rows] == [
        ("example.eu", "eu", Decimal("6.90"), "EUR", 7, 42)
    ]
    assert rows[0].request_id == "req-12345678"
    text = ledger.render(rows, as_csv=False)
    assert "example.eu" in text and "total: 6.90 EUR" in text
    csv_text = ledger.render(rows, as_csv=True)
    assert csv_text.splitlines()[0].startswith("created_at,domain,tld,amount,currency")
    db.dispose()


async def test_without_todo_setting_no_todo_and_status_user_failure_is_logged(fake, make_ctx) -> None:
    script(fake, policy="TRADE")
    fake.on("TradeDomain", reply())
    fake.on("StatusUser", reply(531, "Authorization failed"))
    ctx, result = await run(make_ctx, save_params("uk", **{"Last Name": "Neu"}, Country="GB"), DA)
    assert result.value == {"success": True}
    assert "its cost could not be read (531 Authorization failed)" in ctx.effects.activity[0]
    assert ctx.effects.whmcs_updates == [u for u in ctx.effects.whmcs_updates if u["type"] != "todo"]


def test_trade_price_parsing() -> None:
    relations = parse_response(RELATIONS)
    assert ispapi_contacts.trade_price(relations, "eu") == ledger.TradePrice(Decimal("6.90"), "EUR")
    # no class currency: the account currency
    assert ispapi_contacts.trade_price(relations, "co.uk") == ledger.TradePrice(Decimal("9.00"), "USD")
    free = ispapi_contacts.trade_price(relations, "com")
    assert free is not None and not free.billable
    # the .trade TLD's class is TRADE: its owner-change price is ..._TRADE_TRADE
    assert ispapi_contacts.trade_price(relations, "trade") == ledger.TradePrice(Decimal("3.00"), "USD")
    assert ispapi_contacts.trade_price(relations, "de") is None
    assert ispapi_contacts.price_class("name") == "NAMESLD"
    assert TradeCost.__tablename__ == "trade_cost"
