"""The CNR systems in the CLI (every system gets the account, the faults and the latency; each live system
its seed domains) and in the state file."""

from __future__ import annotations

from pathlib import Path

from sandbox.cli import _parser, build
from sandbox.core import Sandbox, SandboxConfig
from sandbox.persistence import StateStore
from sandbox.systems import CNR, CNR_OTE, ISPAPI
from tests.sandbox.cnr.wire import LOGIN, PASSWORD, CnrClient


def test_cli_configures_every_system() -> None:
    args = _parser().parse_args(
        [
            "--latency-ms",
            "7",
            "--fault",
            "StatusAccount:temporary=0.5",
            "--seed-domains",
            "12",
            "--dialect",
            "cnr",
        ]
    )
    engine, _, _, password = build(args)
    assert args.dialect == "cnr"
    for system in (ISPAPI, CNR, CNR_OTE):
        assert engine.system_latency[system].default_ms == 7
        assert engine.system_faults[system].per_command == {"STATUSACCOUNT": {"temporary": 0.5}}
    assert len(engine.worlds["54cd"].domains) == 12 == len(engine.worlds[CNR].domains)
    assert not engine.worlds["1234"].domains and not engine.worlds[CNR_OTE].domains
    assert not set(engine.worlds["54cd"].domains) & set(engine.worlds[CNR].domains)  # distinct names
    assert all(world.accounts["demo"].password == password for world in engine.worlds.values())


def test_cnr_world_survives_the_state_file(tmp_path: Path) -> None:
    first = CnrClient()
    first.domain("kept-cnr.com")
    first.ok("AddMailFwd", FROM="info@kept-cnr.com", TO="a@example.net")
    first.ok("AddWebFwd", SOURCE="www.kept-cnr.com", TARGET="https://example.net", TYPE="RD")
    StateStore(tmp_path / "state.sqlite").save(first.sandbox)
    second = CnrClient(sandbox=Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD)))
    assert StateStore(tmp_path / "state.sqlite").load(second.sandbox)
    assert second.world.domains["kept-cnr.com"] == first.world.domains["kept-cnr.com"]
    assert second.world.mail_forwards == first.world.mail_forwards
    assert second.ok("QueryWebFwdList", WIDE=1).one("source") == "www.kept-cnr.com"
