"""Single-flight snapshot refresh end to end (docs/architecture.md decision 9).

Two WHMCS Sync calls (two php processes started together) for an account that has no snapshot yet: both
need the account-wide snapshot, exactly one of them builds it (one set of QueryDomainList pages at the
sandbox), the other waits for it, and both answer correctly. QueryDomainList is slowed down so the two
calls overlap for sure. A fresh sandbox account keeps the other tests' snapshots out of the picture.
"""

from __future__ import annotations

import threading

import pytest

from sandbox.controls import seed_domains
from sandbox.systems import WORLD_SYSTEM
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import (
    E2EStack,
    domain_params_for,
    domains_row,
    new_account,
    recorded,
)
from tests.e2e.test_sync import reported_expiry
from tests.whmcs.harness import PhpResult

pytestmark = [pytest.mark.e2e, pytest.mark.php]

DOMAINS = 1500  # two QueryDomainList pages of 1,000
PAGES = 2
LIST_LATENCY_MS = (
    1500  # per page: the refresh takes >= 3 s, far longer than the start-up skew of two php runs
)
JOIN_TIMEOUT = 60.0
# Renewal modes a Sync on the backend changes (docs/cnr-renewals.md: CNR's that renew by themselves).
SYNC_SETS_MODE = {"ispapi": frozenset[str](), "cnr": frozenset({"DEFAULT", "AUTORENEW"})}


def plain_active(stack: E2EStack, login: str, count: int) -> list[str]:
    with stack.sandbox.lock:
        found = [
            d.name
            for d in stack.sandbox.worlds[stack.world].domains.values()
            if d.owner == login and d.status == ["ACTIVE"] and not d.transfer_lock
        ]
    return sorted(found)[:count]


@pytest.mark.usefixtures("backend")
def test_two_concurrent_syncs_make_one_set_of_list_calls(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    login = new_account(stack, "flight")
    assert seed_domains(stack.sandbox, DOMAINS, entity=stack.world, login=login[0]) == DOMAINS
    domains = plain_active(stack, login[0], 2)
    assert len(domains) == 2
    # Latency is per registry system (the stack fixture resets ISPAPI's; this test resets the others).
    latency = stack.sandbox.system_latency[WORLD_SYSTEM[stack.world]]
    latency.per_command["QUERYDOMAINLIST"] = LIST_LATENCY_MS
    try:
        sync_twice(stack, whmcs_call, login, domains)
    finally:
        latency.per_command.clear()


def sync_twice(stack: E2EStack, whmcs_call: WhmcsCall, login: tuple[str, str], domains: list[str]) -> None:
    config = stack.module_config(Username=login[0], Password=login[1])
    with stack.sandbox.lock:
        mode_set = [d for d in domains if stack.domain(d).renewal_mode in SYNC_SETS_MODE[stack.backend]]

    start = threading.Barrier(2, timeout=JOIN_TIMEOUT)
    results: dict[str, PhpResult] = {}
    failures: list[BaseException] = []

    def run(domain: str) -> None:
        try:
            start.wait()
            params = domain_params_for(domain, idprotection=False)
            results[domain] = whmcs_call("Sync", params, config=config, db=domains_row(domain))
        except BaseException as exc:  # reported by the main thread below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(d,), name=f"sync-{d}") for d in domains]
    with recorded(stack, login[0]) as calls:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a Sync call did not finish"
    assert failures == []
    # both calls overlapped the refresh (the waiter waited for it): neither could finish before its pages
    assert min(r.elapsed for r in results.values()) >= PAGES * LIST_LATENCY_MS / 1000

    lists = [c for c in calls if c["command"] == "QueryDomainList"]
    assert len(lists) == PAGES  # one refresh: its pages, once
    assert sorted(c["params"].get("FIRST", "0") for c in lists) == ["0", "1000"]
    # both answered from the snapshot: no per-domain StatusDomain for either; only the renewal mode is set
    # where the registry would renew the domain by itself
    others = [(c["command"], c["params"].get("DOMAIN")) for c in calls if c["command"] != "QueryDomainList"]
    assert sorted(others) == [("SetDomainRenewalMode", d) for d in sorted(mode_set)]
    for domain in domains:
        assert results[domain].returned == {"active": True, "expirydate": reported_expiry(stack, domain)}

    with recorded(stack, login[0]) as calls:  # the snapshot is there now: a third Sync calls nothing
        third = whmcs_call("Sync", domain_params_for(domains[0], idprotection=False), config=config)
    assert calls == []
    assert third.returned == results[domains[0]].returned
