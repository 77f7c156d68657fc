"""The bridge's CNR client (app/cnr) against the sandbox's CNR dialect: in process over httpx.ASGITransport
and once over real loopback HTTP (uvicorn). Sessions, role users, the commands the module builds on, the
client's paging helper, and the sandbox's transport faults arriving as the client's exceptions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from app.cnr import CnrClient, ReplyLost, RequestNotSent, SessionError, merge_pages
from sandbox import controls
from sandbox.app import create_app
from sandbox.core import Sandbox, SandboxConfig
from sandbox.systems import CNR, CNR_OTE
from tests.sandbox.server import serving

LOGIN = "reseller"
PASSWORD = "reseller-pass-1"
ROLE_PASSWORD = "role-pass-123"
CONTACT = {
    "FIRSTNAME": "Jane",
    "LASTNAME": "Roe",
    "STREET": ["Main Street 1"],
    "CITY": "Berlin",
    "ZIP": "10115",
    "COUNTRY": "DE",
    "PHONE": "+49.301234567",
    "EMAIL": "jane@example.net",
}
ROLES = ("OWNERCONTACT", "ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT")


def in_process(engine: Sandbox, *, path: str = "/cnr/api/call.cgi", **options: object) -> CnrClient:
    settings: dict[str, object] = {"login": LOGIN, "password": PASSWORD, "timeout": 10.0, **options}
    return CnrClient(
        url=f"http://127.0.0.1{path}",
        transport=httpx.ASGITransport(app=create_app(engine)),
        allow_insecure_url=True,
        retry_backoff=0.0,
        **settings,  # type: ignore[arg-type]
    )


@pytest.fixture
def engine() -> Sandbox:
    return Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))


@pytest.fixture
async def client(engine: Sandbox) -> AsyncIterator[CnrClient]:
    async with in_process(engine) as api:
        yield api


async def new_contact(client: CnrClient) -> str:
    reply = await client.call({"COMMAND": "AddContact", **CONTACT})
    assert reply.code == 200, reply.description
    return reply.first("CONTACT")


async def register(client: CnrClient, domain: str, **extra: object) -> str:
    """AddDomain with one fresh contact in every role; returns the expiry the reply reports."""
    handle = await new_contact(client)
    command = {"COMMAND": "AddDomain", "DOMAIN": domain, "PERIOD": 1, **{f"{r}0": handle for r in ROLES}}
    reply = await client.call({**command, **extra})
    assert reply.code == 200, reply.description
    return reply.first("REGISTRATIONEXPIRATIONDATE")


# ---- sessions and role users ----


async def test_session_login_calls_and_stopsession(engine: Sandbox, client: CnrClient) -> None:
    login = await client.login()
    assert login.code == 200 and client.session
    session = client.session
    assert session in engine.worlds[CNR].sessions
    checked = await client.call({"COMMAND": "CheckDomains", "DOMAIN": ["session-free.com"]})
    assert checked.code == 200 and checked.first("DOMAINCHECK").startswith("210")
    assert (await client.logout()).code == 200 and client.session is None
    assert session not in engine.worlds[CNR].sessions
    # The stopped session no longer opens the door; the password does again.
    async with in_process(engine, password="wrong", session=session) as stale:
        assert (await stale.call({"COMMAND": "StatusAccount"})).code == 530
    assert (await client.call({"COMMAND": "StatusAccount"})).code == 200


async def test_logged_in_block_and_refused_login(engine: Sandbox) -> None:
    async with in_process(engine) as api:
        async with api.logged_in():
            assert api.session in engine.worlds[CNR].sessions
        assert api.session is None and not engine.worlds[CNR].sessions
    async with in_process(engine, password="wrong-password") as api:
        assert (await api.login()).code == 530 and api.session is None
        with pytest.raises(SessionError):
            async with api.logged_in():
                pass


async def test_role_user_logs_in_as_uid_colon_role(engine: Sandbox) -> None:
    controls.add_role_user(engine, LOGIN, "checker", ROLE_PASSWORD, allow=["CheckDomains"], entity=CNR)
    async with in_process(engine, role="checker", password=ROLE_PASSWORD) as role:
        checked = await role.call({"COMMAND": "CheckDomains", "DOMAIN": ["role-free.com"]})
        assert checked.code == 200
        forbidden = await role.call({"COMMAND": "AddContact", **CONTACT})
        assert forbidden.code == 531
        assert (await role.login()).code == 200  # a role user's session keeps the role's rights
        assert (await role.call({"COMMAND": "AddContact", **CONTACT})).code == 531
        assert (await role.call({"COMMAND": "CheckDomains", "DOMAIN": ["a.com"]})).code == 200
    async with in_process(engine, role="checker", password=PASSWORD) as wrong:
        assert (await wrong.call({"COMMAND": "CheckDomains", "DOMAIN": ["a.com"]})).code == 530
    entry = next(e for e in engine.command_log if e["role"] == "checker")
    assert entry["login"] == LOGIN and entry["system"] == CNR


async def test_subuser_parameter_selects_the_sub_account(engine: Sandbox) -> None:
    controls.add_account(engine, "sub-one", "sub-pass-123", entity=CNR, parent=LOGIN)
    async with in_process(engine, subuser="sub-one") as sub:
        await register(sub, "sub-owned.com")
        assert (await sub.call({"COMMAND": "StatusAccount"})).first("REGISTRAR") == "sub-one"
    assert engine.worlds[CNR].domains["sub-owned.com"].owner == "sub-one"
    async with in_process(engine, subuser="not-mine") as stranger:
        assert (await stranger.call({"COMMAND": "StatusAccount"})).code == 531


# ---- the commands the module builds on ----


async def test_check_domains_limit_and_premium_fees(client: CnrClient) -> None:
    names = [f"check-{i}.com" for i in range(31)] + ["cloud.xyz"]  # cloud.xyz is premium in the catalogue
    checked = await client.call({"COMMAND": "CheckDomains", "DOMAIN": names})
    assert checked.code == 200
    assert [c[:3] for c in checked.column("DOMAINCHECK")] == ["210"] * 32
    fees = checked.records[31]
    assert fees["X-FEE-DOMAIN"] == "cloud.xyz" and fees["X-FEE-CLASS"] == "premium"
    assert float(fees["X-FEE-AMOUNT"]) > 0 and fees["X-FEE-COMMAND"] == "create"
    assert checked.cell("X-FEE-CLASS", 0) == ""  # standard names without X-FEE-COMMAND carry no fee row
    too_many = await client.call({"COMMAND": "CheckDomains", "DOMAIN": [*names, "one-more.com"]})
    assert too_many.code == 541 and "32" in too_many.description


async def test_contact_domain_status_renew(client: CnrClient) -> None:
    expiry = await register(client, "bridge-flow.com", NAMESERVER=["ns1.example.net", "ns2.example.net"])
    status = await client.call({"COMMAND": "StatusDomain", "DOMAIN": "bridge-flow.com"})
    assert status.code == 200
    # The dialect writes `property[registration_expiration_date]`, `property[x-whoisprivacy]` in lower case
    # and AddDomain's `property[registration expiration date]` with spaces: all arrive normalised.
    assert status.first("REGISTRATION_EXPIRATION_DATE") == expiry
    assert status.column("NAMESERVER") == ["ns1.example.net", "ns2.example.net"]
    assert status.first("OWNER_CONTACT").startswith("P-") and status.first("X-WHOISPRIVACY") == "0"
    assert "OWNER_CONTACT" in status.columns and "owner_contact" not in status.columns
    renewed = await client.call(
        {"COMMAND": "RenewDomain", "DOMAIN": "bridge-flow.com", "PERIOD": 1, "EXPIRATION": expiry[:4]}
    )
    assert renewed.code == 200, renewed.description
    assert renewed.first("REGISTRATION_EXPIRATION_DATE")[:4] == str(int(expiry[:4]) + 1)
    # The same renewal sent again names last year's expiry: refused, so a resend never renews twice.
    again = await client.call(
        {"COMMAND": "RenewDomain", "DOMAIN": "bridge-flow.com", "PERIOD": 1, "EXPIRATION": expiry[:4]}
    )
    assert again.code == 555


async def test_premium_registration_needs_the_fee(client: CnrClient) -> None:
    checked = await client.call({"COMMAND": "CheckDomains", "DOMAIN": ["cloud.xyz"]})
    price = checked.first("X-FEE-AMOUNT")
    handle = await new_contact(client)
    command = {"COMMAND": "AddDomain", "DOMAIN": "cloud.xyz", **{f"{r}0": handle for r in ROLES}}
    assert (await client.call(command)).code == 504
    added = await client.call({**command, "X-FEE-AMOUNT": price})
    assert added.code == 200 and added.first("X-FEE-AMOUNT") == price


async def test_domain_list_pages_through_the_paging_helper(engine: Sandbox, client: CnrClient) -> None:
    engine.seed_domains(149, entity=CNR, login=LOGIN)
    await register(client, "bridge-listed.com")
    pages = await client.call_all_pages({"COMMAND": "QueryDomainList", "WIDE": 1}, limit=60)
    assert [page.count for page in pages] == [60, 60, 30]
    assert all(page.total == 150 for page in pages)
    merged = merge_pages(pages)
    names = merged.column("DOMAIN")
    assert len(names) == len(set(names)) == 150 and "bridge-listed.com" in names
    # WIDE=1 brings the columns a bulk sync needs, with their names normalised.
    row = next(r for r in merged.records if r["DOMAIN"] == "bridge-listed.com")
    assert row["DOMAIN_REGISTRATION_EXPIRATION_DATE"] and row["RENEWALMODE"] == "DEFAULT"


async def test_zone_list_prices(client: CnrClient) -> None:
    zones = await client.call({"COMMAND": "QueryZoneList", "ZONE": "com"})
    assert zones.code == 200 and zones.column("ZONE") == ["com"]
    row = zones.records[0]
    assert float(row["ANNUAL"]) > 0 and row["CURRENCY"] and row["PERIODTYPE"] == "YEAR"
    pages = await client.call_all_pages({"COMMAND": "QueryZoneList"}, limit=100)
    assert len(pages) > 1 and sum(p.count for p in pages) == pages[0].total


async def test_ote_endpoint_is_its_own_world(engine: Sandbox) -> None:
    async with in_process(engine, path="/cnr-ote/api/call.cgi") as ote:
        await register(ote, "only-on-ote.com")
    assert "only-on-ote.com" in engine.worlds[CNR_OTE].domains
    assert "only-on-ote.com" not in engine.worlds[CNR].domains


# ---- transport failures ----


async def test_dropped_write_is_reply_lost_and_nothing_ran(engine: Sandbox, client: CnrClient) -> None:
    engine.system_faults[CNR].next(kind="dropped", command="AddContact")
    with pytest.raises(ReplyLost) as raised:
        await client.call({"COMMAND": "AddContact", **CONTACT})
    # The client sent the request: it cannot know the connection broke before the command ran.
    assert raised.value.may_have_executed and raised.value.command == "AddContact"
    assert not engine.worlds[CNR].contacts


async def test_lost_reply_of_a_renewal_is_reconciled_by_expiration(
    engine: Sandbox, client: CnrClient
) -> None:
    expiry = await register(client, "bridge-lost.com")
    engine.system_faults[CNR].next(kind="reply_lost", command="RenewDomain")
    renew = {"COMMAND": "RenewDomain", "DOMAIN": "bridge-lost.com", "PERIOD": 1, "EXPIRATION": expiry[:4]}
    with pytest.raises(ReplyLost) as raised:
        await client.call(renew)
    assert raised.value.may_have_executed
    # It did run; sent again unchanged, EXPIRATION stops a second renewal.
    assert (await client.call(renew)).code == 555
    assert engine.money_count("bridge-lost.com", command="RenewDomain") == 1


async def test_read_commands_survive_one_dropped_reply(engine: Sandbox, client: CnrClient) -> None:
    engine.system_faults[CNR].next(kind="dropped", command="CheckDomains")
    engine.system_faults[CNR].next(kind="temporary", command="CheckDomains")
    checked = await client.call({"COMMAND": "CheckDomains", "DOMAIN": ["retried.com"]})
    assert checked.code == 200
    faults = [e.get("fault") for e in engine.command_log if e["command"] == "CheckDomains"]
    assert faults == ["dropped", "temporary", None]


# ---- real loopback HTTP ----


@pytest.fixture
def served(engine: Sandbox) -> Iterator[str]:
    with serving(create_app(engine)) as url:
        yield url


async def test_over_real_http(engine: Sandbox, served: str) -> None:
    engine.seed_domains(5, entity=CNR, login=LOGIN)
    async with CnrClient(
        login=LOGIN,
        password=PASSWORD,
        url=f"{served}/cnr/api/call.cgi",
        allow_insecure_url=True,
        timeout=10.0,
    ) as api:
        async with api.logged_in():
            expiry = await register(api, "over-http.com")
            pages = await api.call_all_pages({"COMMAND": "QueryDomainList"}, limit=4)
            assert sum(p.count for p in pages) == 6 and len(pages) == 2
            engine.system_faults[CNR].next(kind="reply_lost", command="RenewDomain")
            renew = {
                "COMMAND": "RenewDomain",
                "DOMAIN": "over-http.com",
                "PERIOD": 1,
                "EXPIRATION": expiry[:4],
            }
            with pytest.raises(ReplyLost) as raised:
                await api.call(renew)
            assert raised.value.may_have_executed
            status = await api.call({"COMMAND": "StatusDomain", "DOMAIN": "over-http.com"})
            assert status.first("REGISTRATION_EXPIRATION_DATE")[:4] == str(int(expiry[:4]) + 1)
        assert not engine.worlds[CNR].sessions


async def test_nothing_listening_is_request_not_sent() -> None:
    with serving(create_app(Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD)))) as gone:
        url = f"{gone}/cnr/api/call.cgi"
    async with CnrClient(
        login=LOGIN, password=PASSWORD, url=url, allow_insecure_url=True, timeout=5.0
    ) as api:
        with pytest.raises(RequestNotSent) as raised:
            await api.call({"COMMAND": "AddContact", **CONTACT})
    assert not raised.value.may_have_executed
