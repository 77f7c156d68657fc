"""The operations journal end to end (docs/architecture.md decision 8): an order whose reply is lost is not
repeated.

The sandbox fault `reply_lost` runs the command (the registry charges) and then breaks the connection, so
the bridge cannot know the outcome. WHMCS shows an error; the admin (or the Module Queue) retries with the
same params, hence the same Idempotency-Key, and the bridge reconciles with the registry instead of ordering
again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from sandbox.faults import Faults, Latency
from sandbox.systems import WORLD_SYSTEM
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    add_foreign_domain,
    expiry_of,
    fresh_domain,
    register_in_sandbox,
    register_params_for,
    renew_params_for,
    transfer_params_for,
)
from tests.whmcs.harness import PhpResult, renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def faults(stack: E2EStack) -> Faults:
    """The faults of the registry system the test's backend talks to (kept per system by the sandbox)."""
    return stack.sandbox.system_faults[WORLD_SYSTEM[stack.world]]


def latency(stack: E2EStack) -> Latency:
    """The latency of the registry system the test's backend talks to."""
    return stack.sandbox.system_latency[WORLD_SYSTEM[stack.world]]


def journal_rows(stack: E2EStack, domain: str) -> list[tuple[str, str, int]]:
    with sqlite3.connect(stack.database_path) as db:
        return list(
            db.execute(
                "SELECT function, state, attempts FROM operation_journal WHERE domain = ? ORDER BY id",
                (domain,),
            )
        )


