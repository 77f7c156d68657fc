"""`ispapi-bridge doctor --backend cnr`: the CNR account behind the WHMCS settings Backend=cnr.

Three checks after the endpoint's: the login (`login` or `login:role`) opens a session on the chosen system;
when it is refused there but accepted on the other system, the WHMCS setting "Use Test Environment" is the
problem and the line says so; and for a role user, which commands of app/doctor/cnr_commands.py its ACL
forbids, with the WHMCS functions that would fail. The password is never printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.cnr import CnrClient, Code, ExchangeError, System
from app.doctor import Check
from app.doctor.cnr_commands import CNR_COMMANDS, probe_command
from app.ispapi import Response

SYSTEM_NAMES = {System.OTE: "OT&E", System.LIVE: "LIVE"}
# What WHMCS's TestMode checkbox must say for a system (its label: lib/Local.php).
TEST_MODE_ADVICE = {
    System.OTE: "tick Use Test Environment in WHMCS",
    System.LIVE: "untick Use Test Environment in WHMCS",
}


@dataclass(frozen=True)
class CnrTarget:
    """What to check: the login as WHMCS holds it, the system TestMode selects, both systems' endpoints."""

    username: str  # `login` or `login:role`
    password: str
    system: System
    urls: dict[System, str]  # the chosen system's; the other one's too when it may be tried
    allow_insecure: bool = False

    @property
    def login(self) -> str:
        return self.username.partition(":")[0]

    @property
    def role(self) -> str | None:
        return self.username.partition(":")[2] or None

    def client(self, system: System) -> CnrClient:
        return CnrClient(
            login=self.login,
            password=self.password,
            role=self.role,
            system=system,
            url=self.urls[system],
            timeout=20.0,
            allow_insecure_url=self.allow_insecure,
        )


ClientFactory = Callable[[CnrTarget, System], CnrClient]


def _default_client(target: CnrTarget, system: System) -> CnrClient:
    return target.client(system)


async def check_account(target: CnrTarget, *, client_for: ClientFactory = _default_client) -> list[Check]:
    """The login check, then (when the login works) the role's commands; one session, stopped after."""
    async with client_for(target, target.system) as client:
        try:
            reply = await client.login()
        except ExchangeError as exc:
            return [(False, f"CNR login for {target.username} not checked: {exc.detail}")]
        if not reply.is_success:
            return [await _refused(target, reply, client_for)]
        where = f"{SYSTEM_NAMES[target.system]} ({client.url})"
        checks: list[Check] = [(True, f"CNR login {target.username} accepted on {where}")]
        try:
            checks.append(await _role_commands(target, client))
        except ExchangeError as exc:
            checks.append((False, f"the role's commands not checked: {exc.detail}"))
        await _stop_session(client)
    return checks


async def _stop_session(client: CnrClient) -> None:
    """End the doctor's session; a failure is no finding (the registry lets the session expire)."""
    try:
        await client.logout()
    except ExchangeError:
        return


async def _refused(target: CnrTarget, reply: Response, client_for: ClientFactory) -> Check:
    """Why the login was refused: on the other system it may work (TestMode is the problem)."""
    name = SYSTEM_NAMES[target.system]
    refused = f"CNR login {target.username} refused on {name}: {reply.code} {reply.description}"
    if reply.code != Code.AUTHENTICATION_FAILED:
        return False, f"{refused}; check the account's IP restrictions and its status"
    other = System.LIVE if target.system is System.OTE else System.OTE
    if other not in target.urls:
        return False, f"{refused}; check Username (login, or login:role for a role user) and Password"
    async with client_for(target, other) as client:
        try:
            elsewhere = await client.login()
        except ExchangeError:
            elsewhere = None
        if elsewhere is not None and elsewhere.is_success:
            await _stop_session(client)
            return False, (
                f"{refused}, but accepted on {SYSTEM_NAMES[other]}: {TEST_MODE_ADVICE[other]} "
                "(OT&E and LIVE are separate systems with separate accounts)"
            )
    return False, (
        f"{refused}; check Username (the login, or login:role for a role user) and Password, "
        f"and that the account exists on {name}"
    )


async def _role_commands(target: CnrTarget, client: CnrClient) -> Check:
    if target.role is None:
        return True, f"{target.login} is the account itself, not a role user: no command restrictions"
    forbidden: list[str] = []
    unknown: list[str] = []
    for command in CNR_COMMANDS:
        reply = await client.call(probe_command(command))
        if reply.code == Code.AUTHORIZATION_FAILED:
            forbidden.append(command)
        elif reply.code == Code.INVALID_COMMAND_NAME:
            unknown.append(command)
    if not forbidden and not unknown:
        return True, f"role user {target.username} may run all {len(CNR_COMMANDS)} commands the bridge sends"
    return False, _role_problem(target.username, forbidden, unknown)


def _role_problem(username: str, forbidden: list[str], unknown: list[str]) -> str:
    parts: list[str] = []
    if forbidden:
        needs = "; ".join(f"{c} (for {', '.join(CNR_COMMANDS[c])})" for c in forbidden)
        parts.append(
            f"role user {username} may not run {len(forbidden)} of the {len(CNR_COMMANDS)} commands the "
            f"bridge sends: {needs}; allow them in the role's ACL or expect those WHMCS functions to fail"
        )
    if unknown:
        parts.append(f"the registry does not know the commands {', '.join(unknown)}")
    return ". ".join(parts)
