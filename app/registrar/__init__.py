"""Registrar operations: the WHMCS semantics of every forwarded function, written against the registry port.

Operation modules are grouped by WHMCS function family (`orders/`, `contacts/`, `zone/`, `status/`,
`catalogue/`); the modules directly in this package are helpers shared by the families. Which module
implements which WHMCS function is a column of the contract table (app/contract/functions.py):
`load_all()` imports exactly those modules, whose `@operation` decorators fill
`app.registrar.base.OPERATIONS`. Importing the package itself imports nothing else.
"""

from __future__ import annotations

import importlib

from app.contract import FUNCTIONS


def load_all() -> None:
    """Import every module the contract table names (idempotent)."""
    for module in sorted({row.operation for row in FUNCTIONS.values() if row.operation}):
        importlib.import_module(module)
