"""The end-to-end stack: real php (the WHMCS emulation) -> the real bridge (uvicorn) -> the sandbox.

One stack per test session:

* the sandbox runs in THIS process, served by uvicorn in a background thread on 127.0.0.1:<free port>, so
  tests drive its Python control API directly (faults, latency, clock, money counters, command log);
* the bridge runs as a SUBPROCESS (`python -m app.cli serve`, configured only through BRIDGE_* variables
  in a temporary working directory). A subprocess is the faithful choice: it exercises the real CLI and
  settings path, its log output is a separate stream the security tests can search for secrets, it does
  not share the GIL with the in-process sandbox (so a slow sandbox reply stalls nobody else), and the
  resilience tests can kill nothing of ours by accident;
* the database is a temporary SQLite file migrated with `python -m app.cli migrate` first.

Every test uses the OT&E entity (module setting TestMode "on"), as a reseller testing would.

Errors of the harness itself (one tree):

    StackError      a server did not come up in time (message carries its output)
"""

from __future__ import annotations

import itertools
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from sandbox import controls
from sandbox.app import create_app as create_sandbox_app
from sandbox.catalogue import default_catalogue
from sandbox.core import Sandbox
from sandbox.protocol import ENTITY_OTE
from sandbox.systems import CNR_OTE
from sandbox.world.dates import refresh_dates
from tests.whmcs.harness import domain_params, module_config, register_params, renew_params

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0  # seconds for each server to answer (a bound for a loaded machine; idle: ~1 s)
# The bridge's upstream timeout (BRIDGE_ISPAPI_TIMEOUT_SECONDS): short, so "registry slow" tests stay fast.
ISPAPI_TIMEOUT = 3.0
# BRIDGE_MONEY_SETTLE_SECONDS: longer than any sandbox latency a test sets on a money command, so a lost
# reply is never re-sent while the sandbox still carries the command out (tests that need the settle instant
# to have passed move it in the journal instead of waiting).
MONEY_SETTLE = 30.0
OTE = ENTITY_OTE


class StackError(Exception):
    """The end-to-end stack could not be started."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def php_missing() -> bool:
    return shutil.which("php") is None


# ---------------------------------------------------------------- the sandbox, in-process


class SandboxServer:
    """uvicorn serving the sandbox app in a daemon thread (no signal handlers: not the main thread)."""

    def __init__(self, engine: Sandbox, port: int) -> None:
        self.engine = engine
        self.port = port
        app = create_sandbox_app(engine)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="e2e-sandbox", daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.server.started:
                return
            if not self.thread.is_alive():
                raise StackError("the sandbox server thread ended during start-up")
            time.sleep(0.02)
        raise StackError(f"the sandbox did not start within {STARTUP_TIMEOUT:g} s")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


# ---------------------------------------------------------------- the bridge, a subprocess


class BridgeProcess:
    """`python -m app.cli serve` with BRIDGE_* variables; output goes to a file the tests can read."""

    def __init__(self, *, workdir: Path, port: int, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.port = port
        self.env = env
        self.log_path = workdir / "bridge.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            env=self.env,
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def start(self) -> None:
        migrated = self.run_cli("migrate")
        if migrated.returncode != 0:
            raise StackError(f"ispapi-bridge migrate failed: {migrated.stdout}{migrated.stderr}")
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "serve"],
                env=self.env,
                cwd=self.workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        with httpx.Client(trust_env=False, timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise StackError(f"the bridge exited with {self.process.returncode}:\n{self.output()}")
                try:
                    if client.get(f"{self.url}/readyz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        self.stop()
        raise StackError(f"the bridge was not ready within {STARTUP_TIMEOUT:g} s:\n{self.output()}")

    def output(self) -> str:
        """Everything the bridge printed so far (stdout and stderr, its log)."""
        try:
            return self.log_path.read_text("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


# ---------------------------------------------------------------- the stack


@dataclass
class E2EStack:
    """What the tests see of the running stack."""

    sandbox: Sandbox
    sandbox_url: str
    bridge_url: str
    secret: str
    login: str
    password: str
    database_path: Path
    bridge: BridgeProcess
    extra: dict[str, Any] = field(default_factory=dict)
    # The module's Backend setting the tests of this view run with ("ispapi" or "cnr"): module_config,
    # api and domain follow it (`for_backend`).
    backend: str = "ispapi"

    def for_backend(self, backend: str) -> E2EStack:
        """The same running stack, seen through the module setting `Backend=backend`."""
        return replace(self, backend=backend)

    @property
    def ispapi_url(self) -> str:
        return f"{self.sandbox_url}/api/call.cgi"

    @property
    def cnr_ote_url(self) -> str:
        return f"{self.sandbox_url}/cnr-ote/api/call.cgi"

    @property
    def world(self) -> str:
        """The sandbox world the module's account lives in (OT&E of this backend)."""
        return CNR_OTE if self.backend == "cnr" else OTE

    def module_config(self, **overrides: Any) -> dict[str, Any]:
        """The WHMCS module settings (original keys + Bridge*) pointing at this stack, OT&E on."""
        config = module_config(self.bridge_url, self.secret, timeout="30", password=self.password)
        config.update({"Username": self.login, "TestMode": "on", "Backend": self.backend})
        config.update(overrides)
        return config

    def bridge_output(self) -> str:
        return self.bridge.output()

    # ---- direct sandbox access (the reseller's API, OT&E entity) ----

    def api(self, command: str, *, as_login: tuple[str, str] | None = None, **params: Any) -> dict[str, Any]:
        """One ISPAPI call to the sandbox (OT&E) as the demo reseller, or as `as_login` (login, password);
        returns {code, description, properties}."""
        login, password = as_login or (self.login, self.password)
        form = {"s_login": login, "s_pw": password}
        if self.backend != "cnr":
            form["s_entity"] = OTE  # CNR tells its systems apart by URL instead
        form["s_command"] = "\n".join(
            [f"COMMAND={command}", *(f"{k.upper()}={v}" for k, v in params.items())]
        )
        url = self.cnr_ote_url if self.backend == "cnr" else self.ispapi_url
        with httpx.Client(trust_env=False, timeout=10.0) as client:
            reply = client.post(url, data=form)
        reply.raise_for_status()
        return parse_plain_reply(reply.text)

    def domain(self, name: str) -> Any:
        """The sandbox's own record of `name` in the OT&E world (None when it does not exist)."""
        with self.sandbox.lock:
            return self.sandbox.worlds[self.world].domains.get(name.lower())


