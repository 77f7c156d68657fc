"""Real loopback servers for the client tests: a tiny ISPAPI endpoint and a forwarding HTTP proxy.

Both run `ThreadingHTTPServer` in a daemon thread on 127.0.0.1 with an OS-chosen port and record what
they receive; every socket operation has a timeout so a broken test cannot hang the run.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

OK_REPLY = (
    b"[RESPONSE]\r\nPROPERTY[X][0]=1\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nEOF\r\n"
)


@dataclass
class Recorder:
    requests: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    reply: bytes = OK_REPLY
    delay: float = 0.0


@dataclass
class Server:
    url: str
    recorder: Recorder


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, threading.Thread]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def api_server() -> Iterator[Server]:
    """An ISPAPI stand-in: records form fields, answers `recorder.reply` after `recorder.delay`."""
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        timeout = 5

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8")
            recorder.requests.append(dict(parse_qsl(body, keep_blank_values=True)))
            recorder.paths.append(self.path)
            recorder.headers.append(dict(self.headers.items()))
            if recorder.delay:
                time.sleep(recorder.delay)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=UTF-8")
                self.send_header("Content-Length", str(len(recorder.reply)))
                self.end_headers()
                self.wfile.write(recorder.reply)
            except OSError:
                pass  # the client gave up (read-timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server, thread = _serve(Handler)
    yield Server(f"http://127.0.0.1:{server.server_port}/api/call.cgi", recorder)
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def proxy_server() -> Iterator[Server]:
    """A forwarding HTTP proxy: records the absolute-form target, relays to it; refuses CONNECT (403)."""
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        timeout = 5

        def do_POST(self) -> None:
            recorder.paths.append(self.path)
            recorder.headers.append(dict(self.headers.items()))
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            target = urlsplit(self.path)
            upstream = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=5)
            try:
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "host")
                }
                upstream.request("POST", target.path, body=body, headers=headers)
                reply = upstream.getresponse()
                data = reply.read()
            finally:
                upstream.close()
            self.send_response(reply.status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_CONNECT(self) -> None:
            recorder.paths.append(f"CONNECT {self.path}")
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server, thread = _serve(Handler)
    yield Server(f"http://127.0.0.1:{server.server_port}", recorder)
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def refused_url() -> str:
    """A loopback URL nobody listens on: bind a port, then free it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/call.cgi"
