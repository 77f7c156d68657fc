"""End to end through php: Sync and TransferSync against the bridge in snapshot mode."""

from __future__ import annotations

import re

from sandbox.controls import add_foreign_domain
from sandbox.protocol import ENTITY_OTE
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, fresh_domain, register_in_sandbox, split_domain
from tests.whmcs.harness import domain_params

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _params(domain: str, **extra: object) -> dict[str, object]:
    sld, tld = split_domain(domain)
    return {**domain_params(sld=sld, tld=tld, domainid=77), **extra}


def test_sync_active_domain(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    register_in_sandbox(stack, domain)
    result = whmcs_call("Sync", _params(domain))
    returned = result.returned
    assert returned["active"] is True
    # A fresh registration may not have all docs/module-behaviour.md §7.1 dates yet: then no expirydate rather
    # than a wrong one.
    if "expirydate" in returned:
        assert DATE.match(returned["expirydate"]) and not returned["expirydate"].startswith("1970")
        assert returned.get("expired", False) is False
    else:
        assert "expired" not in returned


def test_sync_transferred_away(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    add_foreign_domain(stack.sandbox, domain, entity=ENTITY_OTE)
    result = whmcs_call("Sync", _params(domain))
    assert result.returned == {"transferredAway": True}


def test_sync_pending_order_never_expires(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()  # not registered yet: WHMCS still has it as Pending
    result = whmcs_call("Sync", _params(domain, whmcs_status="Pending"))
    assert "expired" not in result.returned and "transferredAway" not in result.returned


def test_transfer_sync_still_pending(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    domain = fresh_domain()
    result = whmcs_call("TransferSync", _params(domain))
    assert result.returned == {} or "completed" not in result.returned
