"""`ispapi-bridge`: serve the bridge, migrate its database, check an installation.

    ispapi-bridge serve      run the HTTP service on BRIDGE_HOST:BRIDGE_PORT (default 127.0.0.1:8080);
                             --host --port --workers --ssl-certfile ... override the settings (app/serving.py)
    ispapi-bridge migrate    bring the database to the latest schema (Alembic upgrade head)
    ispapi-bridge doctor     one "OK ..." / "PROBLEM ..." line per check; exit 1 when anything is wrong;
                             --backend cnr checks a CentralNic Reseller account (app/doctor/cnr.py)
    ispapi-bridge ledger     the trade-cost ledger (billable owner changes) as a table or CSV
    ispapi-bridge sync       state of the account's domain snapshot; --refresh rebuilds it now
    ispapi-bridge pricing    state of the account's TLD pricing cache; --refresh reloads it now
                             (both: --backend ispapi|cnr, the module setting `Backend` of the account)

Configuration errors are printed as plain sentences with exit code 2, never as a traceback. Subcommands
are registered in `_COMMANDS`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from app import __version__, serving
from app.settings import Settings, ToolSettings, describe_validation_error, ispapi_url_problem

if TYPE_CHECKING:
    from app.cnr import System as CnrSystem
    from app.db.session import Database
    from app.ispapi import IspapiClient
    from app.registrar.base import ModuleConfig
    from app.registry import Backend, RegistryCaller

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_CONFIG = 2

_Loaded = TypeVar("_Loaded", bound=ToolSettings)


def _fail_config(message: str) -> int:
    print(f"ispapi-bridge: configuration problem:\n{message}", file=sys.stderr)
    return EXIT_CONFIG


def _load(settings_class: type[_Loaded]) -> _Loaded | str:
    """The settings, or the readable description of what is wrong with them."""
    try:
        return settings_class()
    except ValidationError as exc:
        return describe_validation_error(exc)


def cmd_serve(args: argparse.Namespace) -> int:
    serving.apply_flags(args)
    settings = _load(Settings)
    if isinstance(settings, str):
        return _fail_config(settings)
    import uvicorn

    from app.additional_fields import DefinitionError
    from app.log_config import uvicorn_log_config
    from app.main import create_app
    from app.metrics.server import MetricsServerError, metrics_for_serve

    try:
        app = create_app(settings)
    except DefinitionError as exc:
        return _fail_config(f"additional domain fields: {exc}")
    try:
        serving.check_tls(settings.ssl_certfile, settings.ssl_keyfile)
        serving.check_address(settings.host, settings.port)
    except serving.ServeProblem as exc:
        print(f"ispapi-bridge serve: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    listening = serving.describe(settings)
    processes = "1 worker process" if listening.workers == 1 else f"{listening.workers} worker processes"
    options = serving.uvicorn_options(settings)
    # uvicorn's own lines (access, errors) in the bridge's log format, with the request id (app/log_config.py)
    options["log_config"] = uvicorn_log_config(settings.log_level, settings.log_format)
    try:
        # More than one worker turns on multiprocess metrics (set up before the workers start).
        with metrics_for_serve(settings, workers=settings.workers):
            print(f"ispapi-bridge serving on {listening.url} ({processes})", file=sys.stderr)
            uvicorn.run("app.main:create_app" if options["factory"] else app, **options)
    except MetricsServerError as exc:
        print(f"ispapi-bridge serve: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except SystemExit as exc:  # uvicorn's own start-up failure; it has logged why
        return EXIT_PROBLEM if exc.code else EXIT_OK
    return EXIT_OK


def _migration_summary(before: set[str], after: set[str]) -> str:
    revision = ", ".join(sorted(after))
    if not before:
        return f"database created at the latest schema (revision {revision})"
    if before == after:
        return f"database already at the latest schema (revision {revision}); nothing to do"
    return f"database upgraded from revision {', '.join(sorted(before))} to the latest schema ({revision})"


def cmd_migrate(_args: argparse.Namespace) -> int:
    settings = _load(ToolSettings)
    if isinstance(settings, str):
        return _fail_config(settings)
    from app.db import migrations

    try:
        before, after = migrations.upgrade_to_head(settings.database_url)
    except SQLAlchemyError as exc:
        print(
            f"ispapi-bridge migrate: cannot migrate the database ({type(exc).__name__}); "
            "check BRIDGE_DATABASE_URL and that the database server is running",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    print(_migration_summary(before, after))
    return EXIT_OK


# ---- doctor ----

Check = tuple[bool, str]  # as app.doctor.Check, without importing it for every subcommand


def _check_database(url: str) -> Check:
    from app.db.migrations import schema_is_current
    from app.db.session import make_engine

    engine = make_engine(url)
    try:
        current = schema_is_current(engine)
    except SQLAlchemyError as exc:
        return False, (
            f"database not reachable ({type(exc).__name__}): "
            "check BRIDGE_DATABASE_URL and that the database server is running"
        )
    finally:
        engine.dispose()
    if not current:
        return False, "database is reachable but not migrated: run `ispapi-bridge migrate`"
    return True, "database reachable and migrated"


def _check_secret() -> Check:
    settings = _load(Settings)
    if isinstance(settings, str):
        return False, settings.replace("\n", "; ")
    return True, "BRIDGE_SECRET is set"


def _endpoint(args: argparse.Namespace, configured: str | None) -> str:
    from app.ispapi import System

    return args.url or configured or (System.OTE if args.ote else System.LIVE).url


async def _check_upstream(url: str, *, api: str = "ISPAPI", setting: str = "BRIDGE_ISPAPI_URL") -> Check:
    from app.upstream import probe

    problem = await probe(url, timeout=5.0)
    if problem is not None:
        return False, (
            f"{api} endpoint {url} not reachable: {problem}; check the network, a firewall, or {setting}"
        )
    return True, f"{api} endpoint {url} reachable"


def _client(
    args: argparse.Namespace, *, password: str, url: str | None, timeout: float, allow_insecure: bool
) -> IspapiClient:
    """The ISPAPI client for `--login` (login!role for a role user) on `--ote` or LIVE."""
    from app.ispapi import IspapiClient, System
    from app.upstream import split_login

    login, role = split_login(args.login)
    return IspapiClient(
        login=login,
        password=password,
        role=role,
        system=System.OTE if args.ote else System.LIVE,
        url=url,
        timeout=timeout,
        allow_insecure_url=allow_insecure,
    )


async def _check_credentials(args: argparse.Namespace, url: str, password: str) -> Check:
    from app.exchange import ExchangeError
    from app.ispapi import Response

    client = _client(args, password=password, url=url, timeout=20.0, allow_insecure=args.allow_insecure)
    async with client:
        try:
            response: Response | ExchangeError = await client.call({"COMMAND": "CheckAuthentication"})
        except ExchangeError as exc:
            response = exc  # quoted below with the SDK wording (421 ...), like a reply
    if isinstance(response, Response) and response.code == 200:
        return True, f"CheckAuthentication for {args.login} answered 200"
    return False, (
        f"CheckAuthentication for {args.login} answered {response.code} {response.description}: "
        "check Username/Password, the OT&E/LIVE choice and the account's IP restrictions"
    )


def _password(args: argparse.Namespace) -> tuple[str | None, Check | None]:
    """The password to check the login with, or the problem with how it was given (None, None: no
    credentials check was asked for)."""
    password = os.environ.get(args.password_env) if args.password_env else args.password
    if args.password_env and not password:
        # One problem, not also "--login given without a password": the variable is what is missing.
        return None, (False, f"environment variable {args.password_env} (--password-env) is not set")
    if args.login and not password:
        return None, (False, "--login given without --password or --password-env")
    return (password if args.login else None), None


def _ispapi_checks(args: argparse.Namespace, tool: ToolSettings | None) -> list[Check]:
    url = _endpoint(args, tool.ispapi_url if tool is not None else None)
    problem = ispapi_url_problem(url, allow_insecure=args.allow_insecure)
    if problem is not None:
        return [(False, problem)]
    reachable = asyncio.run(_check_upstream(url))
    password, password_problem = _password(args)
    if password_problem is not None:
        return [reachable, password_problem]
    if password is None:
        return [reachable]
    if not reachable[0]:
        return [reachable, (False, "credentials not checked: the ISPAPI endpoint is not reachable")]
    return [reachable, asyncio.run(_check_credentials(args, url, password))]


def _cnr_urls(args: argparse.Namespace, tool: ToolSettings | None) -> dict[CnrSystem, str]:
    """The CNR systems' endpoints: BRIDGE_CNR_URL / BRIDGE_CNR_OTE_URL, else the real ones. `--url` replaces
    the chosen system's, and then the other system is only tried when its variable names it (a sandbox
    checked by URL must not send its login to the real registry)."""
    from app.cnr import System

    configured = {
        System.LIVE: tool.cnr_url if tool is not None else None,
        System.OTE: tool.cnr_ote_url if tool is not None else None,
    }
    chosen = System.OTE if args.ote else System.LIVE
    if args.url:
        urls = {each: url for each, url in configured.items() if url and each is not chosen}
        return {**urls, chosen: args.url}
    return {each: url or each.url for each, url in configured.items()}


def _cnr_checks(args: argparse.Namespace, tool: ToolSettings | None) -> list[Check]:
    from app.cnr import System
    from app.doctor.cnr import CnrTarget, check_account

    system = System.OTE if args.ote else System.LIVE
    setting = {System.LIVE: "BRIDGE_CNR_URL", System.OTE: "BRIDGE_CNR_OTE_URL"}
    urls = _cnr_urls(args, tool)
    usable = {
        each: url
        for each, url in urls.items()
        if ispapi_url_problem(url, allow_insecure=args.allow_insecure, name=setting[each]) is None
    }
    if system not in usable:
        problem = ispapi_url_problem(urls[system], allow_insecure=args.allow_insecure, name=setting[system])
        return [(False, str(problem))]
    reachable = asyncio.run(_check_upstream(urls[system], api="CNR", setting=setting[system]))
    password, password_problem = _password(args)
    if password_problem is not None:
        return [reachable, password_problem]
    if password is None:
        return [reachable]
    if not reachable[0]:
        return [reachable, (False, "credentials not checked: the CNR endpoint is not reachable")]
    target = CnrTarget(
        username=args.login, password=password, system=system, urls=usable, allow_insecure=args.allow_insecure
    )
    return [reachable, *asyncio.run(check_account(target))]


# `doctor --backend`: the registry checks after the bridge's own (secret, database).
_REGISTRY_CHECKS: dict[str, Callable[[argparse.Namespace, ToolSettings | None], list[Check]]] = {
    "ispapi": _ispapi_checks,
    "cnr": _cnr_checks,
}


def cmd_doctor(args: argparse.Namespace) -> int:
    checks: list[Check] = [_check_secret()]
    tool = _load(ToolSettings)
    if isinstance(tool, str):
        checks.append((False, tool.replace("\n", "; ")))
        loaded = None
    else:
        loaded = tool
        args.allow_insecure = args.allow_insecure or tool.allow_insecure_ispapi_url
        checks.append(_check_database(tool.database_url))
    checks.extend(_REGISTRY_CHECKS[args.backend](args, loaded))
    for ok, text in checks:
        print(f"{'OK' if ok else 'PROBLEM'} {text}")
    return EXIT_OK if all(ok for ok, _ in checks) else EXIT_PROBLEM


# ---- sync / pricing: refresh the account caches by hand ----


class ProgressBar:
    """`[#####-----]  512/1000 domains` on stderr, redrawn in place."""

    WIDTH = 30

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        filled = min(self.WIDTH, self.WIDTH * done // total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        print(f"\r[{bar}] {done:>7}/{total} {self.unit}", end="", file=sys.stderr, flush=True)
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            print(file=sys.stderr)


# The module setting `Backend` each --backend value stands for, and how its login names a role user.
BACKENDS = {"ispapi": "login!role", "cnr": "login:role"}


@dataclass(frozen=True)
class _Endpoints:
    """The registry endpoints of a refresh: the bridge's settings, the chosen system's replaced by --url
    (app.upstream.ClientSettings)."""

    ispapi_url: str | None
    cnr_url: str | None
    cnr_ote_url: str | None
    allow_insecure_ispapi_url: bool
    ispapi_timeout_seconds: float = 60.0


# (--backend, --ote) -> the endpoint setting that --url stands in for.
_URL_SETTING = {
    ("ispapi", False): "ispapi_url",
    ("ispapi", True): "ispapi_url",  # one ISPAPI endpoint serves both systems
    ("cnr", False): "cnr_url",
    ("cnr", True): "cnr_ote_url",
}


def _endpoints(args: argparse.Namespace, tool: ToolSettings) -> _Endpoints:
    endpoints = _Endpoints(
        ispapi_url=tool.ispapi_url,
        cnr_url=tool.cnr_url,
        cnr_ote_url=tool.cnr_ote_url,
        allow_insecure_ispapi_url=tool.allow_insecure_ispapi_url,
    )
    if args.url:
        endpoints = replace(endpoints, **{_URL_SETTING[args.backend, args.ote]: args.url})
    return endpoints


def _account_args(args: argparse.Namespace) -> tuple[ToolSettings, str, _Endpoints] | int:
    """(settings, password, endpoints) or an exit code after printing the problem."""
    tool = _load(ToolSettings)
    if isinstance(tool, str):
        return _fail_config(tool)
    if not args.login:
        return _fail_config(
            f"--login is required (the registry login, {BACKENDS[args.backend]} for a role user)"
        )
    password = os.environ.get(args.password_env) if args.password_env else None
    if password is None:
        where = (
            f"environment variable {args.password_env} is not set"
            if args.password_env
            else "--password-env VAR"
        )
        return _fail_config(f"the registry password is needed: {where}")
    if args.url is not None:
        problem = ispapi_url_problem(args.url, allow_insecure=tool.allow_insecure_ispapi_url)
        if problem is not None:
            return _fail_config(problem)
    return tool, password, _endpoints(args, tool)


def _module_config(args: argparse.Namespace, password: str) -> ModuleConfig:
    from app.registrar.base import ModuleConfig
    from app.registry import Backend

    return ModuleConfig(
        backend=Backend(args.backend), username=args.login, password=password, test_mode=args.ote
    )


async def _run_refresh(args: argparse.Namespace, what: str) -> int:
    from app.db.session import Database
    from app.errors import OperationFailed
    from app.sync.account import account_of
    from app.upstream import HttpPools, build_client

    prepared = _account_args(args)
    if isinstance(prepared, int):
        return prepared
    tool, password, endpoints = prepared
    config = _module_config(args, password)
    account = account_of(config, endpoints)
    db = Database.from_url(tool.database_url)
    bar = ProgressBar("domains" if what == "sync" else "steps")
    pools = HttpPools(read_timeout=endpoints.ispapi_timeout_seconds)
    try:
        if not args.refresh:
            return _print_state(db, account, what)
        client = build_client(config, settings=endpoints, pools=pools)
        summary = await _refresh(db, client, account, config.backend, what, bar)
        bar.close()
        print(summary)
    except OperationFailed as exc:
        bar.close()
        print(f"ispapi-bridge {what}: refresh failed: {exc.message}", file=sys.stderr)
        return EXIT_PROBLEM
    except SQLAlchemyError as exc:
        bar.close()
        print(
            f"ispapi-bridge {what}: database problem ({type(exc).__name__}); run `ispapi-bridge migrate` "
            "and check BRIDGE_DATABASE_URL",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    finally:
        await pools.aclose()
        db.dispose()
    return EXIT_OK


async def _refresh(
    db: Database, client: RegistryCaller, account: str, backend: Backend, what: str, bar: ProgressBar
) -> str:
    """Refresh the snapshot (`sync`) or the pricing cache now; the line that sums it up."""
    if what == "sync":
        from app.sync import service

        outcome = await service.refresh(db=db, client=client, account=account, progress=bar, backend=backend)
        if outcome.rows is None:
            return f"another process refreshed the snapshot ({outcome.outcome})"
        return f"snapshot refreshed: {outcome.rows} domains, {outcome.calls} registry calls"
    from app.pricing import cache

    result = await cache.refresh(db=db, client=client, account=account, progress=bar, backend=backend)
    if result.value is None:
        return f"another process refreshed the pricing ({result.outcome})"
    data = result.value
    return (
        f"pricing refreshed: {len(data.tlds)} TLDs, {len(data.skipped)} skipped, {data.calls} registry calls"
    )


def _print_state(db: Database, account: str, what: str) -> int:
    from app.db import refresh_state
    from app.pricing.cache import KIND as PRICING
    from app.sync.snapshot import KIND as SNAPSHOT

    with db.sessions() as session:
        state = refresh_state.load(session, account=account, kind=SNAPSHOT if what == "sync" else PRICING)
    if state is None or state.refreshed_at is None:
        print(f"no {what} data yet for this account; run with --refresh")
    else:
        print(
            f"last refresh {state.refreshed_at:%Y-%m-%d %H:%M:%S} UTC: {state.row_count} rows, "
            f"{state.registry_calls} registry calls"
        )
    if state is not None and state.last_error:
        print(f"last refresh failed: {state.last_error}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    return asyncio.run(_run_refresh(args, "sync"))


def cmd_pricing(args: argparse.Namespace) -> int:
    return asyncio.run(_run_refresh(args, "pricing"))


def cmd_ledger(args: argparse.Namespace) -> int:
    """Print the trade-cost ledger (billable owner changes, app/ledger.py)."""
    from datetime import UTC, datetime

    settings = _load(ToolSettings)
    if isinstance(settings, str):
        return _fail_config(settings)
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).replace(tzinfo=UTC)
        except ValueError:
            return _fail_config(f"--since must be a date like 2025-01-31, got {args.since!r}")
    from app import ledger
    from app.db.session import Database

    db = Database.from_url(settings.database_url)
    try:
        with db.sessions() as session:
            rows = ledger.entries(session, since=since)
            sys.stdout.write(ledger.render(rows, as_csv=args.csv))
    except SQLAlchemyError as exc:
        print(
            f"PROBLEM reading the ledger: {type(exc).__name__} (run `ispapi-bridge migrate`?)",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    finally:
        db.dispose()
    return EXIT_OK


_COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "serve": ("run the bridge HTTP service", cmd_serve),
    "migrate": ("migrate the database to the latest schema", cmd_migrate),
    "doctor": ("check database, registry endpoint and (optionally) the registry account", cmd_doctor),
    "ledger": ("list billable owner changes (trade costs) [--since DATE] [--csv]", cmd_ledger),
    "sync": ("show or (--refresh) rebuild the account's domain snapshot used by Sync", cmd_sync),
    "pricing": ("show or (--refresh) reload the account's TLD pricing cache", cmd_pricing),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ispapi-bridge", description="WHMCS <-> HEXONET ISPAPI bridge")
    parser.add_argument("--version", action="version", version=f"ispapi-bridge {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers = {name: sub.add_parser(name, help=text) for name, (text, _) in _COMMANDS.items()}
    serving.add_flags(parsers["serve"])
    doctor = parsers["doctor"]
    doctor.add_argument(
        "--backend",
        choices=sorted(_REGISTRY_CHECKS),
        default="ispapi",
        help="the registry API of the account: the WHMCS setting Backend (default ispapi)",
    )
    doctor.add_argument(
        "--login",
        help="registry login to test: ISPAPI login!role or CNR login:role for a role user; with --backend "
        "cnr a role user's commands are checked too",
    )
    doctor.add_argument(
        "--password", help="registry password (prefer --password-env: argv is visible to others)"
    )
    doctor.add_argument("--password-env", metavar="VAR", help="read the registry password from this variable")
    doctor.add_argument("--ote", action="store_true", help="use the OT&E test system instead of LIVE")
    doctor.add_argument(
        "--url",
        help="endpoint to check (default: BRIDGE_ISPAPI_URL, or BRIDGE_CNR_URL / BRIDGE_CNR_OTE_URL with "
        "--backend cnr, else the real OT&E/LIVE URL)",
    )
    doctor.add_argument(
        "--allow-insecure", action="store_true", help="allow plain http to a non-loopback URL"
    )
    for name in ("sync", "pricing"):
        sub_parser = parsers[name]
        sub_parser.add_argument("--refresh", action="store_true", help="refresh now (progress on stderr)")
        sub_parser.add_argument(
            "--backend",
            choices=sorted(BACKENDS),
            default="ispapi",
            help="the account's registry API: ispapi (HEXONET ISPAPI, default) or cnr (CentralNic Reseller)",
        )
        sub_parser.add_argument(
            "--login", help="registry login (ISPAPI: login!role, CNR: login:role for a role user)"
        )
        sub_parser.add_argument(
            "--password-env", metavar="VAR", help="read the registry password from this variable"
        )
        sub_parser.add_argument("--ote", action="store_true", help="the OT&E test system instead of LIVE")
        sub_parser.add_argument(
            "--url",
            help="endpoint (default: BRIDGE_ISPAPI_URL, BRIDGE_CNR_URL or BRIDGE_CNR_OTE_URL by --backend "
            "and --ote, else the system's own URL)",
        )
    ledger_parser = parsers["ledger"]
    ledger_parser.add_argument(
        "--since", metavar="DATE", help="only changes on or after DATE (YYYY-MM-DD, UTC)"
    )
    ledger_parser.add_argument("--csv", action="store_true", help="CSV with a header line instead of a table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _, handler = _COMMANDS[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:  # Ctrl-C during start-up or a long migration: no traceback
        return 130


if __name__ == "__main__":
    sys.exit(main())
