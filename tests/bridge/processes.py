"""Real bridge processes for the logging and metrics tests: environment, start-up wait, a signed call."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.bridge.conftest import SECRET, closed_port, envelope, signed_headers

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = "AdditionalFieldsCatalogue"  # answered by the bridge alone, no registry needed


def bridge_env(db_url: str, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BRIDGE_", "PROMETHEUS_"))}
    return {
        **base,
        "PYTHONPATH": str(ROOT),
        "BRIDGE_DATABASE_URL": db_url,
        "BRIDGE_SECRET": SECRET,
        "BRIDGE_ISPAPI_URL": f"http://127.0.0.1:{closed_port()}/api/call.cgi",
        **extra,
    }


def wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    with httpx.Client(timeout=1, trust_env=False) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"exited with {process.returncode}:\n{log.read_text()}")
            try:
                if client.get(url).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
    raise AssertionError(f"not up within 60 s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def started_processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        stop(process)


def call_catalogue(client: httpx.Client, base: str) -> str:
    data = envelope(CATALOGUE)
    body = json.dumps(data).encode()
    response = client.post(
        f"{base}/v1/whmcs/{CATALOGUE}",
        content=body,
        headers=signed_headers(body, request_id=data["request_id"]),
    )
    assert response.status_code == 200 and response.json()["ok"] is True
    return str(data["request_id"])
