"""Environment commands: web-app permission and config (docs/module-behaviour.md §9.5), telemetry keys
(docs/module-behaviour.md §10.3)."""

from __future__ import annotations

import pytest

from tests.sandbox.wire import Client, demo_client


@pytest.fixture
def client() -> Client:
    return demo_client()


def test_set_get_and_delete(client: Client) -> None:
    client.ok(
        "SetEnvironment",
        ENVIRONMENTKEY0="_cp3/config/webapps",
        ENVIRONMENTNAME0="gsuite",
        ENVIRONMENTVALUE0='{"token":"abc"}',
    )
    got = client.ok("GetEnvironment", ENVIRONMENTKEY0="_cp3/config/webapps", ENVIRONMENTNAME0="gsuite")
    assert got.col("ENVIRONMENTVALUE") == ['{"token":"abc"}'] and "MISSING" not in got.properties
    # Key/name without a value deletes the entry (disconnect, docs/module-behaviour.md §9.5).
    client.ok("SetEnvironment", ENVIRONMENTKEY0="_cp3/config/webapps", ENVIRONMENTNAME0="gsuite")
    gone = client.ok("GetEnvironment", ENVIRONMENTKEY0="_cp3/config/webapps", ENVIRONMENTNAME0="gsuite")
    assert gone.col("ENVIRONMENTVALUE") == [""] and gone.col("MISSING") == ["_cp3/config/webapps/gsuite"]
    assert client.world.environment == {}


def test_several_queries_keep_their_order(client: Client) -> None:
    client.ok(
        "SetEnvironment",
        ENVIRONMENTKEY="_system/defaults",
        ENVIRONMENTNAME="nameserver",
        ENVIRONMENTVALUE="ns1,ns2",
    )
    got = client.ok(
        "GetEnvironment", ENVIRONMENTKEY0="_system/defaults", ENVIRONMENTNAME0="renewalmode",
        ENVIRONMENTKEY1="_system/defaults", ENVIRONMENTNAME1="nameserver", ENVIRONMENTKEY2="x",
    )  # fmt: skip
    assert got.col("ENVIRONMENTVALUE") == ["", "ns1,ns2", ""]
    assert got.col("MISSING") == ["_system/defaults/renewalmode"]
    assert got.col("INVALID") == ["x/ENVIRONMENTNAME2"]


def test_use_parent_and_level(client: Client) -> None:
    client.add_account("reseller")
    client.world.accounts["demo"].parent = "reseller"
    client.add_account("sub", parent="demo")
    client.ok(
        "SetEnvironment",
        ENVIRONMENTKEY="_cp3/config_subuser",
        ENVIRONMENTNAME="enable_webapps",
        ENVIRONMENTVALUE="true",
        user="reseller",
    )
    query = {"ENVIRONMENTKEY": "_cp3/config_subuser", "ENVIRONMENTNAME": "enable_webapps"}
    assert client.ok("GetEnvironment", **query).col("ENVIRONMENTVALUE") == [""]
    assert client.ok("GetEnvironment", USEPARENT=1, LEVEL=1, **query).col("ENVIRONMENTVALUE") == ["true"]
    # From the subuser the value is two levels up: LEVEL=1 stops at demo.
    assert client.ok("GetEnvironment", USEPARENT=1, LEVEL=1, user="sub", **query).col("ENVIRONMENTVALUE") == [
        ""
    ]
    assert client.ok("GetEnvironment", USEPARENT=1, user="sub", **query).col("ENVIRONMENTVALUE") == ["true"]
    client.ok("SetEnvironment", SUBUSER="sub", ENVIRONMENTKEY="k", ENVIRONMENTNAME="n", ENVIRONMENTVALUE="v")
    assert client.ok("GetEnvironment", SUBUSER0="sub", ENVIRONMENTKEY0="k", ENVIRONMENTNAME0="n").col(
        "ENVIRONMENTVALUE"
    ) == ["v"]
    assert (
        client.call("GetEnvironment", SUBUSER0="reseller", ENVIRONMENTKEY0="k", ENVIRONMENTNAME0="n").code
        == 531
    )
    assert (
        client.call(
            "GetEnvironment", SUBUSER0="sub", USEPARENT0=1, ENVIRONMENTKEY0="k", ENVIRONMENTNAME0="n"
        ).code
        == 541
    )
    assert (
        client.call("SetEnvironment", SUBUSER="nobody", ENVIRONMENTNAME="n", ENVIRONMENTVALUE="v").code == 531
    )


def test_query_list_and_errors(client: Client) -> None:
    host = "middleware/whmcs/shop.example"
    for name, value in (("whmcs", "8.10"), ("ispapi", "5.1.12")):
        client.ok("SetEnvironment", ENVIRONMENTKEY=host, ENVIRONMENTNAME=name, ENVIRONMENTVALUE=value)
    client.ok("SetEnvironment", ENVIRONMENTKEY="middleware/other", ENVIRONMENTNAME="a", ENVIRONMENTVALUE="b")
    pairs = client.ok("QueryEnvironmentList", ENVIRONMENTKEY=host)
    assert pairs.col("ENVIRONMENTNAME") == ["ispapi", "whmcs"] and pairs.col("ENVIRONMENTVALUE") == [
        "5.1.12",
        "8.10",
    ]
    assert [pairs.one(k) for k in ("FIRST", "LAST", "COUNT", "TOTAL")] == ["0", "1", "2", "2"]
    assert "LIMIT" not in pairs.properties
    assert (
        client.ok("QueryEnvironmentList", ENVIRONMENTKEY="middleware", MATCHMODE="PREFIX").one("TOTAL") == "3"
    )
    assert client.ok("QueryEnvironmentList", ENVIRONMENTKEY="middleware").one("TOTAL") == "0"
    assert client.ok("QueryEnvironmentList").col("ENVIRONMENTKEY") == ["middleware/other", host]
    assert client.call("QueryEnvironmentList", MATCHMODE="FUZZY").code == 505
    assert client.call("QueryEnvironmentList", LIMIT=5).code == 503
    assert client.call("SetEnvironment", ENVIRONMENTKEY="k", ENVIRONMENTVALUE="v").code == 504
    assert (
        client.call(
            "SetEnvironment",
            ENVIRONMENTKEY0="k",
            ENVIRONMENTNAME0="n",
            ENVIRONMENTKEY1="k",
            ENVIRONMENTVALUE1="v",
        ).code
        == 504
    )
    assert client.call("GetEnvironment").code == 504
    assert client.call("GetEnvironment", ENVIRONMENTNAME="n", USEPARENT=2).code == 505
