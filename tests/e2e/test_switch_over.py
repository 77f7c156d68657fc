"""The switch-over (README "Switching from HEXONET to CentralNic Reseller"): an install that ran on
Backend=ispapi carries on with Backend=cnr after the registry moved its domains.

One reseller of its own (so the migration moves only its domains) registers five domains through WHMCS on
ISPAPI, runs Sync there (the bridge now holds snapshot rows for the ISPAPI account), reads one domain's
contacts, and starts a renewal whose reply is lost (the journal holds it as `unknown`); a sixth domain, set
to AUTORENEW at HEXONET and never synced, stands for one created outside WHMCS. The sandbox's migrate
control then moves the account's domains into the CNR OT&E world with new contact handles, and the module
settings change to Backend=cnr with the CNR account's password. Each test works on a domain of its own, so
the tests do not depend on each other's order; the money counters span both worlds, so a renewal charged on
either registry counts.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from app.registrar.orders.renewals import MODE_SET
from sandbox import controls
from sandbox.protocol import ENTITY_OTE
from sandbox.systems import CNR_OTE
from sandbox.world.dates import refresh_dates
from tests.e2e.stack import (
    E2EStack,
    domain_params_for,
    domains_row,
    expiry_of,
    fresh_domain,
    register_params_for,
    renew_params_for,
    whmcs_expiry_of,
)
from tests.e2e.test_contacts import save_params
from tests.whmcs.harness import PhpResult, renew_objects, run_whmcs

pytestmark = [pytest.mark.e2e, pytest.mark.php]

DOMAINS = 5
NAMESERVERS = {"ns1": "ns1.example.net", "ns2": "ns2.example.net"}  # register_params_for's


@dataclass
class SwitchOver:
    """The account after the switch: both views of the stack, both module configurations, its domains."""

    ispapi: E2EStack
    cnr: E2EStack
    ispapi_config: dict[str, Any]
    cnr_config: dict[str, Any]
    domains: list[str]
    contacts_before: dict[str, Any]  # GetContactDetails of the contacts domain on ISPAPI
    in_flight: dict[str, Any]  # RenewDomain params and objects whose reply was lost before the switch
    autorenew_domain: str  # AUTORENEW at HEXONET, carried over by the migration (docs/cnr-renewals.md)

    def call(self, function: str, params: dict[str, Any], *, backend: str = "cnr", **ctx: Any) -> PhpResult:
        config = self.cnr_config if backend == "cnr" else self.ispapi_config
        result = run_whmcs(function, params, config=config, **ctx)
        assert result.warnings == [], f"PHP warnings in {function}: {result.warnings}"
        return result

    # Which domain each test works on.
    @property
    def nameservers_domain(self) -> str:
        return self.domains[0]

    @property
    def contacts_saved_domain(self) -> str:
        return self.domains[0]  # the name-server domain too: contacts and name servers touch nothing shared

    @property
    def sync_changed_domain(self) -> str:
        return self.domains[1]

    @property
    def renewal_domain(self) -> str:
        return self.domains[2]

    @property
    def contacts_domain(self) -> str:
        return self.domains[3]

    @property
    def in_flight_domain(self) -> str:
        return self.domains[4]


def _renewals(stack: E2EStack, domain: str) -> dict[str, int]:
    """RenewDomain charges of `domain` per world (ISPAPI OT&E, CNR OT&E)."""
    money = stack.sandbox.money_count
    return {
        "ispapi": money(domain, command="RenewDomain", entity=ENTITY_OTE),
        "cnr": money(domain, command="RenewDomain", entity=CNR_OTE),
    }


def _before_the_switch(run: SwitchOver) -> None:
    """Five registrations, a Sync and a contact read on ISPAPI, and a renewal whose reply is lost."""
    for domain in run.domains:
        result = run.call("RegisterDomain", register_params_for(domain), backend="ispapi")
        assert result.returned == {"success": True}, result.error
        assert run.ispapi.sandbox.money_count(domain, command="AddDomain", entity=ENTITY_OTE) == 1
    for domain in run.domains:
        params = domain_params_for(domain, idprotection=False)
        synced = run.call("Sync", params, backend="ispapi", db=domains_row(domain))
        assert synced.returned == {"active": True, "expirydate": whmcs_expiry_of(run.ispapi, domain)}
    contacts = run.call("GetContactDetails", domain_params_for(run.contacts_domain), backend="ispapi")
    assert contacts.error is None, contacts.error
    run.contacts_before.update(contacts.returned)

    domain = run.in_flight_domain
    params, objects = renew_params_for(domain), renew_objects(expiry_of(run.ispapi, domain))
    run.ispapi.sandbox.faults.next(kind="reply_lost", command="RenewDomain")
    lost = run.call("RenewDomain", params, backend="ispapi", objects=objects)
    assert lost.error is not None and "may have been executed" in lost.error, lost.error
    assert _renewals(run.ispapi, domain) == {"ispapi": 1, "cnr": 0}
    run.in_flight.update(params=params, objects=objects, expiry=expiry_of(run.ispapi, domain))

    autorenew = run.call("RegisterDomain", register_params_for(run.autorenew_domain), backend="ispapi")
    assert autorenew.returned == {"success": True}, autorenew.error
    with run.ispapi.sandbox.lock:
        run.ispapi.domain(run.autorenew_domain).renewal_mode = "AUTORENEW"  # as set outside WHMCS


@pytest.fixture(scope="module")
def switched(e2e_stack: E2EStack) -> Iterator[SwitchOver]:
    ispapi, cnr = e2e_stack.for_backend("ispapi"), e2e_stack.for_backend("cnr")
    login = f"switch{secrets.token_hex(3)}"
    hexonet_password, cnr_password = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    controls.add_account(e2e_stack.sandbox, login, hexonet_password, entity=ENTITY_OTE)
    controls.add_account(e2e_stack.sandbox, login, cnr_password, entity=CNR_OTE)
    run = SwitchOver(
        ispapi=ispapi,
        cnr=cnr,
        ispapi_config=ispapi.module_config(Username=login, Password=hexonet_password),
        # The switch: Backend and the CNR account's credentials; nothing else changes.
        cnr_config=cnr.module_config(Username=login, Password=cnr_password),
        domains=[fresh_domain(prefix="switch") for _ in range(DOMAINS)],
        contacts_before={},
        in_flight={},
        autorenew_domain=fresh_domain(prefix="switch"),
    )
    try:
        _before_the_switch(run)
        moved = controls.migrate_account(e2e_stack.sandbox, login, login, entity=ENTITY_OTE)
        assert moved.domains == DOMAINS + 1  # and the AUTORENEW one
        yield run
    finally:
        e2e_stack.sandbox.faults.clear()


def test_the_migration_moved_every_domain_to_cnr(switched: SwitchOver) -> None:
    for domain in switched.domains:
        assert switched.ispapi.domain(domain) is None
        moved = switched.cnr.domain(domain)
        assert moved is not None and moved.owner == switched.cnr_config["Username"]
    # The old setting now reaches a HEXONET account without those domains.
    stale = switched.call("GetNameservers", domain_params_for(switched.domains[0]), backend="ispapi")
    assert stale.error is not None


def test_whmcs_accepts_the_new_settings_when_they_are_saved(switched: SwitchOver) -> None:
    """Saving the registrar settings makes WHMCS call config_validate: the switch starts there."""
    result = switched.call("config_validate", {})
    assert result.exception is None, result.exception
    wrong = dict(switched.cnr_config, Password="wrong-password-1")
    refused = run_whmcs("config_validate", {}, config=wrong)
    assert refused.exception is not None
    assert refused.exception["message"].startswith("Connecting to the OT&E Environment failed. (530 ")


def test_name_servers_are_read_and_saved_on_cnr(switched: SwitchOver) -> None:
    for domain in switched.domains:
        result = switched.call("GetNameservers", domain_params_for(domain))
        assert result.returned == NAMESERVERS, (domain, result.error)
    domain = switched.nameservers_domain
    params = domain_params_for(domain, ns1="ns1.after-switch.example", ns2="ns2.after-switch.example")
    saved = switched.call("SaveNameservers", {**params, "ns3": "", "ns4": "", "ns5": ""})
    assert saved.returned == {"success": True}, saved.error
    assert switched.cnr.domain(domain).nameservers == ["ns1.after-switch.example", "ns2.after-switch.example"]
    again = switched.call("GetNameservers", domain_params_for(domain))
    assert again.returned == {"ns1": "ns1.after-switch.example", "ns2": "ns2.after-switch.example"}


def _account_keys(stack: E2EStack, domains: list[str]) -> set[str]:
    marks = ",".join("?" * len(domains))
    with sqlite3.connect(stack.database_path) as db:
        rows = db.execute(f"SELECT account_key FROM domain_snapshot WHERE domain IN ({marks})", domains)
        return {row[0] for row in rows}


def test_sync_reads_cnr_and_never_the_hexonet_snapshot(switched: SwitchOver) -> None:
    """The ISPAPI snapshot still holds fresh rows for these names; CNR's data must win. One domain's
    expiry differs at CNR (moved a year on in the CNR world), which a reused ISPAPI row would hide."""
    changed = switched.sync_changed_domain
    hexonet_keys = _account_keys(switched.cnr, switched.domains)
    with switched.cnr.sandbox.lock:
        record = switched.cnr.domain(changed)
        record.expiration_date += timedelta(days=365)
        record.paid_until_date += timedelta(days=365)
        refresh_dates(record)
    for domain in switched.domains:
        params = domain_params_for(domain, idprotection=False)
        result = switched.call("Sync", params, db=domains_row(domain))
        # CNR reports the registration expiry (app/backends/cnr/status.py), whatever the renewal mode; the
        # Sync also sets AUTOEXPIRE, which moves the sandbox's ISPAPI-style dates whmcs_expiry_of reads.
        expected = {"active": True, "expirydate": expiry_of(switched.cnr, domain)}
        assert result.returned == expected, (domain, result.error)
    # The CNR account's rows live under a key of their own, beside the HEXONET ones.
    assert _account_keys(switched.cnr, switched.domains) - hexonet_keys


def _sent(stack: E2EStack, domain: str) -> list[str]:
    """The commands the CNR OT&E world received for `domain` (a faulted command is logged without one)."""
    log = stack.sandbox.command_log
    return [
        e["command"]
        for e in log
        if e.get("entity") == CNR_OTE and e.get("params", {}).get("DOMAIN") == domain
    ]


def test_a_snapshot_sync_stops_cnr_renewing_a_migrated_domain_by_itself(switched: SwitchOver) -> None:
    """The migrated domain kept AUTORENEW, so CNR would renew a domain WHMCS bills (docs/cnr-renewals.md).
    The Sync answered from the snapshot sets AUTOEXPIRE, once: the next Sync sends nothing."""
    domain = switched.autorenew_domain
    assert switched.cnr.domain(domain).renewal_mode == "AUTORENEW"
    params = domain_params_for(domain, idprotection=False)
    expected = {"active": True, "expirydate": expiry_of(switched.cnr, domain)}  # CNR: the registry's expiry
    first = switched.call("Sync", params, db=domains_row(domain))
    assert first.returned == expected, first.error
    assert switched.cnr.domain(domain).renewal_mode == "AUTOEXPIRE"
    assert _sent(switched.cnr, domain) == ["SetDomainRenewalMode"]  # no StatusDomain: from the snapshot
    messages = [entry["message"] for entry in first.activity]
    assert f"{domain}: {MODE_SET.format(mode='AUTOEXPIRE')}" in messages
    second = switched.call("Sync", params, db=domains_row(domain))
    assert second.returned == expected, second.error
    assert _sent(switched.cnr, domain) == ["SetDomainRenewalMode"]


def test_a_renewal_after_the_switch_is_charged_once_at_cnr(switched: SwitchOver) -> None:
    domain = switched.renewal_domain
    before = expiry_of(switched.cnr, domain)
    params, objects = renew_params_for(domain), renew_objects(before)
    result = switched.call("RenewDomain", params, objects=objects)
    assert result.error is None, result.error
    assert _renewals(switched.cnr, domain) == {"ispapi": 0, "cnr": 1}
    assert int(expiry_of(switched.cnr, domain)[:4]) == int(before[:4]) + 1
    # WHMCS retrying the same renewal (same params, same key) is answered without a second charge.
    retry = switched.call("RenewDomain", params, objects=objects)
    assert retry.error is None, retry.error
    assert _renewals(switched.cnr, domain) == {"ispapi": 0, "cnr": 1}


def test_a_renewal_started_before_the_switch_is_never_repeated_after_it(switched: SwitchOver) -> None:
    """The HEXONET renewal's reply was lost; WHMCS retries it (same params, same key) after the switch.
    The registry had carried it out: the retry succeeds without a renewal at CNR."""
    domain = switched.in_flight_domain
    retry = switched.call("RenewDomain", switched.in_flight["params"], objects=switched.in_flight["objects"])
    assert _renewals(switched.cnr, domain) == {"ispapi": 1, "cnr": 0}
    assert expiry_of(switched.cnr, domain) == switched.in_flight["expiry"]
    assert retry.error is None, retry.error


def test_contact_details_come_from_the_cnr_handles(switched: SwitchOver) -> None:
    """The migration gave the contacts new handles at CNR; WHMCS sees the same data as before."""
    domain = switched.contacts_domain
    result = switched.call("GetContactDetails", domain_params_for(domain))
    assert result.error is None, result.error
    assert result.returned == switched.contacts_before


def test_the_domain_overview_reads_cnr(switched: SwitchOver) -> None:
    """The client area's domain page (GetDomainInformation) for a migrated domain, at once."""
    domain = switched.contacts_domain  # only read by the tests
    result = switched.call("GetDomainInformation", domain_params_for(domain))
    info = result.returned
    assert result.exception is None and isinstance(info, dict), result.exception
    assert info["domain"] == domain and info["nameservers"] == NAMESERVERS
    assert info["registrationStatus"] == "Active"
    assert info["expiryDate"]["date"][:10] == expiry_of(switched.cnr, domain)


def test_contact_details_are_saved_at_cnr(switched: SwitchOver) -> None:
    """The CNR handles are updated (or replaced by new CNR handles); no HEXONET handle is sent to CNR."""
    domain = switched.contacts_saved_domain
    params = save_params(domain, City="Hamburg", **{"Phone Number": "+49 40 1234567"})
    result = switched.call("SaveContactDetails", params)
    assert result.returned == {"success": True}, result.error
    with switched.cnr.sandbox.lock:
        world = switched.cnr.sandbox.worlds[CNR_OTE]
        handle = world.domains[domain].contacts["OWNERCONTACT"][0]
        fields = dict(world.contacts[handle].fields)
    assert fields["CITY"] == "Hamburg" and fields["PHONE"] == "+49.401234567"


def test_registrations_were_charged_once_and_only_at_hexonet(switched: SwitchOver) -> None:
    money = switched.cnr.sandbox.money_count
    for domain in switched.domains:
        assert money(domain, command="AddDomain", entity=ENTITY_OTE) == 1
        assert money(domain, command="AddDomain", entity=CNR_OTE) == 0
