"""Every CNR command checks its parameters as data before it runs: unknown 503, missing 504, malformed 505."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sandbox.cnr.commands import load_all
from sandbox.cnr.table import CNR
from tests.sandbox.cnr.wire import CnrClient

load_all()
CLIENT = CnrClient()  # one sandbox for the generated calls (they may change its world, which is fine)

# command -> (the first required parameter, a malformed value of some parameter); None where there is none.
CASES: dict[str, tuple[str | None, tuple[str, str] | None]] = {
    "AddContact": ("FIRSTNAME", ("COUNTRY", "Germany")),
    "StatusContact": ("CONTACT", ("CONTACT", "bad handle!")),
    "ModifyContact": ("CONTACT", ("EMAIL", "not-an-address")),
    "CheckDomains": ("DOMAIN", ("X-FEE-COMMAND0", "buy")),
    "AddDomain": ("DOMAIN", ("PERIOD", "one")),
    "StatusDomain": ("DOMAIN", ("DOMAIN", "no_domain")),
    "ModifyDomain": ("DOMAIN", ("TRANSFERLOCK", "yes")),
    "RenewDomain": ("DOMAIN", ("EXPIRATION", "27")),
    "SetDomainRenewalMode": ("DOMAIN", ("RENEWALMODE", "SOMETIMES")),
    "DeleteDomain": ("DOMAIN", ("ACTION", "LATER")),
    "RestoreDomain": ("DOMAIN", ("DOMAIN", "x")),
    "QueryObjectLogList": (None, ("FIRST", "first")),
    "StatusDomainApplication": ("APPLICATION", ("APPLICATION", "abc")),
    "PushDomain": ("DOMAIN", ("DOMAIN", "-bad-.com")),
    "TransferDomain": ("DOMAIN", ("ACTION", "STEAL")),
    "StatusDomainTransfer": ("DOMAIN", ("DOMAIN", "x y.com")),
    "QueryDomainList": (None, ("LIMIT", "many")),
    "QueryZoneList": (None, ("INACTIVE", "2")),
    "GetZoneInfo": (None, None),
    "QueryExchangeRates": (None, ("CURRENCYFROM", "EURO")),
    "StatusAccount": (None, None),
    "SetAuthCode": ("DOMAIN", ("ACTION", "ROTATE")),
    "ResendNotification": ("TYPE", ("TYPE", "postcard")),
    "AddNameserver": ("NAMESERVER", ("NAMESERVER", "ns1..example.com")),
    "ModifyNameserver": ("NAMESERVER", ("NEWNAMESERVER", "not a host")),
    "DeleteNameserver": ("NAMESERVER", ("FORCE", "yes")),
    "StatusNameserver": ("NAMESERVER", ("NAMESERVER", "a b")),
    "QueryNameserverList": (None, ("WIDE", "2")),
    "AddDNSZone": ("DNSZONE", ("SOAREFRESH", "soon")),
    "ModifyDNSZone": ("DNSZONE", ("SOARETRY", "-1")),
    "QueryDNSZoneRRList": ("DNSZONE", ("TTL", "long")),
    "AddMailFwd": ("FROM", ("FROM", "nobody")),
    "DeleteMailFwd": ("FROM", ("FROM", "nobody")),
    "QueryMailFwdList": (None, ("FIRST", "first")),
    "AddWebFwd": ("SOURCE", ("TYPE", "PARK")),
    "DeleteWebFwd": ("SOURCE", ("SOURCE", "not a host")),
    "QueryWebFwdList": (None, ("ORDER", "UP")),
    "GetNameSuggestion": ("NAME", ("MAX-RESULTS", "all")),
    "StartSession": (None, ("PERSISTENT", "maybe")),
    "StopSession": (None, None),
    "TradeDomain": ("DOMAIN", ("ACTION", "SWAP")),
    "StatusOwnerChange": ("DOMAIN", ("DOMAIN", "a b")),
    "DeleteContact": ("CONTACT", ("CONTACT", "bad handle!")),
    "CheckDomainTransfer": ("DOMAIN", ("EMAILLANGUAGE", "klingon")),
    "QueryTransferList": (None, ("WIDE", "2")),
    "StatusDNSZone": ("DNSZONE", ("DNSZONE", "not a zone")),
    "QueryDNSZoneList": (None, ("EXTERNAL", "O")),
}


def test_every_command_has_a_case() -> None:
    assert set(CASES) == {spec.name for spec in CNR.commands.values()}


@pytest.mark.parametrize("command", sorted(CASES))
def test_unknown_parameter_is_503(command: str) -> None:
    client = CnrClient()
    answer = client.call(command, {"NOSUCHPARAMETER": "1"})
    assert answer.code == 503 and "NOSUCHPARAMETER" in answer.description


@pytest.mark.parametrize("command", sorted(c for c, (required, _) in CASES.items() if required))
def test_missing_required_parameter_is_504(command: str) -> None:
    client = CnrClient()
    required = CASES[command][0]
    answer = client.call(command, {})
    assert answer.code == 504, answer.description
    assert answer.description.endswith(f"; {required}")


@pytest.mark.parametrize("command", sorted(c for c, (_, bad) in CASES.items() if bad))
def test_malformed_value_is_505(command: str) -> None:
    client = CnrClient()
    key, value = CASES[command][1]  # type: ignore[misc]
    answer = client.call(command, {key: value})
    assert answer.code == 505, (answer.code, answer.description)
    assert key in answer.description


def test_wire_errors() -> None:
    client = CnrClient()
    assert client.call("NoSuchCommand").code == 500
    assert client.raw(b"s_login=reseller&s_pw=wrong&s_command=COMMAND%3DStatusAccount").code == 530
    assert client.raw(b"s_login=reseller&s_pw=reseller-pass-1").code == 504  # no command, no persistent=1
    assert client.raw(b"\xff\xfe").code == 507
    plain = client.raw(b"s_login=reseller&s_pw=reseller-pass-1&command=StatusAccount")  # command as fields
    assert plain.code == 200 and plain.one("registrar") == "reseller"
    text = client.call("StatusContact", CONTACT="P-NOPE1").text
    assert "code = 545" in text and "description = Entity reference not found" in text


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode()))
def test_any_body_gets_a_cnr_reply(body: bytes) -> None:
    answer = CLIENT.raw(body)
    assert 200 <= answer.code <= 599 and answer.text.startswith("[RESPONSE]\ncode = ")


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    command=st.sampled_from(sorted(CASES)), key=st.text(min_size=1, max_size=20), value=st.text(max_size=40)
)
def test_any_parameter_gets_a_cnr_reply(command: str, key: str, value: str) -> None:
    clean_key = key.replace("=", "").replace("\n", "") or "X"
    answer = CLIENT.call(command, {clean_key: value.replace("\n", " ")})
    assert "internal sandbox error" not in answer.description  # a handler bug, never bad input


def _names(command: str) -> list[str]:
    spec = CNR.lookup(command)
    return sorted(p.name.replace("#", "0") for p in spec.params)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_known_parameters_with_any_value_get_a_cnr_reply(data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(sorted(c for c in CASES if _names(c))))
    names = data.draw(st.lists(st.sampled_from(_names(command)), min_size=1, max_size=4, unique=True))
    values = st.one_of(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30
        ),
        st.integers(-(10**20), 10**20).map(str),
        st.sampled_from(
            ["1", "0", "x.com", "P-JR1001", "ns1.x.com", "192.0.2.1", "DE", "com", "ALL", "DESC"]
        ),
    )
    answer = CLIENT.call(command, {name: data.draw(values) for name in names})
    assert "internal sandbox error" not in answer.description, (command, answer.description)


def test_out_of_range_numbers_are_refused_not_crashed() -> None:
    client = CnrClient()
    assert client.call("QueryDomainList", TYPE="SHOWRENEW", DAYS="99999999999").code == 505
    assert client.call("QueryDomainList", TYPE="SHOWRENEW", DAYS="9999").code == 200
    assert client.call("AddDomain", DOMAIN="huge.com", PERIOD="9" * 20).code in (504, 541)
