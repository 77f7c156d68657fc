"""Transfer admin buttons, the checkout pre-check (docs/module-behaviour.md §4, docs/ispapi-wire.md §2.7)
and the admin domain tab (docs/module-behaviour.md §9.7) against a scripted registry."""

from __future__ import annotations

from typing import Any

import pytest

from app.errors import InvalidInput, RegistryRejected
from app.ispapi import parse_response
from app.registrar.orders.transfers import (
    MAX_TRANSFERS,
    cancel_domain_transfer,
    resend_transfer_confirmation,
    reword,
    transfer_checkout_precheck,
)
from app.registrar.status.admin import admin_domains_tab_fields, admin_domains_tab_fields_save
from tests.registrar.conftest import FakeIspapi, GatedIspapi, lost, reply

DOMAIN = {"sld": "example", "tld": "com", "domainid": 7}


async def test_cancel_transfer_sends_action_cancel(fake, make_ctx) -> None:
    fake.on("TransferDomain", reply())
    ctx = make_ctx("CancelDomainTransfer", dict(DOMAIN))
    result = await cancel_domain_transfer(ctx)
    assert result.value == {"message": "Transfer cancelled."}
    assert fake.sent == [{"COMMAND": "TransferDomain", "ACTION": "CANCEL", "DOMAIN": "example.com"}]
    assert ctx.effects.activity == ["example.com: Transfer cancelled."]


async def test_cancel_transfer_without_pending_transfer_says_why(fake, make_ctx) -> None:
    fake.on("TransferDomain", reply(545, "Entity reference not found"))
    with pytest.raises(RegistryRejected) as caught:
        await cancel_domain_transfer(make_ctx("CancelDomainTransfer", dict(DOMAIN)))
    assert caught.value.message == "Cancelling the transfer failed. (545 Entity reference not found)"


async def test_resend_transfer_confirmation(fake, make_ctx) -> None:
    fake.on("ResendDomainTransferConfirmationEmails", reply())
    result = await resend_transfer_confirmation(make_ctx("ResendTransferConfirmation", dict(DOMAIN)))
    assert result.value == {"message": "Transfer confirmation email sent again."}
    assert fake.sent == [{"COMMAND": "ResendDomainTransferConfirmationEmails", "DOMAIN": "example.com"}]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (
            "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)",
            "locked",
        ),
        ("Request is not available; DOMAIN TRANSFER IS PROHIBITED BY WRONG AUTH", "authorization (EPP) code"),
        ("Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requested)", "not completed"),
        (
            "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requestedcreate)",
            "not completed",
        ),
        (
            "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (pendingdelete)",
            "pending deletion",
        ),
        (
            "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requesteddelete)",
            "about to be deleted",
        ),
        ("Request is not available; DOMAIN TRANSFER IS PROHIBITED BY AGE OF THE DOMAIN", "60 days"),
        ("Request is not available; DOMAIN NOT REGISTERED", "DOMAIN NOT REGISTERED"),
    ],
)
def test_reword_219_reasons(description: str, expected: str) -> None:
    assert expected in reword(description)


async def test_precheck_reports_only_219_refusals(make_ctx) -> None:
    fake = FakeIspapi()

    async def call(command, *, timeout=None):
        fake.sent.append(dict(command))
        answers = {
            "locked.com": reply(
                219,
                "Request is not available; "
                "DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)",
            ),
            "fine.com": reply(218, "Request is available"),
            "broken.com": reply(549, "Command failed"),
        }
        if command["DOMAIN"] == "down.com":
            return lost(may_have_executed=False)
        return parse_response(answers[command["DOMAIN"]])

    fake.call = call  # type: ignore[method-assign]
    ctx = make_ctx("TransferCheckoutPreCheck", {})
    ctx.client = fake
    ctx.params["transfers"] = [
        {"domain": "locked.com", "eppcode": "Secret-Auth-1"},
        {"domain": "fine.com", "eppcode": ""},
        {"domain": "broken.com", "eppcode": "x"},
        {"domain": "down.com", "eppcode": "x"},
    ]
    result = await transfer_checkout_precheck(ctx)
    assert result.value == {"errors": ["locked.com: This domain is locked, so a transfer cannot be started."]}
    sent = {c["DOMAIN"]: c for c in fake.sent}
    assert sent["locked.com"]["AUTH"] == "Secret-Auth-1"
    assert "AUTH" not in sent["fine.com"]
    assert "Secret-Auth-1" not in str(result.value)  # the auth code never comes back


async def test_precheck_runs_concurrently(make_ctx) -> None:
    gated = GatedIspapi(expected=8)  # all eight checks in flight at once (behaviour, not a stopwatch)
    gated.on("CheckDomainTransfer", reply(218, "Request is available"))
    ctx = make_ctx("TransferCheckoutPreCheck", {"transfers": [{"domain": f"d{i}.com"} for i in range(8)]})
    ctx.client = gated
    await transfer_checkout_precheck(ctx)
    assert gated.peak == 8
    assert len(gated.sent) == 8


async def test_precheck_is_capped(fake, make_ctx) -> None:
    fake.on("CheckDomainTransfer", reply(218, "Request is available"))
    names = [{"domain": f"d{i}.com"} for i in range(MAX_TRANSFERS + 5)]
    await transfer_checkout_precheck(make_ctx("TransferCheckoutPreCheck", {"transfers": names}))
    assert len(fake.sent) == MAX_TRANSFERS


