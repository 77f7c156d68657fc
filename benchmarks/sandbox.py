"""Sandbox speed, ISPAPI and CentralNic Reseller (CNR) side by side: the TLD catalogue's build time,
StatusDomain calls per second (in-process and over HTTP on loopback, zero latency) and the time of a
1,000-row QueryDomainList page over 100,000 seeded domains in each dialect's live world. One JSON line.

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
from sandbox.cnr.engine import CnrEngine
from sandbox.core import Executed, Sandbox, SandboxConfig
from sandbox.systems import CNR

LOGIN, PASSWORD = "bench", "bench-password-1"
PAGE = 1000


def _body(command: str, **params: object) -> bytes:
    lines = [f"COMMAND={command}"] + [f"{k}={v}" for k, v in params.items()]
    return urlencode(
        {"s_entity": "54cd", "s_login": LOGIN, "s_pw": PASSWORD, "s_command": "\n".join(lines)}
    ).encode()


def _cnr_body(command: str, **params: object) -> bytes:
    lines = [f"COMMAND={command}"] + [f"{k}={v}" for k, v in params.items()]
    return urlencode({"s_login": LOGIN, "s_pw": PASSWORD, "s_command": "\n".join(lines)}).encode()


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


def _pages(
    execute: Callable[[bytes], Executed], query: Callable[[int], bytes], marker: str, domains: int
) -> list[float]:
    """20 pages spread over the whole list (first, middle, last), each parsed, run and rendered to text."""
    pages = max(1, -(-domains // PAGE))
    times = []
    for first in sorted({(pages - 1) * i // 19 * PAGE for i in range(20)}):
        body = query(first)
        t = time.perf_counter()
        executed = execute(body)
        times.append(time.perf_counter() - t)
        assert executed.code == 200, first
        assert executed.text.count(marker) == min(PAGE, domains - first), first
    return times


def _over_http(app: object, calls: dict[str, tuple[str, bytes]], seconds: float) -> dict[str, float]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        with httpx.Client(timeout=10) as client:
            return {
                key: _rate(
                    lambda p=path, b=body: client.post(f"http://127.0.0.1:{port}{p}", content=b), seconds
                )
                for key, (path, body) in calls.items()
            }
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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
    cnr = CnrEngine(engine, CNR)
    started = time.perf_counter()
    engine.seed_domains(args.domains)
    seed_seconds = time.perf_counter() - started
    engine.seed_domains(args.domains, entity=CNR)
    status = _body("StatusDomain", DOMAIN=next(iter(engine.worlds["54cd"].domains)))
    cnr_status = _cnr_body("StatusDomain", DOMAIN=next(iter(engine.worlds[CNR].domains)))
    assert engine.execute(status).code == 200 and cnr.execute(cnr_status).code == 200
    ispapi_pages = _pages(
        engine.execute,
        lambda first: _body("QueryDomainList", VERSION=2, WIDE=1, FIRST=first, LIMIT=PAGE),
        "PROPERTY[OBJECTID][",
        args.domains,
    )
    cnr_pages = _pages(
        cnr.execute,
        lambda first: _cnr_body("QueryDomainList", WIDE=1, FIRST=first, LIMIT=PAGE),
        "property[domain][",
        args.domains,
    )
    results = {
        "domains": args.domains,
        "catalogue_build_seconds": round(catalogue_seconds, 3),
        "seed_seconds": round(seed_seconds, 2),
        "status_domain_per_second_in_process": round(_rate(lambda: engine.execute(status), args.seconds)),
        "cnr_status_domain_per_second_in_process": round(
            _rate(lambda: cnr.execute(cnr_status), args.seconds)
        ),
    }
    http = _over_http(
        app, {"ispapi": ("/api/call.cgi", status), "cnr": ("/cnr/api/call.cgi", cnr_status)}, args.seconds
    )
    results["status_domain_per_second_http_loopback"] = round(http["ispapi"])
    results["cnr_status_domain_per_second_http_loopback"] = round(http["cnr"])
    for prefix, times in (("", ispapi_pages), ("cnr_", cnr_pages)):
        results[f"{prefix}query_domain_list_1000_rows_ms_median"] = round(statistics.median(times) * 1000, 1)
        results[f"{prefix}query_domain_list_1000_rows_ms_max"] = round(max(times) * 1000, 1)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
