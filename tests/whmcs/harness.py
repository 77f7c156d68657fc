"""Drive the WHMCS emulation (tests/whmcs/php/run.php) from pytest, and fake the bridge on loopback.

`run_whmcs` runs one fresh `php` process per call, like one WHMCS request (docs/whmcs.md §5.3); it does
not know about `FakeBridge`, so the end-to-end tests can point the module at the real bridge instead.
`FakeBridge` replays scripted replies per WHMCS function and records every request with its envelope and
whether its X-Bridge-Signature verifies.

Errors raised here (one tree):

    HarnessError            the emulation itself broke (not the module under test)
    └── PhpRunError         php did not print the runner's JSON document (fatal error, timeout, crash)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MODULE_DIR = REPO / "php-shim" / "modules" / "registrars" / "ispapi"
RUNNER = Path(__file__).resolve().parent / "php" / "run.php"
PROTOCOL = "ispapi-bridge/1"
SIGNATURE_TOLERANCE = 300  # seconds, as the bridge (docs/architecture.md "Interfaces")
PHP_STRICT = ["php", "-d", "error_reporting=E_ALL", "-d", "display_errors=stderr"]  # every notice on stderr


class HarnessError(Exception):
    """The emulation harness could not do its job."""


class PhpRunError(HarnessError):
    """php exited without the runner's JSON document."""


@dataclass
class PhpResult:
    """What one runner process reported (see run.php for the field meanings)."""

    exists: bool
    returned: Any
    exception: dict[str, str] | None
    stdout: str
    warnings: list[dict[str, Any]]
    modulelog: list[dict[str, Any]]
    activity: list[dict[str, Any]]
    hooks: list[dict[str, Any]]
    hook_results: list[dict[str, Any]]
    db_after: dict[str, list[dict[str, Any]]]
    calls: list[dict[str, Any]]
    stderr: str
    elapsed: float

    @property
    def error(self) -> str | None:
        """The `error` string of a returned WHMCS error array, if any."""
        if isinstance(self.returned, dict) and isinstance(self.returned.get("error"), str):
            return str(self.returned["error"])
        return None

    def texts(self) -> str:
        """Everything a WHMCS admin could read afterwards: return value, exception, logs, activity.

        `replace_vars` (the mask list handed to logModuleCall) is left out: WHMCS uses it, never stores it.
        """
        logs = [{k: v for k, v in entry.items() if k != "replace_vars"} for entry in self.modulelog]
        return json.dumps(
            [self.returned, self.exception, logs, self.activity, self.calls], ensure_ascii=False
        )


def run_whmcs(
    function: str,
    params: dict[str, Any] | None = None,
    *,
    config: dict[str, Any] | None = None,
    calls: list[dict[str, Any]] | None = None,
    objects: dict[str, Any] | None = None,
    define: dict[str, Any] | None = None,
    post: dict[str, Any] | None = None,
    get: dict[str, Any] | None = None,
    session: dict[str, Any] | None = None,
    db: dict[str, list[dict[str, Any]]] | None = None,
    localapi: dict[str, Any] | None = None,
    registrar_config: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    include_hooks: bool = False,
    run_hooks: list[dict[str, Any]] | None = None,
    stub_functions: list[str] | None = None,
    timeout: float = 30.0,
) -> PhpResult:
    """Call `ispapi_<function>($params)` in a fresh php process; `config` is merged into params first."""
    document: dict[str, Any] = {
        "config": config or {},
        "params": params or {},
        "objects": objects or {},
        "define": define or {},
        "post": post or {},
        "get": get or {},
        "session": session or {},
        "db": db or {},
        "localapi": localapi or {},
        "settings": settings or {},
        "include_hooks": include_hooks,
        "run_hooks": run_hooks or [],
        "stub_functions": stub_functions or [],
        "module_dir": str(MODULE_DIR),
    }
    if registrar_config is not None:
        document["registrar_config"] = registrar_config
    if calls is not None:
        document["calls"] = calls
    command = [*PHP_STRICT, str(RUNNER), function]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, input=json.dumps(document).encode(), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PhpRunError(f"php runner for {function} took longer than {timeout} s") from exc
    elapsed = time.monotonic() - started
    stderr = done.stderr.decode("utf-8", "replace")
    try:
        out = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PhpRunError(f"php runner printed no JSON (exit {done.returncode}): {stderr[:500]}") from exc
    if "fatal" in out:
        raise PhpRunError(f"php fatal error: {out['fatal']} warnings={out.get('warnings')}")
    return PhpResult(
        exists=out["exists"],
        returned=out["return"],
        exception=out["exception"],
        stdout=out["stdout"],
        warnings=out["warnings"],
        modulelog=out["modulelog"],
        activity=out["activity"],
        hooks=out["hooks"],
        hook_results=out["hook_results"],
        db_after=out["db_after"],
        calls=out["calls"],
        stderr=stderr,
        elapsed=elapsed,
    )


