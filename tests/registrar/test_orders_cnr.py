"""RegisterDomain and TransferDomain with the module's Backend set to CentralNic Reseller: the commands the
CNR adapter (app/backends/cnr/orders.py) sends for the operations' orders, contact handles made once per
distinct contact, additional fields in CNR spelling, premium fees, reconciliation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.additional_fields import Operation as FieldsOperation, default_registry
from app.api.envelope import Result
from app.backends.cnr.extensions import cnr_params, our_params
from app.backends.cnr.handles import ContactHandles
from app.errors import InvalidInput, RegistryRejected
from app.registrar.base import OPERATIONS, LostAttempt, RegistrarContext
from app.registrar.orders.renewals import MODE_SET
from app.registry.contacts import Role
from sandbox.cnr.extensions import rules as cnr_rules
from tests.registrar.conftest import CONTACT, FakeIspapi, PassThroughJournal, reply

CNR = {"Username": "test.user", "Password": "secret-pw", "Backend": "cnr"}
OK = reply()
NOT_FOUND = reply(545, "Entity reference not found")
# the registrant's details copied into the admin fields: one person in all four roles
SAME_PERSON = {f"admin{key}": value for key, value in CONTACT.items() if not key.startswith("admin")}


def register_params(**extra: Any) -> dict[str, Any]:
    return {
        "sld": "example",
        "tld": "com",
        "domainid": 42,
        "regperiod": "1",
        "ns1": "ns1.host.example",
        "ns2": "ns2.host.example",
        **CONTACT,
        **extra,
    }


def handles(fake: FakeIspapi, *names: str) -> None:
    fake.on("AddContact", *(reply(CONTACT=name) for name in names))


class OrderedJournal(PassThroughJournal):
    """Notes how many commands had been sent when the operation announced its money command."""

    def __init__(self, fake: FakeIspapi) -> None:
        super().__init__()
        self.fake = fake
        self.sent_before: list[int] = []

    async def sending(self, evidence: Any = None) -> None:
        self.sent_before.append(len(self.fake.sent))
        await super().sending(evidence)


@pytest.fixture
def ordered(fake: FakeIspapi) -> OrderedJournal:
    return OrderedJournal(fake)


@pytest.fixture(autouse=True)
def renewal_mode_accepted(fake: FakeIspapi) -> None:
    """A registration ends with SetDomainRenewalMode AUTOEXPIRE (docs/cnr-renewals.md); accepted unless a
    test says otherwise."""
    fake.on("SetDomainRenewalMode", OK)


async def run(
    function: str, make_ctx: Any, params: dict[str, Any], journal: PassThroughJournal | None = None
) -> tuple[RegistrarContext, Result]:
    ctx = make_ctx(function, params, CNR)
    if journal is not None:
        ctx.journal = journal
    return ctx, await OPERATIONS[function].func(ctx)


async def test_register_makes_a_handle_per_distinct_contact_then_adds_the_domain(
    fake, make_ctx, ordered
) -> None:
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    _, result = await run("RegisterDomain", make_ctx, register_params(idprotection="on"), ordered)
    assert result.value == {"success": True}
    assert fake.commands() == ["AddContact", "AddContact", "AddDomain", "SetDomainRenewalMode"]
    owner, admin = (c for c in fake.sent if c["COMMAND"] == "AddContact")
    assert owner["FIRSTNAME"] == "Zoe" and owner["STREET0"] == "Hauptstrasse 5"
    assert owner["STREET1"] == "Hinterhaus" and "STREET" not in owner
    assert "ORGANIZATION" not in admin  # an empty field is left out, not sent empty
    assert "NEW" not in owner  # CNR substitutes an identical existing handle unless NEW=1
    sent = fake.last("AddDomain")
    assert sent["OWNERCONTACT0"] == "P-ZOE1"
    assert sent["ADMINCONTACT0"] == sent["TECHCONTACT0"] == sent["BILLINGCONTACT0"] == "P-ADAM2"
    assert not [key for key in sent if key.startswith("OWNERCONTACT0") and key != "OWNERCONTACT0"]
    assert sent["X-WHOISPRIVACY"] == 1 and "X-ACCEPT-WHOISTRUSTEE-TAC" not in sent
    assert ordered.sent_before == [2]  # the journal heard of the AddDomain after the handles, before it


async def test_the_same_person_in_every_role_is_one_add_contact(fake, make_ctx) -> None:
    handles(fake, "P-ZOE1")
    fake.on("AddDomain", OK)
    await run("RegisterDomain", make_ctx, register_params(**SAME_PERSON))
    assert fake.commands() == ["AddContact", "AddDomain", "SetDomainRenewalMode"]
    sent = fake.last("AddDomain")
    assert {sent[f"{role}0"] for role in Role} == {"P-ZOE1"}


async def test_contact_handles_reuse_one_add_contact_for_equal_data() -> None:
    fake = FakeIspapi()
    handles(fake, "P-A1", "P-B2")
    first = {"FIRSTNAME": "Ann", "LASTNAME": "Lee", "EMAIL": "a@example.net", "FAX": ""}
    same = {"FAX": "", "EMAIL": "a@example.net", "LASTNAME": "Lee", "FIRSTNAME": "Ann"}
    other = {"FIRSTNAME": "Bob", "LASTNAME": "Lee", "EMAIL": "b@example.net"}
    found = await ContactHandles(fake).by_role({Role.OWNER: first, Role.ADMIN: same, Role.TECH: other})
    assert found == {"OWNERCONTACT0": "P-A1", "ADMINCONTACT0": "P-A1", "TECHCONTACT0": "P-B2"}
    assert fake.commands() == ["AddContact", "AddContact"]


async def test_a_refused_contact_orders_nothing(fake, make_ctx, ordered) -> None:
    fake.on("AddContact", reply(505, "Invalid attribute value syntax; PHONE"))
    with pytest.raises(RegistryRejected, match="PHONE"):
        await run("RegisterDomain", make_ctx, register_params(), ordered)
    assert fake.commands() == ["AddContact"] and ordered.sent_before == []


async def test_additional_fields_go_out_in_cnr_spelling(fake, make_ctx) -> None:
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    fields = {"Legal Type": "CCT", "Contact Language": "FR"}
    await run("RegisterDomain", make_ctx, register_params(tld="ca", additionalfields=fields))
    sent = fake.last("AddDomain")
    assert sent["X-CA-LEGAL-TYPE"] == "CCT"
    assert "X-CA-LEGALTYPE" not in sent and "X-CA-LANGUAGE" not in sent


AU_FIELDS = {"Registrant ID": "12345678901", "Registrant ID Type": "ABN"}


async def test_au_registration_carries_the_eligibility_cnr_requires(fake, make_ctx) -> None:
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    fields = {**AU_FIELDS, "Eligibility Type": "Company", "Eligibility Relation": "1"}
    params = register_params(tld="com.au", companyname="Example Pty Ltd", additionalfields=fields)
    await run("RegisterDomain", make_ctx, params)
    sent = fake.last("AddDomain")
    assert {key: sent[key] for key in sent if key.startswith("X-AU-")} == {
        "X-AU-DOMAIN-IDTYPE": "ABN",
        "X-AU-DOMAIN-IDNUMBER": "12345678901",
        "X-AU-DOMAIN-RELATIONTYPE": "Company",
        "X-AU-DOMAIN-RELATION": "1",
        "X-AU-OWNER-ORGANIZATION": "Example Pty Ltd",
    }


async def test_au_registration_without_the_eligibility_is_refused_before_any_call(fake, make_ctx) -> None:
    params = register_params(tld="com.au", additionalfields=AU_FIELDS)
    with pytest.raises(InvalidInput, match="Eligibility Type is required for .com.au registrations"):
        await run("RegisterDomain", make_ctx, params)
    assert fake.sent == []


@pytest.mark.parametrize(
    ("domain", "given", "expected"),
    [
        ("a.com.au", {"X-AU-REGISTRANT-ID-TYPE": "ABN"}, {"X-AU-DOMAIN-IDTYPE": "ABN"}),
        ("a.fr", {"X-FR-REGISTRANT-BIRTH-PLACE": "Lyon"}, {"X-FR-BIRTHCITY": "Lyon"}),
        (
            "a.it",
            {"X-IT-ACCEPT-LIABILITY-TAC": "1", "X-IT-PIN": "9"},
            {"X-IT-SECT3-LIABILITY": "1", "X-IT-PIN": "9"},
        ),
        ("a.bank", {"X-ALLOCATIONTOKEN": "t"}, {"X-ALLOCATION-TOKEN": "t"}),
        ("a.travel", {"X-TRAVEL-INDUSTRY": "1"}, {}),
        ("a.us", {"X-US-NEXUS-CATEGORY": "C11"}, {"X-US-NEXUS-CATEGORY": "C11"}),
    ],
)
def test_cnr_params_table(domain: str, given: dict[str, str], expected: dict[str, str]) -> None:
    assert cnr_params(domain, given) == expected


@pytest.mark.parametrize(
    ("domain", "ours"),
    [
        ("a.ca", {"X-CA-LEGALTYPE": "CCT"}),
        ("a.com.au", {"X-AU-REGISTRANT-ID-TYPE": "ABN", "X-AU-REGISTRANT-ID-NUMBER": "1"}),
        ("a.it", {"X-IT-ACCEPT-LIABILITY-TAC": "1", "X-IT-PIN": "9"}),
        ("a.nu", {"X-VATID": "SE1", "X-REGISTRANT-IDNUMBER": "19800101-1234"}),
        ("a.bank", {"X-ALLOCATIONTOKEN": "t"}),
    ],
)
def test_our_params_read_back_what_cnr_params_sent(domain: str, ours: dict[str, str]) -> None:
    status = {**cnr_params(domain, ours), "RENEWALMODE": "AUTOEXPIRE"}
    assert our_params(domain, status) == {**ours, "RENEWALMODE": "AUTOEXPIRE"}


def test_cnr_params_repeat_a_registrant_field_where_cnr_wants_it() -> None:
    owner = {"ORGANIZATION": "Example Pty Ltd", "FIRSTNAME": "Ann"}
    assert cnr_params("a.com.au", {}, owner) == {"X-AU-OWNER-ORGANIZATION": "Example Pty Ltd"}
    assert cnr_params("a.com.au", {}, {"ORGANIZATION": ""}) == {}
    assert cnr_params("a.com", {}, owner) == {}


async def test_premium_registration_sends_the_quoted_fee(fake, make_ctx) -> None:
    quote = reply(cols={"X-FEE-CLASS": "premium", "X-FEE-AMOUNT": "249.00", "X-FEE-CURRENCY": "USD"})
    fake.on("CheckDomains", quote)
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    _, result = await run("RegisterDomain", make_ctx, register_params(premiumEnabled="on", premiumCost="249"))
    assert result.value == {"success": True}  # registered at once, no application
    check = fake.last("CheckDomains")
    assert check["DOMAIN0"] == "example.com" and check["X-FEE-COMMAND0"] == "create"
    sent = fake.last("AddDomain")
    assert sent["X-FEE-AMOUNT"] == "249.00" and "X-FEE-CURRENCY" not in sent


async def test_premium_price_mismatch_orders_nothing(fake, make_ctx) -> None:
    quote = reply(cols={"X-FEE-CLASS": "premium", "X-FEE-AMOUNT": "499.00", "X-FEE-CURRENCY": "USD"})
    fake.on("CheckDomains", quote)
    with pytest.raises(RegistryRejected, match="Premium price mismatch"):
        await run("RegisterDomain", make_ctx, register_params(premiumEnabled="on", premiumCost="249"))
    assert fake.commands() == ["CheckDomains"]


async def test_register_reconcile_reads_status_domain(fake, make_ctx, journal) -> None:
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    await run("RegisterDomain", make_ctx, register_params())
    started = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    fake.on(
        "StatusDomain",
        NOT_FOUND,
        reply(CREATED_DATE="2023-01-01 09:00:00"),
        reply(CREATED_DATE="2024-05-01 10:00:02"),
    )
    assert await journal.reconcile(LostAttempt(started)) is None
    assert await journal.reconcile(LostAttempt(started)) is None  # older: not this order's
    assert (await journal.reconcile(LostAttempt(started))).value == {"success": True}


async def test_a_new_domain_is_left_to_whmcs_to_renew(fake, make_ctx) -> None:
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    ctx, result = await run("RegisterDomain", make_ctx, register_params())
    assert result.value == {"success": True}
    assert fake.sent[-1] == {
        "COMMAND": "SetDomainRenewalMode",
        "DOMAIN": "example.com",
        "RENEWALMODE": "AUTOEXPIRE",
    }
    assert ctx.effects.activity == [f"example.com: {MODE_SET.format(mode='AUTOEXPIRE')}"]


async def test_a_refused_renewal_mode_never_fails_the_registration(fake, make_ctx) -> None:
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("AddDomain", OK)
    fake.script["SETDOMAINRENEWALMODE"].clear()
    fake.on("SetDomainRenewalMode", reply(531, "Authorization failed"))
    ctx, result = await run("RegisterDomain", make_ctx, register_params())
    assert result.value == {"success": True}  # registered and paid: WHMCS must not order it again
    assert "The renewal mode could not be set" in ctx.effects.activity[0]
    assert "531 Authorization failed" in ctx.effects.activity[0]


def transfer_params(**extra: Any) -> dict[str, Any]:
    return {**register_params(), "eppcode": "S3cr3t!", **extra}


async def test_transfer_of_a_gtld_sends_no_contacts(fake, make_ctx, ordered) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available", TRANSFERLOCK="0"))
    fake.on("TransferDomain", OK)
    _, result = await run("TransferDomain", make_ctx, transfer_params(), ordered)
    assert result.value == {"success": True}
    assert fake.commands() == ["CheckDomainTransfer", "TransferDomain"]
    assert fake.sent[0] == {"COMMAND": "CheckDomainTransfer", "DOMAIN": "example.com", "AUTH": "S3cr3t!"}
    assert fake.last("TransferDomain") == {
        "COMMAND": "TransferDomain",
        "DOMAIN": "example.com",
        "PERIOD": 1,
        "NAMESERVER0": "ns1.host.example",
        "NAMESERVER1": "ns2.host.example",
        "AUTH": "S3cr3t!",
    }
    assert ordered.sent_before == [1]


async def test_transfer_of_a_cctld_names_its_contacts_by_handle(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available"))
    handles(fake, "P-ZOE1", "P-ADAM2")
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params(tld="de"))
    sent = fake.last("TransferDomain")
    assert sent["OWNERCONTACT0"] == "P-ZOE1" and sent["TECHCONTACT0"] == "P-ADAM2"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            reply(219, "Request is not available; wrong auth code"),
            "Request is not available; wrong auth code",
        ),
        (
            reply(218, "Request is available", TRANSFERLOCK="1"),
            "Transferlock is active. Therefore the Domain cannot be transferred.",
        ),
    ],
)
async def test_transfer_refusals_charge_nothing(fake, make_ctx, check, message) -> None:
    fake.on("CheckDomainTransfer", check)
    with pytest.raises(RegistryRejected) as err:
        await run("TransferDomain", make_ctx, transfer_params())
    assert err.value.message == message
    assert fake.commands() == ["CheckDomainTransfer"]


async def test_premium_transfer_at_the_quoted_fee_only(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available", cols={"X-FEE-AMOUNT": "80.00"}))
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params(premiumEnabled="on", premiumCost="80"))
    assert fake.last("TransferDomain")["X-FEE-AMOUNT0"] == "80"
    with pytest.raises(RegistryRejected, match=r"Price mismatch. Got 70, but expected 80.00."):
        await run("TransferDomain", make_ctx, transfer_params(premiumEnabled="on", premiumCost="70"))


async def test_transfer_reconcile(fake, make_ctx, journal) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available"))
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params())
    fake.on("StatusDomainTransfer", NOT_FOUND, NOT_FOUND, OK)
    fake.on("StatusDomain", NOT_FOUND, reply(DOMAIN="example.com"))
    assert await journal.reconcile(LostAttempt(datetime.now(UTC))) is None
    assert (await journal.reconcile(LostAttempt(datetime.now(UTC)))).value == {"success": True}  # done
    assert (await journal.reconcile(LostAttempt(datetime.now(UTC)))).value == {"success": True}  # pending


# Parameters CNR requires for a registration that our additional fields do not collect (the registry refuses
# such an order with 504 naming the parameter): none since the .au eligibility and the .travel UIN fields.
KNOWN_GAPS: dict[str, frozenset[str]] = {}


def _sample_params(zone: str) -> dict[str, str]:
    """Every parameter our fields produce for a registration in `zone`, each with a value it may take."""
    fields = default_registry().fields_for(zone, FieldsOperation.REGISTER)
    return {f.param: (f.options[0].value if f.options else "x") for f in fields if f.param}


@pytest.mark.parametrize("zone", sorted(zone for zone in cnr_rules() if _sample_params(zone)))
def test_our_fields_give_cnr_what_it_requires(zone: str) -> None:
    """Checked against the CNR sandbox's zone rules (sandbox/cnr/extensions.toml): after the mapping, a
    registration with our fields lacks only the parameters we do not collect."""
    owner = {"ORGANIZATION": "Example Pty Ltd"}
    mapped = cnr_params(f"example.{zone}", _sample_params(zone), owner)
    missing = {
        rule.name
        for rule in cnr_rules()[zone]
        if rule.needed(mapped) and not any(value for _, value in rule.values(mapped))
    }
    assert missing == KNOWN_GAPS.get(zone, frozenset())
