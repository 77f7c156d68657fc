"""The trade-cost ledger page: billable owner changes (app/ledger.py) in a date range, with
totals per month and currency, and the same CSV `ispapi-bridge ledger --csv` prints for the export."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app import ledger
from app.admin.inputs import iso_date, iso_moment
from app.contract.payloads import Result
from app.db.models import TradeCost
from app.errors import InvalidInput
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation


def monthly_totals(rows: Sequence[TradeCost]) -> list[dict[str, Any]]:
    """[{month: "2026-01", currency, total: "12.50", count}], by month then currency."""
    sums: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for row in rows:
        key = (row.created_at.strftime("%Y-%m"), row.currency)
        total, count = sums.get(key, (Decimal(0), 0))
        sums[key] = (total + row.amount, count + 1)
    return [
        {"month": month, "currency": currency, "total": f"{total:.2f}", "count": count}
        for (month, currency), (total, count) in sorted(sums.items())
    ]


def _read(session: Session, params: p.Params, *, as_csv: bool) -> dict[str, Any]:
    since = iso_date(params, "since")
    until = iso_date(params, "until")
    if since is not None and until is not None and until < since:
        raise InvalidInput("until must not be before since", field="until")
    rows = [row for row in ledger.entries(session, since=since) if until is None or row.created_at < until]
    value: dict[str, Any] = {
        "rows": [
            {
                "created_at": iso_moment(row.created_at),
                "domain": row.domain,
                "amount": f"{row.amount:.2f}",
                "currency": row.currency,
                "whmcs_client_id": row.whmcs_client_id,
                "whmcs_domain_id": row.whmcs_domain_id,
                "request_id": row.request_id,
            }
            for row in reversed(rows)  # newest first on the page
        ],
        "monthly": monthly_totals(rows),
    }
    if as_csv:
        value["csv"] = ledger.render(rows, as_csv=True)
    return value


@operation("BridgeAdminLedger")
async def trade_ledger(ctx: RegistrarContext) -> Result:
    """params: since / until (YYYY-MM-DD, until exclusive), format "csv" to get the CSV text too."""
    as_csv = p.text(ctx.params, "format") == "csv"
    return array(await ctx.shared().db.run(lambda s: _read(s, ctx.params, as_csv=as_csv)))
