"""Contact commands through the engine (API/DOMAIN/CONTACT/*.md)."""

from __future__ import annotations

import pytest

from tests.sandbox.wire import CONTACT, Client, demo_client


@pytest.fixture
def client() -> Client:
    return demo_client()


def test_add_reuses_identical_contact_unless_new(client: Client) -> None:
    first = client.ok("AddContact", **CONTACT)
    assert (
        first.one("CONTACT").startswith("P-TC")
        and first.one("NEW") == "1"
        and first.one("STATUS") == "ACTIVE"
    )
    again = client.ok("AddContact", **CONTACT)
    assert (again.one("CONTACT"), again.one("NEW")) == (first.one("CONTACT"), "0")
    forced = client.ok("AddContact", NEW=1, **CONTACT)
    assert forced.one("CONTACT") != first.one("CONTACT") and forced.one("NEW") == "1"
    named = client.ok("AddContact", CONTACT="P-MINE1", **CONTACT)
    assert named.one("CONTACT") == "P-MINE1"
    assert client.call("AddContact", CONTACT="P-MINE1", **CONTACT).code == 540


@pytest.mark.parametrize(
    ("change", "code", "detail"),
    [
        ({"EMAIL": ""}, 504, "EMAIL"),
        ({"FIRSTNAME": "", "LASTNAME": ""}, 504, "FIRSTNAME"),
        ({"EMAIL": "not-an-address"}, 505, "Syntax error in Parameter EMAIL (not-an-address)"),
        ({"PHONE": "call me"}, 505, "PHONE"),
        ({"COUNTRY": "Germany"}, 505, "COUNTRY"),
        ({"NEW": "2"}, 505, "NEW"),
        ({"COLOUR": "blue"}, 503, "COLOUR"),
    ],
)
def test_add_rejects_bad_data(client: Client, change: dict[str, str], code: int, detail: str) -> None:
    answer = client.call("AddContact", **{**CONTACT, **change})
    assert answer.code == code and detail in answer.description
    assert client.world.contacts == {}


def test_name_and_street_lines(client: Client) -> None:
    data = {k: v for k, v in CONTACT.items() if k not in ("FIRSTNAME", "LASTNAME", "STREET")}
    handle = client.ok("AddContact", NAME="Jane Q Doe", STREET0="Line one", STREET1="Line two", **data).one(
        "CONTACT"
    )
    status = client.ok("StatusContact", CONTACT=handle)
    assert (status.one("FIRSTNAME"), status.one("LASTNAME"), status.one("NAME")) == (
        "Jane",
        "Q Doe",
        "Jane Q Doe",
    )
    assert status.col("STREET") == ["Line one", "Line two"]


def test_status_properties(client: Client) -> None:
    handle = client.ok("AddContact", ORGANIZATION="ACME", TITLE="Dr", **CONTACT).one("CONTACT")
    status = client.ok("StatusContact", CONTACT=handle)
    for name in (
        "AUTH",
        "CITY",
        "CLASS",
        "COUNTRY",
        "CREATEDBY",
        "CREATEDDATE",
        "DESCRIPTION",
        "EMAIL",
        "FAX",
        "FIRSTNAME",
        "ID",
        "LASTNAME",
        "NAME",
        "ORGANIZATION",
        "PEERUSER",
        "PHONE",
        "REGISTRAR",
        "STATE",
        "STATUS",
        "STREET",
        "TITLE",
        "TRANSFERDATE",
        "UPDATEDBY",
        "UPDATEDDATE",
        "USER",
        "ZIP",
    ):
        assert name in status.properties, name
    assert list(status.properties) == sorted(status.properties)
    assert status.one("ID") == handle and status.one("CLASS") == "CONTACT" and status.one("USER") == "demo"
    assert status.one("ORGANIZATION") == "ACME" and status.one("TITLE") == "Dr"
    assert len(status.one("AUTH")) >= 8
    assert status.one("CREATEDDATE") == status.one("UPDATEDDATE")
    assert client.call("StatusContact", CONTACT="P-NOPE1").code == 545
    assert client.call("StatusContact").code == 504
    assert client.call("StatusContact", CONTACT="bad handle!").code == 505


def test_modify_updates_fields_and_validates(client: Client) -> None:
    handle = client.ok("AddContact", ORGANIZATION="ACME", STREET1="Second", **CONTACT).one("CONTACT")
    client.engine.clock.advance(seconds=90)
    client.ok("ModifyContact", CONTACT=handle, FIRSTNAME="Newname", STREET="Newstreet 1", ORGANIZATION="")
    status = client.ok("StatusContact", CONTACT=handle)
    assert status.one("FIRSTNAME") == "Newname"
    assert status.col("STREET") == ["Newstreet 1"]  # a given street replaces every line
    assert status.one("ORGANIZATION") == ""  # empty = unset
    assert status.one("UPDATEDDATE") > status.one("CREATEDDATE")
    assert client.call("ModifyContact", CONTACT=handle, EMAIL="broken").code == 505
    assert client.call("ModifyContact", CONTACT=handle, CITY="").code == 504
    assert client.ok("StatusContact", CONTACT=handle).one("CITY") == "Samplecity"
    assert client.call("ModifyContact", CONTACT="P-NOPE1", CITY="X").code == 545


