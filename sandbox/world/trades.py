"""Owner changes (trades) completing by the sandbox clock."""

from __future__ import annotations

from datetime import datetime

from sandbox.state import Trade, World
from sandbox.world.dates import fmt


def apply_trade(world: World, trade: Trade, now: datetime, *, lock_until: datetime | None) -> None:
    domain = world.domains.get(trade.domain)
    if domain is None:
        trade.status = "FAILED"
        return
    domain.contacts["OWNERCONTACT"] = [trade.new_owner_contact]
    domain.updated_at = now
    domain.trade_transfer_lock_until = lock_until
    trade.status = "SUCCESSFUL"
    trade.log.append(f"{fmt(now)} [SUCCESSFUL] domain trade completed")


def tick_trades(world: World, now: datetime) -> None:
    for trade in world.trades.values():
        if trade.status == "REQUESTED" and trade.completes_at is not None and now >= trade.completes_at:
            marker = next((line for line in trade.log if line.startswith("lock=")), "lock=")
            lock_text = marker[len("lock=") :]
            lock = datetime.fromisoformat(lock_text + "+00:00") if lock_text else None
            trade.log = [line for line in trade.log if not line.startswith("lock=")]
            apply_trade(world, trade, now, lock_until=lock)
            world.log_object(
                date=now,
                object_id=trade.domain,
                operation_type="TRADE",
                operation_status=trade.status,
                user=trade.requester,
            )
