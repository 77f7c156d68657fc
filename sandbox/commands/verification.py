"""Registrant verification of ICANN gTLDs: QueryDomainPendingRegistrantVerificationList,
ResendDomainRegistrantVerificationEmail, StatusDomainRegistrantVerification (docs/ispapi-wire.md §4.5).

AddDomain starts a verification for a new, unverified registrant (sandbox/commands/_shared.py); the
lifecycle marks it OVERDUE after the due date; the control API (or ModifyDomain REGISTRANT-VERIFIED=1)
verifies it.
"""

from __future__ import annotations

from sandbox.context import CommandContext
from sandbox.errors import CommandError
from sandbox.listing import in_subtree, page_bounds, paged_reply
from sandbox.protocol import Reply
from sandbox.registry import PAGING, Param, command
from sandbox.world.dates import domain_name, fmt, pattern_matcher

PENDING = ("PENDING", "OVERDUE")
_FIELDS = ("DUEDATE", "EMAIL", "NAME", "REQUESTEDDATE", "STATUS")


@command(
    "QueryDomainPendingRegistrantVerificationList",
    Param("DOMAIN"),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    *PAGING,
)
def query_pending_verifications(ctx: CommandContext) -> Reply:
    first, limit = page_bounds(ctx, default_limit=100)
    pattern = pattern_matcher(ctx.p("DOMAIN"))
    rows = []
    for domain in sorted(ctx.world.domains.values(), key=lambda d: d.name):
        data = domain.registrant_verification
        if not data or data.get("STATUS") not in PENDING or not in_subtree(ctx, domain.owner):
            continue
        if pattern is not None and not pattern.match(domain.name):
            continue
        row: dict[str, object] = {
            "DOMAIN": domain.name,
            "DOMAINUMLAUT": domain.name,
            "DOMAINREPOSITORY": domain.repository,
        }
        row.update({f"X-REGISTRANT-VERIFICATION-{k}": data.get(k, "") for k in _FIELDS})
        rows.append(row)
    columns = (
        "DOMAIN",
        "DOMAINREPOSITORY",
        "DOMAINUMLAUT",
        *(f"X-REGISTRANT-VERIFICATION-{k}" for k in _FIELDS),
    )
    return paged_reply(rows, columns, first=first, limit=limit)


@command("ResendDomainRegistrantVerificationEmail", Param("DOMAIN", required=True))
def resend_verification(ctx: CommandContext) -> Reply:
    domain = ctx.owned_domain(domain_name(ctx.require("DOMAIN")))
    data = domain.registrant_verification
    if data.get("STATUS") not in PENDING:
        raise CommandError("no registrant verification pending", code=552)
    data["REQUESTEDDATE"] = fmt(ctx.now)
    return Reply.ok()


@command(
    "StatusDomainRegistrantVerification",
    Param("DOMAIN", required=True),
    Param("NAME"),
    Param("EMAIL"),
)
def status_verification(ctx: CommandContext) -> Reply:
    domain = ctx.owned_domain(domain_name(ctx.require("DOMAIN")))
    data = domain.registrant_verification
    status = data.get("STATUS", "VERIFIED")
    log = [f"{data['REQUESTEDDATE']} verification requested"] if data.get("REQUESTEDDATE") else []
    return Reply.ok(EMAIL=data.get("EMAIL", ""), NAME=data.get("NAME", ""), STATUS=status, LOG=log)
