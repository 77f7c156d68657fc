"""What a command handler gets: the caller, its world, the clock and catalogue, the checked parameters, and
small helpers. It holds no engine and no dialect: the ISPAPI and the CNR engines both build one, so the
handlers of either dialect see the same world (sandbox/world/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.catalogue.registrants import Registrants
from sandbox.errors import AuthorizationFailed, CommandError, MissingAttribute, ObjectNotFound
from sandbox.state import Account, Clock, Domain, ObjectLogEntry, World

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue, TldInfo

_DIGITS = "0123456789"


@dataclass
class CommandContext:
    world: World
    account: Account
    role: str | None
    params: dict[str, str]
    clock: Clock
    catalogue: Catalogue
    session: str | None = None  # the session id the call came with, if any
    registrants: Registrants = field(default_factory=Registrants)  # who else holds what
    # Objects whose money operation succeeded in this call (the core counts them per domain).
    money_objects: list[str] = field(default_factory=list)
    # Object-log entries written by this call; the core stores the call's request/response in them.
    created_log: list[ObjectLogEntry] = field(default_factory=list)
    _stems: dict[str, list[tuple[int, str]]] | None = field(default=None, init=False, repr=False)

    @property
    def login(self) -> str:
        return self.account.login

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def p(self, name: str, default: str = "") -> str:
        return self.params.get(name.upper(), default)

    def require(self, name: str) -> str:
        value = self.params.get(name.upper(), "")
        if value == "":
            raise MissingAttribute(name.upper())
        return value

    def flag(self, name: str) -> bool | None:
        """1/0 parameters; None when absent or empty (ISPAPI: empty = unset)."""
        value = self.params.get(name.upper(), "")
        if value == "":
            return None
        return value.strip() not in ("0", "false", "FALSE", "no", "NO")

    def indexed(self, stem: str) -> list[str]:
        """Values of STEM, STEM0..STEMn in index order (empty values dropped)."""
        stem = stem.upper()
        found = [(-1, value) for value in (self.params.get(stem),) if value is not None]
        found += self._by_stem().get(stem, [])
        return [value for _, value in sorted(found) if value != ""]

    def _by_stem(self) -> dict[str, list[tuple[int, str]]]:
        # One pass over the parameters for all stems a handler asks about (CheckDomains asks for DOMAIN and
        # X-FEE-COMMAND among 160 parameters). Handlers do not change params, so it is built once per call.
        if self._stems is None:
            self._stems = {}
            for key, value in self.params.items():
                stem = key.rstrip(_DIGITS)  # DOMAIN17 -> DOMAIN: every trailing digit is the index
                if stem != key:
                    self._stems.setdefault(stem, []).append((int(key[len(stem) :]), value))
        return self._stems

    def owned_domain(self, name: str | None = None) -> Domain:
        """The domain named by DOMAIN (or `name`): 545 when unknown, 531 when another account holds it."""
        domain_name = (name or self.require("DOMAIN")).strip().rstrip(".").lower()
        domain = self.world.domains.get(domain_name)
        if domain is None:
            raise ObjectNotFound(domain_name)
        if domain.owner != self.login:
            raise AuthorizationFailed(domain_name)
        return domain

    def charge(self, amount: Decimal, *, what: str) -> None:
        """Take money from the pre-paid balance; 546 when balance + credit limit do not cover it."""
        if amount <= 0:
            return
        if self.account.balance + self.account.credit_limit < amount:
            raise CommandError(f"{what}: {amount} {self.account.currency} needed", code=546)
        self.account.balance -= amount

    def log_object(
        self,
        *,
        object_class: str,
        object_id: str,
        operation_type: str,
        operation_status: str,
        info: list[str] | None = None,
    ) -> ObjectLogEntry:
        entry = self.world.log_object(
            date=self.now,
            object_class=object_class,
            object_id=object_id,
            operation_type=operation_type,
            operation_status=operation_status,
            user=self.login,
            info=info,
        )
        self.created_log.append(entry)
        return entry

    def counted(self, object_id: str) -> None:
        """Mark a successful money operation on `object_id` (for the duplicate-charge counters)."""
        self.money_objects.append(object_id.lower())


def tld_info(ctx: CommandContext, name: str) -> TldInfo:
    """The catalogue entry for `name`; 549 when the sandbox does not offer that TLD
    (docs/ispapi-wire.md §3)."""
    info = ctx.catalogue.for_domain(name)
    if info is None:
        raise CommandError(f"TLD of {name} is not supported", code=549)
    return info
