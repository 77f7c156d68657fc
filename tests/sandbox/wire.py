"""The one test client for the sandbox: calls as form bodies, replies parsed from the text.

Independent of app.ispapi on purpose: the sandbox is checked against the wire text of
docs/ispapi-wire.md §2.1. `Client()` is a fresh sandbox and its reseller on the LIVE entity (the domain,
transfer and account tests); `demo_client()` is the account "demo" on the OT&E entity (the contact, host, zone
and log tests).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sandbox.commands import load_all
from sandbox.core import Sandbox, SandboxConfig
from sandbox.protocol import ENTITY_LIVE, ENTITY_OTE
from sandbox.state import Account, Domain, World

LOGIN = "reseller"
PASSWORD = "reseller-pass-1"
DEMO_LOGIN = "demo"
DEMO_PASSWORD = "test-password-1"
_PROPERTY = re.compile(r"^PROPERTY\[([^\]]+)\]\[(\d+)\]=(.*)$")

# A contact as AddContact takes it (the contact family tests).
CONTACT = {
    "FIRSTNAME": "Test",
    "LASTNAME": "Contact",
    "STREET": "Samplestreet 42",
    "CITY": "Samplecity",
    "ZIP": "123456",
    "COUNTRY": "DE",
    "PHONE": "+49.1234567890",
    "EMAIL": "test@example.com",
}


def contact(role: str, **change: str) -> dict[str, str]:
    """Inline contact data for `role` (OWNERCONTACT0 ...)."""
    data = {
        "FIRSTNAME": "Jane",
        "LASTNAME": "Roe",
        "STREET": "Main Street 1",
        "CITY": "Berlin",
        "ZIP": "10115",
        "COUNTRY": "DE",
        "PHONE": "+49.301234567",
        "EMAIL": "jane@example.net",
        **change,
    }
    return {f"{role}0{k}": v for k, v in data.items()}


def all_contacts(**change: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for role in ("OWNERCONTACT", "ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT"):
        found.update(contact(role, **change))
    return found


@dataclass
class Answer:
    code: int
    description: str
    pending: bool
    properties: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""

    def col(self, name: str) -> list[str]:
        return self.properties.get(name, [])

    def one(self, name: str) -> str:
        values = self.properties[name]
        assert len(values) == 1, (name, values)
        return values[0]


def parse(text: str) -> Answer:
    assert text.startswith("[RESPONSE]\r\n") and text.endswith("EOF\r\n"), text
    code, description, pending = 0, "", False
    props: dict[str, list[str]] = {}
    for line in text.split("\r\n"):
        match = _PROPERTY.match(line)
        if match:
            values = props.setdefault(match.group(1), [])
            assert int(match.group(2)) == len(values), line
            values.append(match.group(3))
        elif line.startswith("CODE="):
            code = int(line[5:])
        elif line.startswith("DESCRIPTION="):
            description = line[12:]
        elif line == "PENDING=1":
            pending = True
    return Answer(code=code, description=description, pending=pending, properties=props, text=text)


def body(
    command: str,
    params: Mapping[str, object],
    *,
    login: str = LOGIN,
    password: str = PASSWORD,
    entity: str = ENTITY_LIVE,
) -> bytes:
    lines = [f"COMMAND={command}"] + [f"{k}={v}" for k, v in params.items()]
    return urlencode(
        {"s_entity": entity, "s_login": login, "s_pw": password, "s_command": "\n".join(lines)}
    ).encode()


class Client:
    """A sandbox and one of its users; `call("AddDomain", DOMAIN=...)` returns the parsed reply."""

    def __init__(
        self,
        engine: Sandbox | None = None,
        *,
        login: str = LOGIN,
        password: str = PASSWORD,
        entity: str = ENTITY_LIVE,
        balance: str = "5000.00",
    ) -> None:
        load_all()
        self.engine = engine or Sandbox(SandboxConfig(login=login, password=password, balance=balance))
        self.login = login
        self.password = password
        self.entity = entity

    @property
    def world(self) -> World:
        return self.engine.worlds[self.entity]

    def call(
        self, command: str, /, *, user: str | None = None, password: str | None = None, **params: Any
    ) -> Answer:
        """One call as this client's user, or as `user`/`password` for this call only."""
        form = body(
            command,
            params,
            login=user or self.login,
            password=password or self.password,
            entity=self.entity,
        )
        return parse(self.engine.execute(form).text)

    def ok(self, command: str, /, **params: Any) -> Answer:
        answer = self.call(command, **params)
        assert answer.code == 200, (command, answer.code, answer.description)
        return answer

    def register(self, domain: str, **params: object) -> Answer:
        base: dict[str, object] = {
            "PERIOD": "1",
            "NAMESERVER0": "ns1.example.net",
            "NAMESERVER1": "ns2.example.net",
        }
        return self.ok("AddDomain", DOMAIN=domain, **{**base, **all_contacts(), **params})

    def as_user(self, login: str, password: str) -> Client:
        return Client(self.engine, login=login, password=password, entity=self.entity)

    def add_domain(
        self, name: str, *, owner: str | None = None, nameservers: list[str] | None = None
    ) -> Domain:
        """Put a domain straight into the state (no AddDomain, no charge, no log entry)."""
        domain = Domain(name=name, owner=owner or self.login, nameservers=list(nameservers or []))
        self.world.domains[name] = domain
        return domain

    def add_account(self, login: str, *, parent: str | None = None) -> Account:
        account = Account(login=login, password=self.password, parent=parent)
        self.world.accounts[login] = account
        return account


def demo_client() -> Client:
    """Account "demo" on the OT&E entity, with the default balance."""
    return Client(
        login=DEMO_LOGIN,
        password=DEMO_PASSWORD,
        entity=ENTITY_OTE,
        balance=SandboxConfig.balance,
    )
