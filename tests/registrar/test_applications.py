"""PollApplications (docs/module-behaviour.md §4 DailyCronJob, §7.4): StatusDomainApplication per pending
application and the WHMCS status updates it yields."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.ispapi import parse_response
from app.registrar.orders.applications import poll_applications
from tests.registrar.conftest import FakeIspapi, lost, reply

ANSWERS = {
    "11": reply(STATUS="SUCCESSFUL", DOMAIN="won.swiss"),
    "12": reply(STATUS="FAILED", DOMAIN="lost.swiss"),
    "13": reply(STATUS="REQUESTED", DOMAIN="wait.swiss"),
    "14": reply(545, "Entity reference not found"),
}


@pytest.fixture
def registry() -> FakeIspapi:
    fake = FakeIspapi()

    async def call(command, *, timeout=None):
        fake.sent.append(dict(command))
        if command["APPLICATION"] == "15":
            return lost(may_have_executed=False)
        return parse_response(ANSWERS[command["APPLICATION"]])

    fake.call = call  # type: ignore[method-assign]
    return fake


async def test_outcomes_become_whmcs_status_updates(registry, make_ctx) -> None:
    apps = [
        {"domainid": 1, "domain": "won.swiss", "application": "11"},
        {"domainid": 2, "domain": "lost.swiss", "application": "12"},
        {"domainid": 3, "domain": "wait.swiss", "application": "13"},
        {"domainid": 4, "domain": "gone.swiss", "application": "14"},
        {"domainid": 5, "domain": "down.swiss", "application": "15"},
    ]
    ctx = make_ctx("PollApplications", {"applications": apps})
    ctx.client = registry
    result = await poll_applications(ctx)
    assert result.value == {"checked": 5, "active": 1, "cancelled": 1, "pending": 1, "unchecked": 2}
    assert sorted(ctx.effects.whmcs_updates, key=lambda u: u["domainid"]) == [
        {"type": "domain_status", "domainid": 1, "status": "Active"},
        {"type": "domain_status", "domainid": 2, "status": "Cancelled"},
    ]
    assert sorted(ctx.effects.activity) == [
        "gone.swiss: Application 14 could not be checked (545 Entity reference not found).",
        "lost.swiss: Application 12 failed; domain status set to Cancelled. Refund the client manually.",
        "won.swiss: Application 11 succeeded; domain status set to Active.",
    ]
    assert {c["COMMAND"] for c in registry.sent} == {"StatusDomainApplication"}


async def test_empty_list_sends_nothing(fake, make_ctx) -> None:
    result = await poll_applications(make_ctx("PollApplications", {"applications": []}))
    assert result.value["checked"] == 0
    assert fake.sent == []


@pytest.mark.parametrize(
    ("applications", "field"),
    [
        (None, "applications"),
        ("APPLICATION:1", "applications"),
        ([7], "applications[0]"),
        ([{"domainid": "x", "application": "1"}], "applications[0].domainid"),
        ([{"domainid": 1, "application": "1; DROP"}], "applications[0].application"),
        ([{"domainid": 1, "application": ""}], "applications[0].application"),
    ],
)
async def test_bad_lists_name_the_field(fake, make_ctx, applications, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await poll_applications(make_ctx("PollApplications", {"applications": applications}))
    assert caught.value.field == field
    assert fake.sent == []
