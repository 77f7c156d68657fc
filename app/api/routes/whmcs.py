"""The WHMCS function endpoint the PHP shim calls."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from app.api import dispatch
from app.api.body import read_capped_body
from app.api.deps import Services
from app.api.envelope import ResponseEnvelope
from app.errors import MalformedEnvelope
from app.upstream import budget_deadline

router = APIRouter(tags=["whmcs"])

MAX_FUNCTION_NAME = 64
# The headers the route reads (name, what it carries); all optional for HTTP, the dispatcher decides.
HEADERS = (
    ("X-Bridge-Signature", "t=<unix>,v1=<hex HMAC-SHA256>"),
    ("X-Request-Id", "equals the envelope's request_id"),
    ("Idempotency-Key", "money operations only"),
    ("X-Bridge-Timeout", "seconds the caller waits; upstream calls end before that"),
)
# Documented here rather than declared as FastAPI parameters: solving five declared parameters and the
# services dependency cost more per call than everything the route does besides (docs/architecture.md
# decision 12).
_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "function",
        "in": "path",
        "required": True,
        "description": "WHMCS function name, e.g. RegisterDomain",
        "schema": {"type": "string", "maxLength": MAX_FUNCTION_NAME},
    },
    *(
        {"name": name, "in": "header", "required": False, "description": text, "schema": {"type": "string"}}
        for name, text in HEADERS
    ),
]


# The envelope is built and validated by the dispatcher and serialised once here: with `response_model`
# FastAPI would validate it a second time on every call (docs/architecture.md decision 12). The model
# still documents the answer in the OpenAPI schema.
@router.post(
    "/v1/whmcs/{function}",
    response_class=Response,
    responses={200: {"model": ResponseEnvelope, "description": "the response envelope"}},
    openapi_extra={"parameters": _PARAMETERS},
)
async def call_function(request: Request) -> Response:
    """Run one WHMCS registrar function: signed request envelope in, response envelope out."""
    services: Services = request.app.state.services
    function: str = request.path_params["function"]
    if len(function) > MAX_FUNCTION_NAME:
        raise MalformedEnvelope(
            "request does not validate",
            fields=[{"loc": ["path", "function"], "msg": f"at most {MAX_FUNCTION_NAME} characters"}],
        )
    headers = request.headers
    body = await read_capped_body(request, services.settings.max_body_bytes)
    envelope = await dispatch.handle(
        function=function,
        body=body,
        signature=headers.get("x-bridge-signature"),
        request_id=headers.get("x-request-id"),
        idempotency_key=headers.get("idempotency-key"),
        services=services,
        deadline=budget_deadline(headers.get("x-bridge-timeout")),
    )
    return Response(content=envelope.model_dump_json(), media_type="application/json")
