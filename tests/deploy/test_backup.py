"""The README's SQLite online backup: a consistent copy of a live database (WAL mode, a writer holding it
open), restored and read back by `ispapi-bridge ledger`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.db import migrations
from app.db.models import TradeCost
from app.db.session import Database
from tests.bridge.test_cli import run_cli
from tests.deploy.compose import ROOT


def _readme_backup_commands() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text()
    cli = re.search(r'^sqlite3 \S+ "\.backup \'[^\']+\'"$', readme, re.M)
    python = re.search(r'^python3 -c "(import sqlite3[^"]+)"', readme, re.M)
    assert cli is not None and python is not None
    return cli.group(0), python.group(1)


def _ledger_entry(domain: str) -> TradeCost:
    return TradeCost(
        account_key="demo@ote", domain=domain, tld="com", amount=Decimal("12.50"), currency="USD",
        whmcs_client_id=1, whmcs_domain_id=2, request_id="req-" + domain, created_at=datetime.now(UTC),
    )  # fmt: skip


@pytest.mark.parametrize("tool", ["python", "sqlite3"])
def test_online_backup_of_a_live_database_restores(tmp_path: Path, tool: str) -> None:
    live = tmp_path / "bridge.db"
    url = f"sqlite:///{live}"
    migrations.upgrade(url)
    db = Database.from_url(url)
    try:
        with db.sessions() as session:  # the bridge writing while the copy is taken
            session.add(_ledger_entry("first.com"))
            session.commit()
            session.add(_ledger_entry("second.com"))
            session.flush()  # in a transaction that is open during the backup
            copy = tmp_path / "backup.db"
            cli, python = _readme_backup_commands()
            if tool == "sqlite3":
                if shutil.which("sqlite3") is None:
                    pytest.skip("sqlite3 CLI not installed")
                command = ["sqlite3", str(live), f".backup '{copy}'"]
                assert cli.startswith("sqlite3 ")
            else:
                command = [sys.executable, "-c", python, str(live), str(copy)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
            assert done.returncode == 0, done.stderr
            session.commit()
    finally:
        db.dispose()

    restored = tmp_path / "restored" / "bridge.db"
    restored.parent.mkdir()
    shutil.copy(copy, restored)
    env = {"BRIDGE_DATABASE_URL": f"sqlite:///{restored}"}
    assert run_cli("migrate", env=env, cwd=tmp_path).stdout.startswith(
        "database already at the latest schema"
    )
    ledger = run_cli("ledger", "--csv", env=env, cwd=tmp_path)
    assert ledger.returncode == 0, ledger.stderr
    assert "first.com" in ledger.stdout and "second.com" not in ledger.stdout  # committed rows only
