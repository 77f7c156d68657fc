"""The losing registrar's answer to an inbound transfer (sandbox/world/transfers.py `answer_transfer`), which
both dialects' handlers call: ISPAPI ApproveDomainTransfer/DenyDomainTransfer, CNR TransferDomain
ACTION=APPROVE/DENY."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sandbox.errors import ObjectNotFound
from sandbox.state import Domain, Transfer, World
from sandbox.world.transfers import answer_transfer

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _world() -> World:
    world = World(entity="54cd")
    world.domains["moving.com"] = Domain(name="moving.com", owner="loser", expiration_date=NOW)
    world.transfers["moving.com"] = Transfer(
        domain="moving.com", requester="gainer", from_owner="loser", auth="x", period="1Y"
    )
    return world


def test_an_approved_transfer_moves_the_domain_at_once() -> None:
    world = _world()
    transfer = answer_transfer(world, "moving.com", login="loser", approve=True, now=NOW)
    assert transfer.status == "SUCCESSFUL" and world.domains["moving.com"].owner == "gainer"
    assert "moving.com" not in world.transfers


def test_a_denied_transfer_fails_with_the_reason_and_the_domain_stays() -> None:
    world = _world()
    transfer = answer_transfer(world, "moving.com", login="loser", approve=False, now=NOW)
    assert transfer.status == "FAILED" and world.domains["moving.com"].owner == "loser"
    assert "denied by the losing registrar" in transfer.log[-1]


def test_only_the_losing_registrar_may_answer() -> None:
    world = _world()
    with pytest.raises(ObjectNotFound):
        answer_transfer(world, "moving.com", login="gainer", approve=True, now=NOW)
    assert world.transfers["moving.com"].outcome == "SUCCESS"  # untouched
