"""The test client for the sandbox's CNR dialect: calls as form bodies (s_login, s_pw, s_command), replies
parsed from the text. Property names are kept as the sandbox writes them (lower case, spaces kept)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sandbox.cnr.commands import load_all as load_cnr
from sandbox.cnr.engine import CnrEngine
from sandbox.core import Sandbox, SandboxConfig
from sandbox.systems import CNR

LOGIN = "reseller"
PASSWORD = "reseller-pass-1"
_PROPERTY = re.compile(r"^property\[([^\]]+)\]\[(\d+)\] = (.*)$")
_PLAIN = re.compile(r"^(code|description|queuetime|runtime) = (.*)$")

CONTACT = {
    "FIRSTNAME": "Jane",
    "LASTNAME": "Roe",
    "STREET0": "Main Street 1",
    "CITY": "Berlin",
    "ZIP": "10115",
    "COUNTRY": "DE",
    "PHONE": "+49.301234567",
    "EMAIL": "jane@example.net",
}


@dataclass
class Answer:
    code: int
    description: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""

    def one(self, name: str) -> str:
        return self.properties[name][0]

    def column(self, name: str) -> list[str]:
        return self.properties.get(name, [])


def parse(text: str) -> Answer:
    answer = Answer(code=0, description="", text=text)
    for line in text.splitlines():
        prop = _PROPERTY.match(line)
        if prop:
            answer.properties.setdefault(prop.group(1), []).append(prop.group(3))
            continue
        plain = _PLAIN.match(line)
        if plain and plain.group(1) == "code":
            answer.code = int(plain.group(2))
        elif plain and plain.group(1) == "description":
            answer.description = plain.group(2)
    return answer


class CnrClient:
    """A fresh sandbox and its reseller on one CNR system (live by default)."""

    def __init__(self, *, system: str = CNR, sandbox: Sandbox | None = None) -> None:
        load_cnr()
        self.sandbox = sandbox or Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))
        self.engine = CnrEngine(self.sandbox, system)
        self.login = LOGIN

    @property
    def world(self) -> Any:
        return self.sandbox.worlds[self.engine.system]

    def body(self, command: str, params: Mapping[str, object], **transport: str) -> bytes:
        lines = [f"COMMAND={command}"] + [f"{k}={v}" for k, v in params.items()]
        form = {"s_login": self.login, "s_pw": PASSWORD, **transport, "s_command": "\n".join(lines)}
        return urlencode(form).encode()

    def call(self, command: str, params: Mapping[str, object] | None = None, **kw: object) -> Answer:
        merged = {**(params or {}), **kw}
        return parse(self.engine.execute(self.body(command, merged)).text)

    def raw(self, body: bytes) -> Answer:
        return parse(self.engine.execute(body).text)

    def ok(self, command: str, params: Mapping[str, object] | None = None, **kw: object) -> Answer:
        answer = self.call(command, params, **kw)
        assert answer.code == 200, (command, answer.code, answer.description)
        return answer

    def contact(self, **change: str) -> str:
        return self.ok("AddContact", {**CONTACT, **change}).one("contact")

    def domain(self, name: str, **extra: object) -> Answer:
        handle = self.contact()
        params: dict[str, object] = {
            "DOMAIN": name,
            "PERIOD": 1,
            "OWNERCONTACT0": handle,
            "ADMINCONTACT0": handle,
            "TECHCONTACT0": handle,
            "BILLINGCONTACT0": handle,
            "NAMESERVER0": "ns1.example.net",
            "NAMESERVER1": "ns2.example.net",
            **extra,
        }
        return self.ok("AddDomain", params)
