"""CNR renewals by zone (RenewDomain refused where only the renewal mode renews), QueryObjectLogList and
StatusDomainApplication in the sandbox's CNR dialect."""

from __future__ import annotations

from sandbox.state import Application
from tests.sandbox.cnr.wire import CnrClient


def test_zones_without_explicit_renewal_refuse_renew_domain_and_take_renewonce() -> None:
    client = CnrClient()
    client.domain("mode-only.de")
    year = client.world.domains["mode-only.de"].expiration_date.year
    refused = client.call("RenewDomain", DOMAIN="mode-only.de", PERIOD=1, EXPIRATION=year)
    assert refused.code == 549 and "RENEWONCE" in refused.description
    assert client.sandbox.money_count("mode-only.de", command="RenewDomain") == 0
    client.ok("SetDomainRenewalMode", DOMAIN="mode-only.de", RENEWALMODE="RENEWONCE")
    assert client.ok("StatusDomain", DOMAIN="mode-only.de").one("renewalmode") == "RENEWONCE"


def test_object_log_lists_the_callers_entries_by_object_and_date() -> None:
    client = CnrClient()
    client.domain("logged.com")
    client.domain("other.com")
    client.sandbox.clock.advance(seconds=5)
    since = client.sandbox.clock.now()
    year = client.world.domains["logged.com"].expiration_date.year
    client.ok("RenewDomain", DOMAIN="logged.com", PERIOD=1, EXPIRATION=year)
    listed = client.ok(
        "QueryObjectLogList",
        OBJECTCLASS="DOMAIN",
        OBJECTID="logged.com",
        MINDATE=since.strftime("%Y-%m-%d %H:%M:%S"),
    )
    assert listed.column("operation_type") == ["RENEW"]
    assert listed.column("operation_status") == ["SUCCESSFUL"]
    assert listed.column("object_id") == ["logged.com"] and listed.one("total") == "1"
    everything = client.ok("QueryObjectLogList", OBJECTID="*.com")
    assert {"logged.com", "other.com"} <= set(everything.column("object_id"))
    assert client.call("QueryObjectLogList", MINDATE="yesterday").code == 505


def test_status_domain_application_names_the_state_the_cnr_way() -> None:
    client = CnrClient()
    now = client.sandbox.clock.now()
    client.world.applications[77] = Application(
        id=77, domain="wanted.swiss", owner=client.login, app_class="GOLIVE", status="ACTIVE", created_at=now
    )
    client.world.applications[78] = Application(
        id=78, domain="theirs.swiss", owner="someone-else", app_class="GOLIVE", created_at=now
    )
    status = client.ok("StatusDomainApplication", APPLICATION=77)
    assert status.one("status") == "PROCESSING" and status.one("domain") == "wanted.swiss"
    client.world.applications[77].status = "SUCCESSFUL"
    assert client.ok("StatusDomainApplication", APPLICATION=77).one("status") == "SUCCESSFUL"
    assert client.call("StatusDomainApplication", APPLICATION=78).code == 531
    assert client.call("StatusDomainApplication", APPLICATION=79).code == 545
