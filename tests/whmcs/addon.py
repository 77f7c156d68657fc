"""Drive the WHMCS addon emulation (tests/whmcs/php/addon.php): one php process per admin request
(`run_addon`), or a php built-in web server on loopback serving the admin page to a browser
(`AdminPageServer`).

Errors: the harness's own (tests.whmcs.harness.PhpRunError) when php prints no JSON or dies.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.whmcs.harness import PHP_STRICT, REPO, HarnessError, PhpRunError

ADDON_DIR = REPO / "php-shim" / "modules" / "addons" / "ispapibridge"
RUNNER = Path(__file__).resolve().parent / "php" / "addon.php"
LANGUAGES = ("english", "german", "french", "arabic")


@dataclass
class AddonResult:
    returned: Any
    exception: dict[str, str] | None
    html: str
    warnings: list[dict[str, Any]]
    db_after: dict[str, list[dict[str, Any]]]
    session: dict[str, Any]
    localapi_calls: list[dict[str, Any]]
    activity: list[dict[str, Any]]
    modulelog: list[dict[str, Any]]


def run_addon(
    function: str = "output",
    *,
    registrar_config: dict[str, Any] | None = None,
    language: str = "english",
    get: dict[str, Any] | None = None,
    post: dict[str, Any] | None = None,
    session: dict[str, Any] | None = None,
    db: dict[str, list[dict[str, Any]]] | None = None,
    localapi: dict[str, Any] | None = None,
    timeout: float = 120.0,
) -> AddonResult:
    """One admin request: `ispapibridge_<function>` with $_GET/$_POST/$_SESSION and WHMCS tables as given."""
    document = {
        "function": function,
        "registrar_config": registrar_config or {},
        "language": language,
        "get": get or {},
        "post": post or {},
        "session": session or {},
        "db": db or {},
        "localapi": localapi or {},
    }
    try:
        done = subprocess.run(
            [*PHP_STRICT, str(RUNNER)],
            input=json.dumps(document).encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PhpRunError(f"addon runner took longer than {timeout} s") from exc
    try:
        out = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PhpRunError(
            f"addon runner printed no JSON: {done.stdout[:300]!r} {done.stderr[:500]!r}"
        ) from exc
    if "fatal" in out:
        raise PhpRunError(f"php fatal error: {out['fatal']} warnings={out.get('warnings')}")
    return AddonResult(
        returned=out["return"],
        exception=out["exception"],
        html=out["html"],
        warnings=out["warnings"],
        db_after=out["db_after"],
        session=out["session"] or {},
        localapi_calls=out["localapi_calls"],
        activity=out["activity"],
        modulelog=out["modulelog"],
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AdminPageServer:
    """`php -S 127.0.0.1:<port> addon.php`: the admin page for a browser, WHMCS tables in an SQLite file.

    Use as a context manager; `url(tab=..., **query)` gives the page address. `db` seeds the tables.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        registrar_config: dict[str, Any],
        language: str = "english",
        db: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.db_file = workdir / "whmcs.sqlite"
        self.state_file = workdir / "state.json"
        self.log_file = workdir / "php-server.log"
        (workdir / "sessions").mkdir(exist_ok=True)
        self.state: dict[str, Any] = {
            "db_file": str(self.db_file),
            "registrar_config": registrar_config,
            "language": language,
            "session_dir": str(workdir / "sessions"),
            "db": db or {},
        }
        self.process: subprocess.Popen[bytes] | None = None

    def set_language(self, language: str) -> None:
        """The admin's language for the next requests (WHMCS: the admin's profile setting)."""
        self.state["language"] = language
        self.state_file.write_text(json.dumps(self.state), "utf-8")

    def url(self, **query: str) -> str:
        from urllib.parse import urlencode

        return (
            f"http://127.0.0.1:{self.port}/addonmodules.php?{urlencode({'module': 'ispapibridge', **query})}"
        )

    def rows(self, table: str) -> list[dict[str, Any]]:
        import sqlite3

        with sqlite3.connect(self.db_file) as connection:
            connection.row_factory = sqlite3.Row
            try:
                return [dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')]
            except sqlite3.OperationalError:
                return []

    def __enter__(self) -> AdminPageServer:
        self.state_file.write_text(json.dumps(self.state), "utf-8")
        env = {**os.environ, "ADDON_HARNESS_STATE": str(self.state_file)}
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [*PHP_STRICT, "-S", f"127.0.0.1:{self.port}", str(RUNNER)],
                cwd=self.workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        with httpx.Client(trust_env=False, timeout=30) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise HarnessError(f"php -S exited: {self.log_file.read_text('utf-8', 'replace')}")
                try:
                    seeded = client.get(f"http://127.0.0.1:{self.port}/seed")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            else:
                raise HarnessError("php -S did not start within 30 s")
        if seeded.text != "seeded":
            raise HarnessError(f"seeding the WHMCS tables failed: {seeded.text[:500]}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
