"""The HEXONET ISPAPI adapter: the registry port (app/registry/) in its commands
(docs/ispapi-wire.md).

One module per port family; `build` puts them together over one caller.
"""

from __future__ import annotations

from app.backends.ispapi.catalogue import IspapiCatalogue
from app.backends.ispapi.contacts import IspapiContacts
from app.backends.ispapi.lifecycle import IspapiLifecycle
from app.backends.ispapi.orders import IspapiOrders
from app.backends.ispapi.status import IspapiStatus
from app.backends.ispapi.zone import IspapiZone
from app.registry import Backend, Registry, RegistryCaller


def build(caller: RegistryCaller) -> Registry:
    return Registry(
        backend=Backend.ISPAPI,
        orders=IspapiOrders(caller),
        lifecycle=IspapiLifecycle(caller),
        contacts=IspapiContacts(caller),
        zone=IspapiZone(caller),
        status=IspapiStatus(caller),
        catalogue=IspapiCatalogue(caller),
    )
