"""CNR owner changes: TradeDomain and StatusOwnerChange, and ModifyDomain's owner change by TLD process."""

from __future__ import annotations

from sandbox.systems import CNR
from tests.sandbox.cnr.wire import CnrClient


def test_trade_registry_changes_owner_by_a_charged_trade_on_the_clock() -> None:
    client = CnrClient()
    client.domain("trade-me.de")
    old = client.world.domains["trade-me.de"].contacts["OWNERCONTACT"][0]
    new = client.contact(FIRSTNAME="Max", LASTNAME="Neu", EMAIL="max@example.net")
    assert client.call("ModifyDomain", DOMAIN="trade-me.de", OWNERCONTACT0=new).code == 506
    assert client.call("TradeDomain", DOMAIN="trade-me.de", OWNERCONTACT0=old).code == 506  # no change
    balance = client.world.accounts[client.login].balance
    pending = client.ok("TradeDomain", DOMAIN="trade-me.de", OWNERCONTACT0=new)
    assert pending.one("ownercontact") == new and client.world.accounts[client.login].balance < balance
    status = client.ok("StatusOwnerChange", DOMAIN="trade-me.de")
    assert status.one("status") == "REQUESTED" and status.one("gaining registrant") == new
    assert status.one("losing registrant") == old
    client.sandbox.clock.advance(days=6)
    assert client.ok("StatusDomain", DOMAIN="trade-me.de").column("owner_contact") == [new]
    assert client.ok("StatusOwnerChange", DOMAIN="trade-me.de").one("status") == "SUCCESS"
    assert client.sandbox.money_count("trade-me.de", command="TradeDomain", entity=CNR) == 1


def test_icann_owner_change_is_immediate_with_a_transfer_lock() -> None:
    client = CnrClient()
    client.domain("trade-me.com")
    client.domain("modify-owner.com")
    new = client.contact(FIRSTNAME="Max", LASTNAME="Neu", EMAIL="max@example.net")
    done = client.ok("TradeDomain", DOMAIN="trade-me.com", OWNERCONTACT0=new)
    assert done.one("info") == "owner change completed"
    assert client.ok("StatusDomain", DOMAIN="trade-me.com").one("x-transferlock-until")
    client.ok("ModifyDomain", DOMAIN="modify-owner.com", OWNERCONTACT0=new)
    status = client.ok("StatusDomain", DOMAIN="modify-owner.com")
    assert status.column("owner_contact") == [new] and status.one("x-transferlock-until")
    other = client.contact(FIRSTNAME="Ola", LASTNAME="Nord", EMAIL="ola@example.net")
    client.ok(
        "TradeDomain", DOMAIN="trade-me.com", OWNERCONTACT0=other, **{"X-REQUEST-OPT-OUT-TRANSFERLOCK": 1}
    )
    assert client.ok("StatusDomain", DOMAIN="trade-me.com").one("x-transferlock-until") == ""


def test_update_registry_and_cancel() -> None:
    client = CnrClient()
    client.domain("update-me.ca", **{"X-CA-LEGAL-TYPE": "CCT"})
    new = client.contact(FIRSTNAME="Max", LASTNAME="Neu", EMAIL="max@example.net")
    assert client.call("TradeDomain", DOMAIN="update-me.ca", OWNERCONTACT0=new).code == 541
    client.domain("cancel-me.de")
    client.ok("TradeDomain", DOMAIN="cancel-me.de", OWNERCONTACT0=new)
    client.ok("TradeDomain", DOMAIN="cancel-me.de", ACTION="CANCEL")
    assert client.call("TradeDomain", DOMAIN="cancel-me.de", ACTION="CANCEL").code == 545
    assert client.call("StatusOwnerChange", DOMAIN="update-me.ca").code == 545
