"""`make run`: the bridge and the offline sandbox on loopback, ready to be pasted into WHMCS.

1. keeps its state in ./var (`--state-dir`): the bridge database bridge.db (unless BRIDGE_DATABASE_URL is
   set in the environment), the sandbox's sandbox.sqlite, and a random bridge secret and sandbox password
   generated once (dev-secret, dev-sandbox-password), so the WHMCS settings stay valid across restarts;
2. migrates the database;
3. starts `ispapi-sandbox` on 127.0.0.1:8765 and `ispapi-bridge serve` on 127.0.0.1:8080 as children
   (`--sandbox-port`, `--bridge-port`); the sandbox reads its password from the file, so it never
   appears in a command line (`ps`);
4. waits until both answer and prints the module settings as WHMCS labels them, for either backend (the
   sandbox serves HEXONET ISPAPI and CentralNic Reseller, live and OT&E, with the same login and
   password), and the bridge environment that points the bridge at the sandbox;
5. on Ctrl-C (SIGINT) or SIGTERM stops both children and exits 0.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
SANDBOX_HOST, SANDBOX_PORT, SANDBOX_LOGIN = "127.0.0.1", 8765, "demo"
STARTUP_TIMEOUT = 30.0
MODULE_DIR = "php-shim/modules/registrars/ispapi/"
# The shim's default Bridge Timeout (Transport::DEFAULT_TIMEOUT in php-shim/.../lib/Transport.php).
BRIDGE_TIMEOUT = 30


def _persistent_token(name: str, nbytes: int, *, var: Path = VAR) -> str:
    path = var / name
    if path.exists() and len(path.read_text().strip()) >= 16:
        return path.read_text().strip()
    var.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(nbytes)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return token


def _command(script: str, module: str) -> list[str]:
    """The console script next to this interpreter (the venv's), else its entry point `module:main`."""
    candidate = Path(sys.executable).parent / script
    if candidate.exists():
        return [str(candidate)]
    found = shutil.which(script)
    if found:
        return [found]
    return [sys.executable, "-c", f"import sys; from {module} import main; sys.exit(main())"]


def _port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _bridge_answers(url: str) -> bool:
    try:
        # No proxy: an HTTP_PROXY in the environment must not intercept a loopback health check.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{url}/healthz", timeout=1.0) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def _wait(children: list[subprocess.Popen[bytes]], ready: list[Callable[[], bool]]) -> bool:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            return False
        if all(check() for check in ready):
            return True
        time.sleep(0.2)
    return False


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()  # SIGTERM: uvicorn shuts down gracefully, a process still starting just ends
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=5)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from exc
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range 1..65535: {port}")
    return port


# The module's Backend setting: stored value -> the label WHMCS shows in its dropdown (lib/Local.php).
BACKENDS = {"ispapi": "HEXONET ISPAPI", "cnr": "CentralNic Reseller"}


def sandbox_urls(port: int) -> dict[str, str]:
    """The bridge variables that point it at the sandbox's registry systems (docs/sandbox.md)."""
    base = f"http://{SANDBOX_HOST}:{port}"
    return {
        "BRIDGE_ISPAPI_URL": f"{base}/api/call.cgi",
        "BRIDGE_CNR_URL": f"{base}/cnr/api/call.cgi",
        "BRIDGE_CNR_OTE_URL": f"{base}/cnr-ote/api/call.cgi",
    }


