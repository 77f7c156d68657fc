"""The trade-cost ledger: what owner changes (trades with a price) cost the reseller.

WHMCS cannot invoice a Change of Registrant (product documentation, "Change of Registrant"), so the
bridge keeps the controlling record the documentation promises: one `trade_cost` row per billable trade
(app/db/models.py TradeCost), read back with `ispapi-bridge ledger [--since DATE] [--csv]`.

* `LedgerStore`: where SaveContactDetails and the registrant pages record a trade's cost
  (`RegistrarContext.ledger`); `SqlLedger` writes the bridge database for one registry account,
  `MemoryLedger` keeps the entries in a list (unit tests, and a context built without a database).
* `entries` / `render` read and format the ledger for the CLI and the admin page.

Prices come from the registry port (app/registry/contacts.py `TradePrice`; each adapter reads its API's
price list). No secrets are stored: domain, amounts, WHMCS ids, the request id.

Errors: none of its own; database errors propagate (the caller decides whether a failed write matters).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.declarative import utcnow
from app.db.models import TradeCost
from app.db.session import Database
from app.registry.contacts import TradePrice

__all__ = ["LedgerStore", "MemoryLedger", "SqlLedger", "TradeCostEntry", "TradePrice", "entries", "render"]


@dataclass(frozen=True)
class TradeCostEntry:
    """One billable owner change."""

    domain: str
    tld: str
    price: TradePrice
    client_id: int | None
    domain_id: int | None
    request_id: str


class LedgerStore(Protocol):
    async def record(self, entry: TradeCostEntry) -> None:
        """Store one entry (raises the store's error when it cannot)."""
        ...


@dataclass
class MemoryLedger:
    entries: list[TradeCostEntry] = field(default_factory=list)

    async def record(self, entry: TradeCostEntry) -> None:
        self.entries.append(entry)


class SqlLedger:
    """The `trade_cost` table, rows under one registry account's key (app/db/keys.py)."""

    def __init__(self, db: Database, *, account_key: str) -> None:
        self._db = db
        self._account_key = account_key

    async def record(self, entry: TradeCostEntry) -> None:
        def work(session: Session) -> None:
            session.add(
                TradeCost(
                    account_key=self._account_key,
                    domain=entry.domain,
                    tld=entry.tld,
                    amount=entry.price.amount,
                    currency=entry.price.currency,
                    whmcs_client_id=entry.client_id,
                    whmcs_domain_id=entry.domain_id,
                    request_id=entry.request_id,
                    created_at=utcnow(),
                )
            )
            session.commit()

        await self._db.run(work)


def entries(session: Session, *, since: datetime | None = None) -> list[TradeCost]:
    query = select(TradeCost).order_by(TradeCost.created_at, TradeCost.id)
    if since is not None:
        query = query.where(TradeCost.created_at >= since)
    return list(session.scalars(query))


_COLUMNS = (
    "created_at",
    "domain",
    "tld",
    "amount",
    "currency",
    "whmcs_client_id",
    "whmcs_domain_id",
    "request_id",
)


def render(rows: Sequence[TradeCost], *, as_csv: bool) -> str:
    """CSV (one header line) or an aligned text table with per-currency totals."""
    values = [
        [
            row.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            row.domain,
            row.tld,
            str(row.amount),
            row.currency,
            "" if row.whmcs_client_id is None else str(row.whmcs_client_id),
            "" if row.whmcs_domain_id is None else str(row.whmcs_domain_id),
            row.request_id,
        ]
        for row in rows
    ]
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_COLUMNS)
        writer.writerows(values)
        return out.getvalue()
    if not values:
        return "no billable owner changes recorded\n"
    widths = [max(len(h), *(len(v[i]) for v in values)) for i, h in enumerate(_COLUMNS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(_COLUMNS, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in values]
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row.currency] = totals.get(row.currency, Decimal(0)) + row.amount
    lines.append("total: " + ", ".join(f"{amount} {currency}" for currency, amount in sorted(totals.items())))
    return "\n".join(lines) + "\n"
