"""CNR domain applications: StatusDomainApplication (where an application of the caller stands). The
applications themselves live in the shared world (sandbox/world/applications.py), whichever dialect made
them; CNR names the sandbox's ACTIVE state PROCESSING (the reference's StatusDomainApplication page)."""

from __future__ import annotations

from sandbox.cnr.table import command
from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, Param
from sandbox.world.dates import fmt

# The sandbox's application states as CNR's STATUS values.
STATUS_NAMES = {
    "REQUESTED": "REQUESTED",
    "ACTIVE": "PROCESSING",
    "SUCCESSFUL": "SUCCESSFUL",
    "FAILED": "FAILED",
}


@command(
    "StatusDomainApplication",
    Param("APPLICATION", required=True, pattern=INT_RE),
    Param("DOMAIN"),
    Param("CLASS"),
)
def status_domain_application(ctx: CommandContext) -> Reply:
    raw = ctx.require("APPLICATION")
    app = ctx.world.applications.get(int(raw))
    if app is None:
        raise ObjectNotFound(f"application {raw}")
    if app.owner != ctx.login:
        raise AuthorizationFailed(f"application {raw}")
    return Reply.ok(
        DOMAIN=app.domain,
        APPLICATION_ID=app.id,
        STATUS=STATUS_NAMES.get(app.status, app.status),
        PERIOD=app.params.get("PERIOD", "1Y").rstrip("Y"),
        CLASS=app.app_class,
        NAMESERVER=app.params.get("NAMESERVER", "").split(),
        CREATED_DATE=fmt(app.created_at),
        UPDATE_DATE=fmt(app.created_at),
    )
