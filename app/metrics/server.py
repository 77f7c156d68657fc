"""Who may read the metrics, and `/metrics` on a port of its own.

`BRIDGE_METRICS_TOKEN` makes every `/metrics` read present `Authorization: Bearer <token>`.
`BRIDGE_METRICS_PORT` moves `/metrics` off the bridge's port (which WHMCS, and maybe the internet, can
reach) to a small HTTP server run by the `ispapi-bridge serve` process itself, in a thread; it reads the
samples of every bridge process from the multiprocess directory, so it needs no worker to answer.
"""

from __future__ import annotations

import hmac
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from app.metrics.collectors import scrape_registry
from app.metrics.multiprocess import prepare
from app.settings import Settings

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class MetricsServerError(Exception):
    """The metrics port cannot be opened (in use, no permission, unknown address)."""


def authorized(token: str, header: str | None) -> bool:
    """No token configured: anyone who reaches the port. Otherwise exactly `Bearer <token>`."""
    if not token:
        return True
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def metrics_wsgi_app(registry: CollectorRegistry, token: str) -> WsgiApp:
    inner = make_wsgi_app(registry)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/metrics":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found: the metrics are at /metrics\n"]
        if not authorized(token, environ.get("HTTP_AUTHORIZATION")):
            start_response(
                "401 Unauthorized", [("Content-Type", "text/plain"), ("WWW-Authenticate", "Bearer")]
            )
            return [b"a valid bearer token is required (BRIDGE_METRICS_TOKEN)\n"]
        answer: Iterable[bytes] = inner(environ, start_response)
        return answer

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes every few seconds would drown the log; failures show up in Prometheus itself."""


def _server_class(host: str) -> type[ThreadingWSGIServer]:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET

    class Server(ThreadingWSGIServer):
        address_family = family

    return Server


@contextmanager
def metrics_port(settings: Settings, directory: Path) -> Iterator[int]:
    """Serve `/metrics` on BRIDGE_METRICS_PORT while the block runs; yields the bound port."""
    from app.db.session import Database

    assert settings.metrics_port is not None
    host = settings.metrics_host or settings.host
    database = Database.from_url(settings.database_url)
    registry = scrape_registry(own=None, database=database, directory=directory)
    app = metrics_wsgi_app(registry, settings.metrics_token.get_secret_value())
    try:
        httpd = make_server(
            host, settings.metrics_port, app, server_class=_server_class(host), handler_class=_QuietHandler
        )
    except OSError as exc:
        database.dispose()
        reason = exc.strerror or type(exc).__name__
        raise MetricsServerError(
            f"cannot listen for metrics on {host}:{settings.metrics_port} ({reason}); "
            "choose another BRIDGE_METRICS_PORT or BRIDGE_METRICS_HOST"
        ) from exc
    thread = threading.Thread(target=httpd.serve_forever, name="bridge-metrics", daemon=True)
    thread.start()
    try:
        yield int(httpd.server_port)
    finally:
        httpd.shutdown()
        httpd.server_close()
        database.dispose()


@contextmanager
def metrics_for_serve(settings: Settings, *, workers: int) -> Iterator[None]:
    """What `ispapi-bridge serve` runs inside: multiprocess mode when needed, and the metrics port."""
    own_port = settings.metrics_port is not None
    with prepare(workers=workers, own_port=own_port) as directory:
        if directory is None or not own_port:
            yield
            return
        with metrics_port(settings, directory):
            yield