# ---------------------------------------------------------------- params like WHMCS builds them
# (docs/whmcs.md §1.2)

NASTY_COMPANY = 'Smith & "Sons" <GmbH> Ünïcødé'


def module_config(
    bridge_url: str, secret: str, *, timeout: str = "30", password: str = 'Pa$$w0rd/with"quote'
) -> dict[str, Any]:
    """Registrar settings as WHMCS merges them into $params (yesno = "on" / "")."""
    return {
        "Username": "reseller-user",
        "Password": password,
        "TestMode": "on",
        "ProxyServer": "",
        "IRTP": "Check to use IRTP feature from our API.",
        "TRANSFERLOCK": "on",
        "NSUpdTransfer": "",
        "CHUpdTransfer": "",
        "DNSSEC": "on",
        "TRANSFERCARTPRECHECK": "",
        "WebApps": "",
        "SyncIDProtection": "",
        "SuspendAfterExpiration": "",
        "BridgeURL": bridge_url,
        "BridgeSecret": secret,
        "BridgeTimeout": timeout,
    }


def domain_params(
    sld: str = "bücher-test", tld: str = "de", *, domainid: int = 42, version: str = "8.10.1-release.1"
) -> dict[str, Any]:
    """The domain-bound common params (WHMCS 8.x buildParams); the runner adds domainObj."""
    import idna  # the project's own dependency; converts the IDN like WHMCS does

    sld_puny = idna.encode(sld, uts46=True).decode() if not sld.isascii() else sld
    domain = f"{sld}.{tld}"
    return {
        "whmcsVersion": version,
        "domainid": domainid,
        "userid": 7,
        "domainname": domain,
        "domain": domain,
        "sld": sld,
        "tld": tld,
        "sld_punycode": sld_puny,
        "tld_punycode": tld,
        "domain_punycode": f"{sld_puny}.{tld}",
        "is_idn": sld_puny != sld,
        "idnLanguage": "ger" if sld_puny != sld else "",
        "regtype": "Register",
        "regperiod": 2,
        "registrar": "ispapi",
        "dnsmanagement": False,
        "emailforwarding": False,
        "idprotection": True,
        "premiumEnabled": True,
    }


def _contact(prefix: str, *, transliterated: bool) -> dict[str, Any]:
    first, last, city = ("Zoe", "Muller", "Koln") if transliterated else ("Zoë", "Müller", "Köln")
    return {
        f"{prefix}firstname": first,
        f"{prefix}lastname": last,
        f"{prefix}companyname": NASTY_COMPANY if not transliterated else 'Smith & "Sons" <GmbH> Unicode',
        f"{prefix}email": "zoe+test@example.org",
        f"{prefix}address1": "Hauptstraße 5 & Co" if not transliterated else "Hauptstrasse 5 & Co",
        f"{prefix}address2": "",
        f"{prefix}city": city,
        f"{prefix}state": "NW",
        f"{prefix}postcode": "50667",
        f"{prefix}country": "DE",
        f"{prefix}phonenumber": "221 1234567",
        f"{prefix}fullphonenumber": "+49.2211234567",
    }


def register_params(**overrides: Any) -> dict[str, Any]:
    """RegisterDomain: contact block (transliterated) + NS with empty ones + `original` untransliterated."""
    params = domain_params()
    for prefix in ("", "admin"):
        params.update(_contact(prefix, transliterated=True))
    params.update(
        {
            "fullname": "Zoe Muller",
            "countrycode": "DE",
            "phonecc": "49",
            "ns1": "ns1.example.net",
            "ns2": "ns2.example.net",
            "ns3": "",
            "ns4": "",
            "ns5": "",
            "additionalfields": {"Legal Type": "Individual", "Note": "a & b < c"},
            "premiumCost": "249.00",
        }
    )
    original = dict(params)
    for prefix in ("", "admin"):
        original.update(_contact(prefix, transliterated=False))
    params["original"] = original
    params.update(overrides)
    return params


