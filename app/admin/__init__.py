"""Functions of the WHMCS admin page (php-shim/modules/addons/ispapibridge/), one module per page.

They are ordinary signed WHMCS calls (`POST /v1/whmcs/BridgeAdmin<Page>`, same envelope, same signature
check and replay guard as the registrar functions) whose result is a plain `array` value for the addon:

    BridgeAdminOverview       readiness, registry account (balance, LIVE/OT&E), cache ages  overview.py
    BridgeAdminRefresh        refresh the domain snapshot or the pricing cache now           overview.py
    BridgeAdminJournal        recent money operations from the operations journal          money_operations.py
    BridgeAdminLedger         trade-cost ledger rows, monthly totals per currency, CSV       trade_costs.py
    BridgeAdminDomains        every domain of the registry account (names, status)           domain_import.py
    BridgeAdminDomainDetails  dates, nameservers, registrant of chosen domains               domain_import.py

`load_all()` imports the page modules so their `@operation` decorators register them (the app factory
calls it next to `app.registrar.load_all()`).
"""

from __future__ import annotations

import importlib
import pkgutil

_NOT_OPERATIONS = frozenset({"inputs"})


def load_all() -> None:
    """Import every page module of this package (idempotent)."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_") and module.name not in _NOT_OPERATIONS:
            importlib.import_module(f"{__name__}.{module.name}")
