"""RegisterDomain, TransferDomain, RenewDomain: commands sent, results, registry errors, fixed defects."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.api.envelope import Result
from app.errors import InvalidInput, OutcomeUnknown, RegistryRejected, UpstreamUnavailable
from app.registrar.base import OPERATIONS, LostAttempt, RegistrarContext
from tests.registrar.conftest import CONTACT, lost, reply

OK = reply()
# .swiss needs its additional fields (docs/module-behaviour.md §5.5); sent as X- parameters with the
# application
SWISS_FIELDS = {"Registrant Enterprise ID": "CHE-123.456.789", "Intended Use": "a shop"}


def register_params(**extra: Any) -> dict[str, Any]:
    return {
        "sld": "example",
        "tld": "com",
        "domainid": 42,
        "regperiod": "2",
        "ns1": "ns1.host.example",
        "ns2": "NS2.host.example.",
        "ns3": "",
        **CONTACT,
        **extra,
    }


async def run(
    function: str, make_ctx: Any, params: dict[str, Any], config: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    ctx = make_ctx(function, params, config)
    result = await OPERATIONS[function].func(ctx)
    return ctx, result


async def test_register_sends_add_domain_with_inline_contacts(fake, make_ctx, journal) -> None:
    fake.on("AddDomain", OK)
    params = register_params(dnsmanagement="on", idprotection=1)
    ctx, result = await run("RegisterDomain", make_ctx, params, {"TRANSFERLOCK": "on"})
    sent = fake.last("AddDomain")
    assert sent["DOMAIN"] == "example.com" and sent["PERIOD"] == 2
    assert sent["NAMESERVER0"] == "ns1.host.example" and sent["NAMESERVER1"] == "ns2.host.example"
    assert "NAMESERVER2" not in sent
    assert sent["OWNERCONTACT0FIRSTNAME"] == "Zoe"
    assert sent["OWNERCONTACT0STREET"] == "Hauptstrasse 5 , Hinterhaus"
    assert sent["OWNERCONTACT0ORGANIZATION"] == "Muller AG"
    for role in ("ADMINCONTACT0", "TECHCONTACT0", "BILLINGCONTACT0"):
        assert sent[role + "FIRSTNAME"] == "Adam" and sent[role + "STREET"] == "Adminweg 1"
    assert sent["TRANSFERLOCK"] == 1 and sent["INTERNALDNS"] == 1 and sent["X-ACCEPT-WHOISTRUSTEE-TAC"] == 1
    assert result.value == {"success": True}
    assert journal.calls == [{"function": "RegisterDomain", "domain": "example.com", "key": "key-1"}]


async def test_register_uses_untransliterated_original_contact(fake, make_ctx) -> None:
    fake.on("AddDomain", OK)
    original = {**CONTACT, "firstname": "Zoë", "lastname": "Müller", "city": "Köln"}
    await run("RegisterDomain", make_ctx, register_params(tld="de", original=original))
    assert fake.last("AddDomain")["OWNERCONTACT0LASTNAME"] == "Müller"
    assert fake.last("AddDomain")["OWNERCONTACT0CITY"] == "Köln"


async def test_register_contacts_get_the_save_contact_details_treatment(fake, make_ctx) -> None:
    # product documentation "Transliteration": registrations like contact updates - entities decoded,
    # Greek to Greeklish for an ASCII-only registry (.com), phone numbers as +CC.NNNN
    fake.on("AddDomain", OK)
    original = {
        **CONTACT,
        "firstname": "Γιώργος",
        "companyname": "A &amp; B",
        "phonenumber": "0221 1234567",
        "phonecc": "49",
        "adminphonenumber": "+44 (0)20 7946 0000",
    }
    await run("RegisterDomain", make_ctx, register_params(original=original))
    sent = fake.last("AddDomain")
    assert sent["OWNERCONTACT0FIRSTNAME"] == "Giorgos"
    assert sent["OWNERCONTACT0ORGANIZATION"] == "A & B"
    assert sent["OWNERCONTACT0PHONE"] == "+49.2211234567"
    for role in ("ADMINCONTACT0", "TECHCONTACT0", "BILLINGCONTACT0"):
        assert sent[role + "PHONE"] == "+44.2079460000"
    # a registry that takes UTF-8 gets what the client typed (only the entity decoded)
    await run("RegisterDomain", make_ctx, register_params(tld="gr", original=original))
    assert fake.last("AddDomain")["OWNERCONTACT0FIRSTNAME"] == "Γιώργος"
    assert fake.last("AddDomain")["OWNERCONTACT0ORGANIZATION"] == "A & B"


async def test_register_phone_falls_back_to_the_formatted_number(fake, make_ctx) -> None:
    # no adminphonecc for a national number: WHMCS's own +CC.NNNN (adminfullphonenumber) is used
    fake.on("AddDomain", OK)
    params = register_params(adminphonenumber="030 1234567", adminfullphonenumber="+49.301234567")
    await run("RegisterDomain", make_ctx, params)
    assert fake.last("AddDomain")["ADMINCONTACT0PHONE"] == "+49.301234567"


async def test_register_idn_uses_punycode(fake, make_ctx) -> None:
    fake.on("AddDomain", OK)
    params = register_params(sld="bücher", tld="de", domain_obj={"domain_punycode": "xn--bcher-kva.de"})
    await run("RegisterDomain", make_ctx, params)
    assert fake.last("AddDomain")["DOMAIN"] == "xn--bcher-kva.de"


async def test_register_registry_error_keeps_description(fake, make_ctx) -> None:
    fake.on(
        "AddDomain", reply(540, "Attribute value is not unique; DOMAIN is already assigned to your account")
    )
    with pytest.raises(RegistryRejected) as err:
        await run("RegisterDomain", make_ctx, register_params())
    assert err.value.message == "Attribute value is not unique; DOMAIN is already assigned to your account"
    assert err.value.registry_code == 540


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (lost(may_have_executed=True), OutcomeUnknown),
        (lost(may_have_executed=False), UpstreamUnavailable),
        (reply(421, "Command failed due to server error. Client should try again"), UpstreamUnavailable),
    ],
)
async def test_register_transport_failures(fake, make_ctx, answer, error) -> None:
    fake.on("AddDomain", answer)
    with pytest.raises(error):
        await run("RegisterDomain", make_ctx, register_params())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sld": ""}, "domain"),
        ({"regperiod": "11"}, "regperiod"),
        ({"regperiod": "abc"}, "regperiod"),
        ({"regperiod": "1.5"}, "regperiod"),
        ({"ns2": "not a host"}, "ns2"),
        ({"ns1": "-bad-.com"}, "ns1"),
        ({"email": "", "original": None}, "email"),
        ({"adminlastname": ""}, "adminlastname"),
        ({"phonenumber": "call me"}, "phonenumber"),
        ({"phonenumber": "221 1234567"}, "phonenumber"),  # national number, no phonecc
        ({"adminphonenumber": "+49.12"}, "adminphonenumber"),
        ({"email": "zoe@"}, "email"),
        ({"admincountry": "Germany"}, "admincountry"),
        ({"city": "Köln\nCOMMAND=DeleteDomain"}, "city"),
        ({"address1": "x" * 256}, "address1"),
        ({"firstname": "王"}, "firstname"),  # no ASCII spelling for the .com registry
        ({"premiumEnabled": "on", "premiumCost": "lots"}, "premiumCost"),
    ],
)
async def test_register_bad_input_is_refused_before_any_call(fake, make_ctx, change, field) -> None:
    with pytest.raises(InvalidInput) as err:
        await run("RegisterDomain", make_ctx, register_params(**change))
    assert err.value.field == field and field in err.value.message
    assert fake.sent == []


async def test_swiss_is_a_pending_application_with_note(fake, make_ctx) -> None:
    """5.1.12 returned an 'error' for a successful .swiss application; now WHMCS gets pending."""
    fake.on("AddDomainApplication", reply(APPLICATION="10700", STATUS="REQUESTED"))
    params = register_params(
        tld="swiss", dnsmanagement="on", idprotection="on", additionalfields=SWISS_FIELDS
    )
    ctx, result = await run("RegisterDomain", make_ctx, params, {"TRANSFERLOCK": "on"})
    sent = fake.last("AddDomainApplication")
    assert sent["CLASS"] == "GOLIVE" and sent["DOMAIN"] == "example.swiss"
    assert not {"INTERNALDNS", "TRANSFERLOCK", "X-ACCEPT-WHOISTRUSTEE-TAC"} & set(sent)
    assert sent["X-SWISS-REGISTRANT-ENTERPRISE-ID"] == "CHE-123.456.789"
    assert sent["X-CORE-INTENDED-USE"] == "a shop"
    assert result.value == {"pending": True}
    assert ctx.effects.whmcs_updates == [
        {"type": "domain_notes", "domainid": 42, "append": "APPLICATION:10700"}
    ]


async def test_premium_registration_with_matching_price(fake, make_ctx) -> None:
    fake.on(
        "CheckDomains",
        reply(
            DOMAINCHECK="211 Premium Domain name available",
            PRICE="249.00",
            CURRENCY="USD",
            CLASS="PREMIUM_DONUTS_A",
            PREMIUMCHANNEL="DONUTS",
        ),
    )
    fake.on("AddDomainApplication", reply(APPLICATION="55"))
    params = register_params(premiumEnabled=True, premiumCost=249, idprotection="on")
    _, result = await run("RegisterDomain", make_ctx, params)
    assert fake.last("CheckDomains") == {
        "COMMAND": "CheckDomains",
        "DOMAIN0": "example.com",
        "PREMIUMCHANNELS": "*",
    }
    sent = fake.last("AddDomainApplication")
    assert (sent["CLASS"], sent["PRICE"], sent["CURRENCY"]) == ("PREMIUM_DONUTS_A", "249.00", "USD")
    assert "X-ACCEPT-WHOISTRUSTEE-TAC" not in sent
    assert result.value == {"pending": True}


async def test_premium_aftermarket_class_from_channel(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(PRICE="10", CURRENCY="USD", CLASS="", PREMIUMCHANNEL="SEDO"))
    fake.on("AddDomainApplication", reply(APPLICATION="56"))
    await run("RegisterDomain", make_ctx, register_params(premiumEnabled="on", premiumCost="10.00"))
    assert fake.last("AddDomainApplication")["CLASS"] == "AFTERMARKET_PURCHASE_SEDO"


async def test_premium_price_mismatch_is_refused_not_registered_normally(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.1: 5.1.12 silently fell back to a normal AddDomain on a price mismatch."""
    fake.on("CheckDomains", reply(PRICE="499.00", CURRENCY="USD", CLASS="PREMIUM_X", PREMIUMCHANNEL="X"))
    with pytest.raises(RegistryRejected, match="Premium price mismatch"):
        await run("RegisterDomain", make_ctx, register_params(premiumEnabled="on", premiumCost="249.00"))
    assert fake.commands() == ["CheckDomains"]


