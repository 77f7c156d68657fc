"""The benchmarks' own processes: the sandbox as a process of its own, a raw-socket HTTP client, CPU time.

A benchmark that serves the sandbox from a thread of its own process, or drives the bridge with a Python
HTTP library from threads of that process, measures its own GIL as much as the bridge: the registry, the
load generator and the bridge then queue for the same two cores and the same interpreter lock. Here the
sandbox runs as `python -m sandbox` (its own process, like a remote registry), and the clients speak
HTTP/1.1 over plain sockets, one new connection per call with `Connection: close` (as PHP's curl does for
WHMCS), in worker processes of their own.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.ispapi import parse_response
from app.ispapi.wire import command_fields
from app.security import sign
from tests.e2e.stack import ROOT, free_port

LOGIN = "demo"
STARTUP_SECONDS = 60.0


@dataclass
class SandboxProcess:
    """`python -m sandbox` on a free port: its API URL, the reseller password and its command count."""

    sandbox_url: str
    password: str
    base_url: str
    pid: int

    def commands(self) -> int:
        """Commands the sandbox has executed so far (its /_sandbox/commands log)."""
        with httpx.Client(trust_env=False, timeout=30.0) as client:
            text = client.get(f"{self.base_url}/_sandbox/commands").text
        return sum(1 for line in text.splitlines() if line.strip())

    def api(self, command: str, **params: Any) -> Any:
        form = command_fields(
            {"COMMAND": command, **params}, entity="54cd", login=LOGIN, password=self.password
        )
        with httpx.Client(trust_env=False, timeout=60.0) as client:
            return parse_response(client.post(self.sandbox_url, data=form).content)

    def domains(self) -> list[str]:
        """Every domain of the reseller (QueryDomainList), sorted."""
        reply = self.api("QueryDomainList", LIMIT="10000")
        return sorted(reply.column("DOMAIN"))


@contextmanager
def sandbox_process(*, latency_ms: int, seed_domains: int = 0) -> Iterator[SandboxProcess]:
    password = secrets.token_urlsafe(12)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update({"PYTHONPATH": str(ROOT), "ISPAPI_SANDBOX_PASSWORD": password})
    args = [sys.executable, "-m", "sandbox", "--port", str(port), "--latency-ms", str(latency_ms)]
    if seed_domains:
        args += ["--seed-domains", str(seed_domains)]
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        with httpx.Client(trust_env=False, timeout=1.0) as client:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the sandbox exited with {process.returncode}")
                try:
                    client.get(f"{base}/_sandbox/commands")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        yield SandboxProcess(
            sandbox_url=f"{base}/api/call.cgi", password=password, base_url=base, pid=process.pid
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# ---------------------------------------------------------------- a raw-socket HTTP/1.1 client


def raw_request(
    url: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """One request on a new connection (`Connection: close`): (status, body), read until the server closes."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    with socket.create_connection((host, port), timeout=60.0) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(head + body)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    reply = b"".join(chunks)
    header, _, content = reply.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in header.lower():
        content = _unchunk(content)
    return status, content


def _unchunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


def signed_request(
    function: str,
    params: dict[str, Any],
    *,
    secret: str,
    password: str,
    config: dict[str, Any] | None = None,
    module_log: bool | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A WHMCS call as the shim sends it: (JSON body, headers with the signature and the shim's timeout).
    `config`: module settings beside the login; `module_log`: WHMCS's Module Debug Mode as the shim reports it
    (None: not sent, as by an older shim)."""
    request_id = secrets.token_hex(16)
    whmcs: dict[str, Any] = {"area": "cron"}
    if module_log is not None:
        whmcs["module_log"] = module_log
    envelope = {
        "protocol": "ispapi-bridge/1",
        "request_id": request_id,
        "function": function,
        "whmcs": whmcs,
        "config": {"Username": LOGIN, "Password": password, **(config or {})},
        "params": params,
    }
    body = json.dumps(envelope).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Bridge-Signature": sign(secret, body),
        "X-Request-Id": request_id,
        "X-Bridge-Timeout": "30",  # the shim always sends its curl timeout
    }
    return body, headers


def signed_call(
    url: str,
    secret: str,
    function: str,
    params: dict[str, Any],
    *,
    password: str,
    config: dict[str, Any] | None = None,
    module_log: bool | None = None,
) -> tuple[int, dict[str, Any]]:
    """One signed WHMCS call on a new connection, as the shim's curl makes it (`signed_request`): (HTTP
    status, response envelope)."""
    body, headers = signed_request(
        function, params, secret=secret, password=password, config=config, module_log=module_log
    )
    status, content = raw_request(url, "POST", f"/v1/whmcs/{function}", body, headers)
    return status, json.loads(content) if status == 200 else {}
