"""Fixtures of the end-to-end tests (the stack itself is described in tests/e2e/stack.py).

e2e_stack    (session) sandbox in-process + bridge subprocess + migrated SQLite; see E2EStack
stack        (function) the same stack, faults and latency reset after the test
whmcs_call   (function) run ispapi_<Function> in real php against the stack; fails on PHP warnings
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sandbox.core import Sandbox, SandboxConfig
from tests.e2e.stack import (
    ISPAPI_TIMEOUT,
    MONEY_SETTLE,
    ROOT,
    BridgeProcess,
    E2EStack,
    SandboxServer,
    free_port,
    php_missing,
)
from tests.whmcs.harness import PhpResult, run_whmcs


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not php_missing():
        return
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.skip(reason="php CLI not installed (make php installs it)"))


@pytest.fixture(scope="session")
def e2e_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[E2EStack]:
    workdir = tmp_path_factory.mktemp("e2e-stack")
    login, password = "demo", secrets.token_urlsafe(12)
    engine = Sandbox(SandboxConfig(login=login, password=password))
    sandbox = SandboxServer(engine, free_port())
    sandbox.start()
    secret = secrets.token_hex(16)  # 32 characters
    database = workdir / "bridge.db"
    bridge_port = free_port()
    # A clean environment: a developer's BRIDGE_* variables or proxy settings must not leak in.
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_") and "proxy" not in k.lower()}
    env = {
        **base,
        "PYTHONPATH": str(ROOT),
        "BRIDGE_DATABASE_URL": f"sqlite:///{database}",
        "BRIDGE_SECRET": secret,
        "BRIDGE_HOST": "127.0.0.1",
        "BRIDGE_PORT": str(bridge_port),
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{sandbox.port}/api/call.cgi",
        "BRIDGE_CNR_URL": f"http://127.0.0.1:{sandbox.port}/cnr/api/call.cgi",
        "BRIDGE_CNR_OTE_URL": f"http://127.0.0.1:{sandbox.port}/cnr-ote/api/call.cgi",
        "BRIDGE_LOG_LEVEL": "DEBUG",  # the most talkative level: the secret-leak tests read this output
        "BRIDGE_ISPAPI_TIMEOUT_SECONDS": str(ISPAPI_TIMEOUT),
        "BRIDGE_MONEY_SETTLE_SECONDS": str(MONEY_SETTLE),
    }
    bridge = BridgeProcess(workdir=workdir, port=bridge_port, env=env)
    try:
        bridge.start()
    except BaseException:
        sandbox.stop()
        raise
    stack = E2EStack(
        sandbox=engine,
        sandbox_url=f"http://127.0.0.1:{sandbox.port}",
        bridge_url=bridge.url,
        secret=secret,
        login=login,
        password=password,
        database_path=database,
        bridge=bridge,
    )
    try:
        yield stack
    finally:
        bridge.stop()
        sandbox.stop()


# The module's `Backend` values every backend-parametrised test runs with.
BACKENDS = ("ispapi", "cnr")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Request it (or `pytest.mark.usefixtures("backend")`) to run a test once per registry backend."""
    value: str = request.param
    return value


@pytest.fixture
def stack(e2e_stack: E2EStack, request: pytest.FixtureRequest) -> Iterator[E2EStack]:
    """The session stack, seen through the test's backend (ispapi unless it asks for `backend`), with
    faults and latency reset after each test (they are per test)."""
    backend = request.getfixturevalue("backend") if "backend" in request.fixturenames else "ispapi"
    yield e2e_stack.for_backend(backend)
    e2e_stack.sandbox.faults.clear()
    e2e_stack.sandbox.latency.default_ms = 0
    e2e_stack.sandbox.latency.per_command.clear()


WhmcsCall = Callable[..., PhpResult]


@pytest.fixture
def whmcs_call(stack: E2EStack) -> WhmcsCall:
    """Run `ispapi_<function>($params)` in real php against the stack; fails on any PHP warning."""

    def call(
        function: str, params: dict[str, Any], *, config: dict[str, Any] | None = None, **ctx: Any
    ) -> PhpResult:
        result = run_whmcs(function, params, config=config or stack.module_config(), **ctx)
        assert result.warnings == [], f"PHP warnings in {function}: {result.warnings}"
        return result

    return call
