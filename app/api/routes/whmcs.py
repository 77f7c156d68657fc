"""The WHMCS function endpoint the PHP shim calls."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response

from app.api import dispatch
from app.api.deps import ServicesDep, read_capped_body
from app.api.envelope import ResponseEnvelope
from app.upstream import budget_deadline

router = APIRouter(tags=["whmcs"])


# The envelope is built and validated by the dispatcher and serialised once here: with `response_model`
# FastAPI would validate it a second time on every call (docs/architecture.md decision 12). The model
# still documents the answer in the OpenAPI schema.
@router.post(
    "/v1/whmcs/{function}",
    response_class=Response,
    responses={200: {"model": ResponseEnvelope, "description": "the response envelope"}},
)
async def call_function(
    request: Request,
    services: ServicesDep,
    function: Annotated[str, Path(max_length=64, description="WHMCS function name, e.g. RegisterDomain")],
    x_bridge_signature: Annotated[str | None, Header(description="t=<unix>,v1=<hex HMAC-SHA256>")] = None,
    x_request_id: Annotated[str | None, Header(description="equals the envelope's request_id")] = None,
    idempotency_key: Annotated[str | None, Header(description="money operations only")] = None,
    x_bridge_timeout: Annotated[
        str | None, Header(description="seconds the caller waits; upstream calls end before that")
    ] = None,
) -> Response:
    """Run one WHMCS registrar function: signed request envelope in, response envelope out."""
    body = await read_capped_body(request, services.settings.max_body_bytes)
    envelope = await dispatch.handle(
        function=function,
        body=body,
        signature=x_bridge_signature,
        request_id=x_request_id,
        idempotency_key=idempotency_key,
        services=services,
        deadline=budget_deadline(x_bridge_timeout),
    )
    return Response(content=envelope.model_dump_json(), media_type="application/json")
