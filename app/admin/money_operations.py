"""The money-operations page: recent rows of the operations journal (app/journal.py), newest first,
filtered by domain (part of the name), function and state. The stored outcome is not shown: the page
lists what happened and the request id to look it up in the bridge log and WHMCS's Module Log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.admin.inputs import bounded_text, choice, iso_moment, whole_number
from app.contract.payloads import Result
from app.db.models import JournalState, OperationJournal
from app.registrar.base import OPERATIONS, RegistrarContext, array, operation

STATES = tuple(state.value for state in JournalState)
DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def money_functions() -> list[str]:
    return sorted(name for name, spec in OPERATIONS.items() if spec.money)


def _rows(session: Session, *, domain: str, function: str, state: str, limit: int) -> list[dict[str, Any]]:
    query = select(OperationJournal).order_by(OperationJournal.updated_at.desc(), OperationJournal.id.desc())
    if domain:
        escaped = domain.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(OperationJournal.domain.like(f"%{escaped}%", escape="\\"))
    if function:
        query = query.where(OperationJournal.function == function)
    if state:
        query = query.where(OperationJournal.state == state)
    return [
        {
            "domain": row.domain,
            "function": row.function,
            "state": row.state,
            "created_at": iso_moment(row.created_at),
            "updated_at": iso_moment(row.updated_at),
            "request_id": row.request_id,
            "attempts": row.attempts,
        }
        for row in session.scalars(query.limit(limit))
    ]


@operation("BridgeAdminJournal")
async def journal(ctx: RegistrarContext) -> Result:
    functions = money_functions()
    domain = bounded_text(ctx.params, "domain", max_length=255)
    function = choice(ctx.params, "function", functions)
    state = choice(ctx.params, "state", STATES)
    limit = whole_number(ctx.params, "limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    rows = await ctx.shared().db.run(
        lambda s: _rows(s, domain=domain, function=function, state=state, limit=limit)
    )
    return array({"rows": rows, "functions": functions, "states": list(STATES), "limit": limit})