def test_foreign_contacts_are_531(client: Client) -> None:
    handle = client.ok("AddContact", **CONTACT).one("CONTACT")
    client.world.contacts[handle].owner = "someone"
    for command in ("StatusContact", "ModifyContact", "DeleteContact", "CloneContact"):
        assert client.call(command, CONTACT=handle).code == 531, command


def test_delete_refused_while_a_domain_uses_it(client: Client) -> None:
    handle = client.ok("AddContact", **CONTACT).one("CONTACT")
    domain = client.add_domain("example.com")
    domain.contacts = {"OWNERCONTACT": [handle], "ADMINCONTACT": [handle]}
    refused = client.call("DeleteContact", CONTACT=handle)
    assert (
        refused.code == 506
        and refused.description.startswith("Object is in use")
        and "example.com" in refused.description
    )
    domain.contacts = {}
    client.ok("DeleteContact", CONTACT=handle)
    assert client.call("StatusContact", CONTACT=handle).code == 545
    assert client.call("DeleteContact", CONTACT=handle).code == 545
    assert [e.operation_type for e in client.world.object_log] == ["CREATE", "DELETE"]


def test_clone_copies_with_overrides(client: Client) -> None:
    handle = client.ok("AddContact", **CONTACT).one("CONTACT")
    clone = client.ok("CloneContact", CONTACT=handle, CITY="Othercity")
    assert clone.one("CONTACT") != handle and clone.one("STATUS") == "ACTIVE"
    status = client.ok("StatusContact", CONTACT=clone.one("CONTACT"))
    assert (status.one("CITY"), status.one("EMAIL")) == ("Othercity", "test@example.com")
    assert client.call("CloneContact", CONTACT=handle, EMAIL="x").code == 505
    assert client.call("CloneContact", CONTACT="P-NOPE1").code == 545
    assert client.call("CloneContact").code == 504


def test_query_list_filters_pages_and_wide(client: Client) -> None:
    handles = [
        client.ok("AddContact", NEW=1, **{**CONTACT, "FIRSTNAME": f"Person{i}"}).one("CONTACT")
        for i in range(4)
    ]
    client.add_account("sub", parent="demo")
    client.world.contacts[handles[3]].owner = "sub"
    listed = client.ok("QueryContactList", ORDERBY="CONTACT", FIRST=1, LIMIT=2)
    assert listed.col("CONTACT") == sorted(handles)[1:3]
    assert [listed.one(k) for k in ("FIRST", "LAST", "COUNT", "TOTAL", "LIMIT")] == ["1", "2", "2", "4", "2"]
    assert client.ok("QueryContactList", USERDEPTH="SELF").one("TOTAL") == "3"
    assert client.ok("QueryContactList", USERDEPTH="SUBUSER").col("CONTACT") == [handles[3]]
    found = client.ok("QueryContactList", FIRSTNAME="person2", WIDE=1)
    assert found.col("CONTACT") == [handles[2]]
    assert found.one("CONTACTFIRSTNAME") == "Person2" and found.one("CONTACTSTREET") == "Samplestreet 42"
    assert found.one("CONTACTSTATUS") == "ACTIVE" and found.one("USER") == "demo"
    assert client.ok("QueryContactList", CONTACT="P-NONE*").one("COUNT") == "0"
    assert client.ok("QueryContactList", MINCREATEDDATE="2999-01-01").one("TOTAL") == "0"
    assert client.call("QueryContactList", ORDERBY="FUNNY").code == 505
    assert client.call("QueryContactList", MINCREATEDDATE="yesterday").code == 505
    assert client.call("QueryContactList", USERDEPTH="EVERYONE").code == 505


def test_validate_contact_for_au(client: Client) -> None:
    au = {**CONTACT, "COUNTRY": "AU", "PHONE": "+61.212345678"}
    terms = {
        "X-AU-OWNER-ACCEPT-VALIDATION-TERMS": "1",
        "X-AU-OWNER-IDTYPE": "4",
        "X-AU-OWNER-IDNUMBER": "PP5667788",
    }
    answer = client.ok("ValidateContact", REGISTRY="AU", **terms, **au)
    assert answer.one("X-AU-VALIDATED") == "1" and answer.one("X-AU-VALIDATED-UNTIL").endswith("00:00:00")
    assert client.world.contacts[answer.one("CONTACT")].verified
    again = client.ok("ValidateContact", REGISTRY="AU", CONTACT=answer.one("CONTACT"), **terms)
    assert again.one("CONTACT") == answer.one("CONTACT")
    assert (
        client.call(
            "ValidateContact", REGISTRY="AU", **{**terms, "X-AU-OWNER-ACCEPT-VALIDATION-TERMS": "0"}, **au
        ).code
        == 541
    )
    assert (
        client.call("ValidateContact", REGISTRY="AU", **{**terms, "X-AU-OWNER-IDNUMBER": ""}, **au).code
        == 504
    )
    german = client.call("ValidateContact", REGISTRY="AU", **terms, **CONTACT)
    assert german.code == 541 and len(client.world.contacts) == 1  # nothing created for a refused validation
    assert client.call("ValidateContact", REGISTRY="AU", **terms).code == 504
    assert client.call("ValidateContact", REGISTRY="NZ", **terms, **au).code == 505
