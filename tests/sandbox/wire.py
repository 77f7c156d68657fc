"""Helpers for the domain-family tests: one sandbox, calls as form bodies, replies parsed from the text.

Independent of app.ispapi on purpose: the sandbox is checked against the wire text of protocol §2.1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sandbox.commands import load_all
from sandbox.core import Sandbox, SandboxConfig
from sandbox.protocol import ENTITY_LIVE
from sandbox.state import World

LOGIN = "reseller"
PASSWORD = "reseller-pass-1"
_PROPERTY = re.compile(r"^PROPERTY\[([^\]]+)\]\[(\d+)\]=(.*)$")


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
    return Answer(code=code, description=description, pending=pending, properties=props)


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
    """A fresh sandbox and its reseller; `call("AddDomain", DOMAIN=...)` returns the parsed reply."""

    def __init__(self, engine: Sandbox | None = None) -> None:
        load_all()
        self.engine = engine or Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD, balance="5000.00"))
        self.login = LOGIN
        self.password = PASSWORD

    @property
    def world(self) -> World:
        return self.engine.worlds[ENTITY_LIVE]

    def call(self, command: str, /, **params: object) -> Answer:
        return parse(
            self.engine.execute(body(command, params, login=self.login, password=self.password)).text
        )

    def ok(self, command: str, /, **params: object) -> Answer:
        answer = self.call(command, **params)
        assert 200 <= answer.code < 300, (command, answer.code, answer.description)
        return answer

    def register(self, domain: str, **params: object) -> Answer:
        base: dict[str, object] = {
            "PERIOD": "1",
            "NAMESERVER0": "ns1.example.net",
            "NAMESERVER1": "ns2.example.net",
        }
        return self.ok("AddDomain", DOMAIN=domain, **{**base, **all_contacts(), **params})

    def as_user(self, login: str, password: str) -> Client:
        other = Client(self.engine)
        other.login, other.password = login, password
        return other
