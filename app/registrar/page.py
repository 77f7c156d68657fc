"""What client-area pages share: the submitted form (`params.request`, forwarded by the shim for pages) and
the TEMPLATE result (`templates/<name>.tpl` in the module folder, rendered by WHMCS with these vars)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.payloads import Result, ResultKind
from app.registrar.base import RegistrarContext


def form(ctx: RegistrarContext) -> dict[str, Any]:
    """$_GET overlaid with $_POST (the original module read $_REQUEST); read its values with `params.text`."""
    request = ctx.params.get("request")
    request = request if isinstance(request, Mapping) else {}
    merged: dict[str, Any] = {}
    for part in ("get", "post"):
        values = request.get(part)
        if isinstance(values, Mapping):
            merged.update({str(k): v for k, v in values.items()})
    return merged


def template(name: str, variables: Mapping[str, Any]) -> Result:
    return Result(kind=ResultKind.TEMPLATE, value={"templatefile": name, "vars": dict(variables)})