def parse_plain_reply(text: str) -> dict[str, Any]:
    """The ISPAPI plain-text reply format (docs/ispapi-wire.md §2), enough for assertions."""
    code, description = 0, ""
    properties: dict[str, list[str]] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        key = key.strip()
        if key.lower() == "code":
            code = int(value.strip())
        elif key.lower() == "description":
            description = value.strip()
        elif key.upper().startswith("PROPERTY["):
            name = key[len("PROPERTY[") :].split("]", 1)[0].upper()
            properties.setdefault(name, []).append(value.strip())
    return {"code": code, "description": description, "properties": properties}


# ---------------------------------------------------------------- names and domains

_counter = itertools.count(1)


def fresh_domain(tld: str = "com", *, prefix: str = "e2e") -> str:
    """A standard name nobody used in this session: e2e-<counter>-<random>.<tld>.

    The sandbox prices about 1 in 97 names as premium (by hash) and reserves a few: such a name would
    turn a plain registration or price test into a premium one, so those are skipped here.
    """
    catalogue = default_catalogue()
    while True:
        name = f"{prefix}-{next(_counter)}-{secrets.token_hex(3)}.{tld}"
        if catalogue.premium(name) is None and catalogue.reserved(name) is None:
            return name


def split_domain(domain: str) -> tuple[str, str]:
    sld, _, tld = domain.partition(".")
    return sld, tld


def new_account(stack: E2EStack, prefix: str, **options: Any) -> tuple[str, str]:
    """A fresh OT&E reseller account `<prefix><random>` (login, password): its own snapshot, pricing cache
    and command log, untouched by the other tests. `options` go to sandbox.controls.add_account."""
    login = (f"{prefix}{secrets.token_hex(3)}", secrets.token_urlsafe(12))
    controls.add_account(stack.sandbox, *login, entity=stack.world, **options)
    return login


@contextmanager
def recorded(stack: E2EStack, login: str) -> Iterator[list[dict[str, Any]]]:
    """The sandbox command-log entries of `login` while the block runs (a log sink: no index arithmetic
    on the capped log)."""
    seen: list[dict[str, Any]] = []

    def sink(entry: dict[str, Any]) -> None:
        if entry["login"] == login:
            seen.append(entry)

    stack.sandbox.log_sinks.append(sink)
    try:
        yield seen
    finally:
        stack.sandbox.log_sinks.remove(sink)


