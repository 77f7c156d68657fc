"""The two Sync settings end to end (docs/field-reports.md §1a): php -> bridge -> sandbox.

* Suspend after Expiration: an expired domain gets clientHold at the registry once, with an activity line;
  a renewal through WHMCS moves the expiry into the future and the next Sync lifts the hold.
* Sync Id Protection: WHMCS `idprotection` off while the registry has WHOIS privacy on -> switched off;
  without the setting the registry's privacy is left alone (5.1.12 only ever switched it on).

Each test uses its own sandbox account, so the account-wide snapshot (snapshot mode, the default) is built
by the test's first Sync and holds the test's domain: the snapshot path is what runs, deterministically.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    domain_params_for,
    domains_row,
    expire,
    expiry_of,
    fresh_domain,
    new_account,
    recorded,
    register_as,
    renew_params_for,
)
from tests.e2e.test_sync import reported_expiry
from tests.whmcs.harness import PhpResult, renew_objects

pytestmark = [pytest.mark.e2e, pytest.mark.php]

SUSPENDED = "Domain suspended at the registry (Suspend after Expiration)."
UNSUSPENDED = "Domain unsuspended at the registry (Suspend after Expiration)."


def sync(whmcs_call: WhmcsCall, domain: str, config: dict[str, Any]) -> PhpResult:
    """One Sync cron call for `domain` (WHMCS sold no ID protection), its tbldomains row Active."""
    return whmcs_call(
        "Sync", domain_params_for(domain, idprotection=False), config=config, db=domains_row(domain)
    )


def modifies(calls: list[dict[str, Any]], domain: str) -> list[dict[str, Any]]:
    return [
        c["params"] for c in calls if c["command"] == "ModifyDomain" and c["params"].get("DOMAIN") == domain
    ]


def messages(result: Any) -> list[str]:
    return [entry["message"] for entry in result.activity]


@pytest.mark.usefixtures("backend")
def test_suspend_after_expiration_holds_once_and_a_renewal_lifts_the_hold(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack, "syncset")
    config = stack.module_config(Username=login[0], Password=login[1], SuspendAfterExpiration="on")
    domain = fresh_domain()
    register_as(stack, login, domain)
    expire(stack, domain)

    with recorded(stack, login[0]) as calls:
        first = sync(whmcs_call, domain, config)
    assert first.returned == {"active": True, "expirydate": reported_expiry(stack, domain)}
    assert first.returned["expirydate"] < str(stack.sandbox.clock.now().date())
    assert modifies(calls, domain) == [{"DOMAIN": domain, "ADDSTATUS0": "clientHold"}]
    record = stack.domain(domain)
    assert record.suspended is True and "clientHold" in record.status
    assert f"{domain}: {SUSPENDED}" in messages(first)

    with recorded(stack, login[0]) as calls:  # the next cron run: already on hold, nothing to do
        second = sync(whmcs_call, domain, config)
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
        third = sync(whmcs_call, domain, config)
    # the renewal is newer than the snapshot row: the registry's dates count, and the hold goes
    assert third.returned == {"active": True, "expirydate": reported_expiry(stack, domain)}
    assert third.returned["expirydate"] > str(stack.sandbox.clock.now().date())
    assert modifies(calls, domain) == [{"DOMAIN": domain, "DELSTATUS0": "clientHold"}]
    assert stack.domain(domain).suspended is False
    assert "clientHold" not in stack.domain(domain).status
    assert f"{domain}: {UNSUSPENDED}" in messages(third)


@pytest.mark.usefixtures("backend")
def test_without_the_setting_an_expired_domain_is_not_put_on_hold(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack, "syncset")
    config = stack.module_config(Username=login[0], Password=login[1])  # SuspendAfterExpiration ""
    domain = fresh_domain()
    register_as(stack, login, domain)
    expire(stack, domain)
    with recorded(stack, login[0]) as calls:
        result = sync(whmcs_call, domain, config)
    assert result.returned == {"active": True, "expirydate": reported_expiry(stack, domain)}
    assert modifies(calls, domain) == []
    assert stack.domain(domain).suspended is False


@pytest.mark.usefixtures("backend")
def test_hold_the_bridge_did_not_set_is_not_lifted(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    login = new_account(stack, "syncset")
    config = stack.module_config(Username=login[0], Password=login[1], SuspendAfterExpiration="on")
    domain = fresh_domain()
    register_as(stack, login, domain)
    held = stack.api("ModifyDomain", as_login=login, domain=domain, addstatus0="clientHold")  # e.g. abuse
    assert held["code"] == 200, held
    with recorded(stack, login[0]) as calls:
        sync(whmcs_call, domain, config)
    assert modifies(calls, domain) == []
    assert stack.domain(domain).suspended is True


# WHOIS privacy in each backend's API.
PRIVACY = {"ispapi": "X-ACCEPT-WHOISTRUSTEE-TAC", "cnr": "X-WHOISPRIVACY"}


def privacy_on(stack: E2EStack, domain: str) -> bool:
    """WHOIS privacy as the sandbox records it (ISPAPI: the trustee flag, CNR: the X-WHOISPRIVACY value)."""
    record = stack.domain(domain)
    if stack.backend == "cnr":
        return bool(record.extensions.get("X-WHOISPRIVACY") == "1")
    return bool(record.whois_trustee)


def with_privacy(stack: E2EStack, login: tuple[str, str], domain: str) -> None:
    register_as(stack, login, domain)
    on = stack.api("ModifyDomain", as_login=login, domain=domain, **{PRIVACY[stack.backend].lower(): 1})
    assert on["code"] == 200, on
    assert privacy_on(stack, domain) is True


@pytest.mark.usefixtures("backend")
def test_sync_id_protection_switches_registry_privacy_off_when_whmcs_has_it_off(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack, "syncset")
    config = stack.module_config(Username=login[0], Password=login[1], SyncIDProtection="on")
    domain = fresh_domain()
    with_privacy(stack, login, domain)
    with recorded(stack, login[0]) as calls:
        result = sync(whmcs_call, domain, config)
    assert result.returned["active"] is True
    assert modifies(calls, domain) == [{"DOMAIN": domain, PRIVACY[stack.backend]: "0"}]
    assert privacy_on(stack, domain) is False
    assert f"{domain}: ID protection disabled at the registry." in messages(result)

    with recorded(stack, login[0]) as calls:  # in line now: the next run changes nothing
        sync(whmcs_call, domain, config)
    assert modifies(calls, domain) == []


@pytest.mark.usefixtures("backend")
def test_without_sync_id_protection_registry_privacy_is_left_alone(
    stack: E2EStack, whmcs_call: WhmcsCall
) -> None:
    login = new_account(stack, "syncset")
    config = stack.module_config(Username=login[0], Password=login[1])  # SyncIDProtection ""
    domain = fresh_domain()
    with_privacy(stack, login, domain)
    with recorded(stack, login[0]) as calls:
        result = sync(whmcs_call, domain, config)
    assert result.returned["active"] is True
    assert modifies(calls, domain) == []
    assert privacy_on(stack, domain) is True
    assert not any("ID protection" in message for message in messages(result))
