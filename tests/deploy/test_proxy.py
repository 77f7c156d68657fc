"""deploy/Caddyfile, the TLS proxy of the compose file's "tls" profile, checked by the real caddy binary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.compose import ROOT, load

CADDYFILE = ROOT / "deploy" / "Caddyfile"
pytestmark = pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy not installed (make caddy)")


def _caddy(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "BRIDGE_DOMAIN": "bridge.example.net",
    }
    return subprocess.run(
        ["caddy", command, "--adapter", "caddyfile", "--config", str(CADDYFILE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_caddyfile_is_valid(tmp_path: Path) -> None:
    result = _caddy("validate", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def test_caddy_serves_the_bridge_over_https_and_keeps_metrics_inside(tmp_path: Path) -> None:
    adapted = _caddy("adapt", tmp_path)
    assert adapted.returncode == 0, adapted.stderr
    server: dict[str, Any] = json.loads(adapted.stdout)["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]
    [route] = server["routes"]
    assert route["match"] == [{"host": ["bridge.example.net"]}]
    handlers = [step for sub in route["handle"][0]["routes"] for step in sub["handle"]]
    proxies = [h for h in handlers if h["handler"] == "reverse_proxy"]
    # The upstream is the compose service "bridge" on the port its environment sets.
    bridge_port = load()["services"]["bridge"]["environment"]["BRIDGE_PORT"]
    assert proxies and proxies[0]["upstreams"] == [{"dial": f"bridge:{bridge_port}"}]
    blocked = [
        sub
        for sub in route["handle"][0]["routes"]
        if sub.get("match") == [{"path": ["/metrics", "/metrics/*"]}]
    ]
    assert blocked and blocked[0]["handle"] == [{"handler": "static_response", "status_code": 404}]