def register_in_sandbox(stack: E2EStack, domain: str, **params: Any) -> dict[str, Any]:
    """Register `domain` through the sandbox API as the demo reseller (for the read tests)."""
    return register_as(stack, None, domain, **params)


def register_as(
    stack: E2EStack, as_login: tuple[str, str] | None, domain: str, **params: Any
) -> dict[str, Any]:
    """Register `domain` through the sandbox API as `as_login` (login, password; None: the demo reseller),
    with one fresh contact in every role and two name servers; `params` add to or override AddDomain's."""
    contact = stack.api(
        "AddContact",
        as_login=as_login,
        firstname="Read",
        lastname="Tester",
        street="1 Test Street",
        city="Berlin",
        zip="10115",
        country="DE",
        phone="+49.301234567",
        email="read@example.net",
    )
    assert contact["code"] == 200, contact
    handle = contact["properties"]["CONTACT"][0]
    command: dict[str, Any] = {
        "domain": domain,
        "period": 1,
        "ownercontact0": handle,
        "admincontact0": handle,
        "techcontact0": handle,
        "billingcontact0": handle,
        "nameserver0": "ns1.e2e-dns.example",
        "nameserver1": "ns2.e2e-dns.example",
    }
    command.update(params)
    reply = stack.api("AddDomain", as_login=as_login, **command)
    assert reply["code"] == 200, reply
    return reply


def expire(stack: E2EStack, domain: str, *, days_ago: int = 10) -> None:
    """Expired `days_ago` days ago, still in the account (inside the registry's grace, not yet deleted)."""
    with stack.sandbox.lock:
        record = stack.domain(domain)
        record.expiration_date = stack.sandbox.clock.now() - timedelta(days=days_ago)
        record.paid_until_date = record.expiration_date
        refresh_dates(record)


# ---------------------------------------------------------------- WHMCS params for a stack domain


def domains_row(domain: str, status: str = "Active") -> dict[str, list[dict[str, object]]]:
    """The WHMCS tbldomains row the shim reads the domain status from (8.x passes no `status`)."""
    return {"tbldomains": [{"id": 42, "domain": domain, "registrar": "ispapi", "status": status}]}


def domain_params_for(domain: str, *, domainid: int = 42, **overrides: Any) -> dict[str, Any]:
    """The domain-bound params WHMCS 8.x builds for `domain` (ASCII names: punycode = unicode)."""
    sld, tld = split_domain(domain)
    params = domain_params(sld, tld, domainid=domainid)
    params.update(overrides)
    return params


def register_params_for(domain: str, **overrides: Any) -> dict[str, Any]:
    """RegisterDomain params for `domain`: the harness's nasty contact block, no premium cost."""
    base = domain_params_for(domain, regperiod=1)
    params = register_params(**base)
    params["premiumCost"] = ""
    params["additionalfields"] = {}
    params["original"].update(base, premiumCost="", additionalfields={})
    params.update(overrides)
    return params


def transfer_params_for(domain: str, eppcode: str, **overrides: Any) -> dict[str, Any]:
    params = register_params_for(domain, regtype="Transfer", eppcode=eppcode, transfersecret=eppcode)
    params["original"].update(eppcode=eppcode, transfersecret=eppcode, regtype="Transfer")
    params.update(overrides)
    return params


def renew_params_for(domain: str, **overrides: Any) -> dict[str, Any]:
    base = domain_params_for(domain, regperiod=1)
    params = renew_params(**base)
    params.update(overrides)
    return params


def expiry_of(stack: E2EStack, domain: str) -> str:
    """The registry expiry date (YYYY-MM-DD) WHMCS would have stored for `domain`."""
    found = stack.domain(domain)
    assert found is not None and found.expiration_date is not None, f"{domain} not in the sandbox"
    return str(found.expiration_date.date())


def whmcs_expiry_of(stack: E2EStack, domain: str) -> str:
    """The expiry date the module reports for `domain` (docs/module-behaviour.md §7.1), from the sandbox's
    dates: paid-until when the domain fails before it, else the finalization date shifted by the prepaid
    time."""
    found = stack.domain(domain)
    assert found is not None, f"{domain} not in the sandbox"
    if found.failure_date > found.paid_until_date:
        return str(found.paid_until_date.date())
    shifted = found.finalization_date + (found.paid_until_date - found.expiration_date)
    return str(shifted.date())


def add_foreign_domain(stack: E2EStack, domain: str, **kwargs: Any) -> str:
    """A domain at "another registrar" in the OT&E world; returns its auth code."""
    return controls.add_foreign_domain(stack.sandbox, domain, entity=stack.world, **kwargs)
