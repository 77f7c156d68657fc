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
from typing import TYPE_CHECKING, Any, Protocol

from app.backends import build_registry
from app.contract import FunctionContract, function
from app.contract.payloads import Effects, Result, ResultKind, WhmcsInfo
from app.errors import InternalError
from app.journal_port import LostAttempt as LostAttempt, MoneyJournal as MoneyJournal
from app.ledger import LedgerStore, MemoryLedger
from app.module_config import ModuleConfig as ModuleConfig, backend_setting as backend_setting
from app.pricing.store import PricingStore
from app.registry import Registry, RegistryCaller
from app.sync.stores import Clock, HoldStore, MemoryHolds, NoSnapshots, SnapshotStore, SystemClock

if TYPE_CHECKING:
    from app.db.session import Database
    from app.settings import Settings

# The name most of the bridge knew the caller by before a second registry API came behind the port.
IspapiCaller = RegistryCaller


class SharedServices(Protocol):
    """What the admin page's functions use of the bridge's long-lived services (app/api/deps.py `Services`
    has it): a Protocol, so this layer stays below the HTTP layer."""

    @property
    def db(self) -> Database: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def client_factory(self) -> Callable[[ModuleConfig], RegistryCaller]: ...


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
    # The bridge's long-lived services, for the admin page's functions (app/admin/); the registrar
    # operations get typed stores instead. None in a context built without them (unit tests).
    services: SharedServices | None = None
    # The account's price list (app/pricing/store.py); None where no bridge database is at hand.
    pricing: PricingStore | None = None
    # Where trade costs are recorded (app/ledger.py); in memory unless given one.
    ledger: LedgerStore = field(default_factory=MemoryLedger)
    # Sync's snapshot, the holds it set, and the time (app/sync/stores.py); in memory unless the
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

    def shared(self) -> SharedServices:
        """The long-lived services; a context built without them cannot run an admin-page function."""
        if self.services is None:
            raise InternalError(f"{self.function} needs the bridge's services, which this context lacks")
        return self.services

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
