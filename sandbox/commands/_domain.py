"""Pieces the domain command families share: client statuses, renewal modes, DNSSEC and extra parameters, the
domain a command addresses and the states that refuse a change. Not a command module: it registers nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sandbox.context import CommandContext
from sandbox.errors import CommandError
from sandbox.registry import BOOL_RE, INT_RE, Param
from sandbox.state import Domain
from sandbox.world.dates import domain_name

RENEWAL_MODES = ("DEFAULT", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE", "AUTORENEWMONTHLY")


CLIENT_STATUSES = (
    "clientHold",
    "clientTransferProhibited",
    "clientUpdateProhibited",
    "clientDeleteProhibited",
    "clientRenewProhibited",
)


STATUS_CANON = {s.upper(): s for s in CLIENT_STATUSES}


HOLD_STATUSES = {"clientHold"}


MAX_REGISTRATION = timedelta(days=3653)  # nothing renews beyond 10 years from now (548)


DS_RE = r"[0-9]{1,5} [0-9]{1,3} [0-9]{1,3} [0-9A-Fa-f]{20,128}"


KEY_RE = r"[0-9]{1,5} 3 [0-9]{1,3} [A-Za-z0-9+/=]{16,1024}"


SECDNS = (
    Param("SECDNS-DS#", pattern=DS_RE),
    Param("ADDSECDNS-DS#", pattern=DS_RE),
    Param("DELSECDNS-DS#", pattern=DS_RE),
    Param("SECDNS-KEY#", pattern=KEY_RE),
    Param("ADDSECDNS-KEY#", pattern=KEY_RE),
    Param("DELSECDNS-KEY#", pattern=KEY_RE),
    Param("SECDNS-MAXSIGLIFE", pattern=INT_RE),
    Param("SECDNS-URGENT", pattern=BOOL_RE),
    Param("SECDNS-REMOVE-ALL", pattern=BOOL_RE),
)


ACCEPTED_EXTRAS = (
    Param("ORDER"),
    Param("ORDERID"),
    Param("SUBUSER"),
    Param("HOST#"),
    Param("NAMESERVERSET"),
    Param("CLAIMKEY"),
    Param("CLAIMKEY-UPDATEDDATE"),
    Param("NOTICE-POA-ACCEPT-HASH"),
    Param("LAUNCH-MARK-CODE"),
)


# Statuses during which a domain may not be changed, renewed or moved (552).
FROZEN = {"PENDINGDELETE", "REQUESTED"}


def target_domain(ctx: CommandContext) -> Domain:
    return ctx.owned_domain(domain_name(ctx.require("DOMAIN")))


def not_frozen(domain: Domain, what: str) -> None:
    frozen = FROZEN.intersection(domain.status)
    if frozen:
        raise CommandError(f"{what} not possible in status {sorted(frozen)[0]}", code=552)


def refuse_pending_transfer(ctx: CommandContext, domain: Domain) -> None:
    if domain.name in ctx.world.transfers:
        raise CommandError(domain.name, code=553)


def flag_set(ctx: CommandContext, name: str) -> bool:
    return ctx.flag(name) is True


def nameserver_list(names: list[str], maximum: int) -> list[str]:
    clean: list[str] = []
    for raw in names:
        host = raw.strip().rstrip(".").lower()
        if host and host not in clean:
            clean.append(host)
    if maximum and len(clean) > maximum:
        raise CommandError(f"at most {maximum} nameservers", code=541)
    return clean


def visible_status(domain: Domain) -> list[str]:
    status = list(domain.status)
    if domain.transfer_lock and "clientTransferProhibited" not in status:
        status.append("clientTransferProhibited")
    return status


def next_action(domain: Domain) -> tuple[str, datetime | None]:
    if domain.renewal_mode == "AUTOEXPIRE":
        return "expire", domain.failure_date
    if domain.renewal_mode == "AUTODELETE":
        return "delete", domain.failure_date
    return "pay", domain.accounting_date


def prepaid(domain: Domain) -> str:
    if domain.paid_until_date is None or domain.expiration_date is None:
        return "0"
    days = (domain.paid_until_date - domain.expiration_date).days
    return f"{round(days / 365)}Y" if days > 0 else "0"
