"""docker-compose.yml and the Dockerfile, without a Docker engine: the file is valid against the Compose
specification's JSON schema, says what the README promises, and the commands it runs work as written
(the same entry point script, the same environment) against a real database and the sandbox."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy.engine import make_url

from tests.bridge.conftest import SECRET
from tests.deploy.compose import ROOT, MissingVariable, interpolate, load, service_environment

ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"
VENV_BIN = Path(sys.executable).parent
VALUES = {
    "BRIDGE_SECRET": SECRET,
    "POSTGRES_PASSWORD": "db-password-for-tests",
    "SANDBOX_PASSWORD": "sandbox-pw-123",
}


def compose_schema() -> dict[str, Any]:
    # The Compose specification's schema as vendored by check-jsonschema (a dev dependency).
    text = files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(document: Any) -> list[str]:
    schema = compose_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(document)]


def test_compose_file_is_valid_against_the_compose_specification() -> None:
    assert schema_errors(load()) == []


def test_the_schema_check_catches_mistakes() -> None:
    document = load()
    document["services"]["bridge"]["depends_on"]["db"]["condition"] = "healthy"
    document["services"]["bridge"]["restart_policy"] = "always"
    assert len(schema_errors(document)) == 2


def test_compose_file_has_the_promised_services() -> None:
    services = load()["services"]
    assert services["bridge"]["build"] == "." and (ROOT / "Dockerfile").is_file()
    assert "profiles" not in services["bridge"] and "profiles" not in services["db"]
    assert services["bridge"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["bridge"]["healthcheck"]["test"] == ["CMD", "docker-entrypoint.sh", "healthcheck"]
    # Published on the host's loopback only: another host goes through the TLS proxy.
    assert all(port.startswith("127.0.0.1:") for port in services["bridge"]["ports"])
    assert services["db"]["image"].startswith("postgres:")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["db"]["volumes"])
    assert services["sandbox"]["profiles"] == ["demo"]
    assert services["proxy"]["profiles"] == ["tls"]
    caddyfile = [
        v.split(":")[0] for v in services["proxy"]["volumes"] if v.endswith("/etc/caddy/Caddyfile:ro")
    ]
    assert caddyfile == ["./deploy/Caddyfile"] and (ROOT / "deploy" / "Caddyfile").is_file()
    assert set(load()["volumes"]) >= {"db-data", "caddy-data"}


def test_required_values_are_named_when_missing() -> None:
    with pytest.raises(MissingVariable, match="BRIDGE_SECRET"):
        service_environment("bridge", {"POSTGRES_PASSWORD": "x"})
    with pytest.raises(MissingVariable, match="POSTGRES_PASSWORD"):
        service_environment("db", {})
    env = service_environment("bridge", VALUES)
    assert env["BRIDGE_WORKERS"] == "2" and env["BRIDGE_ISPAPI_URL"] == ""
    assert env["BRIDGE_CNR_URL"] == env["BRIDGE_CNR_OTE_URL"] == ""  # unset: the real CNR systems
    url = make_url(env["BRIDGE_DATABASE_URL"])
    assert (
        url.drivername == "postgresql+psycopg"
        and url.host == "db"
        and url.password == VALUES["POSTGRES_PASSWORD"]
    )
    db = service_environment("db", VALUES)
    assert (db["POSTGRES_USER"], db["POSTGRES_DB"]) == (url.username, url.database)


def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) per logical line of the Dockerfile."""
    lines = (ROOT / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    return [tuple(line.split(None, 1)) for line in lines if line.strip() and not line.startswith("#")]  # type: ignore[misc]


def test_dockerfile_is_slim_non_root_and_uses_the_entrypoint_script() -> None:
    steps = _dockerfile()
    bases = [args for op, args in steps if op == "FROM"]
    assert bases and all(base.split()[0].endswith("-slim") for base in bases)
    final = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    users = [args for op, args in final if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("ENTRYPOINT", '["docker-entrypoint.sh"]') in final and ("CMD", '["serve"]') in final
    assert any(
        op == "HEALTHCHECK" and args.endswith('CMD ["docker-entrypoint.sh", "healthcheck"]')
        for op, args in final
    )
    for op, args in steps:  # every file the build copies from the context exists
        if op == "COPY" and "--from=" not in args:
            sources = [part for part in args.split() if not part.startswith("--")][:-1]
            assert all((ROOT / source).exists() for source in sources), args
    assert os.access(ENTRYPOINT, os.X_OK)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "var", ".git"} <= set(ignored)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_env(environment: dict[str, str]) -> dict[str, str]:
    """The container's environment on this machine: the image puts the venv and the entry point on PATH."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BRIDGE_", "ISPAPI_"))}
    path = os.pathsep.join([str(VENV_BIN), str(ENTRYPOINT.parent), base.get("PATH", "")])
    return {**base, **environment, "PATH": path}


def _healthy(env: dict[str, str]) -> bool:
    test = load()["services"]["bridge"]["healthcheck"]["test"]
    assert test[0] == "CMD"
    done = subprocess.run(test[1:], env=env, capture_output=True, text=True, timeout=30, check=False)
    return done.returncode == 0


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate(timeout=10)


def _sandbox_command(port: int, state: Path) -> list[str]:
    service = load()["services"]["sandbox"]
    args = list(service["command"])
    # Differences to the container, only these: its port and its volume are on this machine.
    args[args.index("--port") + 1] = str(port)
    args[args.index("--state-file") + 1] = str(state)
    return [*service["entrypoint"], *args]


@pytest.mark.slow
def test_the_services_run_as_written(
    tmp_path: Path, blank_db_url: str, processes: list[subprocess.Popen[str]]
) -> None:
    if shutil.which("sh") is None:
        pytest.skip("no POSIX shell")
    sandbox_port, bridge_port = _free_port(), _free_port()
    sandbox_env = _run_env(service_environment("sandbox", VALUES))
    processes.append(
        subprocess.Popen(
            _sandbox_command(sandbox_port, tmp_path / "sandbox.sqlite"),
            env=sandbox_env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
    )  # fmt: skip
    demo = {
        **VALUES,
        # The README's demo settings, with the sandbox's address on this machine instead of "sandbox".
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{sandbox_port}/api/call.cgi",
        "BRIDGE_ALLOW_INSECURE_ISPAPI_URL": "true",
    }
    environment = service_environment("bridge", demo)
    compose_url = make_url(environment["BRIDGE_DATABASE_URL"])
    local = make_url(blank_db_url)
    if local.get_backend_name() == "postgresql":
        assert local.drivername == compose_url.drivername
    # The database server is "db" in the compose network; here a blank database of the test backend.
    environment["BRIDGE_DATABASE_URL"] = blank_db_url
    environment["BRIDGE_PORT"] = str(bridge_port)
    env = _run_env(environment)
    assert not _healthy(env)

    command = load()["services"]["bridge"]["command"]
    bridge = subprocess.Popen(
        [str(ENTRYPOINT), *command],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(bridge)
    deadline = time.monotonic() + 90
    while not _healthy(env):
        assert bridge.poll() is None, bridge.communicate()
        assert time.monotonic() < deadline, "the bridge did not become ready"
        time.sleep(0.5)

    doctor = subprocess.run(
        [str(ENTRYPOINT), "doctor", "--login", "demo", "--password-env", "ISPAPI_SANDBOX_PASSWORD", "--ote"],
        env={**env, "ISPAPI_SANDBOX_PASSWORD": VALUES["SANDBOX_PASSWORD"]},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr

    sandbox = processes[0]
    sandbox.send_signal(signal.SIGTERM)
    sandbox.communicate(timeout=30)
    assert not _healthy(env)  # /readyz says the registry endpoint is down

    bridge.send_signal(signal.SIGTERM)  # what `docker compose stop` sends; exec made it reach uvicorn
    stdout, stderr = bridge.communicate(timeout=60)
    assert bridge.returncode in (0, -signal.SIGTERM), stderr
    assert stdout.startswith("database created at the latest schema")  # migrated before serving
    assert "(2 worker processes)" in stderr and "Traceback" not in stderr and SECRET not in stderr


def test_compose_interpolation_follows_the_specification() -> None:
    values = {"SET": "x", "EMPTY": ""}
    assert interpolate("${SET:-d} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} $$HOME", values) == "x d d  $HOME"
    with pytest.raises(MissingVariable, match="EMPTY: needed"):
        interpolate("${EMPTY:?needed}", values)
    assert interpolate("${EMPTY?needed}", values) == ""
