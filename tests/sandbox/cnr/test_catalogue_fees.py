"""CNR catalogue details the bridge's pricing relies on: renew/transfer fees quoted for registered (premium)
names, one fee request per DOMAIN index, and the autorenew grace period of GetZoneInfo."""

from __future__ import annotations

from decimal import Decimal

from sandbox.catalogue import default_catalogue
from tests.sandbox.cnr.wire import CnrClient


def test_a_registered_premium_name_has_renew_and_transfer_fees_but_no_create_fee() -> None:
    client = CnrClient()
    client.domain("cloud.guru", **{"X-ACCEPT-PREMIUMPRICE": 1})
    facts = default_catalogue().premium("cloud.guru")
    assert facts is not None
    fees = {f"X-FEE-COMMAND{i}": command for i, command in enumerate(("create", "renew", "transfer"))}
    answer = client.ok(
        "CheckDomains", DOMAIN0="cloud.guru", DOMAIN1="cloud.guru", DOMAIN2="cloud.guru", **fees
    )
    assert [c[:3] for c in answer.column("domaincheck")] == ["211"] * 3
    assert answer.column("x-fee-command") == ["", "renew", "transfer"]
    assert answer.column("x-fee-class") == ["", "premium", "premium"]
    assert [Decimal(a) for a in answer.column("x-fee-amount")[1:]] == [
        facts.renew_price,
        facts.transfer_price,
    ]


def test_zone_info_names_the_autorenew_grace_period_of_gtlds_only() -> None:
    client = CnrClient()
    assert client.ok("GetZoneInfo", ZONE="com").one("autorenew_grace_period") == "35"
    assert client.ok("GetZoneInfo", ZONE="de").one("autorenew_grace_period") == "0"
