"""Domain applications deciding: REQUESTED -> ACTIVE after ACTIVATE_AFTER, then SUCCESSFUL (the domain is
created) or FAILED (the price is refunded) at their decision date or by a control call."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.errors import AuthorizationFailed, ObjectNotFound
from sandbox.state import CONTACT_ROLES, Application, Domain, World
from sandbox.world.dates import add_months, period_months, refresh_dates

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue

ACTIVATE_AFTER = timedelta(hours=1)


DECIDE_AFTER = timedelta(days=3)


def owned_application(world: World, application_id: str, login: str) -> Application:
    """The application `application_id` (digits, checked by the caller's parameter spec) of `login`: 545
    when there is none, 531 when another account placed it (both dialects)."""
    app = world.applications.get(int(application_id))
    if app is None:
        raise ObjectNotFound(f"application {application_id}")
    if app.owner != login:
        raise AuthorizationFailed(f"application {application_id}")
    return app


def decide_application(world: World, app: Application, now: datetime, *, catalogue: Catalogue) -> None:
    """Finish an application: the domain is created (SUCCESSFUL) unless taken or the outcome is FAILED."""
    info = catalogue.for_domain(app.domain)
    taken = app.domain in world.domains
    if app.outcome != "SUCCESSFUL" or taken or info is None:
        app.status = "FAILED"
        account = world.accounts.get(app.owner)
        if account is not None and app.price:
            account.balance += Decimal(app.price)  # a failed application is not billed
        _log(world, app, "FAILED", now)
        return
    months = period_months(app.params.get("PERIOD", "1Y"))
    domain = Domain(
        name=app.domain,
        owner=app.owner,
        tld_class=info.tld_class,
        repository=info.repository,
        created_at=now,
        updated_at=now,
        expiration_date=add_months(now, months),
        contacts={role: app.params[role].split() for role in CONTACT_ROLES if app.params.get(role)},
        nameservers=app.params.get("NAMESERVER", "").split(),
        premium_class=app.app_class if app.params.get("KIND") == "PREMIUM" else "",
    )
    refresh_dates(domain)
    world.domains[app.domain] = domain
    app.status = "SUCCESSFUL"
    _log(world, app, "SUCCESSFUL", now)


def _log(world: World, app: Application, status: str, now: datetime) -> None:
    world.log_object(
        date=now,
        object_id=app.domain,
        operation_type="CREATE",
        operation_status=status,
        user=app.owner,
        info=[f"APPLICATION={app.id}", f"CLASS={app.app_class}"],
    )


def tick_applications(world: World, now: datetime, catalogue: Catalogue) -> None:
    for app in list(world.applications.values()):
        if (
            app.status == "REQUESTED"
            and app.created_at is not None
            and now >= app.created_at + ACTIVATE_AFTER
        ):
            app.status = "ACTIVE"
        if app.status in ("REQUESTED", "ACTIVE") and app.decides_at is not None and now >= app.decides_at:
            decide_application(world, app, now, catalogue=catalogue)
