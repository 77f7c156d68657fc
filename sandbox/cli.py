"""`ispapi-sandbox`: run the sandbox over HTTP (uvicorn).

    ispapi-sandbox --host 127.0.0.1 --port 8765 [--login demo] [--password ...] [--state-file F]
                   [--latency-ms N] [--fault KIND=P | COMMAND:KIND=P ...] [--seed-domains N]
                   [--command-log F] [--admin-token T] [--entity-currency USD] [--dialect ispapi|cnr]

One process serves ISPAPI at /api/call.cgi and CentralNic Reseller (CNR) at /cnr/api/call.cgi (live) and
/cnr-ote/api/call.cgi (OT&E); `--dialect cnr` makes /api/call.cgi speak CNR (live). The account, the
latency and the faults apply to every system; --seed-domains seeds each live system (distinct names).

Prints the login, the password (generated when not given) and the URL for BRIDGE_ISPAPI_URL at start-up.
The admin path /_sandbox/ is open on loopback and needs a token on any other address (generated and
printed when --admin-token is not given). Ctrl-C stops cleanly (the state file is saved on the way out).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import secrets
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

import uvicorn

from sandbox.app import DIALECTS, create_app
from sandbox.controls import ControlError, parse_fault
from sandbox.core import Sandbox, SandboxConfig
from sandbox.errors import SandboxError
from sandbox.numbers import is_whole_number
from sandbox.persistence import StateStore
from sandbox.systems import LIVE_WORLDS, SYSTEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ispapi-sandbox", description="Offline ISPAPI sandbox (HEXONET API)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="listen port (default 8765)")
    parser.add_argument("--login", default="demo", help="reseller login (default demo)")
    parser.add_argument("--password", default=None, help="reseller password (generated when omitted)")
    parser.add_argument("--currency", default="USD", help="account currency (default USD)")
    parser.add_argument("--state-file", type=Path, default=None, help="SQLite file keeping the state")
    parser.add_argument(
        "--latency-ms",
        action="append",
        default=[],
        metavar="N|COMMAND=N",
        help="delay before every reply (N) or before one command's replies; repeatable",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND=P",
        help="fault probability, KIND one of temporary, dropped, reply_lost, slow; "
        "COMMAND:KIND=P for one command; repeatable",
    )
    parser.add_argument("--fault-seed", type=int, default=0, help="seed of the fault random source")
    parser.add_argument("--seed-domains", type=int, default=0, metavar="N", help="add N generated domains")
    parser.add_argument("--command-log", type=Path, default=None, help="append every command as a JSON line")
    parser.add_argument("--admin-token", default=None, help="token for /_sandbox/ (required off loopback)")
    parser.add_argument(
        "--empty-world",
        action="store_true",
        help="no names reserved by RFC 2606/6761 and none held at other registrars: every valid name is free",
    )
    parser.add_argument(
        "--dialect", choices=DIALECTS, default="ispapi", help="what /api/call.cgi speaks (default ispapi)"
    )
    return parser


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _LogFile:
    """Appends command-log entries (already masked by the engine) to a file, one JSON object per line."""

    def __init__(self, path: Path) -> None:
        self._handle: TextIO = path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def __call__(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._handle.write(json.dumps(entry, default=str) + "\n")
            self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _apply_faults(engine: Sandbox, args: argparse.Namespace) -> None:
    """--fault-seed, --latency-ms and --fault, for every registry system alike."""
    latency: list[tuple[str, int]] = []
    for spec in args.latency_ms:
        command, _, value = spec.rpartition("=")
        if not is_whole_number(value):
            raise ControlError(f"--latency-ms wants N or COMMAND=N milliseconds, got {spec!r}")
        latency.append((command.upper(), int(value)))
    faults = [parse_fault(spec) for spec in args.fault]
    for system in SYSTEMS:
        engine.system_faults[system].reseed(args.fault_seed)
        for command, ms in latency:
            if command:
                engine.system_latency[system].per_command[command] = ms
            else:
                engine.system_latency[system].default_ms = ms
        for kind, probability, fault_command in faults:
            engine.system_faults[system].set(kind, probability, command=fault_command)


def build(args: argparse.Namespace) -> tuple[Sandbox, StateStore | None, str | None, str]:
    """The engine, its store and the admin token for the parsed arguments; returns the password too."""
    password = args.password or secrets.token_urlsafe(12)
    engine = Sandbox(
        SandboxConfig(
            login=args.login,
            password=password,
            currency=args.currency,
            world_registrants=not args.empty_world,
        )
    )
    _apply_faults(engine, args)
    store = None
    if args.state_file is not None:
        store = StateStore(args.state_file)
        if store.load(engine):
            account = engine.worlds["54cd"].accounts.get(args.login)
            if account is not None:
                # The stored account keeps its data; the password is the stored one unless given anew.
                if args.password:
                    for world in engine.worlds.values():
                        if args.login in world.accounts:
                            world.accounts[args.login].password = args.password
                password = account.password
    if args.seed_domains:
        for entity in LIVE_WORLDS:
            engine.seed_domains(args.seed_domains, entity=entity)
    token = args.admin_token
    if token is not None and not token.strip():
        # An empty token would make every control request "authorised": refuse it rather than guess.
        raise ControlError(
            "--admin-token is empty; give a real token or leave the option out "
            "(one is generated when the sandbox listens beyond loopback)"
        )
    if token is None and not _is_loopback(args.host):
        token = secrets.token_urlsafe(24)
    return engine, store, token, password


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        engine, store, token, password = build(args)
    except (ControlError, SandboxError, OSError) as exc:
        print(f"ispapi-sandbox: {exc}", file=sys.stderr)
        return 2
    log_file = _LogFile(args.command_log) if args.command_log else None
    if log_file is not None:
        engine.log_sinks.append(log_file)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"ISPAPI sandbox on http://{host}:{args.port}/api/call.cgi")
    print(f"  login:    {args.login}")
    print(f"  password: {password}")
    print(f"  BRIDGE_ISPAPI_URL=http://{host}:{args.port}/api/call.cgi")
    print(f"  CNR:      http://{host}:{args.port}/cnr/api/call.cgi (OT&E: /cnr-ote/api/call.cgi)")
    if args.dialect == "cnr":
        print("  /api/call.cgi speaks CNR (live)")
    print(f"  admin:    http://{host}:{args.port}/_sandbox/" + (f"  (token: {token})" if token else ""))
    if store is not None:
        print(f"  state:    {args.state_file}")
    sys.stdout.flush()
    app = create_app(engine, admin_token=token, store=store, dialect=args.dialect)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", lifespan="on")
    except KeyboardInterrupt:
        pass
    finally:
        if log_file is not None:
            log_file.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
