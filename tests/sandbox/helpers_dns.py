"""Test helpers for the sandbox command families: call the engine in-process and read replies.

Stands alone on purpose: no import of app.ispapi (the sandbox is tested against the protocol text itself).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sandbox.core import Sandbox, SandboxConfig
from sandbox.state import Account, Domain, World

ENTITY = "1234"
LOGIN = "demo"
PASSWORD = "test-password-1"
FAMILIES = ("session", "contact", "nameserver", "dnszone", "objectlog", "environment", "idn")

_PROPERTY = re.compile(r"^PROPERTY\[([^\]]+)\]\[(\d+)\]=(.*)$")


def _load_families() -> None:
    # Only the families under test: a sibling family being written elsewhere cannot break these tests.
    for name in FAMILIES:
        importlib.import_module(f"sandbox.commands.{name}")


@dataclass
class Answer:
    code: int
    description: str
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
    code, description = 0, ""
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
    return Answer(code=code, description=description, properties=props, text=text)


class Client:
    """One sandbox plus a caller; `call("AddContact", FIRSTNAME=...)` returns the parsed reply."""

    def __init__(self, *, login: str = LOGIN) -> None:
        _load_families()
        self.engine = Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))
        self.login = login

    @property
    def world(self) -> World:
        return self.engine.worlds[ENTITY]

    def call(
        self, command: str, /, *, user: str | None = None, password: str | None = None, **params: object
    ) -> Answer:
        lines = [f"COMMAND={command}"] + [f"{key}={value}" for key, value in params.items()]
        form = {
            "s_entity": ENTITY,
            "s_login": user or self.login,
            "s_pw": password or PASSWORD,
            "s_command": "\n".join(lines),
        }
        return parse(self.engine.execute(urlencode(form).encode()).text)

    def ok(self, command: str, /, **params: Any) -> Answer:
        answer = self.call(command, **params)
        assert answer.code == 200, (command, answer.code, answer.description)
        return answer

    def add_domain(self, name: str, *, owner: str = LOGIN, nameservers: list[str] | None = None) -> Domain:
        domain = Domain(name=name, owner=owner, nameservers=list(nameservers or []))
        self.world.domains[name] = domain
        return domain

    def add_account(self, login: str, *, parent: str | None = None) -> Account:
        account = Account(login=login, password=PASSWORD, parent=parent)
        self.world.accounts[login] = account
        return account


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