def transfer_params(eppcode: str = 'Ep<p&"C0de/ü\\x', **overrides: Any) -> dict[str, Any]:
    params = register_params(regtype="Transfer", regperiod=1, eppcode=eppcode, transfersecret=eppcode)
    params["original"]["eppcode"] = eppcode
    params.update(overrides)
    return params


def renew_params(*, grace: bool = False, redemption: bool = False, **overrides: Any) -> dict[str, Any]:
    """RenewDomain: no contact block; `expiryDate` is a WHMCS\\Carbon (pass objects=RENEW_OBJECTS)."""
    params = domain_params()
    params.update(
        {"regperiod": 1, "isInGracePeriod": grace, "isInRedemptionGracePeriod": redemption, "premiumCost": ""}
    )
    params.update(overrides)
    return params


def renew_objects(expiry: str = "2027-03-04") -> dict[str, Any]:
    return {"expiryDate": {"__carbon__": expiry}}


def cron_params(version: str = "8", **overrides: Any) -> dict[str, Any]:
    """Sync/TransferSync: 7.x hand-built with `status`; 8.x full params without it (docs/whmcs.md §1.5)."""
    if version == "7":
        params: dict[str, Any] = {
            "domainid": 42,
            "domain": "bücher-test.de",
            "sld": "bücher-test",
            "tld": "de",
            "registrar": "ispapi",
            "status": "Active",
        }
    else:
        params = domain_params()
    params.update(overrides)
    return params


def lookup_params(*, dotted: bool = True, **overrides: Any) -> dict[str, Any]:
    """CheckAvailability/GetDomainSuggestions: no domain params; tldsToInclude dotted in 8.x."""
    tlds = ["com", "net", "de", "co.uk"]
    params: dict[str, Any] = {
        "searchTerm": "bücher",
        "punyCodeSearchTerm": "xn--bcher-kva",
        "isIdnDomain": True,
        "tldsToInclude": [f".{t}" for t in tlds] if dotted else tlds,
        "premiumEnabled": True,
        "suggestionSettings": {"suggestions": "on", "suggstionsamount": "100"},
    }
    params.update(overrides)
    return params


def dns_params() -> dict[str, Any]:
    """SaveDNS: records with "N/A" priorities and the empty "new" row WHMCS always appends."""
    params = domain_params()
    params["dnsrecords"] = [
        {"hostname": "@", "type": "A", "address": "192.0.2.1", "priority": "N/A", "recid": "1"},
        {"hostname": "@", "type": "MX", "address": "mx.example.net", "priority": "10", "recid": "2"},
        {"hostname": "txt", "type": "TXT", "address": 'spf1 "x" & <y>', "priority": "N/A", "recid": ""},
        {"hostname": "", "type": "A", "address": "", "priority": "N/A", "recid": ""},
    ]
    return params


