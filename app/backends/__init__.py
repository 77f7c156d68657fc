"""Registry adapters: one package per registry API, each implementing the port (app/registry/).

`build_registry` is the one place that picks the adapter for a module setting `Backend`; everything above
it sees only `Registry`.
"""

from __future__ import annotations

from collections.abc import Callable

from app.backends import cnr, ispapi
from app.registry import Backend, Registry, RegistryCaller

_BUILDERS: dict[Backend, Callable[[RegistryCaller], Registry]] = {
    Backend.ISPAPI: ispapi.build,
    Backend.CNR: cnr.build,
}


def build_registry(backend: Backend, caller: RegistryCaller) -> Registry:
    """The port for one WHMCS call, over `caller` (the client of that backend's API)."""
    return _BUILDERS[backend](caller)
