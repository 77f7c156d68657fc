"""The `dnssec` page (docs/module-behaviour.md §9.3): display, validation before any call, DS/DNSKEY
replacement, deleting every DNSKEY (docs/module-behaviour.md §13.5: 5.1.12 could not), registry refusal shown
on the page."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.envelope import Result
from app.errors import InvalidInput, RegistryRejected
from app.registrar.base import OPERATIONS, RegistrarContext
from app.registrar.validators import dnskey, ds_record
from tests.registrar.conftest import FakeIspapi, reply

OK = reply()
ON = {"Username": "test.user", "Password": "secret-pw", "DNSSEC": "on"}
DIGEST = "2BB183AF5F22588179A53B0A98631FAD1A292118"  # 40 hex: SHA-1
DIGEST256 = "E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766"
PUBKEY = "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh"
DS = f"12345 8 1 {DIGEST}"
KEY = f"257 3 8 {PUBKEY}"


async def run(
    make_ctx: Any, post: dict[str, Any] | None = None, config: dict[str, Any] | None = None
) -> tuple[RegistrarContext, Result]:
    params = {"sld": "example", "tld": "com", "domainid": 7, "request": {"post": post or {}, "get": {}}}
    ctx = make_ctx("dnssec", params, config or ON)
    return ctx, await OPERATIONS["dnssec"].func(ctx)


def status(ds: list[str] | None = None, keys: list[str] | None = None, life: str = "") -> str:
    cols: dict[str, Any] = {}
    if ds:
        cols["SECDNS-DS"] = ds
    if keys:
        cols["SECDNS-KEY"] = keys
    if life:
        cols["SECDNS-MAXSIGLIFE"] = life
    return reply(cols=cols)


async def test_page_shows_the_registry_state(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", status([DS], [KEY, ""], "86400"))
    _, result = await run(make_ctx)
    assert fake.sent == [{"COMMAND": "StatusDomain", "DOMAIN": "example.com"}]
    assert result.value["templatefile"] == "dnssec"
    assert result.value["vars"] == {
        "domainname": "example.com",
        "secdnsds": [{"keytag": "12345", "alg": "8", "digesttype": "1", "digest": DIGEST}],
        "secdnskey": [{"flags": "257", "protocol": "3", "alg": "8", "pubkey": PUBKEY}],
        "maxsiglife": "86400",
        "error": "",
        "successful": "",
    }


async def test_page_needs_the_dnssec_setting(fake: FakeIspapi, make_ctx: Any) -> None:
    with pytest.raises(InvalidInput, match="setting DNSSEC is off"):
        await run(make_ctx, config={"Username": "u", "Password": "p"})
    assert fake.sent == []


async def test_submit_replaces_ds_and_keys(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", status(), status([f"54321 13 2 {DIGEST256}"], [KEY], "3600"))
    fake.on("ModifyDomain", OK)
    post = {
        "submit": "1",
        "MAXSIGLIFE": "3600",
        "SECDNS-DS": [
            {"keytag": "54321", "alg": "13", "digesttype": "2", "digest": DIGEST256.lower()},
            {"keytag": "", "alg": "", "digesttype": "", "digest": ""},
        ],
        "SECDNS-KEY": {
            "0": {"flags": "257", "protocol": "3", "alg": "8", "pubkey": PUBKEY[:40] + "\n" + PUBKEY[40:]}
        },
    }
    ctx, result = await run(make_ctx, post)
    assert fake.commands() == ["StatusDomain", "ModifyDomain", "StatusDomain"]
    assert fake.last("ModifyDomain") == {
        "COMMAND": "ModifyDomain",
        "DOMAIN": "example.com",
        "SECDNS-DS0": f"54321 13 2 {DIGEST256}",
        "SECDNS-KEY0": KEY,
        "SECDNS-MAXSIGLIFE": "3600",
    }
    assert result.value["vars"]["successful"] == "Command completed successfully"
    assert result.value["vars"]["maxsiglife"] == "3600"
    assert ctx.effects.activity == ["example.com: DNSSEC updated (1 DS, 1 DNSKEY)"]


async def test_emptied_lists_delete_every_ds_and_every_dnskey(fake: FakeIspapi, make_ctx: Any) -> None:
    """docs/module-behaviour.md §13.5: removing all DNSKEY rows deletes them (5.1.12 sent nothing and the keys
    stayed)."""
    fake.on("StatusDomain", status([DS], [KEY]), status())
    fake.on("ModifyDomain", OK)
    empty = {"keytag": "", "alg": "", "digesttype": "", "digest": ""}
    _, result = await run(make_ctx, {"submit": "1", "SECDNS-DS": [empty], "SECDNS-KEY": []})
    assert fake.last("ModifyDomain") == {
        "COMMAND": "ModifyDomain",
        "DOMAIN": "example.com",
        "DELSECDNS-DS0": DS,
        "DELSECDNS-KEY0": KEY,
    }
    assert result.value["vars"]["secdnsds"] == [] and result.value["vars"]["secdnskey"] == []


async def test_registry_refusal_is_shown_on_the_page(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", status([DS]))
    fake.on("ModifyDomain", reply(541, "Invalid attribute value; SECDNS-DS0"))
    post = {"submit": "1", "SECDNS-DS": [{"keytag": "1", "alg": "8", "digesttype": "1", "digest": DIGEST}]}
    _, result = await run(make_ctx, post)
    assert result.value["vars"]["error"] == "Invalid attribute value; SECDNS-DS0"
    assert result.value["vars"]["successful"] == ""


async def test_status_failure_is_an_error(fake: FakeIspapi, make_ctx: Any) -> None:
    fake.on("StatusDomain", reply(531, "Authorization failed"))
    with pytest.raises(RegistryRejected, match="Authorization failed"):
        await run(make_ctx)


@pytest.mark.parametrize(
    ("kind", "row", "field", "message"),
    [
        (
            "DS",
            {"keytag": "70000", "alg": "8", "digesttype": "1", "digest": DIGEST},
            "SECDNS-DS[0][keytag]",
            "key tag",
        ),
        (
            "DS",
            {"keytag": "1", "alg": "9", "digesttype": "1", "digest": DIGEST},
            "SECDNS-DS[0][alg]",
            "algorithm 9",
        ),
        (
            "DS",
            {"keytag": "1", "alg": "8", "digesttype": "3", "digest": DIGEST},
            "SECDNS-DS[0][digesttype]",
            "digest type 3",
        ),
        (
            "DS",
            {"keytag": "1", "alg": "8", "digesttype": "2", "digest": DIGEST},
            "SECDNS-DS[0][digest]",
            "64 hexadecimal",
        ),
        (
            "DS",
            {"keytag": "1", "alg": "8", "digesttype": "1", "digest": "XYZ" + DIGEST[3:]},
            "SECDNS-DS[0][digest]",
            "40 hexadecimal",
        ),
        ("DS", {"keytag": "1", "alg": "", "digesttype": "", "digest": ""}, "SECDNS-DS[0][alg]", "algorithm"),
        (
            "KEY",
            {"flags": "255", "protocol": "3", "alg": "8", "pubkey": PUBKEY},
            "SECDNS-KEY[0][flags]",
            "256",
        ),
        (
            "KEY",
            {"flags": "257", "protocol": "4", "alg": "8", "pubkey": PUBKEY},
            "SECDNS-KEY[0][protocol]",
            "must be 3",
        ),
        (
            "KEY",
            {"flags": "257", "protocol": "3", "alg": "8", "pubkey": "not base64!"},
            "SECDNS-KEY[0][pubkey]",
            "base64",
        ),
        (
            "KEY",
            {"flags": "257", "protocol": "3", "alg": "8", "pubkey": "AwEA"},
            "SECDNS-KEY[0][pubkey]",
            "too short",
        ),
    ],
)
async def test_bad_rows_are_shown_back_without_any_call(
    fake: FakeIspapi, make_ctx: Any, kind: str, row: dict[str, str], field: str, message: str
) -> None:
    _, result = await run(make_ctx, {"submit": "1", f"SECDNS-{kind}": [row], "MAXSIGLIFE": ""})
    assert fake.sent == []
    shown = result.value["vars"]
    assert message in shown["error"] and shown["error_field"] == field
    assert shown["secdnsds" if kind == "DS" else "secdnskey"] == [row]  # the client's input is kept


async def test_bad_maxsiglife(fake: FakeIspapi, make_ctx: Any) -> None:
    _, result = await run(make_ctx, {"submit": "1", "MAXSIGLIFE": "-5"})
    assert result.value["vars"]["error_field"] == "MAXSIGLIFE" and fake.sent == []


def test_validators_normalise() -> None:
    assert ds_record("1", "13", "2", DIGEST256.lower(), field="f").text() == f"1 13 2 {DIGEST256}"
    assert dnskey(" 256", "3", "15", PUBKEY, field="f").text() == f"256 3 15 {PUBKEY}"
