"""Transfers: CheckDomainTransfer, TransferDomain (REQUEST/USERTRANSFER/CANCEL/APPROVE/DENY),
StatusDomainTransfer, QueryTransferList, ResendDomainTransferConfirmationEmails (docs/ispapi-wire.md §2.7,
docs/ispapi-wire.md §4.4).

An inbound transfer waits for the sandbox clock (TRANSFER_DAYS) or a control call; `complete_transfer`
moves the domain into the requester's account with the requested nameservers and writes the object logs
of both sides (INBOUND_TRANSFER for the gaining account, OUTBOUND_TRANSFER for the losing one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from sandbox.commands._shared import CONTACTS, NAMESERVERS, require_idn, resolve_contacts
from sandbox.context import CommandContext, tld_info
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.listing import in_subtree, page_bounds, paged_reply
from sandbox.money import charge_price, registry_problem, table_price
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, DATE_RE, PAGING, PERIOD_RE, Param, command
from sandbox.state import CONTACT_ROLES, Domain, Transfer
from sandbox.world.dates import check_period, domain_name, fmt, pattern_matcher, period_label, period_months
from sandbox.world.transfers import FOREIGN, answer_transfer

TRANSFER_DAYS = 5
# Refusals of CheckDomainTransfer / TransferDomain, worded as the registry does
# (docs/ispapi-wire.md §2.7).
LOCKED = "DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)"
WRONG_AUTH = "DOMAIN TRANSFER IS PROHIBITED BY WRONG AUTH"
PENDING_TRANSFER = "DOMAIN TRANSFER IS PROHIBITED BY STATUS (requested)"
PENDING_DELETE = "DOMAIN TRANSFER IS PROHIBITED BY STATUS (pendingdelete)"
TOO_YOUNG = "DOMAIN TRANSFER IS PROHIBITED BY AGE OF THE DOMAIN"
YOUNG_DAYS = 60
NOT_REGISTERED = "DOMAIN NOT REGISTERED"
OWN_DOMAIN = "DOMAIN IS ALREADY IN YOUR ACCOUNT"
TRADE_LOCKED = "DOMAIN TRANSFER IS PROHIBITED BY STATUS (tradeTransferLock)"


def _auth(ctx: CommandContext) -> str:
    return ctx.p("AUTH") or ctx.p("DOMAINAUTH")


def _refusal(ctx: CommandContext, name: str, domain: Domain | None, *, check_auth: bool) -> str | None:
    """Why a transfer of `name` to the caller cannot start (None = it can)."""
    if domain is None:
        return NOT_REGISTERED
    if domain.owner == ctx.login:
        return OWN_DOMAIN
    if name in ctx.world.transfers:
        return PENDING_TRANSFER
    if "PENDINGDELETE" in domain.status:
        return PENDING_DELETE
    if domain.transfer_lock:
        return LOCKED
    if domain.trade_transfer_lock_until is not None and ctx.now < domain.trade_transfer_lock_until:
        return TRADE_LOCKED
    if domain.created_at is not None and ctx.now - domain.created_at < timedelta(days=YOUNG_DAYS):
        return TOO_YOUNG
    if check_auth and _auth(ctx) and _auth(ctx) != domain.auth_code:
        return WRONG_AUTH
    return None


@command(
    "CheckDomainTransfer",
    Param("DOMAIN", required=True),
    Param("AUTH"),
    Param("DOMAINAUTH"),
    Param("REQUESTENTITY"),
    Param("HOST#"),
    *(Param(f"EMAIL{x}") for x in ("LANGUAGE", "URL", "TAC", "SENDER", "SUBJECT", "TO")),
    *(Param(f"{role}0") for role in ("OWNERCONTACT", "ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT")),
    allow_extensions=True,
)
def check_domain_transfer(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    info = tld_info(ctx, name)
    domain = ctx.world.domains.get(name)
    auth = _auth(ctx)
    auth_valid = "YES" if domain is not None and auth and auth == domain.auth_code else "NO"
    refusal = _refusal(ctx, name, domain, check_auth=info.auth_required)
    reply = (
        Reply(code=219, description=f"Request is not available; {refusal}") if refusal else Reply(code=218)
    )
    reply.set("AUTHISVALID", auth_valid)
    reply.set("AUTHREQUIRED", "1" if info.auth_required else "0")
    reply.set("TRANSFERLOCK", "1" if domain is not None and domain.transfer_lock else "0")
    # The domain sits in another account of this sandbox: the gaining side must ask for a USERTRANSFER.
    internal = domain is not None and domain.owner != ctx.login and domain.owner in ctx.world.accounts
    reply.set("USERTRANSFERREQUIRED", "1" if internal else "0")
    reply.set("PERIOD", list(info.transfer_periods))
    if domain is not None:
        status = ["ok"] if not domain.transfer_lock else ["clientTransferProhibited"]
        reply.set("STATUS", [f"{s} https://icann.org/epp#{s}" for s in status])
        reply.set("CREATEDDATE", fmt(domain.created_at))
        reply.set("EXPIRATIONDATE", fmt(domain.expiration_date))
        reply.set("NAMESERVER", domain.nameservers)
        if domain.created_at is not None:
            reply.set("AGEINDAYS", (ctx.now - domain.created_at).days)
    reply.set("REGISTRAR", "SANDBOX")
    reply.set("REPOSITORY", info.repository)
    premium = ctx.catalogue.premium(name)
    reply.set("CLASS", premium.premium_class if premium else "")
    return reply


def _transfer_price(ctx: CommandContext, name: str) -> tuple[Decimal | None, str, int]:
    """(amount, currency, months) of the TransferDomain PERIOD; 0Y is free where the TLD allows it."""
    info = tld_info(ctx, name)
    default = info.transfer_periods[0] if info.transfer_periods else "1Y"
    months = period_months(ctx.p("PERIOD"), default=default)
    check_period(months, info.transfer_periods, what="transfer")
    premium = ctx.catalogue.premium(name)
    if premium is not None:
        if ctx.p("CLASS") and ctx.p("CLASS").upper() != premium.premium_class.upper():
            raise CommandError(f"CLASS={premium.premium_class}", code=541)
        return premium.transfer_price, premium.currency, months
    amount, currency = table_price(ctx, info, "transfer")
    return amount, currency, months


# Refusal -> error code when TransferDomain (not the check) meets it.
_REFUSAL_CODES = {
    NOT_REGISTERED: 545,
    OWN_DOMAIN: 540,
    PENDING_TRANSFER: 553,
    PENDING_DELETE: 552,
    LOCKED: 552,
    TRADE_LOCKED: 552,
    TOO_YOUNG: 552,
    WRONG_AUTH: 531,
}


def _request(ctx: CommandContext, name: str) -> Reply:
    info = tld_info(ctx, name)
    domain = ctx.world.domains.get(name)
    if info.auth_required and not _auth(ctx):
        raise CommandError("AUTH", code=504)
    refusal = _refusal(ctx, name, domain, check_auth=True)
    if refusal is not None:
        raise CommandError(refusal, code=_REFUSAL_CODES[refusal])
    assert domain is not None
    require_idn(ctx, name)
    amount, currency, months = _transfer_price(ctx, name)
    registry_problem(ctx, name, "transfer")
    handles = resolve_contacts(ctx, required=False)
    nameservers = [n.strip().rstrip(".").lower() for n in ctx.indexed("NAMESERVER")]
    charged = charge_price(ctx, amount, currency, what="transfer")
    transfer = Transfer(
        domain=name,
        requester=ctx.login,
        from_owner=domain.owner,
        auth="",
        period=period_label(months),
        status="PENDING",
        created_at=ctx.now,
        completes_at=ctx.now + timedelta(days=TRANSFER_DAYS),
        nameservers=nameservers,
        params={
            **{role: " ".join(h) for role, h in handles.items()},
            "CHARGED": str(charged),
            "INTERNALDNS": ctx.p("INTERNALDNS"),
        },
        log=[
            f"{fmt(ctx.now)} [INITIATED] domain transfer initiated",
            f"{fmt(ctx.now)} [PENDING] waiting for the losing registrar",
        ],
    )
    ctx.world.transfers[name] = transfer
    ctx.counted(name)
    ctx.log_object(
        object_class="DOMAIN", object_id=name, operation_type="TRANSFER", operation_status="REQUEST"
    )
    return Reply.ok("domain transfer initiated", pending=True)


def _user_transfer(ctx: CommandContext, name: str) -> Reply:
    """A domain of another account of this system moves at once (no registry transfer, no charge)."""
    info = tld_info(ctx, name)
    domain = ctx.world.domains.get(name)
    if domain is None or domain.owner == FOREIGN or domain.owner not in ctx.world.accounts:
        raise CommandError("USERTRANSFER needs a domain of another account of this system", code=545)
    if domain.owner == ctx.login:
        raise CommandError(OWN_DOMAIN, code=540)
    if info.auth_required and _auth(ctx) != domain.auth_code:
        raise CommandError(WRONG_AUTH, code=531)
    if name in ctx.world.transfers:
        raise CommandError(PENDING_TRANSFER, code=553)
    loser = domain.owner
    domain.owner = ctx.login
    handles = resolve_contacts(ctx, required=False)
    domain.contacts = {**domain.contacts, **handles}
    nameservers = [n.strip().rstrip(".").lower() for n in ctx.indexed("NAMESERVER")]
    if nameservers:
        domain.nameservers = nameservers
    domain.updated_at = ctx.now
    ctx.counted(name)
    ctx.log_object(
        object_class="DOMAIN",
        object_id=name,
        operation_type="INBOUND_TRANSFER",
        operation_status="SUCCESSFUL",
    )
    ctx.world.log_object(
        date=ctx.now,
        object_id=name,
        operation_type="OUTBOUND_TRANSFER",
        operation_status="SUCCESSFUL",
        user=loser,
    )
    return Reply.ok()


def _cancel(ctx: CommandContext, name: str) -> Reply:
    transfer = ctx.world.transfers.get(name)
    if transfer is None or transfer.requester != ctx.login:
        raise ObjectNotFound(f"no pending transfer of {name}")
    del ctx.world.transfers[name]
    refund = transfer.params.get("CHARGED", "0")
    ctx.account.balance += Decimal(refund)
    transfer.status = "CANCELLED"
    entry = ctx.log_object(
        object_class="DOMAIN", object_id=name, operation_type="TRANSFER", operation_status="FAILED"
    )
    entry.info = [f"{fmt(ctx.now)} [CANCELLED] domain transfer cancelled by the gaining registrar"]
    return Reply.ok()


def _answer(ctx: CommandContext, name: str, *, approve: bool) -> Reply:
    """APPROVE/DENY: the losing side answers an inbound request for one of its domains."""
    answer_transfer(ctx.world, name, login=ctx.login, approve=approve, now=ctx.now)
    return Reply.ok()


def _approve(ctx: CommandContext, name: str) -> Reply:
    return _answer(ctx, name, approve=True)


def _deny(ctx: CommandContext, name: str) -> Reply:
    return _answer(ctx, name, approve=False)


_ACTIONS: dict[str, Callable[[CommandContext, str], Reply]] = {
    "REQUEST": _request,
    "USERTRANSFER": _user_transfer,
    "CANCEL": _cancel,
    "APPROVE": _approve,
    "DENY": _deny,
}


@command(
    "TransferDomain",
    Param("DOMAIN", required=True),
    Param("ACTION", choices=tuple(_ACTIONS)),
    Param("AUTH"),
    Param("DOMAINAUTH"),
    Param("PERIOD", pattern=PERIOD_RE),
    Param("CLASS"),
    Param("ORDER"),
    Param("ORDERID"),
    Param("REQUESTENTITY"),
    Param("INTERNALDNS", pattern=BOOL_RE),
    Param("REPOSITORY"),
    Param("HOST#"),
    *(Param(f"EMAIL{x}") for x in ("LANGUAGE", "URL", "TAC", "SENDER", "SUBJECT", "TO")),
    *CONTACTS,
    *NAMESERVERS,
    allow_extensions=True,
    money=True,
)
def transfer_domain(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    action = (ctx.p("ACTION") or "REQUEST").upper()
    return _ACTIONS[action](ctx, name)


@command("StatusDomainTransfer", Param("DOMAIN", required=True))
def status_domain_transfer(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    transfer = ctx.world.transfers.get(name)
    domain = ctx.world.domains.get(name)
    if transfer is None:
        raise ObjectNotFound(f"no pending transfer of {name}")
    if transfer.requester == ctx.login:
        direction = "INCOMING"
    elif domain is not None and domain.owner == ctx.login:
        direction = "OUTGOING"
    else:
        raise ObjectNotFound(f"no pending transfer of {name}")
    info = ctx.catalogue.for_domain(name)
    reply = Reply.ok(
        TRANSFERSTATUS=transfer.status,
        TRANSFERTYPE=direction,
        TRANSFERLOG=list(transfer.log),
        NAMESERVER=list(transfer.nameservers),
        CREATEDDATE=fmt(transfer.created_at),
        UPDATEDDATE=fmt(transfer.created_at),
        REPOSITORY=info.repository if info else "",
        OLD_REGISTRAR="SANDBOX",
    )
    for role in CONTACT_ROLES:
        reply.set(role, transfer.params.get(role, "").split() or None)
    return reply


@command(
    "QueryTransferList",
    Param("DOMAIN"),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    Param("MINCREATEDDATE", pattern=DATE_RE),
    Param("MAXCREATEDDATE", pattern=DATE_RE),
    *PAGING,
)
def query_transfer_list(ctx: CommandContext) -> Reply:
    first, limit = page_bounds(ctx, default_limit=100)
    pattern = pattern_matcher(ctx.p("DOMAIN"))
    rows = [
        {
            "DOMAIN": t.domain,
            "DOMAINUMLAUT": t.domain,
            "CREATEDDATE": fmt(t.created_at),
            "USER": t.requester,
            "PARENTUSER": "",
            "PEERUSER": "",
        }
        for t in sorted(ctx.world.transfers.values(), key=lambda t: t.domain)
        if in_subtree(ctx, t.requester) and (pattern is None or pattern.match(t.domain))
    ]
    columns = ("DOMAIN", "DOMAINUMLAUT", "CREATEDDATE", "USER", "PARENTUSER", "PEERUSER")
    return paged_reply(rows, columns, first=first, limit=limit)


@command("ResendDomainTransferConfirmationEmails", Param("DOMAIN", required=True))
def resend_domain_transfer_confirmation_emails(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    transfer = ctx.world.transfers.get(name)
    if transfer is None or transfer.requester != ctx.login:
        raise ObjectNotFound(f"no pending transfer of {name}")
    transfer.log.append(f"{fmt(ctx.now)} [PENDING] confirmation e-mails sent again")
    return Reply.ok()
