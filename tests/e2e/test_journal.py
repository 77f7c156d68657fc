"""The operations journal end to end (DESIGN.md decision 8): an order whose reply is lost is not repeated.

The sandbox fault `reply_lost` runs the command (the registry charges) and then breaks the connection, so
the bridge cannot know the outcome. WHMCS shows an error; the admin (or the Module Queue) retries with the
same params, hence the same Idempotency-Key, and the bridge reconciles with the registry instead of ordering
again.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    expiry_of,
    fresh_domain,
    register_in_sandbox,
    register_params_for,
    renew_params_for,
)
from tests.whmcs.harness import renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def journal_rows(stack: E2EStack, domain: str) -> list[tuple[str, str, int]]:
    with sqlite3.connect(stack.database_path) as db:
        return list(
            db.execute(
                "SELECT function, state, attempts FROM operation_journal WHERE domain = ? ORDER BY id",
                (domain,),
            )
        )


def test_register_with_a_lost_reply_registers_once_on_retry(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    params = register_params_for(domain)
    stack.sandbox.faults.next(kind="reply_lost", command="AddDomain")
    first = whmcs_call("RegisterDomain", params)
    assert first.error is not None
    assert first.error.startswith(
        "No reply from the registrar API for AddDomain; the command may have been executed."
    ), first.error
    assert stack.domain(domain) is not None  # the registry did register it
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    assert journal_rows(stack, domain) == [("RegisterDomain", "unknown", 1)]

    retry = whmcs_call("RegisterDomain", params)
    assert retry.returned == {"success": True}
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    assert journal_rows(stack, domain) == [("RegisterDomain", "succeeded", 2)]
    # A third call (WHMCS retrying a queue entry twice) replays the stored outcome without any registry call.
    calls_before = len(stack.sandbox.command_log)
    assert whmcs_call("RegisterDomain", params).returned == {"success": True}
    assert len(stack.sandbox.command_log) == calls_before


def test_renew_with_a_lost_reply_renews_once_on_retry(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    params, objects = renew_params_for(domain), renew_objects(before)
    stack.sandbox.faults.next(kind="reply_lost", command="RenewDomain")
    first = whmcs_call("RenewDomain", params, objects=objects)
    assert first.error is not None
    assert first.error.startswith(
        "No reply from the registrar API for RenewDomain; the command may have been executed."
    ), first.error
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 1
    renewed = expiry_of(stack, domain)
    assert int(renewed[:4]) == int(before[:4]) + 1

    retry = whmcs_call("RenewDomain", params, objects=objects)  # same expiry param => same key
    assert retry.error is None, retry.error
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 1
    assert expiry_of(stack, domain) == renewed
    assert journal_rows(stack, domain) == [("RenewDomain", "succeeded", 2)]


def test_register_dropped_before_the_registry_saw_it_is_ordered_on_retry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    params = register_params_for(domain)
    stack.sandbox.faults.next(kind="dropped", command="AddDomain")
    first = whmcs_call("RegisterDomain", params)
    assert first.error is not None
    assert stack.domain(domain) is None
    retry = whmcs_call("RegisterDomain", params)
    assert retry.returned == {"success": True}
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
