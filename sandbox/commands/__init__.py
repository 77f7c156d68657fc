"""Command handlers, one module per command family. Importing this package registers them all."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import every family module (each registers its commands with `sandbox.registry.command`)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
