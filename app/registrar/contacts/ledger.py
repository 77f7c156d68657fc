"""The trade-cost ledger: what owner changes (TradeDomain with a TRADE price) cost the reseller.

WHMCS cannot invoice a Change of Registrant (product documentation, "Change of Registrant"), so the
bridge keeps the controlling record the documentation promises: one `trade_cost` row per billable trade
(app/db/models.py TradeCost), read back with `ispapi-bridge ledger [--since DATE] [--csv]`.

* `trade_price` reads the TLD's `PRICE_CLASS_DOMAIN_<CLASS>_TRADE` relation (and the class currency) from a
  StatusUser reply (docs/module-behaviour.md §6.7, §8.2); no relation or 0.00 means a free trade.
* `record` stores one row (no secrets: domain, amounts, WHMCS ids, the request id).
* `entries` / `render` read and format the ledger for the CLI.

Errors: none of its own; database errors propagate (the caller decides whether a failed write matters).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.declarative import utcnow
from app.db.models import TradeCost
from app.db.session import Database
from app.ispapi import Response
from app.registrar.params import to_decimal

__all__ = ["TradePrice", "entries", "price_class", "record", "render", "trade_price"]

# Price classes that are not the TLD upper-cased without dots (sandbox catalogue,
# docs/module-behaviour.md §8.3 map).
_CLASS_OVERRIDES = {"name": "NAMESLD"}
_HEAD = "PRICE_CLASS_DOMAIN_"


@dataclass(frozen=True)
class TradePrice:
    amount: Decimal
    currency: str

    @property
    def billable(self) -> bool:
        return self.amount > 0

    def text(self) -> str:
        return f"{self.amount.quantize(Decimal('0.01'))} {self.currency}"


def price_class(tld: str) -> str:
    """`co.uk` -> `COUK`, `com` -> `COM`, `name` -> `NAMESLD` (ACE TLD without leading dot)."""
    tld = tld.strip(".").lower()
    return _CLASS_OVERRIDES.get(tld, tld.replace(".", "").upper())


def trade_price(reply: Response, tld: str) -> TradePrice | None:
    """The owner-change price of `tld` from StatusUser relations; None when no TRADE relation exists.

    An empty relation value means "not offered" and is treated as no price; the currency is the class's
    CURRENCY relation, else the account currency.
    """
    relations = dict(zip(reply.column("RELATIONTYPE"), reply.column("RELATIONVALUE"), strict=False))
    head = f"{_HEAD}{price_class(tld)}_"
    amount = to_decimal(relations.get(head + "TRADE", ""))
    if amount is None:
        return None
    currency = (relations.get(head + "CURRENCY") or reply.first("ACCOUNTCURRENCY") or "").strip().upper()
    return TradePrice(amount=amount, currency=currency[:3] or "USD")


async def record(
    db: Database,
    *,
    account_key: str,
    domain: str,
    tld: str,
    price: TradePrice,
    client_id: int | None,
    domain_id: int | None,
    request_id: str,
) -> None:
    def work(session: Session) -> None:
        session.add(
            TradeCost(
                account_key=account_key,
                domain=domain,
                tld=tld,
                amount=price.amount,
                currency=price.currency,
                whmcs_client_id=client_id,
                whmcs_domain_id=domain_id,
                request_id=request_id,
                created_at=utcnow(),
            )
        )
        session.commit()

    await db.run(work)


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
