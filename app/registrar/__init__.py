"""Registrar operations: one module per WHMCS function family, plain async functions over a context.

`load_all()` imports every operation module so their `@operation` decorators fill
`app.registrar.base.OPERATIONS` (the app factory calls it). Importing the package itself imports nothing
else, so helpers such as `app.registrar.dates` can be used from `app.sync`/`app.pricing`, which the
operation modules import in turn, without an import cycle.
"""

from __future__ import annotations

import importlib
import pkgutil

# Modules that hold shared helpers, not operations (imported on demand by the operation modules).
_NOT_OPERATIONS = frozenset({"base"})


def load_all() -> None:
    """Import every operation module of this package (idempotent)."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_") and module.name not in _NOT_OPERATIONS:
            importlib.import_module(f"{__name__}.{module.name}")
