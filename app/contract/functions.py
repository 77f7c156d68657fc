"""The function contract: every function the PHP side sends to (or answers instead of) the bridge, one row
each. The bridge's dispatcher and operations read it (app/registrar/base.py); the shim's PHP tables are
generated from it (`python -m app.contract.generate`, lib/Contract.php); docs/contract.md renders it.

A row says: which bridge module implements the function, the result kinds it may return, the shim's timeout
class and error mode, whether it moves money (and then how the shim forms its idempotency key), which params
the shim completes before forwarding, and whether the submitted form travels along.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from app.contract.kinds import (
    Answer,
    Caller,
    Completion,
    ErrorMode,
    KeyExtra,
    ResultKind,
    TimeoutClass,
)

__all__ = ["FUNCTIONS", "FunctionContract", "IdempotencyKey", "function"]

# The params that identify an order: each entry is a list of alternative names, the first one present wins.
ORDER_FIELDS: tuple[tuple[str, ...], ...] = (("domainid",), ("domain", "domainname"), ("regperiod",))


@dataclass(frozen=True)
class IdempotencyKey:
    """How the shim forms a money operation's key: sha256("ispapi|<function>|<fields...>|<extra>").

    The same WHMCS retry of the same order gets the same key; another order (period, auth code, the next
    renewal) gets another one. The bridge binds a key to its function and domain (app/journal.py)."""

    extra: KeyExtra = KeyExtra.NONE
    fields: tuple[tuple[str, ...], ...] = ORDER_FIELDS


@dataclass(frozen=True)
class FunctionContract:
    name: str
    kinds: tuple[ResultKind, ...]
    timeout: TimeoutClass | None  # None: answered without a bridge call
    errors: ErrorMode
    operation: str | None  # the bridge module that implements it; None when the shim answers it
    caller: Caller = Caller.REGISTRAR
    answer: Answer = Answer.BRIDGE
    key: IdempotencyKey | None = None  # set exactly for the functions that move money
    completes: tuple[Completion, ...] = ()
    forwards_request: bool = False  # $_POST/$_GET travel as params.request.{post,get}
    hook: str | None = None  # the WHMCS hook that calls it (caller HOOK)

    @property
    def money(self) -> bool:
        return self.key is not None

    @property
    def forwarded(self) -> bool:
        """Whether the bridge serves this function at POST /v1/whmcs/{name}."""
        return self.answer in (Answer.BRIDGE, Answer.ADMIN_TAB)


_A = (ResultKind.ARRAY,)
_AN = (ResultKind.ARRAY, ResultKind.NONE)
_PAGE = (ResultKind.TEMPLATE,)
_R = "app.registrar."
_T = TimeoutClass
_E = ErrorMode


def _local(name: str) -> FunctionContract:
    return FunctionContract(name, (), None, _E.QUIET, None, answer=Answer.LOCAL)


def _page(name: str, module: str, timeout: TimeoutClass = _T.WRITE) -> FunctionContract:
    return FunctionContract(name, _PAGE, timeout, _E.PAGE, _R + module, forwards_request=True)


def _write(name: str, module: str) -> FunctionContract:
    return FunctionContract(name, _AN, _T.WRITE, _E.ERROR, _R + module)


def _read(name: str, module: str) -> FunctionContract:
    return FunctionContract(name, _A, _T.READ, _E.ERROR, _R + module)


def _money(name: str, extra: KeyExtra, module: str) -> FunctionContract:
    return FunctionContract(name, _AN, _T.MONEY, _E.ERROR, _R + module, key=IdempotencyKey(extra))


def _admin(name: str, module: str, timeout: TimeoutClass) -> FunctionContract:
    return FunctionContract(name, _A, timeout, _E.ADMIN, "app.admin." + module, caller=Caller.ADDON)


_STATUS = (Completion.WHMCS_STATUS,)

# In the order of ispapi.php's wrappers, then the hooks', the shim's own and the addon's functions.
_ROWS: tuple[FunctionContract, ...] = (
    _local("getConfigArray"),
    FunctionContract(
        "config_validate", (ResultKind.NONE, ResultKind.ARRAY), _T.READ, _E.CONFIG, _R + "config"
    ),
    _local("MetaData"),
    FunctionContract(
        "CheckAvailability", (ResultKind.SEARCH_RESULTS,), _T.LOOKUP, _E.THROW, _R + "catalogue.availability"
    ),
    FunctionContract(
        "GetDomainSuggestions",
        (ResultKind.SEARCH_RESULTS,),
        _T.LOOKUP,
        _E.THROW,
        _R + "catalogue.suggestions",
    ),
    _local("DomainSuggestionOptions"),
    FunctionContract(
        "GetPremiumPrice",
        (ResultKind.PREMIUM_PRICE,),
        _T.LOOKUP,
        _E.THROW,
        _R + "catalogue.premium_price",
        completes=(Completion.CURRENCIES,),
    ),
    _money("RegisterDomain", KeyExtra.NONE, "orders.domains"),
    _money("TransferDomain", KeyExtra.AUTH_CODE, "orders.domains"),
    _money("RenewDomain", KeyExtra.EXPIRY, "orders.renewals"),
    FunctionContract(
        "GetDomainInformation",
        (ResultKind.DOMAIN_INFORMATION,),
        _T.READ,
        _E.THROW,
        _R + "status.information",
        completes=_STATUS,
    ),
    _read("GetNameservers", "zone.nameservers"),
    _write("SaveNameservers", "zone.nameservers"),
    FunctionContract("GetRegistrarLock", (ResultKind.STRING,), _T.READ, _E.ERROR, _R + "status.locks"),
    _write("SaveRegistrarLock", "status.locks"),
    _read("GetContactDetails", "contacts.details"),
    _write("SaveContactDetails", "contacts.save"),
    FunctionContract("GetEPPCode", _AN, _T.READ, _E.ERROR, _R + "status.eppcode"),
    _write("RegisterNameserver", "zone.hosts"),
    _write("ModifyNameserver", "zone.hosts"),
    _write("DeleteNameserver", "zone.hosts"),
    _write("IDProtectToggle", "contacts.privacy"),
    _read("GetDNS", "zone.dns"),
    _write("SaveDNS", "zone.dns"),
    _read("GetEmailForwarding", "zone.dns"),
    _write("SaveEmailForwarding", "zone.dns"),
    _write("RequestDelete", "orders.lifecycle"),
    _write("ReleaseDomain", "orders.lifecycle"),
    _write("ResendIRTPVerificationEmail", "contacts.details"),
    FunctionContract("Sync", _A, _T.CRON, _E.ERROR, _R + "status.domain_sync", completes=_STATUS),
    FunctionContract("TransferSync", _A, _T.CRON, _E.ERROR, _R + "status.domain_sync", completes=_STATUS),
    FunctionContract(
        "GetTLDPricing",
        (ResultKind.TLD_PRICING,),
        _T.PRICING,
        _E.ERROR,
        _R + "catalogue.tld_pricing",
        completes=(Completion.DEFAULT_CURRENCY,),
    ),
    _local("ClientArea"),
    _local("ClientAreaCustomButtonArray"),
    FunctionContract("AdditionalDomainFields", (), None, _E.QUIET, None, answer=Answer.CACHE),
    _local("AdminCustomButtonArray"),
    # Admin custom buttons (app/contract/buttons.py ADMIN_BUTTONS); success answers ['message' => ...].
    _write("SuspendDomain", "orders.lifecycle"),
    _write("UnsuspendDomain", "orders.lifecycle"),
    _write("CancelDomainTransfer", "orders.transfers"),
    _write("ResendTransferConfirmation", "orders.transfers"),
    # Admin domain tab: WHMCS passes no settings there; the saved form travels as request.post.
    FunctionContract(
        "AdminDomainsTabFields",
        _A,
        _T.READ,
        _E.ERROR,
        _R + "status.admin",
        answer=Answer.ADMIN_TAB,
        completes=(Completion.SETTINGS,),
    ),
    FunctionContract(
        "AdminDomainsTabFieldsSave",
        _AN,
        _T.WRITE,
        _E.ERROR,
        _R + "status.admin",
        answer=Answer.ADMIN_TAB,
        completes=(Completion.SETTINGS,),
        forwards_request=True,
    ),
    # Client-area pages (app/contract/buttons.py CLIENT_BUTTONS offers them).
    _page("registrantmodification_it", "contacts.registrant_pages"),
    _page("registrantmodification_tld", "contacts.registrant_pages"),
    _page("registrantmodification_ca", "contacts.registrant_pages"),
    _page("dnssec", "zone.dnssec"),
    _page("pnslist", "zone.hosts", _T.READ),
    _page("whoisprivacy", "contacts.privacy"),
    _page("whoisprivacy_ca", "contacts.privacy"),
    _page("whoisprivacy_se", "contacts.privacy"),
    _page("whoisprivacy_nz", "contacts.privacy"),
    _page("webapps", "zone.webapps"),
    # hooks.php: the hook passes the settings itself and swallows every failure.
    FunctionContract(
        "TransferCheckoutPreCheck",
        _AN,
        _T.LOOKUP,
        _E.ERROR,
        _R + "orders.transfers",
        caller=Caller.HOOK,
        completes=(Completion.SETTINGS,),
        hook="ShoppingCartValidateCheckout",
    ),
    FunctionContract(
        "PollApplications",
        _A,
        _T.CRON,
        _E.ERROR,
        _R + "orders.applications",
        caller=Caller.HOOK,
        completes=(Completion.SETTINGS,),
        hook="DailyCronJob",
    ),
    # The refresh of AdditionalDomainFields' cache: never fails, the last good copy stays.
    FunctionContract(
        "AdditionalFieldsCatalogue",
        (ResultKind.FIELDS,),
        _T.LOOKUP,
        _E.QUIET,
        _R + "fields",
        caller=Caller.SHIM,
    ),
    # The admin addon page (modules/addons/ispapibridge).
    _admin("BridgeAdminOverview", "overview", _T.READ),
    _admin("BridgeAdminRefresh", "overview", _T.PRICING),
    _admin("BridgeAdminJournal", "money_operations", _T.READ),
    _admin("BridgeAdminLedger", "trade_costs", _T.READ),
    _admin("BridgeAdminDomains", "domain_import", _T.PRICING),
    _admin("BridgeAdminDomainDetails", "domain_import", _T.PRICING),
)

FUNCTIONS: Mapping[str, FunctionContract] = MappingProxyType({row.name: row for row in _ROWS})
if len(FUNCTIONS) != len(_ROWS):
    raise RuntimeError("a function appears twice in the contract table")


def function(name: str) -> FunctionContract | None:
    """The contract row of `name`; None for a function that is not part of the contract."""
    return FUNCTIONS.get(name)