async def test_register_reconcile(fake, make_ctx, journal) -> None:
    fake.on("AddDomain", OK)
    await run("RegisterDomain", make_ctx, register_params())
    fake.on("StatusDomain", reply(545, "Object not found"), OK)
    assert await journal.reconcile(LostAttempt(datetime.now(UTC))) is None
    result = await journal.reconcile(LostAttempt(datetime.now(UTC)))
    assert result.value == {"success": True}
    assert journal.sent == [None]  # the journal heard of the AddDomain before it left


async def test_register_reconcile_ignores_a_domain_older_than_the_order(fake, make_ctx, journal) -> None:
    """The domain in the account must come from this order: one created before it started is not."""
    fake.on("AddDomain", OK)
    await run("RegisterDomain", make_ctx, register_params())
    started = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    fake.on(
        "StatusDomain",
        reply(CREATEDDATE="2023-01-01 09:00:00"),
        reply(CREATEDDATE="2024-05-01 10:00:02"),
    )
    assert await journal.reconcile(LostAttempt(started)) is None
    assert (await journal.reconcile(LostAttempt(started))).value == {"success": True}


async def test_register_reconcile_finds_swiss_application(fake, make_ctx, journal) -> None:
    fake.on("AddDomainApplication", reply(APPLICATION="1"))
    ctx, _ = await run(
        "RegisterDomain", make_ctx, register_params(tld="swiss", additionalfields=SWISS_FIELDS)
    )
    started = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    fake.on("StatusDomain", reply(545, "Object not found"))
    fake.on(
        "QueryDomainList",
        reply(OBJECTID="777", CREATEDDATE="2024-05-01 10:00:03"),
        reply(OBJECTID="700", CREATEDDATE="2024-04-01 10:00:03"),
        reply(COUNT=0),
    )
    result = await journal.reconcile(LostAttempt(started))
    assert result.value == {"pending": True}
    assert fake.last("QueryDomainList")["OBJECTCLASS"] == "DOMAINAPPLICATION"
    assert ctx.effects.whmcs_updates[-1]["append"] == "APPLICATION:777"
    assert await journal.reconcile(LostAttempt(started)) is None  # older application: not ours
    assert await journal.reconcile(LostAttempt(started)) is None  # nothing listed


