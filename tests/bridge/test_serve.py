"""`ispapi-bridge serve` as an operator runs it: flags and settings, one-sentence refusals, TLS, workers."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app import __version__, serving
from app.settings import Settings
from tests.bridge.conftest import SECRET, closed_port, envelope, signed_headers
from tests.bridge.test_cli import ROOT, run_cli

ONE_SENTENCE = re.compile(r"^[^\n]+\n?$")


def _env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_")}
    return {**base, "PYTHONPATH": str(ROOT), **extra}


def _wait_for(url: str, *, verify: bool | ssl.SSLContext = True, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=2, trust_env=False, verify=verify) as client:
        while True:
            try:
                return client.get(url)
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


@pytest.fixture
def serve_process(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    """Started `serve` processes, stopped with SIGTERM (as systemd and docker do) at the end."""
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


def _serve(started: list[subprocess.Popen[str]], cwd: Path, *flags: str, **env: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", *flags],
        env=_env(**env),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started.append(process)
    return process


def test_version_is_the_package_version(tmp_path: Path) -> None:
    result = run_cli("--version", env={}, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"ispapi-bridge {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "bridge.example.net"])
def test_plain_http_on_a_network_address_is_refused_and_says_why(tmp_path: Path, host: str) -> None:
    result = run_cli("serve", "--host", host, env={"BRIDGE_SECRET": SECRET}, cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert "password" in result.stderr and "unencrypted" in result.stderr
    assert "--allow-insecure-http" in result.stderr and "Traceback" not in result.stderr
    assert "serving on" not in result.stderr


def test_plain_http_setting_is_checked_like_the_flag() -> None:
    with pytest.raises(ValueError, match="password"):
        Settings(_env_file=None, secret=SECRET, host="0.0.0.0")
    assert Settings(_env_file=None, secret=SECRET, host="0.0.0.0", allow_insecure_http=True).host == "0.0.0.0"
    assert Settings(_env_file=None, secret=SECRET, host="localhost").host == "localhost"
    assert Settings(_env_file=None, secret=SECRET, host="::1").host == "::1"
    with pytest.raises(ValueError, match="together"):
        Settings(_env_file=None, secret=SECRET, ssl_certfile=Path("/etc/hostname"))


def test_flags_override_settings_and_reach_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in serving.FLAG_SETTINGS.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("BRIDGE_PORT", "9000")
    from app.cli import build_parser

    args = build_parser().parse_args(
        ["serve", "--port", "9100", "--workers", "3", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.2"]
    )
    serving.apply_flags(args)
    options = serving.uvicorn_options(Settings(_env_file=None, secret=SECRET))
    assert options["port"] == 9100 and options["workers"] == 3 and options["factory"] is True
    assert options["proxy_headers"] is True and options["forwarded_allow_ips"] == "10.0.0.2"
    assert options["host"] == "127.0.0.1" and options["ssl_certfile"] is None


def test_port_in_use_is_one_sentence_before_any_serving_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env = {"BRIDGE_SECRET": SECRET, "BRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}"}
        result = run_cli("serve", "--port", str(port), env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert ONE_SENTENCE.match(result.stderr), result.stderr
    assert f"cannot listen on 127.0.0.1:{port}: the address is already in use" in result.stderr
    assert "serving on" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "not a database url",
        "postgresql+nosuchdriver://bridge:pw-in-url-123@db/bridge",
        "nosuchdb://bridge:pw-in-url-123@db/bridge",
    ],
)
def test_bad_database_url_is_one_sentence_without_the_password(tmp_path: Path, url: str) -> None:
    for command in ("serve", "migrate"):
        env = {"BRIDGE_SECRET": SECRET, "BRIDGE_DATABASE_URL": url}
        result = run_cli(command, env=env, cwd=tmp_path, timeout=30)
        assert result.returncode == 2, result.stderr
        assert "BRIDGE_DATABASE_URL is not a database URL" in result.stderr
        assert "Traceback" not in result.stderr and "pw-in-url-123" not in result.stderr


def test_out_of_range_port_is_a_configuration_problem(tmp_path: Path) -> None:
    result = run_cli("serve", "--port", "99999", env={"BRIDGE_SECRET": SECRET}, cwd=tmp_path, timeout=30)
    assert result.returncode == 2 and "BRIDGE_PORT" in result.stderr and "65535" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl CLI not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


def test_tls_serves_https_with_the_given_certificate(
    tmp_path: Path, certificate: tuple[Path, Path], serve_process: list[subprocess.Popen[str]]
) -> None:
    cert, key = certificate
    url = f"sqlite:///{tmp_path / 'bridge.db'}"
    assert run_cli("migrate", env={"BRIDGE_DATABASE_URL": url}, cwd=tmp_path).returncode == 0
    port = closed_port()
    process = _serve(
        serve_process, tmp_path, "--port", str(port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key),
        BRIDGE_SECRET=SECRET, BRIDGE_DATABASE_URL=url,
        BRIDGE_ISPAPI_URL=f"http://127.0.0.1:{closed_port()}/api/call.cgi",
    )  # fmt: skip
    answer = _wait_for(f"https://127.0.0.1:{port}/healthz", verify=ssl.create_default_context(cafile=cert))
    assert answer.json() == {"ok": True}
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    # uvicorn shuts down gracefully, then ends by the signal it caught (a clean stop for systemd/docker).
    assert process.returncode in (0, -signal.SIGTERM), stderr
    assert "Application shutdown complete" in stderr
    assert f"serving on https://127.0.0.1:{port} (1 worker process)" in stderr


def test_unusable_certificate_is_one_sentence(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    cert, _ = certificate
    env = {"BRIDGE_SECRET": SECRET, "BRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}"}
    for keyfile in (tmp_path / "missing.pem", cert):  # no file; a certificate where the key should be
        flags = ("--ssl-certfile", str(cert), "--ssl-keyfile", str(keyfile), "--port", str(closed_port()))
        result = run_cli("serve", *flags, env=env, cwd=tmp_path, timeout=30)
        assert result.returncode == 1 and ONE_SENTENCE.match(result.stderr), result.stderr
        assert result.stderr.startswith("ispapi-bridge serve: TLS: ")


def _children(pid: int) -> list[str]:
    """Command lines of the direct children of `pid` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                found.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_several_workers_share_one_database(
    tmp_path: Path, db_url: str, serve_process: list[subprocess.Popen[str]]
) -> None:
    port = closed_port()
    process = _serve(
        serve_process, tmp_path, "--workers", "2", "--port", str(port),
        BRIDGE_SECRET=SECRET, BRIDGE_DATABASE_URL=db_url,
        BRIDGE_ISPAPI_URL=f"http://127.0.0.1:{closed_port()}/api/call.cgi",
    )  # fmt: skip
    assert _wait_for(f"http://127.0.0.1:{port}/readyz").status_code in (200, 503)
    workers = [line for line in _children(process.pid) if "spawn_main" in line]
    assert len(workers) == 2, _children(process.pid)

    # The same signed request many times at once: whichever worker gets it, exactly one is accepted,
    # because the replay guard's lock is the shared database's unique constraint.
    body = json.dumps(envelope("GetNameservers", request_id=uuid.uuid4().hex)).encode()
    headers = signed_headers(body, request_id=json.loads(body)["request_id"])

    def send(_: int) -> int:
        with httpx.Client(timeout=30, trust_env=False) as client:
            reply = client.post(
                f"http://127.0.0.1:{port}/v1/whmcs/GetNameservers", content=body, headers=headers
            )
            return reply.status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(send, range(16)))
    assert statuses.count(200) == 1 and statuses.count(401) == 15, statuses
    # Whichever worker answers /metrics counts the rejections of both (multiprocess metrics).
    scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30, trust_env=False).text
    rejected = re.search(r'^bridge_rejected_requests_total\{status="401"\} (\S+)$', scraped, re.M)
    assert rejected is not None and float(rejected.group(1)) == 15, scraped
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (0, -signal.SIGTERM), stderr
    assert "(2 worker processes)" in stderr and SECRET not in stderr
