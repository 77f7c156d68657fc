"""The CNR endpoints over HTTP: the official `centralnicreseller-apiconnector` client against a real server,
per-system faults and latency, `--dialect cnr`, and the migrate control."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from sandbox.app import create_app
from sandbox.core import Sandbox, SandboxConfig
from sandbox.systems import CNR, CNR_OTE
from tests.sandbox.cnr.wire import CONTACT, LOGIN, PASSWORD, parse
from tests.sandbox.server import serving
from tests.sandbox.wire import all_contacts, body

CONFIG = SandboxConfig(login=LOGIN, password=PASSWORD)


def cnr_body(command: str, **params: object) -> bytes:
    from urllib.parse import urlencode

    lines = "\n".join([f"COMMAND={command}", *(f"{k}={v}" for k, v in params.items())])
    return urlencode({"s_login": LOGIN, "s_pw": PASSWORD, "s_command": lines}).encode()


async def cnr(api: httpx.AsyncClient, command: str, **params: object):  # type: ignore[no-untyped-def]
    return parse((await api.post("/cnr/api/call.cgi", content=cnr_body(command, **params))).text)


@pytest.fixture
def live() -> Iterator[tuple[str, Sandbox]]:
    engine = Sandbox(CONFIG)
    with serving(create_app(engine)) as url:
        yield url, engine


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Sandbox(CONFIG))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test", timeout=10) as client:
        client.engine = app.state.sandbox  # type: ignore[attr-defined]
        yield client


def test_official_cnr_client_drives_the_cnr_dialect(live: tuple[str, Sandbox]) -> None:
    from centralnicreseller.apiconnector.apiclient import APIClient

    url, engine = live
    engine.seed_domains(150, entity=CNR, login=LOGIN)
    client = APIClient()
    client.setURL(f"{url}/cnr/api/call.cgi")
    client.setCredentials(LOGIN, PASSWORD)
    assert client.login().getCode() == 200  # persistent=1: a session from here on
    checked = client.request({"COMMAND": "CheckDomains", "DOMAIN": ["official-free.com", "cloud.xyz"]})
    assert checked.getCode() == 200
    assert [c[:3] for c in checked.getColumn("DOMAINCHECK").getData()] == ["210", "210"]
    # cloud.xyz is premium: its price comes as X-FEE-*.
    assert checked.getColumnIndex("X-FEE-CLASS", 1) == "premium"
    contact = client.request({"COMMAND": "AddContact", **CONTACT})
    assert contact.getCode() == 200, contact.getDescription()
    handle = contact.getColumnIndex("CONTACT", 0)
    roles = {f"{r}CONTACT0": handle for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    added = client.request({"COMMAND": "AddDomain", "DOMAIN": "official-free.com", "PERIOD": 1, **roles})
    assert added.getCode() == 200, added.getDescription()
    # "registration expiration date" comes with spaces; the client strips them.
    expiry = added.getColumnIndex("REGISTRATIONEXPIRATIONDATE", 0)
    status = client.request({"COMMAND": "StatusDomain", "DOMAIN": "official-free.com"})
    assert status.getCode() == 200 and status.getColumnIndex("OWNER_CONTACT", 0) == handle
    assert status.getColumnIndex("REGISTRATION_EXPIRATION_DATE", 0) == expiry
    pages = client.requestAllResponsePages({"COMMAND": "QueryDomainList", "WIDE": 1, "LIMIT": 60})
    names = [n for page in pages for n in page.getColumn("DOMAIN").getData()]
    assert len(pages) == 3 and len(names) == len(set(names)) == 151 == pages[0].getRecordsTotalCount()
    renewed = client.request(
        {"COMMAND": "RenewDomain", "DOMAIN": "official-free.com", "PERIOD": 1, "EXPIRATION": expiry[:4]}
    )
    assert renewed.getCode() == 200, renewed.getDescription()
    assert renewed.getColumnIndex("REGISTRATION_EXPIRATION_DATE", 0)[:4] == str(int(expiry[:4]) + 1)
    zones = client.request({"COMMAND": "QueryZoneList"})
    assert zones.getCode() == 200 and "com" in zones.getColumn("ZONE").getData()
    assert client.logout().getCode() == 200
    # The session is gone: the client, back without password, is refused.
    assert client.request({"COMMAND": "StatusAccount"}).getCode() == 530


def test_official_client_role_user_and_ote(live: tuple[str, Sandbox]) -> None:
    from centralnicreseller.apiconnector.apiclient import APIClient

    from sandbox.controls import add_role_user

    url, engine = live
    add_role_user(engine, LOGIN, "viewer", "viewer-pass-1", allow=["StatusAccount"], entity=CNR)
    role = APIClient()
    role.setURL(f"{url}/cnr/api/call.cgi")
    role.setRoleCredentials(LOGIN, "viewer", "viewer-pass-1")  # uid:role
    assert role.request({"COMMAND": "StatusAccount"}).getCode() == 200
    assert role.request({"COMMAND": "QueryZoneList"}).getCode() == 531
    ote = APIClient()
    ote.setURL(f"{url}/cnr-ote/api/call.cgi")
    ote.setCredentials(LOGIN, PASSWORD)
    made = ote.request({"COMMAND": "AddContact", **CONTACT})
    assert made.getCode() == 200
    # The live system keeps its own world: the OT&E contact is unknown there.
    live_client = APIClient()
    live_client.setURL(f"{url}/cnr/api/call.cgi")
    live_client.setCredentials(LOGIN, PASSWORD)
    handle = made.getColumnIndex("CONTACT", 0)
    assert live_client.request({"COMMAND": "StatusContact", "CONTACT": handle}).getCode() == 545
    wrong = APIClient()
    wrong.setURL(f"{url}/cnr/api/call.cgi")
    wrong.setCredentials(LOGIN, "wrong")
    assert wrong.login().getCode() == 530


async def test_faults_and_latency_are_per_system(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    denied = await api.post("/_sandbox/faults", json={"kind": "temporary", "system": "cnr", "probability": 1})
    assert denied.status_code == 200
    cnr = parse((await api.post("/cnr/api/call.cgi", content=cnr_body("StatusAccount"))).text)
    assert cnr.code == 421
    ote = parse((await api.post("/cnr-ote/api/call.cgi", content=cnr_body("StatusAccount"))).text)
    assert ote.code == 200
    ispapi = (await api.post("/api/call.cgi", content=body("StatusAccount", {}))).text
    assert "CODE=200" in ispapi
    assert [e.get("system") for e in engine.command_log if e.get("fault")] == [CNR]
    await api.delete("/_sandbox/faults")
    assert engine.system_faults[CNR].probabilities == {"temporary": 1.0}  # DELETE without system: ISPAPI's
    assert (await api.post("/_sandbox/latency", json={"ms": 5, "system": "cnr-ote"})).status_code == 200
    assert engine.system_latency[CNR_OTE].default_ms == 5 and engine.latency.default_ms == 0
    bad = await api.post("/_sandbox/faults", json={"kind": "temporary", "system": "rrp"})
    assert bad.status_code == 400 and "unknown system" in bad.json()["error"]


async def test_money_counters_and_command_log_per_system(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    handle = await cnr(api, "AddContact", **CONTACT)
    owner = handle.one("contact")
    roles = {f"{r}CONTACT0": owner for r in ("OWNER", "ADMIN", "TECH", "BILLING")}
    added = parse(
        (
            await api.post("/cnr/api/call.cgi", content=cnr_body("AddDomain", DOMAIN="counted.com", **roles))
        ).text
    )
    assert added.code == 200
    assert engine.money_count("counted.com", entity=CNR) == 1
    assert engine.money_count("counted.com", entity="54cd") == 0
    entry = engine.command_log[-1]
    assert entry["system"] == CNR and entry["command"] == "AddDomain" and entry["params"]


async def test_dialect_cnr_serves_cnr_at_the_ispapi_path() -> None:
    app = create_app(Sandbox(CONFIG), dialect="cnr")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as client:
        reply = (await client.post("/api/call.cgi", content=cnr_body("StatusAccount"))).text
    assert reply.startswith("[RESPONSE]\ncode = 200") and "property[registrar][0] = reseller" in reply
    with pytest.raises(ValueError, match="unknown dialect"):
        create_app(Sandbox(CONFIG), dialect="epp")


async def test_migrate_moves_an_ispapi_account_into_cnr(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    made = (
        await api.post("/api/call.cgi", content=body("AddDomain", {"DOMAIN": "moving.com", **all_contacts()}))
    ).text
    assert "CODE=200" in made
    before = engine.worlds["54cd"].domains["moving.com"]
    old_owner = before.contacts["OWNERCONTACT"][0]
    moved = await api.post("/_sandbox/migrate", json={"login": LOGIN, "cnr_login": LOGIN})
    assert moved.status_code == 200 and moved.json()["moved"] == 1
    new_owner = moved.json()["contacts"][old_owner]
    assert new_owner.startswith("P-") and new_owner != old_owner
    assert "moving.com" not in engine.worlds["54cd"].domains  # the HEXONET domain is gone
    status = parse(
        (await api.post("/cnr/api/call.cgi", content=cnr_body("StatusDomain", DOMAIN="moving.com"))).text
    )
    assert status.code == 200 and status.one("owner_contact") == new_owner
    assert status.one("registration_expiration_date")[:10] == before.expiration_date.strftime("%Y-%m-%d")
    assert status.one("created_date")[:10] == before.created_at.strftime("%Y-%m-%d")
    contact = parse(
        (await api.post("/cnr/api/call.cgi", content=cnr_body("StatusContact", CONTACT=new_owner))).text
    )
    assert contact.code == 200 and contact.one("first_name") == "Jane"
    gone = (await api.post("/api/call.cgi", content=body("StatusDomain", {"DOMAIN": "moving.com"}))).text
    assert "CODE=545" in gone
    unknown = await api.post("/_sandbox/migrate", json={"login": LOGIN, "cnr_login": "nobody"})
    assert unknown.status_code == 400 and "unknown account" in unknown.json()["error"]
    missing = await api.post("/_sandbox/migrate", json={"login": LOGIN})
    assert missing.status_code == 400


async def test_seed_and_migrate_per_system(api: httpx.AsyncClient) -> None:
    engine: Sandbox = api.engine  # type: ignore[attr-defined]
    seeded = await api.post("/_sandbox/seed", json={"n": 4, "entity": "cnr-ote"})
    assert seeded.status_code == 200 and len(engine.worlds[CNR_OTE].domains) == 4
    assert not engine.worlds[CNR].domains
    engine.seed_domains(3, entity="1234")
    moved = await api.post("/_sandbox/migrate", json={"login": LOGIN, "cnr_login": LOGIN, "entity": "1234"})
    assert moved.status_code == 200 and moved.json()["moved"] == 3
    assert not engine.worlds["1234"].domains and len(engine.worlds[CNR_OTE].domains) == 7
    again = await api.post("/_sandbox/migrate", json={"login": LOGIN, "cnr_login": LOGIN, "entity": "cnr"})
    assert again.status_code == 400 and "unknown ISPAPI entity" in again.json()["error"]


async def test_the_price_table_is_built_at_start_up_not_by_the_first_priced_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sandbox import pricing

    built: list[str] = []

    class Counted(pricing.PriceTable):
        def __init__(self, relations: list[tuple[str, str]], *, currency: str) -> None:
            built.append(currency)
            super().__init__(relations, currency=currency)

    monkeypatch.setattr(pricing, "_CACHE", {})
    monkeypatch.setattr(pricing, "PriceTable", Counted)
    app = create_app(Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD, currency="EUR")))
    async with app.router.lifespan_context(app):
        assert built == ["EUR"]  # before any request
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as api:
            reply = await cnr(api, "CheckDomains", DOMAIN0="warm-start.com", **{"X-FEE-COMMAND0": "create"})
    assert reply.code == 200 and reply.one("x-fee-amount")  # priced from the table built at start
    assert built == ["EUR"]
