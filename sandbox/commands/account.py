"""Account and user commands: StatusAccount, StatusUser (with price relations), QueryExchangeRates and the
role-user commands CreateRoleUser, StatusRoleUser, QueryRoleUserList (docs/ispapi-wire.md §4.1,
USER/*.md)."""

from __future__ import annotations

from sandbox.context import CommandContext
from sandbox.errors import CommandError, ObjectNotFound
from sandbox.listing import page_bounds, paged_reply
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, COMMANDS, DATE_RE, PAGING, Param, command
from sandbox.state import Account, RoleUser
from sandbox.world.dates import fmt, parse_date
from sandbox.world.roles import make_role

_ROLE_ID = r"[A-Za-z0-9._-]{1,64}"


def _subject(ctx: CommandContext) -> Account:
    """SUBUSER selects a direct subuser of the caller (531 otherwise)."""
    name = ctx.p("SUBUSER")
    if not name or name == ctx.login:
        return ctx.account
    sub = ctx.world.accounts.get(name)
    if sub is None or sub.parent != ctx.login:
        raise CommandError(f"subuser {name}", code=531)
    return sub


@command("StatusAccount")
def status_account(ctx: CommandContext) -> Reply:
    account = ctx.account
    return Reply.ok(
        AMOUNT=f"{account.balance:.2f}",
        CREDIT=f"{account.credit_limit:.2f}",
        CURRENCY=account.currency,
        DEPOSIT="0.00",
        VAT=f"{account.vat:.2f}",
    )


@command(
    "StatusUser",
    Param("SUBUSER"),
    Param("STATS", pattern=BOOL_RE),
    Param("RELATIONS", pattern=BOOL_RE),
    Param("PROPERTIES"),
)
def status_user(ctx: CommandContext) -> Reply:
    account = _subject(ctx)
    reply = Reply.ok(
        ACCOUNTCREDIT=f"{account.credit_limit:.2f}",
        ACCOUNTCURRENCY=account.currency,
        ACCOUNTCURRENT=f"{account.balance:.2f}",
        ACCOUNTDEPOSIT="0.00",
        ACCOUNTVAT=f"{account.vat:.2f}",
        ACTIVE="1" if account.active else "0",
        PARENTUSER=account.parent or "",
        USER=account.login,
        USERCLASS="RESELLER",
    )
    # RELATIONS=0 leaves the (large) relation list out; the default is to include it (USER/STATUSUSER.md).
    if ctx.flag("RELATIONS") is not False:
        relations = list(ctx.catalogue.status_user_relations(account.currency))
        reply.set("RELATIONTYPE", [name for name, _ in relations])
        reply.set("RELATIONVALUE", [value for _, value in relations])
    return reply


@command(
    "QueryExchangeRates",
    Param("MINDATE", pattern=DATE_RE),
    Param("MAXDATE", pattern=DATE_RE),
    Param("CURRENCYTO", pattern=r"[A-Za-z]{3}"),
    *PAGING,
)
def query_exchange_rates(ctx: CommandContext) -> Reply:
    first, limit = page_bounds(ctx, default_limit=100)
    wanted = ctx.p("CURRENCYTO").upper()
    low = parse_date(ctx.p("MINDATE")) if ctx.p("MINDATE") else None
    high = parse_date(ctx.p("MAXDATE")) if ctx.p("MAXDATE") else None
    rows = []
    for source, target, rate, date in ctx.catalogue.exchange_rates():
        if wanted and target.upper() != wanted:
            continue
        when = parse_date(str(date)) if date else None
        if when is not None and ((low and when < low) or (high and when > high)):
            continue
        rows.append({"CURRENCYFROM": source, "CURRENCYTO": target, "RATE": rate, "DATE": date})
    return paged_reply(rows, ("CURRENCYFROM", "CURRENCYTO", "DATE", "RATE"), first=first, limit=limit)


@command(
    "CreateRoleUser",
    Param("ROLEID", required=True, pattern=_ROLE_ID),
    Param("PASSWORD", required=True),
    Param("DESCRIPTION#"),
    Param("ACL#"),
    Param("ALLOWEDIP#"),
    Param("STATUS", choices=("ACTIVE", "INACTIVE")),
    Param("DEFAULTPOLICY", choices=("ALLOW", "DENY")),
    Param("SUBUSER"),
    mutating=True,
)
def create_role_user(ctx: CommandContext) -> Reply:
    account = _subject(ctx)
    role_id = ctx.require("ROLEID")
    if role_id in account.roles:
        raise CommandError(f"role user {role_id} exists", code=540)
    password = ctx.require("PASSWORD")
    if len(password) < 8:
        raise CommandError("PASSWORD must have at least 8 characters", code=541)
    account.roles[role_id] = make_role(
        role_id,
        password,
        ctx.indexed("ACL"),
        known_commands=COMMANDS,
        default_policy=ctx.p("DEFAULTPOLICY") or "DENY",
        description=" ".join(ctx.indexed("DESCRIPTION")),
        status=ctx.p("STATUS") or "ACTIVE",
        created_at=ctx.now,
    )
    return Reply.ok()


def _role_row(account: Account, role: RoleUser) -> dict[str, str]:
    return {
        "ROLEID": role.name,
        "USER": account.login,
        "CREATEDDATE": fmt(role.created_at),
        "UPDATEDDATE": fmt(role.created_at),
        "DEFAULTPOLICY": role.default_policy,
        "STATUS": role.status,
        "DESCRIPTION": role.description,
    }


@command("StatusRoleUser", Param("ROLEID", required=True, pattern=_ROLE_ID), Param("SUBUSER"))
def status_role_user(ctx: CommandContext) -> Reply:
    account = _subject(ctx)
    role = account.roles.get(ctx.require("ROLEID"))
    if role is None:
        raise ObjectNotFound(f"role user {ctx.p('ROLEID')}")
    row = _role_row(account, role)
    acl = role.acl or [f"{name}():ALLOW" for name in sorted(role.allowed_commands or ())]
    return Reply.ok(
        ACL=acl,
        CREATEDDATE=row["CREATEDDATE"],
        DEFAULTPOLICY=row["DEFAULTPOLICY"],
        DESCRIPTION=row["DESCRIPTION"],
        OTPSTATUS="DISABLED",
        STATUS=row["STATUS"],
        UPDATEDDATE=row["UPDATEDDATE"],
    )


@command(
    "QueryRoleUserList",
    Param("ROLEID"),
    Param("SUBUSER"),
    Param("USERDEPTH", choices=("SELF", "SUBUSER", "ALL")),
    *PAGING,
)
def query_role_user_list(ctx: CommandContext) -> Reply:
    account = _subject(ctx)
    first, limit = page_bounds(ctx, default_limit=100)
    wanted = ctx.p("ROLEID")
    rows = [
        _role_row(account, role)
        for name, role in sorted(account.roles.items())
        if not wanted or name == wanted
    ]
    columns = ("ROLEID", "USER", "CREATEDDATE", "UPDATEDDATE", "DEFAULTPOLICY", "STATUS", "DESCRIPTION")
    return paged_reply(rows, columns, first=first, limit=limit)
