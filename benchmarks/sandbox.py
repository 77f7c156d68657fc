"""Sandbox speed: the TLD catalogue's build time, StatusDomain calls per second (in-process and over HTTP on
loopback, zero latency) and the time of a 1,000-row QueryDomainList page over 100,000 seeded domains. Prints
one JSON line.

    .venv/bin/python benchmarks/sandbox.py [--domains 100000] [--seconds 2]   (as `make bench` runs it)
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

# Run as a script, this file's folder comes first on sys.path and this very file would shadow the
# `sandbox` package; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import uvicorn

from sandbox.app import create_app
from sandbox.catalogue import Catalogue
from sandbox.core import Sandbox, SandboxConfig

LOGIN, PASSWORD = "bench", "bench-password-1"
PAGE = 1000


def _body(command: str, **params: object) -> bytes:
    lines = [f"COMMAND={command}"] + [f"{k}={v}" for k, v in params.items()]
    return urlencode(
        {"s_entity": "54cd", "s_login": LOGIN, "s_pw": PASSWORD, "s_command": "\n".join(lines)}
    ).encode()


def _rate(call: Callable[[], object], seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        call()
        count += 1
    return count / (time.perf_counter() - started)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--domains", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    started = time.perf_counter()
    Catalogue.build()  # every Sandbox() builds its TLD catalogue (1,500+ TLDs) once
    catalogue_seconds = time.perf_counter() - started
    engine = Sandbox(SandboxConfig(login=LOGIN, password=PASSWORD))
    app = create_app(engine)
    started = time.perf_counter()
    engine.seed_domains(args.domains)
    seed_seconds = time.perf_counter() - started
    name = next(iter(engine.worlds["54cd"].domains))
    status = _body("StatusDomain", DOMAIN=name)
    assert engine.execute(status).code == 200
    in_process = _rate(lambda: engine.execute(status), args.seconds)

    # 20 pages spread over the whole list (first, middle, last), each parsed, run and rendered to text.
    pages = max(1, -(-args.domains // PAGE))
    page_times = []
    for first in sorted({(pages - 1) * i // 19 * PAGE for i in range(20)}):
        query = _body("QueryDomainList", VERSION=2, WIDE=1, FIRST=first, LIMIT=PAGE)
        t = time.perf_counter()
        executed = engine.execute(query)
        page_times.append(time.perf_counter() - t)
        assert executed.code == 200
        assert executed.text.count("PROPERTY[OBJECTID][") == min(PAGE, args.domains - first), first

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        with httpx.Client(timeout=10) as client:
            url = f"http://127.0.0.1:{port}/api/call.cgi"
            over_http = _rate(lambda: client.post(url, content=status), args.seconds)
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    print(
        json.dumps(
            {
                "domains": args.domains,
                "catalogue_build_ms": round(catalogue_seconds * 1000, 1),
                "seed_seconds": round(seed_seconds, 2),
                "status_domain_per_second_in_process": round(in_process),
                "status_domain_per_second_http_loopback": round(over_http),
                "query_domain_list_1000_rows_ms_median": round(statistics.median(page_times) * 1000, 1),
                "query_domain_list_1000_rows_ms_max": round(max(page_times) * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
