"""The two Sync settings end to end (issue 6, peers.md §1a): php -> bridge -> sandbox.

* Suspend after Expiration: an expired domain gets clientHold at the registry once, with an activity line;
  a renewal through WHMCS moves the expiry into the future and the next Sync lifts the hold.
* Sync Id Protection: WHMCS `idprotection` off while the registry has WHOIS privacy on -> switched off;
  without the setting the registry's privacy is left alone (5.1.12 only ever switched it on).

Each test uses its own sandbox account, so the account-wide snapshot (snapshot mode, the default) is built
by the test's first Sync and holds the test's domain: the snapshot path is what runs, deterministically.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest

from sandbox.controls import add_account
from sandbox.domains import refresh_dates
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    OTE,
    E2EStack,
    domain_params_for,
    expiry_of,
    fresh_domain,
    renew_params_for,
    whmcs_expiry_of,
)
from tests.whmcs.harness import renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]

SUSPENDED = "Domain suspended at the registry (Suspend after Expiration)."
UNSUSPENDED = "Domain unsuspended at the registry (Suspend after Expiration)."


@contextmanager
def recorded(stack: E2EStack, login: str) -> Iterator[list[dict[str, Any]]]:
    """The sandbox command-log entries of `login` while the block runs."""
    seen: list[dict[str, Any]] = []

    def sink(entry: dict[str, Any]) -> None:
        if entry["login"] == login:
            seen.append(entry)

    stack.sandbox.log_sinks.append(sink)
    try:
        yield seen
    finally:
        stack.sandbox.log_sinks.remove(sink)


def new_account(stack: E2EStack) -> tuple[str, str]:
    login = (f"syncset{secrets.token_hex(3)}", secrets.token_urlsafe(12))
    add_account(stack.sandbox, *login, entity=OTE)
    return login


def register_as(stack: E2EStack, login: tuple[str, str], domain: str) -> None:
    contact = stack.api(
        "AddContact",
        as_login=login,
        firstname="Sync",
        lastname="Settings",
        street="1 Test Street",
        city="Berlin",
        zip="10115",
        country="DE",
        phone="+49.301234567",
        email="sync@example.net",
    )
    assert contact["code"] == 200, contact
    handle = contact["properties"]["CONTACT"][0]
    added = stack.api(
        "AddDomain",
        as_login=login,
        domain=domain,
        period=1,
        ownercontact0=handle,
        admincontact0=handle,
        techcontact0=handle,
        billingcontact0=handle,
        nameserver0="ns1.e2e-dns.example",
        nameserver1="ns2.e2e-dns.example",
    )
    assert added["code"] == 200, added


def expire(stack: E2EStack, domain: str, *, days_ago: int = 10) -> None:
    """Expired `days_ago` days ago, still in the account (the registry's grace)."""
    with stack.sandbox.lock:
        record = stack.domain(domain)
        record.expiration_date = stack.sandbox.clock.now() - timedelta(days=days_ago)
        record.paid_until_date = record.expiration_date
        refresh_dates(record)


def row(domain: str) -> dict[str, list[dict[str, object]]]:
    return {"tbldomains": [{"id": 42, "domain": domain, "registrar": "ispapi", "status": "Active"}]}


def modifies(calls: list[dict[str, Any]], domain: str) -> list[dict[str, Any]]:
    return [
        c["params"] for c in calls if c["command"] == "ModifyDomain" and c["params"].get("DOMAIN") == domain
    ]


def messages(result: Any) -> list[str]:
    return [entry["message"] for entry in result.activity]


def test_suspend_after_expiration_holds_once_and_a_renewal_lifts_the_hold(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack)
    config = stack.module_config(Username=login[0], Password=login[1], SuspendAfterExpiration="on")
    domain = fresh_domain()
    register_as(stack, login, domain)
    expire(stack, domain)
    params = domain_params_for(domain, idprotection=False)

    with recorded(stack, login[0]) as calls:
        first = whmcs_call("Sync", params, config=config, db=row(domain))
    assert first.returned == {"active": True, "expirydate": whmcs_expiry_of(stack, domain)}
    assert first.returned["expirydate"] < str(stack.sandbox.clock.now().date())
    assert modifies(calls, domain) == [{"DOMAIN": domain, "ADDSTATUS0": "clientHold"}]
    record = stack.domain(domain)
    assert record.suspended is True and "clientHold" in record.status
    assert f"{domain}: {SUSPENDED}" in messages(first)

    with recorded(stack, login[0]) as calls:  # the next cron run: already on hold, nothing to do
        second = whmcs_call("Sync", params, config=config, db=row(domain))
    assert modifies(calls, domain) == []
    assert f"{domain}: {SUSPENDED}" not in messages(second)
    assert stack.domain(domain).suspended is True

    before = expiry_of(stack, domain)
    renewed = whmcs_call(
        "RenewDomain", renew_params_for(domain), config=config, objects=renew_objects(before)
    )
    assert renewed.returned == {"success": True, "message": "Renewal succeeded."}
    assert expiry_of(stack, domain) > str(stack.sandbox.clock.now().date())

    with recorded(stack, login[0]) as calls:
        third = whmcs_call("Sync", params, config=config, db=row(domain))
    # the renewal is newer than the snapshot row: the registry's dates count, and the hold goes
    assert third.returned == {"active": True, "expirydate": whmcs_expiry_of(stack, domain)}
    assert third.returned["expirydate"] > str(stack.sandbox.clock.now().date())
    assert modifies(calls, domain) == [{"DOMAIN": domain, "DELSTATUS0": "clientHold"}]
    assert stack.domain(domain).suspended is False
    assert "clientHold" not in stack.domain(domain).status
    assert f"{domain}: {UNSUSPENDED}" in messages(third)


def test_without_the_setting_an_expired_domain_is_not_put_on_hold(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack)
    config = stack.module_config(Username=login[0], Password=login[1])  # SuspendAfterExpiration ""
    domain = fresh_domain()
    register_as(stack, login, domain)
    expire(stack, domain)
    with recorded(stack, login[0]) as calls:
        result = whmcs_call(
            "Sync", domain_params_for(domain, idprotection=False), config=config, db=row(domain)
        )
    assert result.returned == {"active": True, "expirydate": whmcs_expiry_of(stack, domain)}
    assert modifies(calls, domain) == []
    assert stack.domain(domain).suspended is False


def test_hold_the_bridge_did_not_set_is_not_lifted(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    login = new_account(stack)
    config = stack.module_config(Username=login[0], Password=login[1], SuspendAfterExpiration="on")
    domain = fresh_domain()
    register_as(stack, login, domain)
    held = stack.api("ModifyDomain", as_login=login, domain=domain, addstatus0="clientHold")  # e.g. abuse
    assert held["code"] == 200, held
    with recorded(stack, login[0]) as calls:
        whmcs_call("Sync", domain_params_for(domain, idprotection=False), config=config, db=row(domain))
    assert modifies(calls, domain) == []
    assert stack.domain(domain).suspended is True


def with_privacy(stack: E2EStack, login: tuple[str, str], domain: str) -> None:
    register_as(stack, login, domain)
    on = stack.api("ModifyDomain", as_login=login, domain=domain, **{"x-accept-whoistrustee-tac": 1})
    assert on["code"] == 200, on
    assert stack.domain(domain).whois_trustee is True


def test_sync_id_protection_switches_registry_privacy_off_when_whmcs_has_it_off(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack)
    config = stack.module_config(Username=login[0], Password=login[1], SyncIDProtection="on")
    domain = fresh_domain()
    with_privacy(stack, login, domain)
    with recorded(stack, login[0]) as calls:
        result = whmcs_call(
            "Sync", domain_params_for(domain, idprotection=False), config=config, db=row(domain)
        )
    assert result.returned["active"] is True
    assert modifies(calls, domain) == [{"DOMAIN": domain, "X-ACCEPT-WHOISTRUSTEE-TAC": "0"}]
    assert stack.domain(domain).whois_trustee is False
    assert f"{domain}: ID protection disabled at the registry." in messages(result)

    with recorded(stack, login[0]) as calls:  # in line now: the next run changes nothing
        whmcs_call("Sync", domain_params_for(domain, idprotection=False), config=config, db=row(domain))
    assert modifies(calls, domain) == []


def test_without_sync_id_protection_registry_privacy_is_left_alone(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack)
    config = stack.module_config(Username=login[0], Password=login[1])  # SyncIDProtection ""
    domain = fresh_domain()
    with_privacy(stack, login, domain)
    with recorded(stack, login[0]) as calls:
        result = whmcs_call(
            "Sync", domain_params_for(domain, idprotection=False), config=config, db=row(domain)
        )
    assert result.returned["active"] is True
    assert modifies(calls, domain) == []
    assert stack.domain(domain).whois_trustee is True
    assert not any("ID protection" in message for message in messages(result))