@pytest.mark.parametrize(
    ("transfers", "field"),
    [
        ("example.com", "transfers"),
        (["example.com"], "transfers[0]"),
        ([{"domain": "no-dot"}], "transfers[0].domain"),
        ([{"domain": "has space.com"}], "transfers[0].domain"),
        ([{"domain": "ok.com"}, {"domain": "bad..-.com"}], "transfers[1].domain"),
    ],
)
async def test_precheck_bad_input_names_the_field(fake, make_ctx, transfers, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await transfer_checkout_precheck(make_ctx("TransferCheckoutPreCheck", {"transfers": transfers}))
    assert caught.value.field == field
    assert fake.sent == []


# ---- admin domain tab ----


async def test_tab_shows_transfer_status_and_escaped_log(fake, make_ctx) -> None:
    fake.on(
        "StatusDomainTransfer",
        reply(
            TRANSFERSTATUS="PENDING", TRANSFERLOG=["2026-01-01 [INITIATED] started", "<b>x</b> & y", "second"]
        ),
    )
    fake.on("StatusDomain", reply(545, "Entity reference not found"))
    result = await admin_domains_tab_fields(make_ctx("AdminDomainsTabFields", dict(DOMAIN)))
    assert result.value == {
        "admin_transfer_status": "PENDING",
        "admin_transfer_log": "2026-01-01 [INITIATED] started<br />&lt;b&gt;x&lt;/b&gt; &amp; y<br />second",
    }


async def test_tab_shows_whois_and_errp_inputs_for_a_gtld(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", reply(545, "Entity reference not found"))
    fake.on(
        "StatusDomain", reply(cols={"X-WHOIS-RSP": 'Reseller "Best" <Ltd>', "X-ERRP-EMAIL": "a@b.example"})
    )
    result = await admin_domains_tab_fields(make_ctx("AdminDomainsTabFields", dict(DOMAIN)))
    rows = result.value
    assert "admin_transfer_status" not in rows
    assert rows["admin_whois_rsp"] == (
        '<input type="text" class="form-control input-400" name="ispapi_whois[X-WHOIS-RSP]" '
        'value="Reseller &quot;Best&quot; &lt;Ltd&gt;" maxlength="255" />'
    )
    assert 'value="a@b.example"' in rows["admin_errp_email"]
    assert len(rows) == 14


async def test_tab_has_no_errp_for_a_cctld(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", reply(545, "Entity reference not found"))
    fake.on("StatusDomain", reply())
    result = await admin_domains_tab_fields(
        make_ctx("AdminDomainsTabFields", {"sld": "example", "tld": "de"})
    )
    assert sorted(result.value) == sorted(
        [
            "admin_whois_rsp",
            "admin_whois_url",
            "admin_whois_banner0",
            "admin_whois_banner1",
            "admin_whois_banner2",
        ]
    )


async def test_tab_registry_unreachable_raises(fake, make_ctx) -> None:
    fake.on("StatusDomainTransfer", lost(may_have_executed=False))
    fake.on("StatusDomain", reply())
    with pytest.raises(Exception) as caught:
        await admin_domains_tab_fields(make_ctx("AdminDomainsTabFields", dict(DOMAIN)))
    assert "could not be reached" in str(caught.value)


def _posted(**values: str) -> dict[str, Any]:
    return {**DOMAIN, "request": {"post": {"ispapi_whois": values}, "get": {}}}


async def test_save_sends_only_changed_values(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(cols={"X-WHOIS-RSP": "Old", "X-WHOIS-URL": "https://same.example"}))
    fake.on("ModifyDomain", reply())
    ctx = make_ctx(
        "AdminDomainsTabFieldsSave",
        _posted(**{"X-WHOIS-RSP": " New Name ", "X-WHOIS-URL": "https://same.example", "X-UNKNOWN": "x"}),
    )
    result = await admin_domains_tab_fields_save(ctx)
    assert result.value == {"success": True}
    assert fake.last("ModifyDomain") == {
        "COMMAND": "ModifyDomain",
        "DOMAIN": "example.com",
        "X-WHOIS-RSP": "New Name",
    }
    assert ctx.effects.activity == ["example.com: WHOIS output / ERRP settings saved (X-WHOIS-RSP)."]


async def test_save_without_changes_sends_no_modify(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply(cols={"X-WHOIS-RSP": "Same"}))
    result = await admin_domains_tab_fields_save(
        make_ctx("AdminDomainsTabFieldsSave", _posted(**{"X-WHOIS-RSP": "Same"}))
    )
    assert result.value == {}
    assert fake.commands() == ["StatusDomain"]


async def test_save_without_the_form_sends_nothing(fake, make_ctx) -> None:
    result = await admin_domains_tab_fields_save(make_ctx("AdminDomainsTabFieldsSave", dict(DOMAIN)))
    assert result.value == {}
    assert fake.sent == []


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("X-WHOIS-URL", "javascript:alert(1)"),
        ("X-ERRP-EMAIL", "not-an-email"),
        ("X-ERRP-PHONE", "0301234"),
        ("X-ERRP-TAC-URL", "ftp://x.example"),
        ("X-WHOIS-BANNER0", "line\nbreak"),
        ("X-WHOIS-RSP", "x" * 256),
    ],
)
async def test_save_bad_values_name_the_field_before_any_call(fake, make_ctx, param: str, value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await admin_domains_tab_fields_save(make_ctx("AdminDomainsTabFieldsSave", _posted(**{param: value})))
    assert caught.value.field == param
    assert fake.sent == []


async def test_save_refused_by_registry(fake, make_ctx) -> None:
    fake.on("StatusDomain", reply())
    fake.on("ModifyDomain", reply(541, "Invalid attribute value; X-ERRP-PHONE"))
    ctx = make_ctx("AdminDomainsTabFieldsSave", _posted(**{"X-ERRP-PHONE": "+49.301234567"}))
    with pytest.raises(RegistryRejected):
        await admin_domains_tab_fields_save(ctx)
    assert "failed" in ctx.effects.activity[0]
