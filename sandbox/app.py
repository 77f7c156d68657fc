"""The ASGI app: `POST /api/call.cgi` speaks the ISPAPI wire protocol; `/_sandbox/...` holds the controls.

Usable in-process from tests: `httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()))`, with the
engine at `app.state.sandbox` for the Python control API.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from sandbox.commands import load_all
from sandbox.core import Sandbox, SandboxConfig

MAX_BODY_BYTES = 4 * 1024 * 1024


def create_app(sandbox: Sandbox | None = None, *, config: SandboxConfig | None = None) -> Starlette:
    load_all()
    engine = sandbox or Sandbox(config)

    async def call(request: Request) -> Response:
        body = await request.body()
        executed = engine.execute(body[:MAX_BODY_BYTES])
        return PlainTextResponse(executed.text, media_type="text/plain; charset=UTF-8")

    app = Starlette(routes=[Route("/api/call.cgi", call, methods=["POST"])])
    app.state.sandbox = engine
    return app
