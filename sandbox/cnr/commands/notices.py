"""CNR auth codes and notifications: SetAuthCode (set, generate or delete a domain's auth code) and
ResendNotification (the transfer, contact-verification and owner-change mails of objects the caller has)."""

from __future__ import annotations

from sandbox.cnr.commands._common import DOMAIN, owned_domain
from sandbox.cnr.table import command
from sandbox.context import CommandContext
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.world.dates import domain_name, fmt, random_auth

NOTICE_TYPES = (
    "domaintransfer",
    "certificate",
    "trademark",
    "claimsnotice",
    "contactverification",
    "ownerchange",
)


@command(
    "SetAuthCode",
    DOMAIN,
    Param("AUTH"),
    Param("ACTION", choices=("SET", "DELETE")),
    Param("TYPE", choices=("1", "2")),
    mutating=True,
)
def set_auth_code(ctx: CommandContext) -> Reply:
    domain = owned_domain(ctx)
    if "PENDINGDELETE" in domain.status:
        raise CommandError("domain is being deleted", code=552)
    if (ctx.p("ACTION") or "SET").upper() == "DELETE":
        domain.auth_code = ""
    else:
        domain.auth_code = ctx.p("AUTH") or random_auth()
    domain.updated_at = ctx.now
    return Reply.ok(AUTH=domain.auth_code)


@command(
    "ResendNotification",
    Param("TYPE", required=True, choices=NOTICE_TYPES),
    Param("OBJECT", required=True),
    Param("SUB"),
    Param("REASON"),
    Param("RECIPIENT", choices=("owner", "admin", "both")),
    mutating=True,
)
def resend_notification(ctx: CommandContext) -> Reply:
    kind, target = ctx.require("TYPE").lower(), ctx.require("OBJECT").strip()
    if kind == "domaintransfer":
        return _transfer_mail(ctx, domain_name(target))
    if kind == "contactverification":
        return _verification_mail(ctx, target.lower())
    if kind == "ownerchange":
        trade = ctx.world.trades.get(domain_name(target))
        if trade is None or trade.requester != ctx.login or trade.status != "REQUESTED":
            raise ObjectNotFound(f"no pending owner change of {target}")
        return Reply.ok()
    raise ObjectNotFound(f"no {kind} {target}")  # certificates, trademarks, claims: none in the sandbox


def _transfer_mail(ctx: CommandContext, name: str) -> Reply:
    transfer = ctx.world.transfers.get(name)
    if transfer is None or transfer.requester != ctx.login:
        raise ObjectNotFound(f"no pending transfer of {name}")
    transfer.log.append(f"{fmt(ctx.now)} [PENDING] transfer confirmation e-mails sent again")
    domain = ctx.world.domains.get(name)
    owner = admin = ""
    if domain is not None:
        owner = _email(ctx, domain.contacts.get("OWNERCONTACT", []))
        admin = _email(ctx, domain.contacts.get("ADMINCONTACT", []))
    return Reply.ok(OWNER=owner, ADMIN=admin)


def _email(ctx: CommandContext, handles: list[str]) -> str:
    contact = ctx.world.contacts.get(handles[0]) if handles else None
    return contact.fields.get("EMAIL", "") if contact is not None else ""


def _verification_mail(ctx: CommandContext, email: str) -> Reply:
    found = [
        c
        for c in ctx.world.contacts.values()
        if c.owner == ctx.login and c.fields.get("EMAIL", "").lower() == email
    ]
    if not found:
        raise ObjectNotFound(f"no contact with e-mail {email}")
    if all(c.verified for c in found):
        raise CommandError(f"{email} is already verified", code=549)
    for contact in found:
        contact.verification_requested = True
    return Reply.ok()