# ---------------------------------------------------------------- the fake bridge


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(secret: str, header: str, body: bytes, *, now: float | None = None) -> bool:
    """Check X-Bridge-Signature the way the bridge does (docs/architecture.md "Interfaces")."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > SIGNATURE_TOLERANCE:
        return False
    return hmac.compare_digest(sign(secret, body, timestamp), f"t={timestamp},v1={parts.get('v1', '')}")


@dataclass
class Reply:
    """One scripted answer. Without `body`, an envelope is built from kind/value (ok) or error (ok:false)."""

    kind: str = "none"
    value: Any = None
    error: dict[str, Any] | None = None
    effects: dict[str, Any] | None = None
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0
    close: bool = False  # drop the connection without any reply
    request_id: str | None = None  # answer with another request id (default: echo the request's)

    def render(self, envelope: dict[str, Any] | None) -> bytes:
        if self.body is not None:
            return self.body
        rid = self.request_id or (envelope or {}).get("request_id", "")
        document: dict[str, Any] = {
            "protocol": PROTOCOL,
            "request_id": rid,
            "ok": self.error is None,
            "result": None if self.error is not None else {"kind": self.kind, "value": self.value},
            "error": self.error,
            "effects": self.effects or {"activity": [], "module_log": [], "whmcs_updates": []},
        }
        return json.dumps(document, ensure_ascii=False).encode()


@dataclass
class RecordedRequest:
    function: str
    headers: dict[str, str]
    raw: bytes
    envelope: dict[str, Any] | None
    signature_ok: bool


@dataclass
class FakeBridge:
    """A scripted stand-in for the bridge on 127.0.0.1:<free port>; use as a context manager."""

    secret: str = "bridge-secret-0123456789"
    requests: list[RecordedRequest] = field(default_factory=list)
    _scripts: dict[str, list[Reply | Callable[[dict[str, Any] | None], Reply]]] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, function: str, *replies: Reply | Callable[[dict[str, Any] | None], Reply]) -> None:
        """Queue replies for `function`; the last one repeats."""
        with self._lock:
            self._scripts[function] = list(replies)

    def _next(self, function: str) -> Reply | Callable[[dict[str, Any] | None], Reply]:
        with self._lock:
            queue = self._scripts.get(function)
            if not queue:
                return Reply(status=404, body=b'{"detail":"not scripted"}')
            return queue.pop(0) if len(queue) > 1 else queue[0]

    @property
    def url(self) -> str:
        if self._server is None:
            raise HarnessError("FakeBridge is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def config(self, **overrides: Any) -> dict[str, Any]:
        settings = module_config(self.url, self.secret)
        settings.update(overrides)
        return settings

    def requests_for(self, function: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.function == function]

    def __enter__(self) -> FakeBridge:
        bridge = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                prefix = "/v1/whmcs/"
                function = self.path[len(prefix) :] if self.path.startswith(prefix) else ""
                try:
                    envelope = json.loads(raw)
                except ValueError:
                    envelope = None
                headers = {k.lower(): v for k, v in self.headers.items()}
                ok = verify_signature(bridge.secret, headers.get("x-bridge-signature", ""), raw)
                bridge.requests.append(RecordedRequest(function, headers, raw, envelope, ok))
                scripted = bridge._next(function)
                reply = scripted if isinstance(scripted, Reply) else scripted(envelope)
                if reply.delay:
                    bridge._stopping.wait(reply.delay)
                if reply.close:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                body = reply.render(envelope)
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def closed_port_url() -> str:
    """A loopback URL on which nothing listens (bind, read the port, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


RENDERER = Path(__file__).resolve().parent / "php" / "render.php"


@dataclass
class Rendered:
    html: str
    warnings: list[dict[str, Any]]


def render_template(template: str, variables: dict[str, Any], *, timeout: float = 20.0) -> Rendered:
    """Render a module template (e.g. the `templatefile` a page returned) with Debian's smarty4.

    Raises PhpRunError when Smarty fails (syntax error, missing template); warnings are returned for the
    test to assert on (a clean template renders with none).
    """
    payload = json.dumps({"template": template, "vars": variables})
    proc = subprocess.run(
        [*PHP_STRICT, str(RENDERER)],
        input=payload,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise PhpRunError(f"renderer printed no JSON: {proc.stdout[:500]!r} {proc.stderr[:500]!r}") from exc
    if out.get("error"):
        raise PhpRunError(f"template {template} failed: {out['error']}")
    return Rendered(html=out["html"], warnings=out["warnings"])


# ---------------------------------------------------------------- php -r snippets


def php_eval(code: str, payload: Any = None, *, timeout: float = 30.0) -> Any:
    """Run `code` with `php -r` (every notice on stderr), `payload` as JSON on stdin; return the JSON the
    code echoes. Raises PhpRunError when php warns, fails or prints no JSON: a snippet must run clean."""
    try:
        done = subprocess.run(
            [*PHP_STRICT, "-r", code],
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PhpRunError(f"php -r took longer than {timeout} s") from exc
    if done.returncode != 0 or done.stderr:
        raise PhpRunError(f"php -r failed (exit {done.returncode}): {done.stderr[:500]}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise PhpRunError(f"php -r printed no JSON: {done.stdout[:500]!r}") from exc


def language_strings(language: str) -> dict[str, str]:
    """The module's own strings of one language as Texts.php loads them: lang/<language>.php plus the
    per-feature files in lang/<language>/ (no fallback to English merged in)."""
    code = (
        'define("WHMCS", true);'
        f'$dir = "{MODULE_DIR}/lang/" . json_decode(stream_get_contents(STDIN));'
        '$t = include "$dir.php";'
        'foreach (glob("$dir/*.php") ?: [] as $f) { $t = array_merge($t, include $f); }'
        "echo json_encode($t, JSON_UNESCAPED_UNICODE);"
    )
    texts: dict[str, str] = php_eval(code, language)
    return texts