def _instructions(bridge_url: str, secret: str, sandbox_password: str, urls: dict[str, str]) -> str:
    """What to do in WHMCS, with each setting under the label WHMCS shows for it (lib/Local.php): the
    account settings once per backend (the sandbox knows the same login in every system), then the
    bridge settings both share."""
    account = [
        ("Username", SANDBOX_LOGIN),
        ("Password", sandbox_password),
        ("Use Test Environment", "ticked"),
    ]
    shared = [
        ("Bridge URL", bridge_url),
        ("Bridge Secret", secret),
        ("Bridge Timeout", str(BRIDGE_TIMEOUT)),
    ]
    blocks: list[str] = []
    for value, label in BACKENDS.items():
        blocks.append(f"   Backend={value} ({label}):")
        blocks.extend(f"  {name:<22}{setting}" for name, setting in [("Backend", label), *account])
    lines = [
        "",
        "The bridge and the sandbox are running. Bridge environment (make run sets it):",
        *(f"  {name}={url}" for name, url in urls.items()),
        "",
        f"1. Copy the folder {MODULE_DIR} to <whmcs>/modules/registrars/ispapi/ (once).",
        "2. In WHMCS: Configuration > System Settings > Domain Registrars > ISPAPI: activate it and enter",
        "   the settings of one backend (switching later means changing only these four):",
        *blocks,
        "   and for either backend:",
        *(f"  {name:<22}{setting}" for name, setting in shared),
        "3. Save.",
        "",
        "Press Ctrl-C to stop.",
    ]
    return "\n".join(lines)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run the bridge and the sandbox locally (make run).")
    parser.add_argument(
        "--bridge-port",
        type=_port,
        default=None,
        help="bridge port (default BRIDGE_PORT or 8080)",
    )
    parser.add_argument(
        "--sandbox-port", type=_port, default=SANDBOX_PORT, help=f"sandbox port (default {SANDBOX_PORT})"
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=VAR,
        help="where the database, the sandbox state and the generated secrets are kept (default ./var)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    state_dir = args.state_dir.resolve()  # before the chdir: a relative --state-dir is the caller's
    os.chdir(ROOT)
    secret = _persistent_token("dev-secret", 32, var=state_dir)
    sandbox_password = _persistent_token("dev-sandbox-password", 12, var=state_dir)
    bridge_host = os.environ.get("BRIDGE_HOST", "127.0.0.1")
    try:
        bridge_port = args.bridge_port or _port(os.environ.get("BRIDGE_PORT", "8080"))
    except argparse.ArgumentTypeError as exc:
        print(f"run_local: BRIDGE_PORT: {exc}", file=sys.stderr)
        return 2
    sandbox_port = args.sandbox_port
    bridge_url = f"http://{bridge_host}:{bridge_port}"
    env = {
        **os.environ,
        "BRIDGE_SECRET": secret,
        "BRIDGE_HOST": bridge_host,
        "BRIDGE_PORT": str(bridge_port),
        **sandbox_urls(sandbox_port),
        "BRIDGE_DATABASE_URL": os.environ.get("BRIDGE_DATABASE_URL") or f"sqlite:///{state_dir}/bridge.db",
    }

    bridge = _command("ispapi-bridge", "app.cli")
    migrate = subprocess.run([*bridge, "migrate"], env=env, check=False)
    if migrate.returncode != 0:
        print("run_local: database migration failed (see above)", file=sys.stderr)
        return migrate.returncode

    for host, port in ((SANDBOX_HOST, sandbox_port), (bridge_host, bridge_port)):
        if _port_answers(host, port):
            print(f"run_local: {host}:{port} is already in use; stop whatever listens there", file=sys.stderr)
            return 1

    instructions = _instructions(bridge_url, secret, sandbox_password, sandbox_urls(sandbox_port))
    sandbox_cmd = [
        *_command("ispapi-sandbox", "sandbox.cli"),
        "--host", SANDBOX_HOST,
        "--port", str(sandbox_port),
        "--login", SANDBOX_LOGIN,
        "--password-file", str(state_dir / "dev-sandbox-password"),
        "--state-file", str(state_dir / "sandbox.sqlite"),
    ]  # fmt: skip
    ready = [lambda: _port_answers(SANDBOX_HOST, sandbox_port), lambda: _bridge_answers(bridge_url)]
    return _run_until_stopped([sandbox_cmd, [*bridge, "serve"]], env, ready, instructions)


def _run_until_stopped(
    commands: list[list[str]], env: dict[str, str], ready: list[Callable[[], bool]], instructions: str
) -> int:
    """Start the children, print `instructions` once all are `ready`, stop them on SIGINT/SIGTERM (exit 0)
    or when one of them exits (exit 1)."""
    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    # New process groups: a Ctrl-C in the terminal reaches only this script, which stops the children.
    children.extend(subprocess.Popen(command, env=env, start_new_session=True) for command in commands)
    try:
        if not _wait(children, ready):
            print(
                "run_local: the sandbox or the bridge did not start (see their output above)", file=sys.stderr
            )
            return 1
        print(instructions, flush=True)
        while not stopping:
            if any(child.poll() is not None for child in children):
                print("run_local: a child process exited; stopping", file=sys.stderr)
                return 1
            time.sleep(0.2)
        return 0
    finally:
        _stop(children)


if __name__ == "__main__":
    sys.exit(main())
