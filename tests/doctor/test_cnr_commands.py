"""The doctor's table of CNR commands (app/doctor/cnr_commands.py) against the sandbox and the adapters."""

from __future__ import annotations

import re
from pathlib import Path

from app.doctor.cnr_commands import CNR_COMMANDS, probe_command
from sandbox.cnr.commands import load_all
from sandbox.cnr.table import CNR
from sandbox.registry import CommandSpec
from tests.e2e.coverage import COVERAGE

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = ROOT / "app" / "backends" / "cnr"
SENT = re.compile(r'"COMMAND":\s*"(\w+)"')
# Not WHMCS functions, yet something the reseller sees fail.
OTHER_USERS = {"admin overview", "PollApplications (daily cron)"}


def _spec(command: str) -> CommandSpec | None:
    load_all()
    return CNR.commands.get(command.upper())


def test_every_command_the_cnr_adapters_send_is_in_the_table() -> None:
    sent = {name for path in ADAPTERS.rglob("*.py") for name in SENT.findall(path.read_text("utf-8"))}
    lowered = {name.lower() for name in CNR_COMMANDS}
    missing = sorted(name for name in sent if name.lower() not in lowered)
    assert missing == [], f"add to CNR_COMMANDS in app/doctor/cnr_commands.py: {missing}"


def test_every_command_of_the_table_is_one_the_registry_knows() -> None:
    assert [command for command in CNR_COMMANDS if _spec(command) is None] == []


def test_a_bare_probe_never_changes_anything() -> None:
    """Every command that changes state requires a parameter the probe does not send."""
    for command in CNR_COMMANDS:
        spec = _spec(command)
        assert spec is not None
        if spec.mutating:
            required = [param.name for param in spec.params if param.required]
            sent = set(probe_command(command))
            assert required and not sent - {"COMMAND"}, command


def test_the_table_names_whmcs_functions() -> None:
    named = {function for functions in CNR_COMMANDS.values() for function in functions}
    assert named - set(COVERAGE) <= OTHER_USERS
