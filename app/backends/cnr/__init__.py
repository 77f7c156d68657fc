"""The CentralNic Reseller adapter: the registry port (app/registry/) in its commands
(docs/cnr-protocol.md).

One module per port family; `build` puts them together over one caller.
"""

from __future__ import annotations

from app.backends.cnr.catalogue import CnrCatalogue
from app.backends.cnr.contacts import CnrContacts
from app.backends.cnr.lifecycle import CnrLifecycle
from app.backends.cnr.orders import CnrOrders
from app.backends.cnr.status import CnrStatus
from app.backends.cnr.zone import CnrZone
from app.registry import Backend, Registry, RegistryCaller


def build(caller: RegistryCaller) -> Registry:
    return Registry(
        backend=Backend.CNR,
        orders=CnrOrders(caller),
        lifecycle=CnrLifecycle(caller),
        contacts=CnrContacts(caller),
        zone=CnrZone(caller),
        status=CnrStatus(caller),
        catalogue=CnrCatalogue(caller),
    )
