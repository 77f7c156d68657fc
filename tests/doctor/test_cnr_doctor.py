"""`ispapi-bridge doctor --backend cnr` against the sandbox's CNR systems: the login, OT&E against LIVE,
and a role user's commands (app/doctor/cnr.py). The checks run in process over httpx.ASGITransport; one
test runs the command itself against the sandbox on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.cnr import CnrClient, System
from app.doctor.cnr import CnrTarget, check_account
from app.doctor.cnr_commands import CNR_COMMANDS
from sandbox import controls
from sandbox.app import create_app
from sandbox.core import Sandbox, SandboxConfig
from sandbox.systems import CNR, CNR_OTE
from tests.bridge.conftest import SECRET
from tests.sandbox.server import serving

ROOT = Path(__file__).resolve().parents[2]
LOGIN, PASSWORD = "reseller", "reseller-pass-1"
ROLE_PASSWORD = "role-pass-123"
PATHS = {System.LIVE: "/cnr/api/call.cgi", System.OTE: "/cnr-ote/api/call.cgi"}


@pytest.fixture
def engine() -> Sandbox:
    return Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))


def target(username: str, password: str, system: System = System.OTE) -> CnrTarget:
    urls = {each: f"http://127.0.0.1{path}" for each, path in PATHS.items()}
    return CnrTarget(username=username, password=password, system=system, urls=urls, allow_insecure=True)


async def run(engine: Sandbox, checked: CnrTarget) -> list[tuple[bool, str]]:
    app = create_app(engine)

    def in_process(each: CnrTarget, system: System) -> CnrClient:
        return CnrClient(
            login=each.login,
            password=each.password,
            role=each.role,
            system=system,
            url=each.urls[system],
            transport=httpx.ASGITransport(app=app),
            allow_insecure_url=True,
            retry_backoff=0.0,
        )

    return await check_account(checked, client_for=in_process)


async def test_the_account_itself_has_no_role_restrictions(engine: Sandbox) -> None:
    checks = await run(engine, target(LOGIN, PASSWORD))
    assert checks == [
        (True, f"CNR login {LOGIN} accepted on OT&E (http://127.0.0.1/cnr-ote/api/call.cgi)"),
        (True, f"{LOGIN} is the account itself, not a role user: no command restrictions"),
    ]


async def test_a_role_user_allowed_everything_passes(engine: Sandbox) -> None:
    controls.add_role_user(engine, LOGIN, "whmcs", ROLE_PASSWORD, entity=CNR_OTE)
    checks = await run(engine, target(f"{LOGIN}:whmcs", ROLE_PASSWORD))
    assert checks[1] == (
        True,
        f"role user {LOGIN}:whmcs may run all {len(CNR_COMMANDS)} commands the bridge sends",
    )


async def test_a_role_user_missing_commands_is_told_which_and_what_fails(engine: Sandbox) -> None:
    allowed = [command for command in CNR_COMMANDS if command not in {"RenewDomain", "QueryDomainList"}]
    controls.add_role_user(engine, LOGIN, "whmcs", ROLE_PASSWORD, allow=allowed, entity=CNR_OTE)
    before = (len(engine.worlds[CNR_OTE].domains), sum(engine.money_counts.values()))
    ok, text = (await run(engine, target(f"{LOGIN}:whmcs", ROLE_PASSWORD)))[1]
    assert not ok
    assert text.startswith(
        f"role user {LOGIN}:whmcs may not run 2 of the {len(CNR_COMMANDS)} commands the bridge sends: "
        "RenewDomain (for RenewDomain); QueryDomainList (for Sync); allow them in the role's ACL"
    ), text
    # The probes changed nothing: no domain, no charge.
    assert (len(engine.worlds[CNR_OTE].domains), sum(engine.money_counts.values())) == before


async def test_a_live_account_checked_on_ote_is_told_to_untick_test_mode(engine: Sandbox) -> None:
    controls.add_account(engine, "liveonly", "live-pass-123", entity=CNR)
    ok, text = (await run(engine, target("liveonly", "live-pass-123", System.OTE)))[0]
    assert not ok
    assert text.startswith("CNR login liveonly refused on OT&E: 530"), text
    assert "but accepted on LIVE: untick Use Test Environment in WHMCS" in text


async def test_a_wrong_password_says_what_to_check_and_never_echoes_it(engine: Sandbox) -> None:
    checks = await run(engine, target(LOGIN, "wrong-password-9"))
    assert len(checks) == 1 and not checks[0][0]
    assert "check Username (the login, or login:role for a role user) and Password" in checks[0][1]
    assert "wrong-password-9" not in checks[0][1]


def test_the_command_checks_a_cnr_role_user_on_the_sandbox(tmp_path: Path, engine: Sandbox) -> None:
    controls.add_role_user(engine, LOGIN, "search", ROLE_PASSWORD, allow=["CheckDomains"], entity=CNR_OTE)
    database = f"sqlite:///{tmp_path / 'bridge.db'}"
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and "proxy" not in k.lower()}

    def doctor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    with serving(create_app(engine)) as url:
        env = {
            **base,
            "PYTHONPATH": str(ROOT),
            "BRIDGE_DATABASE_URL": database,
            "BRIDGE_SECRET": SECRET,
            "BRIDGE_CNR_URL": f"{url}/cnr/api/call.cgi",
            "BRIDGE_CNR_OTE_URL": f"{url}/cnr-ote/api/call.cgi",
            "ROLE_PW": ROLE_PASSWORD,
        }
        assert doctor("migrate").returncode == 0
        account = doctor("doctor", "--backend", "cnr", "--ote", "--login", LOGIN, "--password-env", "ROLE_PW")
        role = doctor(
            "doctor", "--backend", "cnr", "--ote", "--login", f"{LOGIN}:search", "--password-env", "ROLE_PW"
        )
    assert account.returncode == 1  # the account's own password is another one
    assert f"PROBLEM CNR login {LOGIN} refused on OT&E: 530" in account.stdout, account.stdout
    lines = role.stdout.splitlines()
    assert role.returncode == 1, role.stdout + role.stderr
    assert lines[:3] == [
        "OK BRIDGE_SECRET is set",
        "OK database reachable and migrated",
        f"OK CNR endpoint {url}/cnr-ote/api/call.cgi reachable",
    ]
    assert lines[3] == f"OK CNR login {LOGIN}:search accepted on OT&E ({url}/cnr-ote/api/call.cgi)"
    assert lines[4].startswith(f"PROBLEM role user {LOGIN}:search may not run {len(CNR_COMMANDS) - 1} of")
    assert ROLE_PASSWORD not in role.stdout + role.stderr


def test_an_explicit_url_never_sends_the_login_to_a_system_nobody_configured() -> None:
    from argparse import Namespace
    from types import SimpleNamespace

    from app.cli import _cnr_urls

    unset = SimpleNamespace(cnr_url=None, cnr_ote_url=None)
    sandbox = "http://127.0.0.1:8765/cnr-ote/api/call.cgi"
    assert _cnr_urls(Namespace(url=sandbox, ote=True), unset) == {System.OTE: sandbox}
    live = SimpleNamespace(cnr_url="http://127.0.0.1:8765/cnr/api/call.cgi", cnr_ote_url=None)
    assert _cnr_urls(Namespace(url=sandbox, ote=True), live) == {
        System.OTE: sandbox,
        System.LIVE: live.cnr_url,
    }
    assert _cnr_urls(Namespace(url=None, ote=False), unset) == {
        System.LIVE: System.LIVE.url,
        System.OTE: System.OTE.url,
    }