async def test_register_reconcile_finds_the_premium_application(fake, make_ctx, journal) -> None:
    fake.on("CheckDomains", reply(PRICE="10", CURRENCY="USD", CLASS="PREMIUM_X"))
    fake.on("AddDomainApplication", reply(APPLICATION="56"))
    await run("RegisterDomain", make_ctx, register_params(premiumEnabled="on", premiumCost="10"))
    started = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    fake.on("StatusDomain", reply(545, "Object not found"))
    fake.on("QueryDomainList", reply(APPLICATION="56", CREATEDDATE="2024-05-01 10:00:01"))
    assert (await journal.reconcile(LostAttempt(started))).value == {"pending": True}


# ---- TransferDomain ---------------------------------------------------------------------------------------


def transfer_params(**extra: Any) -> dict[str, Any]:
    return {**register_params(regperiod=1), "eppcode": "S3cr3t!", **extra}


PROHIBITED = "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)"
PRECHECK_OK = reply(
    218, "Request is available", AUTHISVALID="YES", TRANSFERLOCK="0", USERTRANSFERREQUIRED="0"
)


async def test_transfer_gtld_strips_contacts(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", PRECHECK_OK).on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on("TransferDomain", reply(200, "Command completed successfully; domain transfer initiated"))
    _, result = await run("TransferDomain", make_ctx, transfer_params())
    assert fake.commands() == ["CheckDomainTransfer", "QueryDomainOptions", "TransferDomain"]
    assert fake.sent[0] == {"COMMAND": "CheckDomainTransfer", "DOMAIN": "example.com", "AUTH": "S3cr3t!"}
    sent = fake.last("TransferDomain")
    assert sent == {
        "COMMAND": "TransferDomain",
        "DOMAIN": "example.com",
        "PERIOD": 1,
        "NAMESERVER0": "ns1.host.example",
        "NAMESERVER1": "ns2.host.example",
        "AUTH": "S3cr3t!",
    }
    assert result.value == {"success": True}


async def test_transfer_cctld_keeps_contacts_afnic_drops_owner_billing(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", PRECHECK_OK).on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params(tld="de"))
    assert fake.last("TransferDomain")["OWNERCONTACT0EMAIL"] == "zoe@example.org"
    await run("TransferDomain", make_ctx, transfer_params(tld="fr"))
    sent = fake.last("TransferDomain")
    assert "OWNERCONTACT0EMAIL" not in sent and "BILLINGCONTACT0EMAIL" not in sent
    assert sent["ADMINCONTACT0EMAIL"] == "admin@example.org"


async def test_transfer_sends_normalised_contacts_and_internal_dns(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", PRECHECK_OK).on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on("TransferDomain", OK)
    params = transfer_params(tld="de", phonenumber="0221 / 123 45 67", phonecc="49", dnsmanagement="on")
    await run("TransferDomain", make_ctx, params)
    sent = fake.last("TransferDomain")
    assert sent["OWNERCONTACT0PHONE"] == "+49.2211234567"
    assert sent["INTERNALDNS"] == 1  # DNS management ordered with the transfer: the zone comes with it
    await run("TransferDomain", make_ctx, transfer_params(tld="de"))
    assert "INTERNALDNS" not in fake.last("TransferDomain")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phonenumber": "n/a"}, "phonenumber"),
        ({"adminemail": "admin at example.org"}, "adminemail"),
        ({"country": "XX"}, "country"),
        ({"ns1": "ns1..example.net"}, "ns1"),
    ],
)
async def test_transfer_bad_input_is_refused_before_any_call(fake, make_ctx, change, field) -> None:
    with pytest.raises(InvalidInput) as err:
        await run("TransferDomain", make_ctx, transfer_params(tld="de", **change))
    assert err.value.field == field and field in err.value.message
    assert fake.sent == []


async def test_transfer_free_period_and_user_transfer(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available", USERTRANSFERREQUIRED="1"))
    fake.on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="0Y"))
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params(tld="de"))
    sent = fake.last("TransferDomain")
    assert sent["PERIOD"] == "0Y" and sent["ACTION"] == "USERTRANSFER"


