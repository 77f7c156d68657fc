"""How many files a reader opens to follow one WHMCS call from ispapi.php to the registry command.

The Python side is measured, not counted by hand: an in-process bridge (migrated SQLite in a temporary
folder) in front of the in-process sandbox serves one warm-up RegisterDomain, then one traced call each of
Sync (first: it loads the account's domain snapshot), RegisterDomain, Sync (from the snapshot) and
SaveContactDetails. A file counts when a function of it runs during the call, leaving out module bodies,
files where only constructors ran (the adapters of families the call does not use) and the cross-cutting
infrastructure every call passes without deciding anything about the function (INFRASTRUCTURE). The PHP
side is the success path of `Shim::forward` (PHP_PATH), plus lib/WhmcsData.php for a function whose
contract row has the shim complete params from WHMCS's database (Sync's stored status), with the same rule:
the signer and the HTTP transport (PHP_INFRASTRUCTURE) are the counterparts of app/security.py and the
bridge's HTTP server, left out on both sides. docs/architecture.md has the figures, and those of the code
before the layers. Prints one JSON line per run:

    .venv/bin/python benchmarks/call_path.py [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.contract.functions import FUNCTIONS  # noqa: E402
from app.db import migrations  # noqa: E402
from app.main import create_app  # noqa: E402
from app.security import sign  # noqa: E402
from app.settings import Settings  # noqa: E402
from sandbox.app import create_app as create_sandbox  # noqa: E402
from sandbox.core import SandboxConfig  # noqa: E402

SECRET = "call-path-secret-4b7c1e9d"
PASSWORD = "call-path-pw-1234"
APP = str(ROOT / "app") + os.sep
PHP_PATH = (
    "ispapi.php",
    "lib/Shim.php",
    "lib/Contract.php",
    "lib/Completions.php",
    "lib/Envelope.php",
    "lib/Convert.php",
    "lib/Effects.php",
)
# Read by lib/Completions.php for a function whose contract row completes params (Contract 'completes').
PHP_COMPLETIONS = "lib/WhmcsData.php"
# Every call passes them without deciding anything about the function (request id and signature headers; one
# curl round trip with the contract's timeout class), like INFRASTRUCTURE's app/security.py on the bridge.
PHP_INFRASTRUCTURE = ("lib/Signer.php", "lib/Transport.php")
INFRASTRUCTURE = (
    "app/db/",
    "app/metrics/",
    "app/log.py",
    "app/log_config.py",
    "app/security.py",
    "app/api/request_id.py",
    "app/api/body.py",
    "app/main.py",
    "app/numbers.py",
    # The HTTP round trip to the registry (post_form picks aiohttp or an httpx post), as lib/Transport.php is
    # the shim's: counted on neither side.
    "app/wire_transport.py",
)
CONSTRUCTORS = frozenset({"__init__", "__post_init__"})
_PERSON = {"firstname": "Ada", "lastname": "Lovelace", "companyname": "", "email": "ada@example.org"}
_ADDRESS = {
    "address1": "1 Main St",
    "address2": "",
    "city": "London",
    "state": "London",
    "postcode": "N1 1AA",
}
PARAMS: dict[str, Any] = {
    **_PERSON,
    **_ADDRESS,
    "countrycode": "GB",
    "country": "GB",
    "phonenumber": "+44.2071234567",
    "fullphonenumber": "+44.2071234567",
    "phonecc": "44",
    **{f"admin{key}": value for key, value in {**_PERSON, **_ADDRESS}.items()},
    "admincountry": "GB",
    "adminphonenumber": "+44.2071234567",
    "adminfullphonenumber": "+44.2071234567",
    "ns1": "ns1.example.net",
    "ns2": "ns2.example.net",
    "regperiod": 1,
    "domainid": 7,
    "userid": 3,
    "additionalfields": {},
}
CONTACT = {
    "First Name": "Ada",
    "Last Name": "Lovelace",
    "Company Name": "",
    "Email": "ada@example.org",
    "Address 1": "1 Main St",
    "Address 2": "",
    "City": "London",
    "State": "London",
    "Postcode": "N1 1AA",
    "Country": "GB",
    "Phone Number": "+44.2071234567",
}
CASES: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("Sync (first: loads the snapshot)", "Sync", "warm-up-one.com", {}),
    ("RegisterDomain", "RegisterDomain", "traced-two.com", {}),
    ("Sync", "Sync", "warm-up-one.com", {}),
    (
        "SaveContactDetails",
        "SaveContactDetails",
        "warm-up-one.com",
        {"contactdetails": {"Registrant": CONTACT}},
    ),
)


def _envelope(function: str, domain: str, extra: dict[str, Any]) -> dict[str, Any]:
    sld, tld = domain.split(".", 1)
    return {
        "protocol": "ispapi-bridge/1",
        "request_id": uuid.uuid4().hex,
        "idempotency_key": f"{function}:{domain}" if function == "RegisterDomain" else None,
        "function": function,
        "whmcs": {"version": "8.10.1", "area": "admin", "php": "8.2.0"},
        "config": {"Username": "demo", "Password": PASSWORD, "TestMode": "on"},
        "params": {**PARAMS, "domain": domain, "sld": sld, "tld": tld, **extra},
    }


def _profiler(seen: dict[str, set[str]]) -> Callable[[Any, str, Any], None]:
    def profile(frame: Any, event: str, _arg: Any) -> None:
        code = frame.f_code
        if event == "call" and code.co_filename.startswith(APP) and code.co_name != "<module>":
            seen.setdefault(os.path.relpath(code.co_filename, ROOT), set()).add(code.co_name)

    return profile


def _php_path(function: str) -> tuple[str, ...]:
    return (*PHP_PATH, PHP_COMPLETIONS) if FUNCTIONS[function].completes else PHP_PATH


def _figures(
    name: str, function: str, seen: dict[str, set[str]], answer: dict[str, Any], verbose: bool
) -> dict[str, Any]:
    used = sorted(path for path, names in seen.items() if names - CONSTRUCTORS)
    reader = [path for path in used if not path.startswith(INFRASTRUCTURE)]
    php = _php_path(function)
    figures: dict[str, Any] = {
        "call": name,
        "ok": answer.get("ok"),
        "files_to_follow": len(php) + len(reader),
        "php_files": len(php),
        "php_infrastructure_files": len(PHP_INFRASTRUCTURE),
        "python_files_on_the_path": len(reader),
        "python_files_run": len(seen),
    }
    if verbose:
        figures["python_path"] = reader
    return figures


async def run(verbose: bool) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bridge.db"
        migrations.upgrade(url)
        sandbox = create_sandbox(config=SandboxConfig(login="demo", password=PASSWORD))

        def http_factory(*, proxy: str | None = None, read_timeout: float = 60.0) -> httpx.AsyncClient:
            del proxy  # loopback to the in-process sandbox
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox), timeout=read_timeout)

        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=url,
            secret=SECRET,
            ispapi_url="http://127.0.0.1:9/api/call.cgi",
            log_level="WARNING",
        )
        app = create_app(settings, http_factory=http_factory)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bridge.test", timeout=30
            ) as http,
        ):

            async def call(function: str, domain: str, extra: dict[str, Any]) -> dict[str, Any]:
                envelope = _envelope(function, domain, extra)
                body = json.dumps(envelope).encode()
                headers = {
                    "Content-Type": "application/json",
                    "X-Bridge-Signature": sign(SECRET, body),
                    "X-Request-Id": envelope["request_id"],
                }
                reply = await http.post(f"/v1/whmcs/{function}", content=body, headers=headers)
                answer: dict[str, Any] = reply.json()
                return answer

            await call("RegisterDomain", "warm-up-one.com", {})  # every lazy import and cache, untraced
            results = []
            for name, function, domain, extra in CASES:
                seen: dict[str, set[str]] = {}
                sys.setprofile(_profiler(seen))
                try:
                    answer = await call(function, domain, extra)
                finally:
                    sys.setprofile(None)
                results.append(_figures(name, function, seen, answer, verbose))
            return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="also list the Python files on each path")
    args = parser.parse_args()
    started = time.perf_counter()
    results = asyncio.run(run(args.verbose))
    seconds = round(time.perf_counter() - started, 2)
    print(json.dumps({"benchmark": "call_path", "calls": results, "seconds": seconds}))
    if not all(figures["ok"] for figures in results):
        sys.exit(1)  # a call failed: its path is not the one to follow


if __name__ == "__main__":
    main()
