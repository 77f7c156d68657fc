"""The contacts family on CentralNic Reseller (app/backends/cnr/contacts.py, handles.py) through the
operations, and the ledger store's in-memory path (app/ledger.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from app.backends.cnr.contacts import CnrContacts
from app.backends.cnr.handles import contact_params
from app.errors import RegistryRejected
from app.ledger import MemoryLedger, TradeCostEntry
from app.registrar.base import OPERATIONS
from app.registry.contacts import Role, TradePrice
from tests.registrar.conftest import reply
from tests.registrar.test_contacts import DOMAIN, tab

CNR = {"Username": "test.user", "Password": "secret-pw", "Backend": "cnr"}


def cnr_contact(**fields: Any) -> str:
    base: dict[str, Any] = {
        "CONTACT": "P-ZM1",
        "FIRST_NAME": "Zoe",
        "LAST_NAME": "Muller",
        "ORGANIZATION": "",
        "STREET": ["Hauptstrasse 5", "Hinterhaus"],
        "CITY": "Koln",
        "STATE": "NW",
        "ZIP": "50667",
        "COUNTRY": "DE",
        "PHONE": "+49.2211234567",
        "FAX": "",
        "EMAIL": "zoe@example.org",
    }
    base.update(fields)
    return reply(**base)


def status_domain(owner: str = "P-ZM1", **extra: Any) -> str:
    return reply(
        OWNER_CONTACT=owner,
        ADMIN_CONTACT="P-ADM1",
        TECH_CONTACT="P-ADM1",
        BILLING_CONTACT="P-ADM1",
        cols={"X-WHOISPRIVACY": extra.pop("privacy", "0"), **extra.pop("cols", {})},
        **extra,
    )


def save_params(tld: str = "com", **registrant: str) -> dict[str, Any]:
    admin = tab(**{"First Name": "Adam", "Email": "adam@example.org"})
    return {
        **DOMAIN,
        "tld": tld,
        "contactdetails": {"Registrant": tab(**registrant), "Admin": admin, "Technical": admin},
    }


async def run(make_ctx, function: str, params: dict[str, Any], config: dict[str, Any] | None = None):
    ctx = make_ctx(function, params, {**CNR, **(config or {})})
    result = await OPERATIONS[function].func(ctx)
    return ctx, result


# ---------------------------------------------------------------- reading


async def test_get_contact_details_reads_handles_and_cnr_field_names(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact(), cnr_contact(CONTACT="P-ADM1", FIRST_NAME="Adam"))
    _ctx, result = await run(make_ctx, "GetContactDetails", dict(DOMAIN))
    assert fake.commands() == ["StatusDomain", "StatusContact", "StatusContact"]  # P-ADM1 read once
    registrant = result.value["Registrant"]
    assert registrant["First Name"] == "Zoe" and registrant["Last Name"] == "Muller"
    assert (registrant["Address 1"], registrant["Address 2"]) == ("Hauptstrasse 5", "Hinterhaus")
    assert result.value["Billing"]["First Name"] == "Adam"


async def test_a_failed_contact_read_is_an_error(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", reply(545, "Entity reference not found"))
    with pytest.raises(RegistryRejected, match=r"Loading contact P-ZM1 failed \(545 Entity reference"):
        await run(make_ctx, "GetContactDetails", dict(DOMAIN))


# ---------------------------------------------------------------- saving


def zone(change: str, **extra: Any) -> str:
    return reply(CHANGE_OF_REGISTRANT=change, REGISTRY=extra.pop("registry", "VRSN"), **extra)


async def test_update_makes_one_handle_per_distinct_contact(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("ICANN-TRADE"))
    fake.on("AddContact", reply(CONTACT="P-NEW1"), reply(CONTACT="P-ADM2"))
    fake.on("ModifyDomain", reply())
    _ctx, result = await run(make_ctx, "SaveContactDetails", save_params(City="Bonn"))
    assert result.value == {"success": True}
    assert fake.commands() == [
        "StatusDomain", "StatusContact", "GetZoneInfo", "AddContact", "AddContact", "ModifyDomain",
    ]  # fmt: skip
    owner = fake.sent[3]
    assert owner["CITY"] == "Bonn" and owner["STREET0"] == "Hauptstrasse 5" and "ORGANIZATION" not in owner
    modify = fake.last("ModifyDomain")
    assert modify["OWNERCONTACT0"] == "P-NEW1"
    assert modify["ADMINCONTACT0"] == modify["TECHCONTACT0"] == "P-ADM2"
    assert not any(key.startswith("OWNERCONTACT0") and key != "OWNERCONTACT0" for key in modify)


async def test_cctld_trade_is_pending_and_its_price_goes_to_the_ledger(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("TRADE", registry="EURID"))
    fake.on("AddContact", reply(CONTACT="P-NEW1"), reply(CONTACT="P-ADM2"))
    fake.on("TradeDomain", reply(OWNERCONTACT="P-NEW1", INFO="owner change pending"))
    fake.on("QueryZoneList", reply(ZONE=["eu"], TRADE=["6.90"], CURRENCY=["EUR"]))
    ctx, result = await run(make_ctx, "SaveContactDetails", save_params("eu", **{"Last Name": "Neu"}))
    assert result.value["pending"] is True
    trade = fake.last("TradeDomain")
    assert trade["OWNERCONTACT0"] == "P-NEW1" and "X-REQUEST-OPT-OUT-TRANSFERLOCK" not in trade
    assert not any(key.startswith("X-CONFIRM-DA") for key in trade)  # ISPAPI's confirmations only
    assert fake.last("QueryZoneList")["ZONE"] == "eu"
    assert isinstance(ctx.ledger, MemoryLedger)
    assert ctx.ledger.entries == [
        TradeCostEntry("example.eu", "eu", TradePrice(Decimal("6.90"), "EUR"), 7, 42, "req-12345678")
    ]
    assert "costs 6.90 EUR" in ctx.effects.activity[0]


async def test_icann_trade_sends_the_transfer_lock_opt_out(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("ICANN-TRADE"))
    fake.on("AddContact", reply(CONTACT="P-NEW1"), reply(CONTACT="P-ADM2"))
    fake.on("TradeDomain", reply(OWNERCONTACT="P-NEW1"))
    fake.on("QueryZoneList", reply(ZONE=["com"], TRADE=["0.00"], CURRENCY=["USD"]))
    params = {**save_params(**{"Last Name": "Neu"}), "irtpOptOut": "on"}
    ctx, result = await run(make_ctx, "SaveContactDetails", params)
    assert result.value == {"success": True}
    assert fake.last("TradeDomain")["X-REQUEST-OPT-OUT-TRANSFERLOCK"] == "1"
    assert isinstance(ctx.ledger, MemoryLedger) and ctx.ledger.entries == []  # a free trade: not billable


async def test_trade_that_is_no_change_of_registrant_becomes_an_update(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("", TRADE_POSSIBLE="1"))  # no named process: TRADE_POSSIBLE decides
    fake.on("AddContact", reply(CONTACT="P-NEW1"), reply(CONTACT="P-ADM2"))
    fake.on("TradeDomain", reply(506, "a trade is only for a change of registrant"))
    fake.on("ModifyDomain", reply())
    _ctx, result = await run(make_ctx, "SaveContactDetails", save_params("de", **{"Last Name": "Neu"}))
    assert result.value == {"success": True}
    assert fake.commands()[-4:] == ["AddContact", "AddContact", "TradeDomain", "ModifyDomain"]  # handles once


async def test_trade_price_problem_is_logged_not_raised(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("TRADE"))
    fake.on("AddContact", reply(CONTACT="P-NEW1"))
    fake.on("TradeDomain", reply(OWNERCONTACT="P-NEW1"))
    fake.on("QueryZoneList", reply(531, "Authorization failed"))
    ctx, result = await run(make_ctx, "SaveContactDetails", save_params("eu", **{"Last Name": "Neu"}))
    assert result.value == {"success": True}
    assert "its cost could not be read (531 Authorization failed)" in ctx.effects.activity[0]


async def test_ca_registrant_handle_is_modified_in_place(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("UPDATE"))
    fake.on("ModifyContact", reply())
    fake.on("AddContact", reply(CONTACT="P-ADM2"))
    fake.on("ModifyDomain", reply())
    await run(make_ctx, "SaveContactDetails", save_params("ca", City="Ottawa", Country="CA"))
    changed = fake.last("ModifyContact")
    assert changed["CONTACT"] == "P-ZM1" and changed["CITY"] == "Ottawa" and "FIRSTNAME" not in changed
    assert "OWNERCONTACT0" not in fake.last("ModifyDomain")


class BrokenLedger:
    async def record(self, entry: TradeCostEntry) -> None:
        raise OSError("disk full")


async def test_a_failing_ledger_store_never_fails_the_trade(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("GetZoneInfo", zone("TRADE"))
    fake.on("AddContact", reply(CONTACT="P-NEW1"))
    fake.on("TradeDomain", reply(OWNERCONTACT="P-NEW1"))
    fake.on("QueryZoneList", reply(ZONE=["eu"], TRADE=["6.90"], CURRENCY=["EUR"]))
    ctx = make_ctx("SaveContactDetails", save_params("eu", **{"Last Name": "Neu"}), CNR)
    ctx.ledger = BrokenLedger()
    result = await OPERATIONS["SaveContactDetails"].func(ctx)
    assert result.value == {"success": True}


# ---------------------------------------------------------------- privacy and verification


async def test_id_protection_is_x_whoisprivacy(fake, make_ctx) -> None:
    fake.on("ModifyDomain", reply())
    _ctx, result = await run(make_ctx, "IDProtectToggle", {**DOMAIN, "protectenable": True})
    assert result.value == {"success": "example.com: ID protection activated"}
    assert fake.last("ModifyDomain")["X-WHOISPRIVACY"] == 1


async def test_whoisprivacy_page_reads_x_whoisprivacy(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain(privacy="1"))
    _ctx, result = await run(make_ctx, "whoisprivacy", {**DOMAIN, "idprotection": True})
    assert result.value["vars"]["protected"] is True


@pytest.mark.parametrize("tld", ["ca", "se", "nz"])
async def test_registry_privacy_pages_say_cnr_cannot_switch(fake, make_ctx, tld: str) -> None:
    params = {**DOMAIN, "tld": tld, "request": {"post": {"idprotection": "disable"}}}
    _ctx, result = await run(make_ctx, f"whoisprivacy_{tld}", params)
    assert fake.sent == []
    assert "cannot be switched through CentralNic Reseller" in result.value["vars"]["unavailable"]
    assert result.value["vars"]["successful"] == ""


async def test_resend_verification_goes_to_the_registrants_address(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("ResendNotification", reply())
    _ctx, result = await run(make_ctx, "ResendIRTPVerificationEmail", dict(DOMAIN))
    assert result.value == {"success": True}
    sent = fake.last("ResendNotification")
    assert (sent["TYPE"], sent["OBJECT"]) == ("contactverification", "zoe@example.org")


async def test_resend_refused_is_in_the_activity_log(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    fake.on("ResendNotification", reply(549, "zoe@example.org is already verified"))
    ctx = make_ctx("ResendIRTPVerificationEmail", dict(DOMAIN), CNR)
    with pytest.raises(RegistryRejected):
        await OPERATIONS["ResendIRTPVerificationEmail"].func(ctx)
    assert "failed (zoe@example.org is already verified)" in ctx.effects.activity[0]


# ---------------------------------------------------------------- handles and the ledger store


def test_contact_params_split_the_street_and_leave_empty_values_out() -> None:
    params = contact_params({"FIRSTNAME": "Zoe", "FAX": "", "STREET": "A 1 , B 2 , C 3 , D 4"})
    assert params == {"FIRSTNAME": "Zoe", "STREET0": "A 1", "STREET1": "B 2", "STREET2": "C 3 , D 4"}


async def test_memory_ledger_keeps_entries_in_order() -> None:
    store = MemoryLedger()
    first = TradeCostEntry("a.eu", "eu", TradePrice(Decimal("6.90"), "EUR"), 1, 2, "r1")
    second = TradeCostEntry("b.eu", "eu", TradePrice(Decimal("6.90"), "EUR"), None, None, "r2")
    await store.record(first)
    await store.record(second)
    assert store.entries == [first, second]


def test_trade_price_reading() -> None:
    assert TradePrice.read("6.9", "eur") == TradePrice(Decimal("6.9"), "EUR")
    assert TradePrice.read("", "EUR") is None
    assert TradePrice.read("n/a", "EUR") is None
    assert TradePrice.read("3.00", "") == TradePrice(Decimal("3.00"), "USD")
    assert TradePrice(Decimal("6.9"), "EUR").text() == "6.90 EUR"


# ---------------------------------------------------------------- additional fields in CNR spelling
# The operations speak our names (app/additional_fields); the adapter sends and reads CNR's
# (app/backends/cnr/extensions.toml), on every path that carries them.

IT_SECTIONS = {f"Accept Section {n} of .IT registrar contract": "on" for n in (3, 5, 6, 7)}


def page_params(tld: str, post: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**DOMAIN, "tld": tld, "request": {"post": post or {}}}


def posted_registrant(**fields: str) -> dict[str, Any]:
    return {"contactdetails": {"Registrant": tab(**fields)}, "submit": "1"}


async def test_ca_page_shows_the_legal_type_cnr_stores_under_its_own_name(fake, make_ctx) -> None:
    fake.on("StatusDomain", status_domain(cols={"X-CA-LEGAL-TYPE": "CCO"}))
    fake.on("StatusContact", cnr_contact())
    _ctx, result = await run(make_ctx, "registrantmodification_ca", page_params("ca"))
    assert result.value["vars"]["posted"]["Legal Type"] == "CCO"


async def test_ca_page_changes_the_legal_type_in_cnr_spelling(fake, make_ctx) -> None:
    fake.on("AddContact", reply(CONTACT="P-NEW1"))
    fake.on("ModifyDomain", reply())
    fake.on("StatusDomain", status_domain(cols={"X-CA-LEGAL-TYPE": "RES"}))
    fake.on("StatusContact", cnr_contact())
    post = {**posted_registrant(Country="CA", City="Ottawa"), "additionalfields": {"Legal Type": "RES"}}
    _ctx, result = await run(make_ctx, "registrantmodification_ca", page_params("ca", post))
    assert "error" not in result.value["vars"], result.value["vars"]
    modify = fake.last("ModifyDomain")
    assert modify["X-CA-LEGAL-TYPE"] == "RES" and modify["OWNERCONTACT0"] == "P-NEW1"
    assert not [key for key in modify if key in ("X-CA-LEGALTYPE", "X-CA-LANGUAGE")]


async def test_it_page_trade_sends_the_declaration_in_cnr_spelling(fake, make_ctx) -> None:
    fake.on("AddContact", reply(CONTACT="P-NEW1"))
    fake.on("TradeDomain", reply(INFO="owner change pending"))
    fake.on("QueryZoneList", reply(ZONE=["it"], TRADE=["5.00"], CURRENCY=["EUR"]))
    fake.on("StatusDomain", status_domain())
    fake.on("StatusContact", cnr_contact())
    post = {**posted_registrant(Country="IT"), "additionalfields": {**IT_SECTIONS, "PIN": "123"}}
    _ctx, result = await run(make_ctx, "registrantmodification_it", page_params("it", post))
    assert "error" not in result.value["vars"], result.value["vars"]
    trade = fake.last("TradeDomain")
    assert trade["X-IT-SECT3-LIABILITY"] == "1" and trade["X-IT-SECT7-EXPLICIT-ACCEPTANCE"] == "1"
    assert trade["X-IT-PIN"] == "123"
    assert not [key for key in trade if key.startswith("X-IT-ACCEPT-")]


async def test_au_owner_change_repeats_the_new_registrants_organisation(fake) -> None:
    fake.on("AddContact", reply(CONTACT="P-NEW1"))
    fake.on("TradeDomain", reply())
    owner = {"FIRSTNAME": "Ann", "LASTNAME": "Lee", "ORGANIZATION": "Lee Pty Ltd", "EMAIL": "a@example.net"}
    fields = {"X-AU-REGISTRANT-ID-TYPE": "ABN", "X-AU-REGISTRANT-ID-NUMBER": "12345678901"}
    await CnrContacts(fake).trade("shop.com.au", {Role.OWNER: owner}, extensions=fields)
    trade = fake.last("TradeDomain")
    assert trade["X-AU-DOMAIN-IDTYPE"] == "ABN" and trade["X-AU-DOMAIN-IDNUMBER"] == "12345678901"
    assert trade["X-AU-OWNER-ORGANIZATION"] == "Lee Pty Ltd"


async def test_domain_properties_are_set_and_read_back_in_our_spelling(fake) -> None:
    fake.on("ModifyDomain", reply())
    fake.on("StatusDomain", status_domain(cols={"X-CA-LEGAL-TYPE": "CCT"}))
    contacts = CnrContacts(fake)
    await contacts.set_domain_properties("example.ca", {"X-CA-LEGALTYPE": "CCT"})
    assert fake.last("ModifyDomain") == {
        "COMMAND": "ModifyDomain",
        "DOMAIN": "example.ca",
        "X-CA-LEGAL-TYPE": "CCT",
    }
    found = await contacts.domain_contacts("example.ca")
    assert found.properties["X-CA-LEGALTYPE"] == "CCT" and "X-CA-LEGAL-TYPE" not in found.properties
    assert found.properties["X-WHOISPRIVACY"] == "0"  # not renamed: kept as it is
