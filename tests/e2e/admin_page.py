"""Helpers of the admin-page tests: a registry account of their own filled with domains whose registrants
are chosen by the test, and the WHMCS tables such a reseller starts with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.stack import E2EStack, fresh_domain, new_account

EXISTING_CLIENT = {
    "id": 5,
    "firstname": "Erika",
    "lastname": "Existing",
    "companyname": "",
    "email": "Erika.Existing@Example.org",  # the registry has it lower-case: matched case-insensitively
    "country": "DE",
    "status": "Active",
    "defaultgateway": "banktransfer",
}


@dataclass
class ImportAccount:
    """A fresh OT&E reseller with domains for the import tests."""

    login: str
    password: str
    for_existing: str  # registrant email = EXISTING_CLIENT's
    for_new: list[str] = field(default_factory=list)  # one new registrant holding both
    known: str = ""  # already in WHMCS before the import

    def config(self, stack: E2EStack) -> dict[str, Any]:
        return stack.module_config(Username=self.login, Password=self.password)

    @property
    def unknown(self) -> list[str]:
        return sorted([self.for_existing, *self.for_new])

    def whmcs_tables(self) -> dict[str, list[dict[str, Any]]]:
        """WHMCS before the import: one client, one domain of this account already known."""
        return {
            "tblclients": [dict(EXISTING_CLIENT)],
            "tbldomains": [
                {"id": 1, "userid": 5, "domain": self.known, "registrar": "ispapi", "status": "Active"}
            ],
        }


def add_registrant_domain(
    stack: E2EStack,
    login: tuple[str, str],
    domain: str,
    *,
    email: str,
    first: str,
    last: str,
    **extra: str,
) -> None:
    """`domain` in `login`'s account with a new registrant (`extra`: more AddDomain parameters)."""
    contact = stack.api(
        "AddContact",
        as_login=login,
        firstname=first,
        lastname=last,
        organization="Import & Sons",
        street="7 Import Lane",
        city="Hamburg",
        zip="20095",
        country="DE",
        phone="+49.40123456",
        email=email,
    )
    assert contact["code"] == 200, contact
    handle = contact["properties"]["CONTACT"][0]
    reply = stack.api(
        "AddDomain",
        as_login=login,
        domain=domain,
        period=2,
        ownercontact0=handle,
        admincontact0=handle,
        techcontact0=handle,
        billingcontact0=handle,
        nameserver0="ns1.import-dns.example",
        nameserver1="ns2.import-dns.example",
        **extra,
    )
    assert reply["code"] == 200, reply


def import_account(stack: E2EStack, prefix: str = "imp") -> ImportAccount:
    login = new_account(stack, prefix)
    account = ImportAccount(
        login=login[0],
        password=login[1],
        for_existing=fresh_domain("com", prefix="imp-old"),
        for_new=[fresh_domain("net", prefix="imp-new"), fresh_domain("com", prefix="imp-new")],
        known=fresh_domain("com", prefix="imp-known"),
    )
    add_registrant_domain(
        stack, login, account.for_existing, email="erika.existing@example.org", first="Erika", last="Existing"
    )
    for domain in account.for_new:
        add_registrant_domain(
            stack, login, domain, email="nora.newcomer@example.net", first="Nora", last="Newcomer"
        )
    add_registrant_domain(
        stack, login, account.known, email="erika.existing@example.org", first="Erika", last="Existing"
    )
    return account


_TAGS = re.compile(r"<[^>]+>")


def text_of(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed (for assertions on what is shown)."""
    import html as html_lib

    return " ".join(html_lib.unescape(_TAGS.sub(" ", html)).split())
