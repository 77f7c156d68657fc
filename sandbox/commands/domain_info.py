"""Domain side questions: QueryDomainOptions, QueryDomainRepositoryInfo, DENIC_CreateAuthInfo1,
RequestDomainAuthInfo.
"""

from __future__ import annotations

from datetime import timedelta

from sandbox.commands._domain import target_domain, visible_status
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError
from sandbox.protocol import Reply
from sandbox.registry import DATE_RE, Param, command
from sandbox.world.dates import domain_name, fmt, random_auth


@command("QueryDomainOptions", Param("DOMAIN#", required=True), Param("REPOSITORY#"), Param("PROPERTIES"))
def query_domain_options(ctx: CommandContext) -> Reply:
    rows: list[dict[str, str]] = []
    for raw in ctx.indexed("DOMAIN"):
        name = domain_name(raw if "." in raw else f"example.{raw}")
        info = tld_info(ctx, name)
        rows.append(info.domain_options(name))
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return Reply.ok().add_rows(rows, columns)


@command("QueryDomainRepositoryInfo", Param("DOMAIN", required=True))
def query_domain_repository_info(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    info = tld_info(ctx, name)
    reply = Reply.ok()
    for key, value in info.repository_info().items():
        reply.set(key, value)
    return reply


@command(
    "DENIC_CreateAuthInfo1",
    Param("DOMAIN", required=True),
    Param("AUTH"),
    Param("X-DE-AUTHINFO1-EXPIRATIONDATE", pattern=DATE_RE),
    mutating=True,
)
def denic_create_auth_info1(ctx: CommandContext) -> Reply:
    domain = target_domain(ctx)
    if not domain.name.endswith(".de"):
        raise CommandError("DENIC_CreateAuthInfo1 is for .de domains", code=510)
    domain.auth_code = ctx.p("AUTH") or random_auth(12)
    expires = ctx.now + timedelta(days=30)
    domain.extensions["X-DE-AUTHINFO1-EXPIRATIONDATE"] = fmt(expires)
    return Reply.ok(
        AUTH=domain.auth_code, STATUS=visible_status(domain), X_DE_AUTHINFO1_EXPIRATIONDATE=fmt(expires)
    )


@command("RequestDomainAuthInfo", Param("DOMAIN", required=True), mutating=True)
def request_domain_auth_info(ctx: CommandContext) -> Reply:
    # The registry mails the code to the registrant; nothing comes back in the reply
    # (docs/ispapi-wire.md §4.9).
    domain = target_domain(ctx)
    domain.auth_code = random_auth()
    return Reply.ok("action pending", pending=True, DOMAIN=domain.name, STATUS="PENDING")
