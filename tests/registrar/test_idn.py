"""IDN input per TLD: X-IDN-LANGUAGE exactly for IDN names on CheckDomains, AddDomain and
TransferDomain; WHMCS's idnLanguage wins over detection; a registry refusal is not a WHOIS fallback."""

from __future__ import annotations

import pytest

from app.registrar.base import OPERATIONS
from app.registry.idn_language import detect_language, language_tag, tag_params, whmcs_language
from tests.registrar.conftest import reply
from tests.registrar.test_domains import OK, PRECHECK_OK, register_params, run, transfer_params


@pytest.mark.parametrize(
    ("label", "tag"),
    [
        ("müller", "ger"),
        ("fußball", "ger"),
        ("xn--fuball-cta", "ger"),  # ACE is decoded first
        ("пример", "rus"),
        ("xn--e1afmkfd", "rus"),
        ("中文网", "chi"),
        ("ελλάδα", "gre"),
        ("ő-test", "latin"),  # Latin outside the language table, like CheckIDNLanguage
        ("plain-ascii", None),
        ("xn--broken-", None),  # no valid punycode: treated as ASCII, the registry answers it
    ],
)
def test_detection(label: str, tag: str | None) -> None:
    assert detect_language(label) == tag


@pytest.mark.parametrize(
    ("code", "tag"),
    [("ger", "ger"), ("GER", "ger"), ("de", "ger"), ("deu", "ger"), ("zho", "chi"), ("RUS", "rus"),
     ("", None), (None, None), ("german!", None), ("12", None)],
)  # fmt: skip
def test_whmcs_codes(code: object, tag: str | None) -> None:
    assert whmcs_language(code) == tag


def test_language_tag_of_names() -> None:
    assert language_tag("müller.com") == "ger"
    assert language_tag("müller.com", whmcs_code="fre") == "fre"  # WHMCS's choice wins
    assert language_tag("müller.com", whmcs_code="??") == "ger"  # garbage code: detection
    assert language_tag("example.xn--p1ai") is None  # ASCII label under an IDN TLD: no tag
    assert language_tag("example.com", whmcs_code="ger") is None  # never for ASCII names
    assert language_tag("com") is None and language_tag("") is None
    assert tag_params("xn--mller-kva.de", {"idnLanguage": "dan"}) == {"X-IDN-LANGUAGE": "dan"}
    assert tag_params("example.de", {"idnLanguage": "ger"}) == {}


async def test_check_domains_carries_tag_only_for_idn_batches(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK=["210 Available", "210 Available"]))
    params = {"suggestions": ["xn--mller-kva.com", "plain.com", "xn--e1afmkfd.xn--p1ai", "xn--mller-kva.de"]}
    ctx = make_ctx("CheckAvailability", params)
    await OPERATIONS["CheckAvailability"].func(ctx)
    sent = sorted(fake.sent, key=lambda c: str(c.get("X-IDN-LANGUAGE", "")))
    assert sent == [
        {"COMMAND": "CheckDomains", "PREMIUMCHANNELS": "", "DOMAIN0": "plain.com"},
        {"COMMAND": "CheckDomains", "PREMIUMCHANNELS": "", "X-IDN-LANGUAGE": "ger",
         "DOMAIN0": "xn--mller-kva.com", "DOMAIN1": "xn--mller-kva.de"},
        {"COMMAND": "CheckDomains", "PREMIUMCHANNELS": "", "X-IDN-LANGUAGE": "rus",
         "DOMAIN0": "xn--e1afmkfd.xn--p1ai"},
    ]  # fmt: skip


