"""The status family of the port (app/registry/status.py) in CentralNic Reseller commands
(docs/cnr-protocol.md).

Dates: CNR's expiry is REGISTRATION_EXPIRATION_DATE (the registry's); it is given as expiration,
finalization and paid-until alike, so the docs/module-behaviour.md §7.1 rule yields it unchanged. A domain
set to go at its renewal date (renewal mode AUTODELETE/AUTOEXPIRE) gets RENEWAL_DATE as its failure date,
so Sync looks at it closely once that date has passed. An empty, zero or epoch date is unknown (None):
CentralNic's own module turned those into 1969/1970 expiry dates.

What CNR keeps no record of: the log of outgoing transfers and deleted domains (a domain no longer in the
account is reported as transferred away, once, without an error, where CentralNic's module reported an
error on every cron run), and the transfer request (the name servers set after a completed transfer are
WHMCS's; CentralNic's module never set them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from app.backends.replies import call, ensure, succeeded, try_call, upstream_problem
from app.backends.shared_status import SharedStatus, refusal
from app.cnr.codes import Code
from app.dates import parse_api_datetime
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

_ABSENCE = {531: Absence.ELSEWHERE, int(Code.ENTITY_REFERENCE_NOT_FOUND): Absence.NOT_FOUND}
# Renewal modes that let the domain go at its renewal date instead of renewing it.
_ENDING_MODES = {"AUTODELETE", "AUTOEXPIRE"}
# Any date before this is a zero/epoch placeholder, never a real domain date.
_EARLIEST = datetime(1985, 1, 1, tzinfo=UTC)
_CONTACT_PROPERTIES = {
    "owner": "OWNER_CONTACT",
    "admin": "ADMIN_CONTACT",
    "tech": "TECH_CONTACT",
    "billing": "BILLING_CONTACT",
}
_SETTINGS = re.compile(r"^X-(WHOIS|ERRP)-")
_STATUS_SEPARATORS = re.compile(r"[\s,]+")
# Zones whose registry makes a code only on request (SetAuthCode), e.g. DENIC's AuthInfo1.
_CODE_ON_REQUEST = {"de", "eu", "be"}
FAILED_TRANSFER = "The transfer is no longer pending and the domain is not in the account."


def cnr_date(value: str) -> datetime | None:
    """A CNR date (`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`, UTC); None for empty, zero or epoch values."""
    parsed = parse_api_datetime(value)
    return parsed if parsed is not None and parsed >= _EARLIEST else None


def _flag(value: str) -> bool | None:
    value = value.strip()
    return None if value == "" else value == "1"


def statuses(values: list[str]) -> list[str]:
    """Status tokens from rows that may each hold several (the list joins them with commas)."""
    return [token for value in values for token in _STATUS_SEPARATORS.split(value) if token]


def dates_of(fields: Mapping[str, str], status: list[str]) -> DomainDates:
    """The port's dates from REGISTRATION_EXPIRATION_DATE, RENEWAL_DATE and RENEWALMODE (module docstring);
    `fields` are StatusDomain properties or QueryDomainList columns without their DOMAIN_ prefix."""
    expiry = cnr_date(fields.get("REGISTRATION_EXPIRATION_DATE", ""))
    ending = fields.get("RENEWALMODE", "").strip().upper() in _ENDING_MODES
    return DomainDates(
        status=" ".join(status),
        expiration_date=expiry,
        finalization_date=expiry,
        paid_until_date=expiry,
        failure_date=cnr_date(fields.get("RENEWAL_DATE", "")) if ending else None,
    )


def listed(record: Mapping[str, str]) -> ListedDomain:
    """One QueryDomainList WIDE=1 row."""
    fields = {name.removeprefix("DOMAIN_"): value for name, value in record.items()}
    return ListedDomain(
        domain=record.get("DOMAIN", "").strip().lower(),
        dates=dates_of(fields, statuses([record.get("STATUS", "")])),
        created_date=cnr_date(fields.get("CREATED_DATE", "")),
        registration_expiration_date=cnr_date(fields.get("REGISTRATION_EXPIRATION_DATE", "")),
        transfer_lock=_flag(record.get("TRANSFERLOCK", "")),
        renewal_mode=record.get("RENEWALMODE", ""),
        nameservers=record.get("NAMESERVER", ""),
    )


def _status(reply: Response) -> DomainStatus:
    tokens = statuses(reply.column("STATUS"))
    trade_lock = reply.first("X-TRANSFERLOCK-UNTIL")
    return DomainStatus(
        dates=dates_of({name: reply.first(name) for name in reply.columns}, tokens),
        statuses=tokens,
        nameservers=reply.column("NAMESERVER"),
        transfer_lock=_flag(reply.first("TRANSFER_LOCK") or reply.first("TRANSFERLOCK")),
        renewal_mode=reply.first("RENEWALMODE"),
        whois_privacy=_flag(reply.first("X-WHOISPRIVACY")),
        contacts={role: reply.first(name).strip() for role, name in _CONTACT_PROPERTIES.items()},
        trade_lock_until=trade_lock if cnr_date(trade_lock) is not None else None,
        settings={name: reply.first(name) for name in reply.columns if _SETTINGS.match(name)},
        created_date=cnr_date(reply.first("CREATED_DATE")),
    )


class CnrStatus(SharedStatus):
    lists_whois_privacy = False  # QueryDomainList has no X-WHOISPRIVACY column

    async def status(self, domain: str) -> DomainStatus | Missing:
        reply = await self._send({"COMMAND": "StatusDomain", "DOMAIN": domain})
        if reply.is_success:
            return _status(reply)
        return Missing(_ABSENCE.get(reply.code, Absence.REFUSED), refusal(reply))

    async def domain_page(self, *, first: int, limit: int) -> DomainPage:
        command = {
            "COMMAND": "QueryDomainList",
            "WIDE": 1,
            "ORDERBY": "DOMAIN",
            "FIRST": first,
            "LIMIT": limit,
        }
        reply = ensure(await try_call(self._caller, command))
        page = [r for r in reply.records if r.get("DOMAIN", "").strip()]
        total = reply.total if reply.first("TOTAL").strip() else None
        return DomainPage(rows=[listed(r) for r in page], size=len(page), total=total)

    async def transferred_out(self, domain: str) -> bool:  # noqa: ARG002 (no transfer log here)
        return False

    async def premium_application(self, domain: str) -> str:  # noqa: ARG002
        return ""  # CNR registers a premium name at once (AddDomain with its fee): no applications

    async def deleted(self, domain: str) -> DeletedDomain:  # noqa: ARG002 (no deleted-domain list here)
        return DeletedDomain(DeletedState.GONE)

    async def set_whois_privacy(self, domain: str, enabled: bool) -> Refusal | None:
        return await self._try({"COMMAND": "ModifyDomain", "DOMAIN": domain, "X-WHOISPRIVACY": int(enabled)})

    async def set_client_hold(self, domain: str, held: bool) -> Refusal | None:
        flag = "ADDSTATUS0" if held else "DELSTATUS0"
        return await self._try({"COMMAND": "ModifyDomain", "DOMAIN": domain, flag: "clientHold"})

    async def pending_transfer(self, domain: str) -> PendingTransfer | None:
        reply = await self._send({"COMMAND": "StatusDomainTransfer", "DOMAIN": domain})
        if not reply.is_success:
            return None  # 545: no transfer in progress (a completed one is a domain of the account)
        lines = [line.strip() for value in reply.column("TRANSFERLOG") for line in value.splitlines()]
        return PendingTransfer(
            nameservers=reply.column("NAMESERVER"),
            status=reply.first("TRANSFERSTATUS"),
            log=[line for line in lines if line],
        )

    async def transfer_request(self, domain: str) -> TransferRequest | None:  # noqa: ARG002
        # No request log: once StatusDomainTransfer shows nothing pending, the request has ended.
        return TransferRequest(reference="", since=None)

    async def requested_nameservers(self, request: TransferRequest) -> list[str] | None:  # noqa: ARG002
        return None  # not on record: WHMCS's name servers are used

    async def transfer_failure(self, domain: str, request: TransferRequest) -> list[str] | None:  # noqa: ARG002
        # Asked only when the transfer is no longer pending and the domain is not in the account.
        return [FAILED_TRANSFER]

    async def replace_contacts(
        self,
        domain: str,  # noqa: ARG002
        contacts: Mapping[str, Mapping[str, str]],  # noqa: ARG002
    ) -> Refusal | None:
        # A CNR transfer carries the contact handles given with the request: no registry placeholders
        # (AUTO- handles) to replace afterwards.
        return None

    async def epp_code(self, domain: str) -> EppCode:
        reply = await self._send({"COMMAND": "StatusDomain", "DOMAIN": domain})
        if not reply.is_success:
            return EppCode(refusal=refusal(reply))
        code = reply.first("AUTH").strip()
        if code and domain.rsplit(".", 1)[-1] not in _CODE_ON_REQUEST:
            return EppCode(code=code)
        # No code yet, or one the registry makes on request only: have a fresh one made.
        made = await self._send({"COMMAND": "SetAuthCode", "DOMAIN": domain})
        if not made.is_success:
            return EppCode(refusal=refusal(made))
        return EppCode(code=made.first("AUTH").strip() or None)

    async def transfer_lock(self, domain: str) -> LockState:
        command = {"COMMAND": "QueryDomainList", "DOMAIN": domain, "WIDE": 1, "LIMIT": 1}
        reply = ensure(await call(self._caller, command))
        if not reply.first("DOMAIN").strip():
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

    async def verification(self, domain: str) -> Verification | None:  # noqa: ARG002
        # CNR verifies registrants by its own e-mail process: WHMCS's IRTP fields stay unset.
        return None

    async def save_settings(self, domain: str, changes: Mapping[str, str]) -> None:
        ensure(await call(self._caller, {"COMMAND": "ModifyDomain", "DOMAIN": domain, **changes}))

    async def check_login(self, username: str, password: str) -> LoginRefused | None:  # noqa: ARG002
        # CNR has no command that checks a given login: the caller logs in with the module settings'
        # username and password, so a read answered with success proves them (StatusAccount: one small
        # reply; a role user without it is refused with 531, which names the missing right).
        reply = await try_call(self._caller, {"COMMAND": "StatusAccount"})
        if succeeded(reply):
            return None
        return LoginRefused(refusal(reply), temporary=upstream_problem(reply) is not None)

    async def account_balance(self) -> AccountBalance | Refusal:
        reply = await try_call(self._caller, {"COMMAND": "StatusAccount"})
        if not succeeded(reply):
            return refusal(reply)
        # CREDIT is what may still be spent (balance plus limit); the limit itself is CREDIT_THRESHOLD.
        return AccountBalance(
            amount=reply.first("AMOUNT"),
            credit_limit=reply.first("CREDIT_THRESHOLD"),
            currency=reply.first("CURRENCY"),
        )
