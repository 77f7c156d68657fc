"""CNR transfers: TransferDomain (ACTION REQUEST by default, CANCEL for the gaining side, QUERY, APPROVE/DENY
for the losing side), StatusDomainTransfer, CheckDomainTransfer (218/219: would a request go through) and
QueryTransferList (the caller's transfers in progress). A requested transfer completes by the sandbox clock
(sandbox/world/transfers.py) after TRANSFER_DAYS, or when the losing side answers, or by a control call."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sandbox.cnr.commands._common import (
    CONTACT_PARAMS,
    DOMAIN,
    FEE_PARAMS,
    NAMESERVERS,
    logged,
    paged,
    roid,
    role_handles,
)  # fmt: skip
from sandbox.cnr.table import BOOL, PAGING, command
from sandbox.context import CommandContext, tld_info
from sandbox.errors import AuthorizationFailed, CommandError, ObjectNotFound
from sandbox.money import charge_price, table_price
from sandbox.protocol import Reply
from sandbox.registry import PERIOD_RE, Param
from sandbox.state import CONTACT_ROLES, Domain, Transfer
from sandbox.world.dates import domain_name, fmt, pattern_matcher
from sandbox.world.transfers import answer_transfer

TRANSFER_DAYS = 5
YOUNG_DAYS = 60  # ICANN: no transfer within 60 days of the registration
ACTIONS = ("REQUEST", "CANCEL", "APPROVE", "DENY", "QUERY")
# The transfer status CNR reports for the sandbox's own transfer states (and the answers that end one).
STATUS_NAMES = {
    "PENDING": "pending",
    "REQUESTED": "REQUESTED",
    "SUCCESSFUL": "serverApproved",
    "FAILED": "serverCancelled",
}
OTHER_REGISTRAR = "foreign-registrar"  # how a registrar outside the sandbox is named


@command(
    "TransferDomain",
    DOMAIN,
    Param("ACTION", choices=ACTIONS),
    Param("AUTH"),
    *CONTACT_PARAMS,
    *NAMESERVERS,
    Param("PERIOD", pattern=PERIOD_RE),
    Param("TRANSFERLOCK", pattern=BOOL),
    Param("TARGET"),
    Param("TOKEN"),
    Param("ACCEPT-TRADE", pattern=BOOL),
    Param("DOMAINAUTH"),
    *(Param(f"EMAIL{x}") for x in ("LANGUAGE", "SENDER", "SUBJECT", "TAC", "URL")),
    Param("X-PROMOTION-CODE"),
    Param("X-FEE-AMOUNT#", pattern=r"[0-9]+(?:\.[0-9]+)?"),
    *FEE_PARAMS[1:],
    allow_extensions=True,
    money=True,
)
def transfer_domain(ctx: CommandContext) -> Reply:
    name = domain_name(ctx.require("DOMAIN"))
    action = (ctx.p("ACTION") or "REQUEST").upper()
    if action == "CANCEL":
        return _cancel(ctx, name)
    if action in ("APPROVE", "DENY"):
        return _answer(ctx, name, approve=action == "APPROVE")
    if action == "QUERY":
        return _transfer_reply(ctx, _pending(ctx, name), requested="request date")
    return _request(ctx, name)


def _transfer_reply(
    ctx: CommandContext, transfer: Transfer, *, status: str | None = None, requested: str
) -> Reply:
    """The unified transfer properties of every transfer answer: registrar (losing side), requesting
    registrar, transfer status, request and execute dates, the expiry (the reference's transfer changelog)."""
    domain = ctx.world.domains.get(transfer.domain)
    losing = transfer.from_owner if transfer.from_owner in ctx.world.accounts else OTHER_REGISTRAR
    reply = Reply.ok("action pending" if status is None and transfer.status == "PENDING" else "")
    reply.set("REGISTRAR", losing).set("REQUESTING REGISTRAR", transfer.requester)
    reply.set("TRANSFER STATUS", status or STATUS_NAMES.get(transfer.status, transfer.status))
    reply.set(requested.upper(), fmt(transfer.created_at)).set(
        "EXECUTE DATE", fmt(transfer.completes_at or ctx.now)
    )
    if domain is not None:
        reply.set("REGISTRATION EXPIRATION DATE", fmt(domain.expiration_date)).set("ROID", roid(domain))
    return reply


def _pending(ctx: CommandContext, name: str) -> Transfer:
    """The pending transfer of `name` that the caller requested or is asked to answer; 545 otherwise."""
    transfer = ctx.world.transfers.get(name)
    domain = ctx.world.domains.get(name)
    mine = transfer is not None and (
        transfer.requester == ctx.login or (domain is not None and domain.owner == ctx.login)
    )
    if transfer is None or not mine:
        raise ObjectNotFound(f"no pending transfer of {name}")
    return transfer


def _refuse(ctx: CommandContext, name: str, domain: Domain | None, *, check_auth: bool = True) -> None:
    """Why the registry refuses the transfer, as CNR codes: not registered 545, own domain 540, pending
    transfer 553, pending delete / lock / younger than 60 days 552, a wrong auth code where the zone uses
    auth codes 531 (unless `check_auth` is False)."""
    if domain is None:
        raise ObjectNotFound(f"{name} is not registered")
    if domain.owner == ctx.login:
        raise CommandError("domain is already in your account", code=540)
    if name in ctx.world.transfers:
        raise CommandError(name, code=553)
    if "PENDINGDELETE" in domain.status:
        raise CommandError("pendingDelete", code=552)
    if domain.transfer_lock or "clientTransferProhibited" in domain.status:
        raise CommandError("clientTransferProhibited", code=552)
    if domain.created_at is not None and ctx.now - domain.created_at < timedelta(days=YOUNG_DAYS):
        raise CommandError("the domain was registered less than 60 days ago", code=552)
    info = ctx.catalogue.for_domain(name)
    needs_auth = info is None or info.auth_required
    if needs_auth and check_auth and ctx.p("AUTH") != domain.auth_code:
        raise AuthorizationFailed("wrong auth code")


def _request(ctx: CommandContext, name: str) -> Reply:
    info = tld_info(ctx, name)
    domain = ctx.world.domains.get(name)
    _refuse(ctx, name, domain)
    assert domain is not None
    contacts = {role: " ".join(role_handles(ctx, role)) for role in CONTACT_ROLES if ctx.indexed(role)}
    amount, currency = table_price(ctx, info, "transfer")
    premium = ctx.catalogue.premium(name)
    if premium is not None:
        amount, currency = premium.transfer_price, premium.currency
    charged = charge_price(ctx, amount, currency, what="transfer")
    transfer = Transfer(
        domain=name, requester=ctx.login, from_owner=domain.owner, auth=domain.auth_code,
        period=ctx.p("PERIOD") or "1Y", status="PENDING", created_at=ctx.now,
        completes_at=ctx.now + timedelta(days=TRANSFER_DAYS), nameservers=ctx.indexed("NAMESERVER"),
        params={**contacts, "CHARGED": str(charged)},
        log=[f"{fmt(ctx.now)} [PENDING] domain transfer requested"],
    )  # fmt: skip
    ctx.world.transfers[name] = transfer
    ctx.counted(name)
    logged(ctx, name, "TRANSFER", "REQUEST")
    return _transfer_reply(ctx, transfer, requested="request date")


def _cancel(ctx: CommandContext, name: str) -> Reply:
    transfer = ctx.world.transfers.get(name)
    if transfer is None or transfer.requester != ctx.login:
        raise ObjectNotFound(f"no pending transfer of {name}")
    del ctx.world.transfers[name]
    ctx.account.balance += Decimal(transfer.params.get("CHARGED", "0"))  # a cancelled transfer is not billed
    logged(ctx, name, "TRANSFER", "FAILED")
    return _transfer_reply(ctx, transfer, status="clientCancelled", requested="request date")


def _answer(ctx: CommandContext, name: str, *, approve: bool) -> Reply:
    """APPROVE/DENY: the losing side answers an inbound request for one of its domains."""
    transfer = answer_transfer(ctx.world, name, login=ctx.login, approve=approve, now=ctx.now)
    status = "clientApproved" if approve else "clientRejected"
    return _transfer_reply(ctx, transfer, status=status, requested="request date")


@command("StatusDomainTransfer", DOMAIN)
def status_domain_transfer(ctx: CommandContext) -> Reply:
    """A pending transfer of DOMAIN the caller requested or must answer (545 when there is none: a
    completed transfer is a domain)."""
    transfer = _pending(ctx, domain_name(ctx.require("DOMAIN")))
    reply = _transfer_reply(ctx, transfer, requested="requested date")
    return reply.set("TRANSFERSTATUS", transfer.status).set("TRANSFERLOG", transfer.log)


_EMAIL_PARAMS = tuple(Param(f"EMAIL{x}") for x in ("SENDER", "SUBJECT", "TAC", "URL"))


@command(
    "CheckDomainTransfer",
    DOMAIN,
    Param("AUTH"),
    Param("ACTION", choices=("REQUEST", "APPROVE", "DENY", "CANCEL", "USERTRANSFER")),
    Param("EMAILLANGUAGE", choices=("EN_US", "DE_DE", "FR_FR")),
    *_EMAIL_PARAMS,
    Param("REQUESTENTITY"),
)
def check_domain_transfer(ctx: CommandContext) -> Reply:
    """218 when a TransferDomain REQUEST would be accepted now, else 219 with the reason; the auth code is
    checked only when AUTH is given. The domain's facts come along (age, lock, losing registrar, price)."""
    name = domain_name(ctx.require("DOMAIN"))
    info = tld_info(ctx, name)
    domain = ctx.world.domains.get(name)
    try:
        _refuse(ctx, name, domain, check_auth=bool(ctx.p("AUTH")))
    except CommandError as exc:
        reply = Reply(code=219, description=f"Request is not available; {exc.description}")
    else:
        reply = Reply(code=218, description="Request is available")
    amount, currency = table_price(ctx, info, "transfer")
    premium = ctx.catalogue.premium(name)
    if premium is not None:
        amount, currency = premium.transfer_price, premium.currency
    if amount is not None:
        reply.set("X-FEE-AMOUNT", f"{amount:.2f}").set("X-FEE-CURRENCY", currency)
    pending = ctx.world.transfers.get(name)
    reply.set("TRANSFERSTATUS", STATUS_NAMES.get(pending.status, pending.status) if pending else "")
    if domain is not None:
        losing = domain.owner if domain.owner in ctx.world.accounts else OTHER_REGISTRAR
        reply.set("REGISTRAR", losing).set("ROID", roid(domain)).set("CREATEDDATE", fmt(domain.created_at))
        reply.set("TRANSFERLOCK", int(bool(domain.transfer_lock)))
        if domain.created_at is not None:
            reply.set("AGEINDAYS", (ctx.now - domain.created_at).days)
    return reply


# The sandbox's transfer states as QueryTransferList's DOMAINTRANSFERSTATUS values.
LIST_STATUS = {"PENDING": "PENDING", "REQUESTED": "REQUESTED", "FAILED": "FAILED"}


@command(
    "QueryTransferList",
    Param("DOMAIN"),
    Param("WIDE", pattern=BOOL),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
    *PAGING[:2],
)
def query_transfer_list(ctx: CommandContext) -> Reply:
    """The transfers the caller requested that are still in progress, by domain name, paged."""
    matcher = pattern_matcher(ctx.p("DOMAIN"))
    rows = [
        {"DOMAIN": t.domain, "DOMAINTRANSFERSTATUS": LIST_STATUS.get(t.status, "PENDING")}
        for t in sorted(ctx.world.transfers.values(), key=lambda t: t.domain)
        if t.requester == ctx.login and (matcher is None or matcher.fullmatch(t.domain))
    ]
    return paged(ctx, rows, ("DOMAIN", "DOMAINTRANSFERSTATUS"), listed=False)
