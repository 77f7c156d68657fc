"""The status family of the port (app/registry/status.py) in HEXONET ISPAPI commands (docs/ispapi-wire.md,
docs/module-behaviour.md §3.8-§3.12, §7.1-§7.3, §9.7)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.backends.replies import call, count, ensure, succeeded, try_call, upstream_problem
from app.backends.shared_status import SharedStatus, refusal
from app.dates import days_ago, parse_api_datetime
from app.ispapi import Response
from app.registry.status import (
    Absence,
    AccountBalance,
    DeletedDomain,
    DeletedState,
    DomainDates,
    DomainPage,
    DomainStatus,
    EppCode,
    ListedDomain,
    LockState,
    LoginRefused,
    Missing,
    PendingTransfer,
    Refusal,
    TransferRequest,
    Verification,
)

_ABSENCE = {531: Absence.ELSEWHERE, 545: Absence.NOT_FOUND}
# TLD -> command that yields (or e-mails) the auth code; everything else reads StatusDomain AUTH.
_AUTH_COMMANDS = {"de": "DENIC_CreateAuthInfo1", "eu": "RequestDomainAuthInfo"}
# Registries that hand out no code while the domain is locked (unlocking generates one).
_LOCKED_NO_CODE = {"fi", "nz"}
_CONTACT_COLUMNS = {
    "owner": "OWNERCONTACT",
    "admin": "ADMINCONTACT",
    "tech": "TECHCONTACT",
    "billing": "BILLINGCONTACT",
}
# The admin tab's settings (docs/module-behaviour.md §9.7) are StatusDomain columns of these names.
_SETTINGS = re.compile(r"^X-(WHOIS|ERRP)-")
_COMMAND_BLOCK = re.compile(r"\[COMMAND\](.*?)EOF", re.DOTALL)
_NAMESERVER_KEY = re.compile(r"^NAMESERVER(\d+)$")
# REMINDED: a pending verification whose reminder went out (changelog 7.2.8/8.1.11); still pending.
_VERIFICATION_PENDING = re.compile(r"PENDING|OVERDUE|REMINDED", re.IGNORECASE)


def _flag(value: str) -> bool | None:
    value = value.strip()
    return None if value == "" else value == "1"


def dates_of(fields: Mapping[str, str]) -> DomainDates:
    """The docs/module-behaviour.md §7.1 dates of a StatusDomain reply or a QueryDomainList v2 row."""
    return DomainDates(
        status=" ".join(fields.get("STATUS", "").split()),
        expiration_date=parse_api_datetime(fields.get("EXPIRATIONDATE", "")),
        finalization_date=parse_api_datetime(fields.get("FINALIZATIONDATE", "")),
        paid_until_date=parse_api_datetime(fields.get("PAIDUNTILDATE", "")),
        failure_date=parse_api_datetime(fields.get("FAILUREDATE", "")),
    )


def listed(record: Mapping[str, str]) -> ListedDomain:
    """One QueryDomainList v2 record."""
    return ListedDomain(
        domain=record.get("OBJECTID", "").strip().lower(),
        dates=dates_of(record),
        created_date=parse_api_datetime(record.get("CREATEDDATE", "")),
        registration_expiration_date=parse_api_datetime(record.get("REGISTRATIONEXPIRATIONDATE", "")),
        transfer_lock=_flag(record.get("TRANSFERLOCK", "")),
        renewal_mode=record.get("RENEWALMODE", ""),
        nameservers=record.get("NAMESERVER", ""),
        whois_privacy=_flag(record.get("X-ACCEPT-WHOISTRUSTEE-TAC", "")),
    )


def requested_nameservers(operation_info: list[str]) -> list[str]:
    """NAMESERVERn of the stored transfer command (StatusObjectLog OPERATIONINFO lines), in index order."""
    match = _COMMAND_BLOCK.search("\r\n".join(operation_info))
    if match is None:
        return []
    found: dict[int, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition("=")
        index = _NAMESERVER_KEY.match(key.strip().upper())
        if sep and index and value.strip():
            found[int(index.group(1))] = value.strip()
    return [found[i] for i in sorted(found)]


def _status(reply: Response) -> DomainStatus:
    trade_lock = reply.first("TRADE-TRANSFERLOCK-EXPIRATIONDATE")
    return DomainStatus(
        dates=dates_of({name: reply.first(name) for name in reply.columns}),
        statuses=reply.column("STATUS"),
        nameservers=reply.column("NAMESERVER"),
        transfer_lock={"1": True, "0": False}.get(reply.first("TRANSFERLOCK").strip()),
        renewal_mode=reply.first("RENEWALMODE"),
        whois_privacy=_flag(reply.first("X-ACCEPT-WHOISTRUSTEE-TAC")),
        contacts={role: reply.first(column).strip() for role, column in _CONTACT_COLUMNS.items()},
        trade_lock_until=trade_lock or None,
        settings={name: reply.first(name) for name in reply.columns if _SETTINGS.match(name)},
        created_date=parse_api_datetime(reply.first("CREATEDDATE")),
    )


def _log_query(domain: str, **filters: object) -> dict[str, object]:
    return {
        "COMMAND": "QueryObjectLogList",
        "OBJECTCLASS": "DOMAIN",
        "OBJECTID": domain,
        "ORDERBY": "LOGDATEDESC",
        **filters,
        "LIMIT": 1,
    }


class IspapiStatus(SharedStatus):
    lists_whois_privacy = True  # X-ACCEPT-WHOISTRUSTEE-TAC is a list column

    async def status(self, domain: str) -> DomainStatus | Missing:
        reply = await self._send({"COMMAND": "StatusDomain", "DOMAIN": domain})
        if reply.is_success:
            return _status(reply)
        return Missing(_ABSENCE.get(reply.code, Absence.REFUSED), refusal(reply))

    async def domain_page(self, *, first: int, limit: int) -> DomainPage:
        command = {
            "COMMAND": "QueryDomainList",
            "VERSION": 2,
            "WIDE": 1,
            "ORDERBY": "OBJECTID",
            "FIRST": first,
            "LIMIT": limit,
        }
        reply = ensure(await try_call(self._caller, command))
        page = [r for r in reply.records if r.get("OBJECTID", "").strip()]
        total = reply.total if reply.first("TOTAL").strip() else None
        return DomainPage(rows=[listed(r) for r in page], size=len(page), total=total)

    async def transferred_out(self, domain: str) -> bool:
        log = await self._send(_log_query(domain, USERDEPTH="SELF"))
        return (
            log.is_success
            and log.first("OPERATIONTYPE") == "OUTBOUND_TRANSFER"
            and log.first("OPERATIONSTATUS") == "SUCCESSFUL"
        )

    async def premium_application(self, domain: str) -> str:
        reply = await self._send(
            {
                "COMMAND": "QueryDomainList",
                "DOMAIN": domain,
                "OBJECTCLASS": "DOMAINAPPLICATION",
                "SUBCLASSREGEX": "^PREMIUM_.*$",
                "VERSION": 2,
                "NOTOTAL": 1,
                "UNIQUE": 1,
                "WIDE": 1,
                "LIMIT": 1,
                "USERDEPTH": "SELF",
                "ORDERBY": "CREATEDDATEDESC",
                "MINCREATEDDATE": days_ago(30),
            }
        )
        return reply.first("STATUS").strip().upper() if reply.is_success else ""

    async def deleted(self, domain: str) -> DeletedDomain:
        reply = await self._send(
            {"COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN", "OBJECTID": domain}
        )
        if reply.code == 545:
            return DeletedDomain(DeletedState.GONE)
        if not reply.is_success:
            return DeletedDomain(DeletedState.UNKNOWN, refusal=refusal(reply))
        if count(reply) > 0:
            return DeletedDomain(
                DeletedState.LISTED, expiration=parse_api_datetime(reply.first("EXPIRATIONDATE"))
            )
        return DeletedDomain(DeletedState.PURGED)

    async def set_whois_privacy(self, domain: str, enabled: bool) -> Refusal | None:
        return await self._try(
            {"COMMAND": "ModifyDomain", "DOMAIN": domain, "X-ACCEPT-WHOISTRUSTEE-TAC": int(enabled)}
        )

    async def set_client_hold(self, domain: str, held: bool) -> Refusal | None:
        flag = "ADDSTATUS0" if held else "DELSTATUS0"
        return await self._try({"COMMAND": "ModifyDomain", "DOMAIN": domain, flag: "clientHold"})

    async def pending_transfer(self, domain: str) -> PendingTransfer | None:
        reply = await self._send({"COMMAND": "StatusDomainTransfer", "DOMAIN": domain})
        if not reply.is_success:
            return None
        lines = [line.strip() for value in reply.column("TRANSFERLOG") for line in value.splitlines()]
        return PendingTransfer(
            nameservers=reply.column("NAMESERVER"),
            status=reply.first("TRANSFERSTATUS"),
            log=[line for line in lines if line],
        )

    async def transfer_request(self, domain: str) -> TransferRequest | None:
        log = await self._send(
            _log_query(domain, OPERATIONTYPE="TRANSFER", OPERATIONSTATUS="REQUEST", USERDEPTH="SELF")
        )
        if not log.is_success or count(log) == 0:
            return None
        return TransferRequest(reference=log.first("LOGINDEX"), since=log.first("LOGDATE"))

    async def requested_nameservers(self, request: TransferRequest) -> list[str] | None:
        # The request is on record here: a log that cannot be read means "nothing known", never WHMCS's list.
        if not request.reference:
            return []
        stored = await try_call(self._caller, {"COMMAND": "StatusObjectLog", "LOGINDEX": request.reference})
        if not succeeded(stored):
            return []
        return requested_nameservers(stored.column("OPERATIONINFO"))

    async def transfer_failure(self, domain: str, request: TransferRequest) -> list[str] | None:
        failed = await self._send(
            {
                "COMMAND": "QueryObjectLogList",
                "OBJECTCLASS": "DOMAIN",
                "OBJECTID": domain,
                "MINDATE": request.since,
                "OPERATIONTYPE": "INBOUND_TRANSFER",
                "OPERATIONSTATUS": "FAILED",
                "ORDERBY": "LOGDATEDESC",
                "LIMIT": 1,
            }
        )
        if not failed.is_success or count(failed) == 0:
            return None
        info = await try_call(
            self._caller, {"COMMAND": "StatusObjectLog", "LOGINDEX": failed.first("LOGINDEX")}
        )
        return info.column("OPERATIONINFO") if succeeded(info) else []

    async def replace_contacts(
        self, domain: str, contacts: Mapping[str, Mapping[str, str]]
    ) -> Refusal | None:
        command: dict[str, object] = {"COMMAND": "ModifyDomain", "DOMAIN": domain}
        for role, column in _CONTACT_COLUMNS.items():
            if role in contacts:
                command.update({f"{column}0{key}": value for key, value in contacts[role].items()})
        return await self._try(command)

    async def epp_code(self, domain: str) -> EppCode:
        tld = domain.rsplit(".", 1)[-1]
        command = _AUTH_COMMANDS.get(tld, "StatusDomain")
        reply = await self._send({"COMMAND": command, "DOMAIN": domain})
        if not reply.is_success:
            return EppCode(refusal=refusal(reply))
        if command == "StatusDomain" and tld in _LOCKED_NO_CODE and reply.first("TRANSFERLOCK") == "1":
            return EppCode(locked=True)
        if "AUTH" not in reply.columns:
            return EppCode(emailed=True)
        return EppCode(code=reply.first("AUTH"))

    async def transfer_lock(self, domain: str) -> LockState:
        command = {"COMMAND": "QueryDomainList", "VERSION": 2, "NOTOTAL": 1, "DOMAIN": domain, "WIDE": 1}
        reply = ensure(await call(self._caller, command))
        if "TRANSFERLOCK" not in reply.columns:
            return LockState.NOT_FOUND
        lock = {"1": LockState.LOCKED, "0": LockState.UNLOCKED}
        return lock.get(reply.first("TRANSFERLOCK").strip(), LockState.UNSUPPORTED)

    async def set_transfer_lock(self, domain: str, locked: bool, *, new_code: str | None) -> None:
        command: dict[str, object] = {
            "COMMAND": "ModifyDomain",
            "DOMAIN": domain,
            "TRANSFERLOCK": int(locked),
        }
        if new_code is not None:
            command["AUTH"] = new_code
        ensure(await call(self._caller, command))

    async def verification(self, domain: str) -> Verification | None:
        options = await try_call(self._caller, {"COMMAND": "QueryDomainOptions", "DOMAIN0": domain})
        if not succeeded(options) or options.first("ZONEPOLICYREGISTRANTNAMECHANGEBY") != "ICANN-TRADE":
            return None
        listed = await try_call(
            self._caller, {"COMMAND": "QueryDomainPendingRegistrantVerificationList", "DOMAIN": domain}
        )
        if not succeeded(listed):
            return Verification(pending=False, due=None)
        if not _VERIFICATION_PENDING.search(listed.first("X-REGISTRANT-VERIFICATION-STATUS")):
            return Verification(pending=False, due=None)
        return Verification(
            pending=True, due=parse_api_datetime(listed.first("X-REGISTRANT-VERIFICATION-DUEDATE"))
        )

    async def save_settings(self, domain: str, changes: Mapping[str, str]) -> None:
        ensure(await call(self._caller, {"COMMAND": "ModifyDomain", "DOMAIN": domain, **changes}))

    async def check_login(self, username: str, password: str) -> LoginRefused | None:
        command = {"COMMAND": "CheckAuthentication", "SUBUSER": username, "PASSWORD": password}
        reply = await try_call(self._caller, command)
        if succeeded(reply):
            return None
        return LoginRefused(refusal(reply), temporary=upstream_problem(reply) is not None)

    async def account_balance(self) -> AccountBalance | Refusal:
        reply = await try_call(self._caller, {"COMMAND": "StatusAccount"})
        if not succeeded(reply):
            return refusal(reply)
        return AccountBalance(
            amount=reply.first("AMOUNT"), credit_limit=reply.first("CREDIT"), currency=reply.first("CURRENCY")
        )
