"""Every log line of a request carries its request id (app/log_config.py); this sets it per request."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.log_config import REQUEST_ID, valid_request_id

_HEADER = b"x-request-id"


class RequestIdMiddleware:
    """Pure ASGI (no extra task), so the id is also visible to uvicorn's access line, which uvicorn
    writes inside the app's `send` of the response start."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        value = next((v for k, v in scope["headers"] if k == _HEADER), None)
        token = REQUEST_ID.set(valid_request_id(value.decode("latin-1")) if value is not None else None)
        await self.app(scope, receive, send)
        # Not in a `finally`: after an unhandled exception the id stays set for the rest of this request's
        # task, so the 500 that Starlette's outer error middleware sends, its access line and uvicorn's
        # traceback line still carry it. uvicorn runs each request in its own task (own context).
        REQUEST_ID.reset(token)
