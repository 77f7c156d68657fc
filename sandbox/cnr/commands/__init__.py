"""CNR command handlers, one module per command family. Importing this package's modules registers them
with the CNR command table (sandbox/cnr/table.py)."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import every family module (each registers its commands with the CNR table)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
