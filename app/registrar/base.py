"""What every registrar operation gets and returns; the contract between the HTTP layer and `app/registrar/`.

An operation is `async def op(ctx: RegistrarContext) -> Result`, registered under its WHMCS function name
with `@operation("RegisterDomain")`; the function's row of the contract table (app/contract/functions.py)
says whether it moves money and which result kinds it may return. It reads WHMCS params from
`ctx.params`, talks to the registry only through the port `ctx.registry` (app/registry/, built over
`ctx.client` for the module's backend; never in registry commands), appends activity-log lines to
`ctx.effects`, and raises `app.errors.OperationFailed` subclasses for failures (the HTTP layer turns them
into `{"ok": false, "error": ...}`).

Money operations (Register, Transfer, Renew including a restore) go through `ctx.run_money`, that is
`ctx.journal.run_money_operation` under the call's own function name and idempotency key, which records
intent before the upstream call and makes a repeated idempotency key return the recorded outcome.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from app.api.envelope import Effects, Result, ResultKind, WhmcsInfo
from app.backends import build_registry
from app.contract import FunctionContract, function
from app.errors import InvalidSetting
from app.pricing.store import PricingStore
from app.registrar.contacts.ledger import LedgerStore, MemoryLedger
from app.registrar.params import flag
from app.registrar.sync_stores import Clock, HoldStore, MemoryHolds, NoSnapshots, SnapshotStore, SystemClock
from app.registry import Backend, Registry, RegistryCaller

# The name most of the bridge knew the caller by before a second registry API came behind the port.
IspapiCaller = RegistryCaller


@dataclass(frozen=True)
class LostAttempt:
    """An earlier attempt of this order whose outcome was not recorded (reply lost, process died).

    `started_at`: UTC start of that attempt (e.g. QueryObjectLogList MINDATE); `evidence`: what the
    registry showed just before its money command was sent (`RegistrarContext.sending`), e.g.
    {"expiry": "2027-03-04 10:00:00"} before a renewal; empty when the operation recorded none."""

    started_at: datetime
    evidence: Mapping[str, str] = field(default_factory=dict)


class MoneyJournal(Protocol):
    """Exactly-once execution of money operations (implemented in `app.journal`)."""

    async def run_money_operation(
        self,
        *,
        function: str,
        domain: str,
        idempotency_key: str | None,
        execute: Callable[[], Awaitable[Result]],
        reconcile: Callable[[LostAttempt], Awaitable[Result | None]],
    ) -> Result:
        """Run `execute` once per idempotency key (bound to `function` and `domain`).

        * key already succeeded -> the recorded Result is returned; a recorded definitive failure is
          executed again (WHMCS retries after fixing the cause);
        * key recorded as started/unknown (reply lost, process died) -> `reconcile(attempt)` asks the
          registry whether that attempt took effect: a Result means it did (recorded as succeeded and
          returned); None means the registry shows no effect, and `execute` runs again only once the lost
          attempt's money command can no longer be executing (else: OperationInProgress, retryable);
        * `execute` raising `OutcomeUnknown` -> recorded as unknown and re-raised;
          other `OperationFailed` -> recorded as failed and re-raised.
        """
        ...

    async def sending(self, evidence: Mapping[str, str] | None = None) -> None:
        """Called by `execute` right before each money command leaves: records `evidence` (what the registry
        shows now) and the instant by which the command will have settled. Raises OperationInProgress,
        and the command must not be sent, when another attempt has taken the order over meanwhile."""
        ...


@dataclass(frozen=True)
class ModuleConfig:
    """The registrar module settings sent in every envelope (docs/architecture.md decision 1).

    Credentials are used for the upstream call and never stored, logged or echoed: `repr` hides them.
    """

    backend: Backend = Backend.ISPAPI
    username: str = ""
    password: str = field(default="", repr=False)
    test_mode: bool = False
    proxy_server: str = ""
    irtp_designated_agent: bool = True  # IRTP option 1 ("Designated Agent") unless option 2 is chosen
    transfer_lock: bool = False  # TRANSFERLOCK: lock after registration
    ns_update_after_transfer: bool = False  # NSUpdTransfer
    contact_update_after_transfer: bool = False  # CHUpdTransfer
    dnssec: bool = False
    transfer_cart_precheck: bool = False
    web_apps: bool = False
    sync_id_protection: bool = False
    suspend_after_expiration: bool = False
    trade_cost_todo: bool = False  # TradeCostTodo: a WHMCS To-Do item per billable owner change
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> ModuleConfig:
        irtp = str(config.get("IRTP", "Designated Agent") or "Designated Agent")
        return cls(
            backend=backend_setting(config),
            username=str(config.get("Username", "") or "").strip(),
            password=str(config.get("Password", "") or ""),
            test_mode=flag(config, "TestMode"),
            proxy_server=str(config.get("ProxyServer", "") or "").strip(),
            irtp_designated_agent="Designated Agent" in irtp,
            transfer_lock=flag(config, "TRANSFERLOCK"),
            ns_update_after_transfer=flag(config, "NSUpdTransfer"),
            contact_update_after_transfer=flag(config, "CHUpdTransfer"),
            dnssec=flag(config, "DNSSEC"),
            transfer_cart_precheck=flag(config, "TRANSFERCARTPRECHECK"),
            web_apps=flag(config, "WebApps"),
            sync_id_protection=flag(config, "SyncIDProtection"),
            suspend_after_expiration=flag(config, "SuspendAfterExpiration"),
            trade_cost_todo=flag(config, "TradeCostTodo"),
            raw=dict(config),
        )


def backend_setting(config: Mapping[str, Any]) -> Backend:
    """The `Backend` module setting; missing or empty is `ispapi`, so an install that predates the setting
    keeps its registry. An unknown value is refused (never echoed: settings are the admin's data)."""
    raw = config.get("Backend")
    value = raw.strip().lower() if isinstance(raw, str) else ""
    if raw is None or value == "":
        return Backend.ISPAPI
    try:
        return Backend(value)
    except ValueError:
        choices = ", ".join(f"{b.value} ({b.label})" for b in Backend)
        raise InvalidSetting(f"Backend must be one of: {choices}", setting="Backend") from None


@dataclass
class RegistrarContext:
    """Everything one WHMCS call needs; built per request by the HTTP layer."""

    function: str
    params: dict[str, Any]
    config: ModuleConfig
    client: IspapiCaller
    journal: MoneyJournal
    request_id: str
    idempotency_key: str | None = None
    whmcs: WhmcsInfo = field(default_factory=WhmcsInfo)
    effects: Effects = field(default_factory=Effects)
    # Shared services (database session factory, settings, caches) for operations that need them.
    services: Any = None
    # The account's price list (app/pricing/store.py); None where no bridge database is at hand.
    pricing: PricingStore | None = None
    # Where trade costs are recorded (app/registrar/contacts/ledger.py); in memory unless given one.
    ledger: LedgerStore = field(default_factory=MemoryLedger)
    # Sync's snapshot, the holds it set, and the time (app/registrar/sync_stores.py); in memory unless the
    # HTTP layer passes the database-backed ones.
    snapshots: SnapshotStore = field(default_factory=NoSnapshots)
    holds: HoldStore = field(default_factory=MemoryHolds)
    clock: Clock = field(default_factory=SystemClock)
    # The port built over `client` (see `registry`), remembered with the client it was built for.
    _port: tuple[IspapiCaller, Registry] | None = field(default=None, init=False, repr=False)

    @property
    def registry(self) -> Registry:
        """The registry port for `config.backend` over `client`; rebuilt when the client is replaced (tests
        swap in a fake client after building the context)."""
        if self._port is None or self._port[0] is not self.client:
            self._port = (self.client, build_registry(self.config.backend, self.client))
        return self._port[1]

    def activity(self, message: str) -> None:
        """Queue a WHMCS activity-log line (applied by the shim)."""
        self.effects.activity.append(message)

    async def run_money(
        self,
        domain: str,
        *,
        execute: Callable[[], Awaitable[Result]],
        reconcile: Callable[[LostAttempt], Awaitable[Result | None]],
    ) -> Result:
        """This call's money operation through the journal, under its function name and idempotency key."""
        return await self.journal.run_money_operation(
            function=self.function,
            domain=domain,
            idempotency_key=self.idempotency_key,
            execute=execute,
            reconcile=reconcile,
        )

    async def sending(self, evidence: Mapping[str, str] | None = None) -> None:
        """Right before a money command is sent (inside `run_money`'s execute): see `MoneyJournal.sending`."""
        await self.journal.sending(evidence)


Operation = Callable[[RegistrarContext], Awaitable[Result]]


@dataclass(frozen=True)
class OperationSpec:
    name: str
    func: Operation
    contract: FunctionContract  # the function's row of the contract table

    @property
    def money(self) -> bool:
        """Register/Transfer/Renew: the shim sends an Idempotency-Key."""
        return self.contract.money


OPERATIONS: dict[str, OperationSpec] = {}


def operation(name: str) -> Callable[[Operation], Operation]:
    """Register `func` as the implementation of the WHMCS function `name`, a forwarded function of the
    contract table (anything else is a programming error, refused at import)."""
    row = function(name)
    if row is None or not row.forwarded:
        raise RuntimeError(f"operation {name} is not a forwarded function of the contract (app/contract/)")

    def register(func: Operation) -> Operation:
        if name in OPERATIONS:
            raise RuntimeError(f"operation {name} registered twice")
        OPERATIONS[name] = OperationSpec(name=name, func=func, contract=row)
        return func

    return register


def operations_by_key(
    names: Mapping[str, str], page: Callable[[RegistrarContext, str], Awaitable[Result]]
) -> None:
    """Register one WHMCS function per entry of `names` (function name -> key), answering `page(ctx, key)`.

    For families of client-area pages that differ only by TLD or form (whoisprivacy_ca/_se/_nz ...).
    """

    def bind(key: str) -> Operation:
        async def run(ctx: RegistrarContext) -> Result:
            return await page(ctx, key)

        run.__module__ = page.__module__  # the module that implements it, not this helper's
        return run

    for name, key in names.items():
        operation(name)(bind(key))


def array(value: Mapping[str, Any] | list[Any] | None = None) -> Result:
    """A plain WHMCS array result ({} when nothing to say)."""
    return Result(kind=ResultKind.ARRAY, value=dict(value) if isinstance(value, Mapping) else (value or {}))
