"""How `ispapi-bridge serve` listens: command-line flags over BRIDGE_* settings, the checks made before
anything is printed as "serving" (address free, certificate loadable), and the uvicorn call.

Flags are written into the environment before the settings are read, so one validation applies to both
spellings and every worker process (each builds its app from the environment) sees the same values.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.settings import Settings

# serve's flag (argparse dest) -> the setting it overrides; store_true flags are written as "true".
FLAG_SETTINGS: dict[str, str] = {
    "host": "BRIDGE_HOST",
    "port": "BRIDGE_PORT",
    "workers": "BRIDGE_WORKERS",
    "proxy_headers": "BRIDGE_PROXY_HEADERS",
    "forwarded_allow_ips": "BRIDGE_FORWARDED_ALLOW_IPS",
    "ssl_certfile": "BRIDGE_SSL_CERTFILE",
    "ssl_keyfile": "BRIDGE_SSL_KEYFILE",
    "allow_insecure_http": "BRIDGE_ALLOW_INSECURE_HTTP",
}

# Why a bind failed, by errno, in words an operator can act on.
_BIND_ERRORS: dict[int, str] = {
    errno.EADDRINUSE: "the address is already in use (another bridge or program listens there); "
    "stop it or choose another --port",
    errno.EACCES: "permission denied (ports below 1024 need extra rights); choose a port above 1023",
    errno.EADDRNOTAVAIL: "that address does not belong to this machine; use 0.0.0.0, 127.0.0.1 or one "
    "of its own addresses",
}


class ServeProblem(Exception):
    """A reason the bridge cannot start listening, as one sentence."""


def add_flags(parser: argparse.ArgumentParser) -> None:
    """serve's flags; each one left out keeps the BRIDGE_* setting (or its default)."""
    parser.add_argument("--host", help="listen address (BRIDGE_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="listen port (BRIDGE_PORT, default 8080)")
    parser.add_argument("--workers", type=int, help="worker processes (BRIDGE_WORKERS, default 1)")
    parser.add_argument(
        "--proxy-headers",
        action="store_const",
        const="true",
        help="trust X-Forwarded-For/-Proto from --forwarded-allow-ips (BRIDGE_PROXY_HEADERS)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help='proxy addresses trusted for forwarded headers, comma-separated or "*" '
        "(BRIDGE_FORWARDED_ALLOW_IPS, default 127.0.0.1)",
    )
    parser.add_argument("--ssl-certfile", metavar="FILE", help="TLS certificate chain (BRIDGE_SSL_CERTFILE)")
    parser.add_argument("--ssl-keyfile", metavar="FILE", help="TLS private key (BRIDGE_SSL_KEYFILE)")
    parser.add_argument(
        "--allow-insecure-http",
        action="store_const",
        const="true",
        help="allow plain http on a non-loopback address behind a TLS proxy (BRIDGE_ALLOW_INSECURE_HTTP)",
    )


def apply_flags(args: argparse.Namespace) -> None:
    for dest, variable in FLAG_SETTINGS.items():
        value = getattr(args, dest, None)
        if value is not None:
            os.environ[variable] = str(value)


def check_address(host: str, port: int) -> None:
    """Bind the address once (as uvicorn will), so "in use" is said before the bridge claims to serve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeProblem(f"cannot listen on {host}:{port}: the host name does not resolve") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            reason = _BIND_ERRORS.get(exc.errno or 0, exc.strerror or "the system refused it")
            raise ServeProblem(f"cannot listen on {host}:{port}: {reason}") from exc


def check_tls(certfile: Path | None, keyfile: Path | None) -> None:
    if certfile is None or keyfile is None:
        return
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile)
    except FileNotFoundError as exc:
        raise ServeProblem(f"TLS: {exc.filename} does not exist (BRIDGE_SSL_CERTFILE/KEYFILE)") from exc
    except PermissionError as exc:
        raise ServeProblem(f"TLS: no permission to read {exc.filename}") from exc
    except (ssl.SSLError, OSError) as exc:
        raise ServeProblem(
            f"TLS: {certfile} and {keyfile} are not a PEM certificate chain and its matching private key"
        ) from exc


@dataclass(frozen=True)
class Listening:
    url: str
    workers: int


def describe(settings: Settings) -> Listening:
    scheme = "https" if settings.ssl_certfile is not None else "http"
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return Listening(url=f"{scheme}://{host}:{settings.port}", workers=settings.workers)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.run's keyword arguments for these settings (the app itself excepted)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "proxy_headers": settings.proxy_headers,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "ssl_certfile": str(settings.ssl_certfile) if settings.ssl_certfile else None,
        "ssl_keyfile": str(settings.ssl_keyfile) if settings.ssl_keyfile else None,
        "log_level": settings.log_level.lower(),
        # Several workers each build their own app from the environment (app.main.create_app()).
        "factory": settings.workers > 1,
    }