def settle_now(stack: E2EStack, domain: str) -> None:
    """Move the journal's settle instant of `domain`'s order into the past (time passing, not waited for)."""
    past = (datetime.now(UTC) - timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(stack.database_path) as db:
        db.execute("UPDATE operation_journal SET settles_at = ? WHERE domain = ?", (past, domain))


def journal_sent(stack: E2EStack, domain: str) -> bool:
    """Whether the journal has recorded that `domain`'s money command is being sent."""
    with sqlite3.connect(stack.database_path) as db:
        row = db.execute("SELECT settles_at FROM operation_journal WHERE domain = ?", (domain,)).fetchone()
    return row is not None and row[0] is not None


def add_domain_attempts(stack: E2EStack, domain: str) -> int:
    """AddDomain commands for `domain` the sandbox carried out or refused (a `dropped` one never ran)."""
    return sum(
        1
        for entry in list(stack.sandbox.command_log)
        if str(entry["command"]).upper() == "ADDDOMAIN"
        and str(entry.get("params", {}).get("DOMAIN", "")).lower() == domain
    )


def wait_for(condition: Callable[[], bool], *, timeout: float = 60.0) -> None:
    """Poll `condition` until true; `timeout` is generous (a loaded machine), never a speed assertion."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("debug_mode", ["on", ""], ids=["module-log-on", "module-log-off"])
def test_register_with_a_lost_reply_registers_once_on_retry(
    stack: E2EStack, whmcs_call: WhmcsCall, debug_mode: str
) -> None:
    """Whether WHMCS keeps a module log (Module Debug Mode) changes nothing here: the bridge counts what it
    sent, not the log it may not write."""
    domain = fresh_domain()
    params = register_params_for(domain)
    settings = {"ModuleDebugMode": debug_mode}
    faults(stack).next(kind="reply_lost", command="AddDomain")
    first = whmcs_call("RegisterDomain", params, settings=settings)
    assert first.error is not None
    assert first.error.startswith(
        "No reply from the registrar API for AddDomain; the command may have been executed."
    ), first.error
    assert stack.domain(domain) is not None  # the registry did register it
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    assert journal_rows(stack, domain) == [("RegisterDomain", "unknown", 1)]

    retry = whmcs_call("RegisterDomain", params, settings=settings)
    assert retry.returned == {"success": True}
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    assert journal_rows(stack, domain) == [("RegisterDomain", "succeeded", 2)]
    # A third call (WHMCS retrying a queue entry twice) replays the stored outcome without any registry call.
    calls_before = len(stack.sandbox.command_log)
    third = whmcs_call("RegisterDomain", params, settings=settings)
    assert third.returned == {"success": True}
    assert len(stack.sandbox.command_log) == calls_before
    logged = [entry for result in (first, retry, third) for entry in result.modulelog]
    assert (logged != []) is (debug_mode == "on")


@pytest.mark.usefixtures("backend")
def test_renew_with_a_lost_reply_renews_once_on_retry(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    params, objects = renew_params_for(domain), renew_objects(before)
    # The faults of the backend's system (the stack fixture clears ISPAPI's; this one is used up below).
    stack.sandbox.system_faults[WORLD_SYSTEM[stack.world]].next(kind="reply_lost", command="RenewDomain")
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


@pytest.mark.usefixtures("backend")
def test_transfer_with_a_lost_reply_is_requested_once_on_retry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    params = transfer_params_for(domain, add_foreign_domain(stack, domain))
    faults(stack).next(kind="reply_lost", command="TransferDomain")
    first = whmcs_call("TransferDomain", params)
    assert first.error is not None
    assert first.error.startswith(
        "No reply from the registrar API for TransferDomain; the command may have been executed."
    ), first.error
    assert stack.sandbox.money_count(domain, command="TransferDomain") == 1  # the registry did request it
    assert journal_rows(stack, domain) == [("TransferDomain", "unknown", 1)]

    retry = whmcs_call("TransferDomain", params)
    assert retry.returned == {"success": True}, retry.error
    assert stack.sandbox.money_count(domain, command="TransferDomain") == 1
    assert journal_rows(stack, domain) == [("TransferDomain", "succeeded", 2)]


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("backend", ["cnr"], indirect=True)
def test_a_lost_contact_handle_before_the_order_is_ordered_on_retry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """CNR: the contact handles are made before the money command; a lost AddContact reply means nothing
    was ordered yet, so the retry orders (and reuses the handle the lost call made)."""
    domain = fresh_domain()
    params = register_params_for(domain)
    faults(stack).next(kind="reply_lost", command="AddContact")
    first = whmcs_call("RegisterDomain", params)
    assert first.error is not None and "AddContact" in first.error, first.error
    assert stack.domain(domain) is None and add_domain_attempts(stack, domain) == 0
    retry = whmcs_call("RegisterDomain", params)
    assert retry.returned == {"success": True}, retry.error
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    assert journal_rows(stack, domain) == [("RegisterDomain", "succeeded", 2)]


@pytest.mark.usefixtures("backend")
def test_register_dropped_before_the_registry_saw_it_is_ordered_on_retry(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    params = register_params_for(domain)
    faults(stack).next(kind="dropped", command="AddDomain")
    first = whmcs_call("RegisterDomain", params)
    assert first.error is not None
    assert stack.domain(domain) is None
    # The connection broke after the order was sent: until it has settled, it is not ordered again.
    early = whmcs_call("RegisterDomain", params)
    assert early.error is not None and "still being processed" in early.error, early.error
    assert add_domain_attempts(stack, domain) == 0 and stack.domain(domain) is None
    settle_now(stack, domain)  # BRIDGE_MONEY_SETTLE_SECONDS later, the registry showing no domain
    retry = whmcs_call("RegisterDomain", params)
    assert retry.returned == {"success": True}
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1


# ---- a retry while the registry is still carrying out the first attempt (sandbox latency) ----

# The registry's time for the order: well past the shim's 3 s BridgeTimeout below, and long enough that the
# immediate retry (a php start and two quick reads) reaches the bridge before it is done on a loaded machine.
SLOW_MS = 12000


@pytest.mark.usefixtures("backend")
def test_renewal_retried_while_the_registry_still_works_on_it_is_charged_once(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """The reported double renewal: the bridge gives up on a slow RenewDomain; WHMCS retries at once. Before,
    the retry found nothing in the object log yet and renewed again (money counter 2, expiry +2 years)."""
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    params, objects = renew_params_for(domain), renew_objects(before)
    latency = stack.sandbox.system_latency[WORLD_SYSTEM[stack.world]]  # the backend's system
    latency.per_command["RENEWDOMAIN"] = SLOW_MS
    try:
        config = stack.module_config(BridgeTimeout="3")
        first = whmcs_call("RenewDomain", params, objects=objects, config=config)
    finally:
        latency.per_command.clear()  # the registry is fast again; the first renewal still runs
    assert first.error is not None
    assert first.error.startswith(
        "No reply from the registrar API for RenewDomain; the command may have been executed."
    ), first.error

    retry = whmcs_call("RenewDomain", params, objects=objects)
    assert retry.error is not None, retry.returned
    assert f"RenewDomain for {domain} is still being processed" in retry.error, retry.error
    assert "Nothing was sent again" in retry.error

    wait_for(lambda: stack.sandbox.money_count(domain, command="RenewDomain") >= 1)  # the first one lands
    later = whmcs_call("RenewDomain", params, objects=objects)
    assert later.returned == {"success": True, "message": "Renewal succeeded."}, later.returned
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 1
    assert int(expiry_of(stack, domain)[:4]) == int(before[:4]) + 1
    assert journal_rows(stack, domain) == [("RenewDomain", "succeeded", 3)]


@pytest.mark.usefixtures("backend")
def test_registration_retried_while_the_registry_still_works_on_it_is_ordered_once(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """Same for AddDomain: no second order is sent (before, only the registry's uniqueness check saved it)."""
    domain = fresh_domain()
    params = register_params_for(domain)
    latency(stack).per_command["ADDDOMAIN"] = SLOW_MS
    first = whmcs_call("RegisterDomain", params, config=stack.module_config(BridgeTimeout="3"))
    assert first.error is not None and "may have been executed" in first.error, first.error
    latency(stack).per_command.clear()
    retry = whmcs_call("RegisterDomain", params)
    assert retry.error is not None and "still being processed" in retry.error, retry.returned

    wait_for(lambda: stack.domain(domain) is not None)
    later = whmcs_call("RegisterDomain", params)
    assert later.returned == {"success": True}, later.returned
    assert stack.sandbox.money_count(domain, command="AddDomain") == 1
    assert add_domain_attempts(stack, domain) == 1


@pytest.mark.usefixtures("backend")
def test_transfer_retried_while_the_registry_still_works_on_it_is_requested_once(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    domain = fresh_domain()
    params = transfer_params_for(domain, add_foreign_domain(stack, domain))
    latency(stack).per_command["TRANSFERDOMAIN"] = SLOW_MS
    first = whmcs_call("TransferDomain", params, config=stack.module_config(BridgeTimeout="3"))
    assert first.error is not None and "may have been executed" in first.error, first.error
    latency(stack).per_command.clear()
    retry = whmcs_call("TransferDomain", params)
    assert retry.error is not None and "still being processed" in retry.error, retry.returned

    wait_for(lambda: stack.sandbox.money_count(domain, command="TransferDomain") >= 1)
    later = whmcs_call("TransferDomain", params)
    assert later.returned == {"success": True}, later.returned
    assert stack.sandbox.money_count(domain, command="TransferDomain") == 1


def test_a_lost_renewal_checked_while_the_registry_is_down_is_not_known_yet(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    """The reply of the renewal was lost and the registry cannot be asked: the earlier attempt may well have
    succeeded, so the answer is "not known yet", never "could not be reached" as if nothing happened."""
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    params, objects = renew_params_for(domain), renew_objects(expiry_of(stack, domain))
    stack.sandbox.faults.next(kind="reply_lost", command="RenewDomain")
    assert whmcs_call("RenewDomain", params, objects=objects).error is not None
    stack.sandbox.faults.set("dropped", 1.0)
    down = whmcs_call("RenewDomain", params, objects=objects)
    assert down.error is not None
    assert down.error.startswith(f"The outcome of the earlier RenewDomain for {domain} is not known yet"), (
        down.error
    )
    assert "will be settled" in down.error and "Nothing was sent again" in down.error
    stack.sandbox.faults.clear()
    settled = whmcs_call("RenewDomain", params, objects=objects)
    assert settled.returned == {"success": True, "message": "Renewal succeeded."}, settled.returned
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 1


def test_a_renewal_interrupted_by_a_bridge_crash_is_settled_on_the_next_retry(
    stack: E2EStack, whmcs_call: WhmcsCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kill -9 of the bridge while its RenewDomain is at the registry: the row stays `started`. Before, every
    retry for 10 minutes got "already in progress"; now the dead process's row is reconciled at once."""
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    before = expiry_of(stack, domain)
    params, objects = renew_params_for(domain), renew_objects(before)
    stack.sandbox.latency.per_command["RENEWDOMAIN"] = SLOW_MS
    # The sandbox asks for a command's latency once it has read the whole request: from then on it carries
    # the renewal out, whatever happens to the bridge.
    received: list[str] = []
    latency_of = stack.sandbox.latency.for_command

    def noting(command: str) -> int:
        received.append(command.upper())
        return latency_of(command)

    monkeypatch.setattr(stack.sandbox.latency, "for_command", noting)
    crashed: list[PhpResult] = []
    caller = threading.Thread(
        target=lambda: crashed.append(whmcs_call("RenewDomain", params, objects=objects))
    )
    caller.start()
    try:
        wait_for(lambda: "RENEWDOMAIN" in received)  # the registry is carrying the renewal out
        assert journal_sent(stack, domain)
        assert stack.bridge.process is not None
        stack.bridge.process.kill()
        stack.bridge.process.wait(timeout=30)
    finally:
        caller.join(timeout=60)
        stack.bridge.start()
    stack.sandbox.latency.per_command.clear()
    assert crashed and crashed[0].error is not None
    assert journal_rows(stack, domain) == [("RenewDomain", "started", 1)]

    retry = whmcs_call("RenewDomain", params, objects=objects)
    assert retry.error is None or "is still being processed:" in retry.error, retry.error
    assert retry.error is None or "by another request" not in retry.error
    wait_for(lambda: stack.sandbox.money_count(domain, command="RenewDomain") >= 1)
    later = whmcs_call("RenewDomain", params, objects=objects)
    assert later.returned == {"success": True, "message": "Renewal succeeded."}, later.returned
    assert stack.sandbox.money_count(domain, command="RenewDomain") == 1
    assert int(expiry_of(stack, domain)[:4]) == int(before[:4]) + 1