async def test_grouped_rows_come_back_in_input_order(fake, make_ctx) -> None:
    # each batch answers "first row available, second taken": the ASCII name is row 0 of its own batch
    fake.on("CheckDomains", reply(DOMAINCHECK=["210 Available", "211 Domain name not available"]))
    params = {"suggestions": ["xn--mller-kva.com", "plain.com", "xn--mller-kva.net"]}
    result = await OPERATIONS["CheckAvailability"].func(make_ctx("CheckAvailability", params))
    assert [(i["sld"], i["tld"]) for i in result.value] == [("xn--mller-kva", "com"), ("plain", "com")]
    assert len(fake.sent) == 2


async def test_search_ascii_term_sends_no_tag_and_fussball_keeps_sharp_s(fake, make_ctx) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK="210 Available"))
    ctx = make_ctx("CheckAvailability", {"searchTerm": "plain", "tldsToInclude": ["com"]})
    await OPERATIONS["CheckAvailability"].func(ctx)
    assert "X-IDN-LANGUAGE" not in fake.sent[-1]
    params = {"searchTerm": "fußball", "punyCodeSearchTerm": "fussball", "isIdnDomain": True,
              "tldsToInclude": ["de"]}  # fmt: skip
    await OPERATIONS["CheckAvailability"].func(make_ctx("CheckAvailability", params))
    assert fake.sent[-1]["DOMAIN0"] == "xn--fuball-cta.de" and fake.sent[-1]["X-IDN-LANGUAGE"] == "ger"


@pytest.mark.parametrize(
    ("check", "reason", "status"),
    [
        ("211 Domain name not available", "IDN not supported for this TLD", "reserved"),
        ("211 Domain name not available", "IDN script not supported for this TLD", "reserved"),
        ("549 Invalid characters", "", "reserved"),  # refused by the registry: no WHOIS fallback
        ("549 Command failed; TLD not supported", "", "tld_not_supported"),  # only an unknown TLD
        ("211 Domain name not available", "Domain name already registered", "registered"),
    ],
)
async def test_refused_idn_rows_are_unavailable(fake, make_ctx, check: str, reason: str, status: str) -> None:
    fake.on("CheckDomains", reply(DOMAINCHECK=check, REASON=reason))
    params = {"searchTerm": "müller", "isIdnDomain": True, "tldsToInclude": ["co.uk"]}
    result = await OPERATIONS["CheckAvailability"].func(make_ctx("CheckAvailability", params))
    assert result.value[0]["status"] == status


async def test_register_tag_detected_or_from_whmcs(fake, make_ctx) -> None:
    fake.on("AddDomain", OK)
    await run("RegisterDomain", make_ctx, register_params(sld="müller", tld="com"))
    assert fake.last("AddDomain")["DOMAIN"] == "xn--mller-kva.com"
    assert fake.last("AddDomain")["X-IDN-LANGUAGE"] == "ger"
    await run("RegisterDomain", make_ctx, register_params(sld="müller", tld="com", idnLanguage="DAN"))
    assert fake.last("AddDomain")["X-IDN-LANGUAGE"] == "dan"  # WHMCS's idnLanguage wins
    await run("RegisterDomain", make_ctx, register_params(idnLanguage="ger"))
    assert "X-IDN-LANGUAGE" not in fake.last("AddDomain")  # ASCII name: never a tag


async def test_transfer_carries_tag_for_idn_only(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", PRECHECK_OK).on("QueryDomainOptions", reply(ZONETRANSFERPERIODS="1Y"))
    fake.on("TransferDomain", OK)
    await run("TransferDomain", make_ctx, transfer_params(sld="пример", tld="net"))
    assert fake.last("TransferDomain")["X-IDN-LANGUAGE"] == "rus"
    assert "X-IDN-LANGUAGE" not in fake.last("CheckDomainTransfer")
    await run("TransferDomain", make_ctx, transfer_params(sld="пример", tld="net", idnLanguage="bul"))
    assert fake.last("TransferDomain")["X-IDN-LANGUAGE"] == "bul"
    await run("TransferDomain", make_ctx, transfer_params())
    assert "X-IDN-LANGUAGE" not in fake.last("TransferDomain")
