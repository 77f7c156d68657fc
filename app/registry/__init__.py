"""The registry port: what WHMCS operations may ask of a registry, in domain-level intents.

Operations (app/registrar/) are written against `Registry`; an adapter per registry API (app/backends/)
turns each intent into that API's commands and replies into the values below, and failures into the
`app.errors.OperationFailed` tree (RegistryRejected with the registry's wording, UpstreamUnavailable,
OutcomeUnknown). The port is grouped like the operations, by WHMCS function family; each family's
protocol lives in the module of that name. docs/architecture.md draws the layers.

Shapes are chosen so that both APIs fit without the operations knowing which one is behind: domain
names are passed in ACE form, contacts as data (an adapter that needs registry handles makes them),
check lists in any length (an adapter batches to its API's limit), prices per zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from app.registry.catalogue import CataloguePort
from app.registry.contacts import ContactsPort
from app.registry.lifecycle import LifecyclePort
from app.registry.orders import OrdersPort
from app.registry.status import StatusPort
from app.registry.zone import ZonePort

if TYPE_CHECKING:
    from app.ispapi import Response

__all__ = [
    "Backend",
    "CataloguePort",
    "ContactsPort",
    "LifecyclePort",
    "OrdersPort",
    "Registry",
    "RegistryCaller",
    "StatusPort",
    "ZonePort",
]


class Backend(StrEnum):
    """The registry API behind the module: the stored values of the `Backend` module setting."""

    ISPAPI = "ispapi"  # HEXONET ISPAPI (the original module's registry)
    CNR = "cnr"  # CentralNic Reseller, formerly RRPproxy

    @property
    def label(self) -> str:
        """What the WHMCS settings page shows for the value."""
        return _LABELS[self]


_LABELS = {Backend.ISPAPI: "HEXONET ISPAPI", Backend.CNR: "CentralNic Reseller"}


class RegistryCaller(Protocol):
    """One command to the registry API and its reply; both clients (app.ispapi, app.cnr) fit it, and so do
    the recording/deferring wrappers of app/upstream.py and the fakes of unit tests. A failed exchange
    raises `app.exchange.ExchangeError`."""

    async def call(self, command: Mapping[str, object], *, timeout: float | None = None) -> Response: ...


@dataclass(frozen=True)
class Registry:
    """One registry account as the operations see it: an adapter per family, all over one caller."""

    backend: Backend
    orders: OrdersPort
    lifecycle: LifecyclePort
    contacts: ContactsPort
    zone: ZonePort
    status: StatusPort
    catalogue: CataloguePort