@pytest.mark.parametrize(
    ("precheck", "message"),
    [
        (
            reply(219, PROHIBITED),
            PROHIBITED,
        ),
        (reply(218, "Request is available", AUTHISVALID="NO"), "Invalid Authorization Code"),
        (
            reply(218, "Request is available", TRANSFERLOCK="1"),
            "Transferlock is active. Therefore the Domain cannot be transferred.",
        ),
    ],
)
async def test_transfer_precheck_refusals(fake, make_ctx, precheck, message) -> None:
    fake.on("CheckDomainTransfer", precheck)
    with pytest.raises(RegistryRejected) as err:
        await run("TransferDomain", make_ctx, transfer_params())
    assert err.value.message == message  # the 5.1.12 typo "Invaild" is fixed
    assert fake.commands() == ["CheckDomainTransfer"]


async def test_transfer_premium_price_check_is_reachable(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.1: in 5.1.12 the premium transfer block sat behind an impossible CODE ==
    200 test."""
    fake.on("CheckDomainTransfer", reply(218, "Request is available", CLASS="PREMIUM_DATE_F"))
    fake.on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on(
        "StatusUser",
        reply(RELATIONTYPE=["PRICE_CLASS_DOMAIN_PREMIUM_DATE_F_TRANSFER"], RELATIONVALUE=["80.00"]),
    )
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params(premiumEnabled="on", premiumCost="80"))
    assert fake.last("TransferDomain")["CLASS"] == "PREMIUM_DATE_F"
    with pytest.raises(RegistryRejected, match=r"Price mismatch. Got 70, but expected 80.00."):
        await run("TransferDomain", make_ctx, transfer_params(premiumEnabled="on", premiumCost="70"))


async def test_transfer_reconcile(fake, make_ctx, journal) -> None:
    fake.on("CheckDomainTransfer", PRECHECK_OK).on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params())
    fake.on("StatusDomainTransfer", reply(545, "Object not found"), OK)
    fake.on("StatusDomain", reply(545, "Object not found"))
    assert await journal.reconcile(LostAttempt(datetime.now(UTC))) is None
    assert (await journal.reconcile(LostAttempt(datetime.now(UTC)))).value == {"success": True}


# ---- RenewDomain ------------------------------------------------------------------------------------------


def renew_params(**extra: Any) -> dict[str, Any]:
    return {"sld": "example", "tld": "com", "domainid": 42, "regperiod": 1, **extra}


STATUS_BEFORE = reply(EXPIRATIONDATE="2027-03-04 10:00:00", PAIDUNTILDATE="2027-03-04 10:00:00")
EVIDENCE = {"expiry": "2027-03-04 10:00:00", "paid_until": "2027-03-04 10:00:00"}


async def test_renew_success(fake, make_ctx, journal) -> None:
    fake.on("StatusDomain", STATUS_BEFORE).on("RenewDomain", OK)
    ctx, result = await run("RenewDomain", make_ctx, renew_params())
    assert fake.sent == [
        {"COMMAND": "StatusDomain", "DOMAIN": "example.com"},
        {"COMMAND": "RenewDomain", "DOMAIN": "example.com", "PERIOD": 1},
    ]
    # The dates before the renewal reach the journal before the RenewDomain leaves (see reconcile).
    assert journal.sent == [EVIDENCE]
    assert result.value == {"success": True, "message": "Renewal succeeded."}
    assert ctx.effects.activity == ["example.com: Renewal succeeded."]


async def test_renew_510_falls_back_to_pay_domain_renewal(fake, make_ctx) -> None:
    fake.on("StatusDomain", STATUS_BEFORE)
    fake.on("RenewDomain", reply(510, "Command not supported for this class")).on("PayDomainRenewal", OK)
    await run("RenewDomain", make_ctx, renew_params(tld="de"))
    assert fake.commands() == ["StatusDomain", "RenewDomain", "PayDomainRenewal"]
    assert fake.sent[2] == {"COMMAND": "PayDomainRenewal", "DOMAIN": "example.de", "PERIOD": 1}


async def test_renew_failure_logs_the_error_text(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.9: 5.1.12 logged "<domain>: " with no text on failure."""
    fake.on("StatusDomain", STATUS_BEFORE).on("RenewDomain", reply(548, "Object is not up for renewal"))
    ctx = make_ctx("RenewDomain", renew_params())
    with pytest.raises(RegistryRejected) as err:
        await OPERATIONS["RenewDomain"].func(ctx)
    assert err.value.message == "Renewal failed. (548 Object is not up for renewal)"
    assert ctx.effects.activity == ["example.com: Renewal failed. (548 Object is not up for renewal)"]


@pytest.mark.parametrize(
    ("periods", "regperiod", "message", "renewed"),
    [
        (
            "1Y,2Y,3Y",
            3,
            "Domain Restore succeeded. Requires additional Renewal to fit Renewal Period provided.",
            2,
        ),
        ("1Y,2Y", 1, "Domain Restore succeeded.", None),
        ("1Y,5Y", 3, "Domain Restore succeeded. Not able to check for matching renewal period.", None),
        ("", 1, "Domain Restore succeeded. Not able to check for matching renewal period.", None),
    ],
)
async def test_restore_then_renew_difference(fake, make_ctx, periods, regperiod, message, renewed) -> None:
    fake.on("StatusDomain", STATUS_BEFORE).on("RestoreDomain", OK)
    fake.on("QueryDomainOptions", reply(ZONERENEWALPERIODS=periods)).on("RenewDomain", OK)
    ctx, result = await run(
        "RenewDomain", make_ctx, renew_params(regperiod=regperiod, isInRedemptionGracePeriod=True)
    )
    assert ctx.effects.activity[0] == f"example.com: {message}"
    if renewed is None:
        assert "RenewDomain" not in fake.commands()
        assert result.value == {"success": True, "message": message}
    else:
        assert fake.last("RenewDomain")["PERIOD"] == renewed


async def test_restore_failure(fake, make_ctx) -> None:
    fake.on("StatusDomain", STATUS_BEFORE)
    fake.on("RestoreDomain", reply(552, "Object status does not allow for operation"))
    with pytest.raises(RegistryRejected, match=r"^Domain Restore failed. \(552 Object status"):
        await run("RenewDomain", make_ctx, renew_params(isInRedemptionGracePeriod="on"))


async def test_premium_renew_compares_decimals(fake, make_ctx) -> None:
    """docs/module-behaviour.md §13.1: 5.1.12 compared "100.00" === 100 (never equal), so premium renewals
    lacked CLASS."""
    fake.on("StatusDomain", reply(SUBCLASS="PREMIUM_DATE_F"))
    fake.on(
        "StatusUser", reply(RELATIONTYPE=["PRICE_CLASS_DOMAIN_PREMIUM_DATE_F_ANNUAL"], RELATIONVALUE=["100"])
    )
    fake.on("RenewDomain", OK)
    await run("RenewDomain", make_ctx, renew_params(premiumEnabled="on", premiumCost="100.00"))
    assert fake.last("RenewDomain")["CLASS"] == "PREMIUM_DATE_F"


async def test_renew_reconcile_by_object_log(fake, make_ctx, journal) -> None:
    fake.on("StatusDomain", STATUS_BEFORE).on("RenewDomain", OK)
    await run("RenewDomain", make_ctx, renew_params())
    fake.on("QueryObjectLogList", reply(COUNT=1, LOGINDEX="9"), reply(COUNT=0))
    started = datetime(2024, 5, 1, 10, 0, 5, tzinfo=UTC)
    assert (await journal.reconcile(LostAttempt(started))).value == {
        "success": True,
        "message": "Renewal succeeded.",
    }
    assert fake.last("QueryObjectLogList") == {
        "COMMAND": "QueryObjectLogList",
        "OBJECTCLASS": "DOMAIN",
        "OBJECTID": "example.com",
        "OPERATIONTYPE": "RENEW",
        "OPERATIONSTATUS": "SUCCESSFUL",
        "MINDATE": "2024-05-01 10:00:05",
        "USERDEPTH": "SELF",
    }
    assert await journal.reconcile(LostAttempt(started)) is None


async def test_renew_bad_period(fake, make_ctx) -> None:
    with pytest.raises(InvalidInput):
        await run("RenewDomain", make_ctx, renew_params(regperiod=0))
    assert fake.sent == []


async def test_renew_reconcile_compares_the_dates_recorded_before_the_attempt(
    fake, make_ctx, journal
) -> None:
    """A renewal still being carried out shows in no log yet; once done, its expiry has moved."""
    fake.on("StatusDomain", STATUS_BEFORE).on("RenewDomain", OK)
    await run("RenewDomain", make_ctx, renew_params())
    lost_attempt = LostAttempt(datetime(2026, 5, 1, 10, 0, tzinfo=UTC), evidence=EVIDENCE)
    fake.on("StatusDomain", reply(EXPIRATIONDATE="2028-03-04 10:00:00"))  # queued after STATUS_BEFORE
    fake.on("QueryObjectLogList", reply(COUNT=0))
    assert await journal.reconcile(lost_attempt) is None  # dates unchanged, nothing logged
    assert (await journal.reconcile(lost_attempt)).value == {"success": True, "message": "Renewal succeeded."}
    assert fake.commands()[-1] == "StatusDomain"  # the moved date settles it without the object log


async def test_renew_reconcile_in_redemption_also_looks_for_the_restore(fake, make_ctx, journal) -> None:
    fake.on("StatusDomain", STATUS_BEFORE).on("RestoreDomain", OK)
    fake.on("QueryDomainOptions", reply(ZONERENEWALPERIODS="1Y"))
    await run("RenewDomain", make_ctx, renew_params(isInRedemptionGracePeriod="on"))
    assert journal.sent == [EVIDENCE]  # before the RestoreDomain
    fake.on("QueryObjectLogList", reply(COUNT=0), reply(COUNT=1))
    result = await journal.reconcile(LostAttempt(datetime(2026, 5, 1, tzinfo=UTC)))
    assert result is not None and result.value["success"] is True
    assert [c["OPERATIONTYPE"] for c in fake.sent if c["COMMAND"] == "QueryObjectLogList"] == [
        "RENEW",
        "RESTORE",
    ]
